"""Plan an export: every file it would create, update, leave or delete, and what is wrong first."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.blog.provenance import load_origin
from editor.core.document.docfiles import FileStamp
from editor.core.errors import PostdeskError, Problem
from editor.core.export.exportplan import ExportPlan, PlannedPost, Progress
from editor.core.export.manifest import ExportCache, Manifest, PostRecord
from editor.core.export.posts import ExportPost, OutputFile, PostProblems, prepare_post
from editor.core.export.profiles import HugoProfile, JekyllProfile, NextjsProfile, Profile
from editor.core.export.reuse import library_fingerprint, post_context, remember, reusable_record
from editor.core.export.site import HtmlProfile
from editor.core.export.targets import plan_files
from editor.core.library.checks import check_library
from editor.core.library.indexcache import LibraryEntry as Entry
from editor.core.library.library import Library, load_post
from editor.core.render.surprises import blog_surprises

DEFAULT_PROFILE = "nextjs"
PROFILES: dict[str, type[Profile]] = {
    profile.name: profile for profile in (NextjsProfile, HugoProfile, JekyllProfile, HtmlProfile)
}


def get_profile(name: str) -> Profile:
    """The export profile called ``name``; PostdeskError naming the choices otherwise."""
    try:
        return PROFILES[name]()
    except KeyError:
        raise PostdeskError(
            f"unknown export profile {name!r} (choose from {', '.join(PROFILES)})"
        ) from None


def plan_export(
    library: Library,
    target: Path,
    *,
    profile: str = DEFAULT_PROFILE,
    drafts: bool = False,
    prune: bool = False,
    force: bool = False,
    only: Collection[Path] | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ExportPlan:
    """Plan exporting ``library`` into ``target`` with ``profile``; nothing is written.

    ``drafts`` includes drafts and notes. ``prune`` deletes owned files no longer produced.
    ``force`` replaces existing files that Postdesk did not write. ``only`` (post paths)
    exports just those posts ("Export this post"): site-wide pages are still brought up to
    date, and ``prune`` is ignored. ``progress(done, total, post)`` is called per post.
    Raises PostdeskError for an unknown profile or a target that cannot be used. Problems are
    in ``plan.problems``: a post with errors is left out (``plan.left_out``) and the others
    exported; errors of the target or the library as a whole (``plan.blocking``) stop it all.
    The problems of the posts are ``check_export``'s, found by the same steps.
    """
    chosen = get_profile(profile)
    # The plan names the folder as it really is, links followed, so the writer sees where
    # the files go.
    target = Path(os.path.realpath(Path(target).expanduser()))
    _check_target(library.root, target)
    chosen.know_blog(target)
    plan = ExportPlan(target, chosen.name, manifest=Manifest.load(target))
    plan.library_root = Path(os.path.realpath(library.root))
    plan.cache = ExportCache.load(target)
    context = post_context(library, chosen)
    if plan.cache.context != context:
        # Source hashes are of the bytes published (images without their metadata): other
        # code may publish other bytes, so they are hashed again too.
        plan.cache = ExportCache(context, plan.cache.targets)
    planner = _Planner(
        library,
        chosen,
        entries=_included(library, drafts),
        wanted=None if only is None else {Path(path).absolute() for path in only},
        now=now or dt.datetime.now(dt.UTC),
        cache=plan.cache,
    )
    planner.split_reusable(plan)
    fingerprint = library_fingerprint(library, chosen.name, drafts, planner.now)
    checked = planner.check(fingerprint)
    planner.prepare(progress)
    plan.left_out = planner.leave_out()
    plan.problems = planner.problems
    outputs = planner.outputs()
    plan.posts = planner.planned_posts()
    partial = planner.wanted is not None
    if prune and not partial and plan.left_out:
        # A post left out (or one the scan could not read) looks unpublished: pruning would
        # delete what an earlier export published of it.
        names = ", ".join(str(path) for path in plan.left_out[:3])
        more = len(plan.left_out) - 3
        plan.problems.append(
            Problem(
                "error",
                library.root,
                f"not pruning: {names}{f' and {more} more' if more > 0 else ''} could not be"
                " exported, and what was exported of them before would be deleted",
            )
        )
    plan_files(plan, outputs, force=force, prune=prune and not partial, partial=partial)
    plan.problems = _without_repeats(plan.problems)
    plan.problems.sort(key=lambda problem: (problem.severity != "error", str(problem.path)))
    if not plan.blocking and (planner.posts or plan.cache.check[0] != fingerprint):
        remember(
            plan,
            planner.posts,
            outputs,
            planner.records,
            planner.own_warnings,
            planner.notes,
            (fingerprint, checked),
        )
    return plan


def check_export(
    library: Library,
    profile: str = DEFAULT_PROFILE,
    *,
    drafts: bool = False,
    now: dt.datetime | None = None,
) -> list[Problem]:
    """Every problem an export of ``library`` with ``profile`` would report whatever its
    target, sorted by file and line: what ``postdesk check --profile`` prints.

    ``plan_export`` finds its posts' problems by these same steps, so a post this names with
    an error is one the export leaves out, and a post it does not is exported. ``drafts``
    includes drafts and notes, as for the export. Nothing is written.
    """
    chosen = get_profile(profile)
    settings = library.settings
    if settings.export_profile == chosen.name and settings.export_target is not None:
        # The library's own blog: its settings decide, as when it is exported there.
        chosen.know_blog(settings.export_target)
    entries = _included(library, drafts)
    planner = _Planner(
        library,
        chosen,
        entries=entries,
        wanted=None,
        now=now or dt.datetime.now(dt.UTC),
        cache=ExportCache(),
        fresh=list(entries),
    )
    planner.check(None)
    planner.prepare(None)
    problems = _without_repeats(planner.problems)
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))
    return problems


def _included(library: Library, drafts: bool) -> list[Entry]:
    """The documents an export includes: posts, and with ``drafts`` drafts and notes too."""
    kinds = {"post", "draft", "note"} if drafts else {"post"}
    return [entry for entry in library.entries if entry.kind in kinds]


@dataclass
class _Planner:
    """The steps of planning an export and what they pass on to each other: reading and
    checking the posts (all ``check_export`` does), then the target's files."""

    library: Library
    profile: Profile
    entries: list[Entry]  # the documents this export includes
    wanted: set[Path] | None  # "Export this post": only these
    now: dt.datetime
    cache: ExportCache  # the target's: check_library's last answer
    fresh: list[Entry] = field(default_factory=list)  # posts read and exported again
    records: dict[str, PostRecord] = field(default_factory=dict)  # posts left as they were
    posts: list[ExportPost] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    own_warnings: set[str] = field(default_factory=set)
    notes: dict[str, tuple[tuple[str, int | None], ...]] = field(default_factory=dict)
    reported: set[Path] = field(default_factory=set)  # posts check_library found errors in

    def split_reusable(self, plan: ExportPlan) -> None:
        """Tell posts unchanged since the last export to ``plan``'s target from those to read
        again."""
        seen: dict[str, FileStamp] = {}
        for entry in self.entries:
            record = None
            if self.profile.per_post:
                record = reusable_record(plan, entry.path, self.now, seen)
            if record is None:
                self.fresh.append(entry)
            else:
                self.records[str(entry.path)] = record
                self._say_notes(entry.path, record.notes)

    def _say_notes(self, path: Path, notes: tuple[tuple[str, int | None], ...]) -> None:
        """Warn where the post's blog shows it otherwise (known from its last export when it
        is left as it was)."""
        for message, line in notes:
            self.report("warning", PostdeskError(message, path, line), path)

    def check(self, fingerprint: str | None) -> list[Problem]:
        """check_library's problems that concern this export (its last answer when nothing
        changed since the library had ``fingerprint``; None: always asked anew)."""
        cached = self.cache.check
        if fingerprint is not None and not self.fresh and cached[0] == fingerprint:
            checked = [
                Problem(kind, Path(path), message, line) for kind, path, message, line in cached[1]
            ]
        else:
            checked = check_library(self.library)
        self.problems.extend(_checked_for(self.library, self.entries, checked, self.wanted))
        self.reported = {problem.path for problem in self.problems if problem.severity == "error"}
        return checked

    def prepare(self, progress: Progress | None) -> None:
        """Read every post to export again and make it ready for the profile."""
        total = len(self.entries)
        default_pictures: dict[str, Path] = {}
        for index, entry in enumerate(self.fresh):
            if progress is not None:
                progress(len(self.records) + index, total, str(entry.path))
            try:
                origin = load_origin(entry.path)
                if origin is not None and origin.profile != self.profile.name:
                    origin = None  # imported from another kind of blog: exported as new
                ready = prepare_post(
                    load_post(entry.path),
                    library_root=self.library.root,
                    default_author=self.library.settings.author,
                    fallback_title=entry.title,
                    image_url=self.profile.image_url,
                    default_pictures=default_pictures,
                    origin=origin,
                )
            except PostProblems as exc:
                for problem in exc.problems:
                    self.report("error", problem, entry.path)
                continue
            except PostdeskError as exc:
                self.report("error", exc, entry.path)
                continue
            except OSError as exc:
                self.report(
                    "error", PostdeskError(f"cannot read: {exc.strerror or exc}"), entry.path
                )
                continue
            for problem in self.profile.problems(ready):
                self.report("error", problem, entry.path)
            warnings = [*ready.warnings, *self.profile.warnings(ready, self.now)]
            for warning in warnings:
                self.report("warning", warning, entry.path)
            if warnings:
                self.own_warnings.add(str(entry.path))
            surprises = blog_surprises(ready.post.body, ready.post.body_line, self.profile.dialect)
            self.notes[str(entry.path)] = tuple((s.message, s.line) for s in surprises)
            self._say_notes(entry.path, self.notes[str(entry.path)])
            self.posts.append(ready)
        if progress is not None:
            progress(total, total, "")

    def report(self, severity: str, error: PostdeskError, fallback: Path) -> None:
        """Add a problem found while preparing a post, unless check_library said it first."""
        path = error.path or fallback
        if severity == "error" and path in self.reported:
            return
        if self.wanted is not None and path.absolute() not in self.wanted:
            return
        self.problems.append(Problem(severity, path, error.message, error.line))

    def leave_out(self) -> list[Path]:
        """Take every document with an error out of the export (unchanged ones too: a new
        post may share their slug); the documents left out, by path."""
        documents = {entry.path for entry in self.library.entries}
        documents.update(path for path, _why in self.library.unreadable)
        left_out = {
            problem.path
            for problem in self.problems
            if problem.severity == "error" and problem.path in documents
        }
        self.posts = [ready for ready in self.posts if ready.source not in left_out]
        self.records = {
            key: record for key, record in self.records.items() if Path(key) not in left_out
        }
        return sorted(left_out)

    def outputs(self) -> list[OutputFile]:
        """Every file the export produces: new ones from the profile, the rest as they were."""
        outputs = list(self.profile.files(self.posts))
        for key, record in self.records.items():
            post = Path(key)
            outputs.extend(
                OutputFile(path, None, None if source is None else Path(source), post, digest)
                for path, digest, source in record.outputs
            )
        if self.wanted is not None:
            wanted = self.wanted
            outputs = [out for out in outputs if out.post is None or out.post.absolute() in wanted]
        return outputs

    def planned_posts(self) -> list[PlannedPost]:
        """The posts exported, newest first."""
        dated = [
            (ready.date, PlannedPost(ready.source, ready.slug, ready.title, ready.draft))
            for ready in self.posts
        ] + [
            (
                dt.datetime.fromisoformat(record.date),
                PlannedPost(Path(key), record.slug, record.title, record.draft),
            )
            for key, record in self.records.items()
        ]
        dated.sort(key=lambda item: (item[0], item[1].slug), reverse=True)
        return [
            post
            for _, post in dated
            if self.wanted is None or post.source.absolute() in self.wanted
        ]


