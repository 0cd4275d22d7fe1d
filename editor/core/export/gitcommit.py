"""Commit an export in the target's git repository: exactly the exported paths, never a push."""

from __future__ import annotations

import subprocess
from pathlib import Path

from editor.core.errors import PostdeskError
from editor.core.export.manifest import CACHE
from editor.core.export.write import ExportResult


def git_root(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or None when it is not in one."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip())


def commit_message(result: ExportResult) -> str:
    """``Export 2 posts (nextjs)`` and one line per post whose files changed."""
    changed_posts = {planned.post for planned in result.plan.changes if planned.post is not None}
    posts = [post for post in result.plan.posts if post.source in changed_posts]
    count = len(posts)
    subject = f"Export {count} post{'s' if count != 1 else ''} ({result.plan.profile})"
    if not posts:
        subject = f"Update exported site files ({result.plan.profile})"
    lines = [f"- {post.title} ({post.slug})" for post in posts]
    deleted = len(result.deleted)
    if deleted:
        lines.append(f"- removed {deleted} file{'s' if deleted != 1 else ''} no longer exported")
    body = "\n".join(lines)
    return f"{subject}\n\n{body}\n\nWritten by Postdesk.\n" if body else f"{subject}\n"


def commit_export(result: ExportResult) -> str | None:
    """Commit the files ``result`` wrote or deleted (and the manifest), nothing else.

    Other staged changes in the repository stay staged and out of the commit. Returns the
    new commit's id, or None when there was nothing to commit. Raises PostdeskError when the
    target is not in a git repository or git fails.
    """
    target = result.plan.target
    root = git_root(target)
    if root is None:
        raise PostdeskError("not a git repository: nothing committed", target)
    real_target = target.resolve()
    # The hash cache holds this machine's file times: ignored by .postdesk/.gitignore.
    changed = [*result.written, *result.deleted, *(p for p in result.state_files if p != CACHE)]
    paths = [
        (real_target / relative).relative_to(root.resolve()).as_posix() for relative in changed
    ]
    to_commit = [path for path in paths if (root / path).exists() or _tracked(root, path)]
    if not to_commit:
        return None
    _git(root, "add", "--all", "--", *to_commit)
    staged = _git(root, "diff", "--cached", "--name-only", "--", *to_commit)
    if not staged.strip():
        return None
    _git(root, "commit", "--quiet", "-m", commit_message(result), "--only", "--", *to_commit)
    return _git(root, "rev-parse", "HEAD").strip()


def _tracked(root: Path, path: str) -> bool:
    return bool(_git(root, "ls-files", "--", path).strip())


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        problem = (done.stderr or done.stdout).strip().splitlines()
        raise PostdeskError(f"git {args[0]} failed: {problem[-1] if problem else done.returncode}")
    return done.stdout
