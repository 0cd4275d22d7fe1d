"""Export posts into a blog repository (nextjs, hugo, jekyll) or a standalone HTML site, and
import them back.

An export is planned first, then written::

    plan = plan_export(library, target, profile="hugo")   # reads only; plan.errors, plan.files
    if not plan.blocking:  # posts with errors are left out (plan.left_out), the rest written
        result = write_export(plan, progress=on_progress)  # progress(done, total, path)

The export owns the files it records in ``<target>/.postdesk/manifest.json``: it never
replaces another file without ``force``, never writes outside the target and leaves unchanged
files untouched.
"""

from editor.core.export.exportplan import (
    CREATE,
    DELETE,
    UNCHANGED,
    UPDATE,
    ExportPlan,
    PlannedFile,
    PlannedPost,
    Progress,
)
from editor.core.export.gitcommit import commit_export, commit_message, git_root
from editor.core.export.importer import ImportResult, import_repository
from editor.core.export.plan import (
    DEFAULT_PROFILE,
    PROFILES,
    check_export,
    get_profile,
    plan_export,
)
from editor.core.export.write import ExportResult, write_export

__all__ = [
    "CREATE",
    "DEFAULT_PROFILE",
    "DELETE",
    "PROFILES",
    "UNCHANGED",
    "UPDATE",
    "ExportPlan",
    "ExportResult",
    "ImportResult",
    "PlannedFile",
    "PlannedPost",
    "Progress",
    "check_export",
    "commit_export",
    "commit_message",
    "get_profile",
    "git_root",
    "import_repository",
    "plan_export",
    "write_export",
]