def _without_repeats(problems: list[Problem]) -> list[Problem]:
    """Drop check_library's plain "in the future" warning where the profile says more."""
    detailed = {
        problem.path
        for problem in problems
        if problem.severity == "warning" and "skips such posts" in problem.message
    }
    return [
        problem
        for problem in problems
        if not (
            problem.path in detailed
            and problem.message.endswith("is in the future")
            and problem.severity == "warning"
        )
    ]


def _checked_for(
    library: Library, entries: list[Entry], checked: list[Problem], wanted: set[Path] | None
) -> list[Problem]:
    """check_library's problems that concern an export of ``entries``."""
    exported = {entry.path for entry in entries}
    documents = {entry.path for entry in library.entries}
    # Drafts and notes not exported do not concern it; a broken file might be a post.
    broken = {entry.path for entry in library.entries if entry.kind == "broken"}
    concerning = []
    for problem in checked:
        if problem.path in documents and problem.path not in exported | broken:
            continue
        if (
            wanted is not None
            and problem.path in documents
            and problem.path.absolute() not in wanted
        ):
            continue
        concerning.append(problem)
    return concerning


def _check_target(library_root: Path, target: Path) -> None:
    """The target must be a folder (or not exist yet), not the filesystem's root or the home
    folder (a prune there could reach anything), and not inside the library."""
    if target.exists() and not target.is_dir():
        raise PostdeskError("the export target is not a folder", target)
    real_target = Path(os.path.realpath(target))
    real_library = Path(os.path.realpath(library_root))
    if real_target == Path(real_target.anchor):
        raise PostdeskError("the export target is the root of the filesystem", target)
    if real_target == Path(os.path.realpath(Path.home())):
        raise PostdeskError("the export target is the home folder: choose a blog's folder", target)
    if real_target == real_library or real_library in real_target.parents:
        raise PostdeskError(
            "the export target is inside the library: exported files would be read back as posts",
            target,
        )
