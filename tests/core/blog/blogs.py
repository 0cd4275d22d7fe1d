"""The fixture blogs of ``tests/data/blogs/`` and what a round trip through Postdesk does to them.

Each fixture is a real-shaped blog (issue 13): a Jekyll project's news posts, a Jekyll theme's
edge-case demo posts, a Hugo theme's example site and a personal blog built from the Next.js
blog-starter. A test copies one into a git repository, imports it into a library, exports the
library back and asks git what changed; the Jekyll and Hugo ones are also built with the real
engine, before and after, to compare the pages a reader would see.

``python -m tests.core.blog.blogs`` prints, per blog, what a round trip changes today.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from editor.core.errors import Problem
from editor.core.export import ExportPlan, import_repository, plan_export, write_export
from editor.core.library import tags
from editor.core.library.library import Library

BLOGS_FOLDER = Path(__file__).resolve().parents[2] / "data" / "blogs"

# Postdesk's own record in an exported repository; everything else is the blog's.
POSTDESK_FOLDER = ".postdesk"
_OUTSIDE_POSTDESK = ("--", ".", f":(exclude){POSTDESK_FOLDER}")


@dataclass(frozen=True)
class Blog:
    """A fixture blog: its folder, the export profile of its kind and the engine that builds it."""

    name: str  # folder under tests/data/blogs/
    profile: str  # "jekyll", "hugo" or "nextjs"
    engine: str | None  # the command that builds it, None when none runs here (Next.js)
    tag: str  # a tag some posts carry, renamed by the tests...
    renamed_tag: str  # ...to this
    tagged: tuple[str, ...]  # the post files carrying ``tag``, relative to the blog
    drafts: tuple[str, ...] = ()  # the post files its engine leaves out of the site

    @property
    def source(self) -> Path:
        """The fixture's folder (never changed by a test: tests work on copies)."""
        return BLOGS_FOLDER / self.name

    def post_files(self) -> list[str]:
        """Every post file of the blog as its own engine finds them, relative to the blog.

        Written here from the engines' rules, not Postdesk's, so that a post the importer
        misses is noticed.
        """
        root = self.source
        if self.profile == "jekyll":
            found = [*root.glob("_posts/**/*"), *root.glob("_drafts/*")]
        elif self.profile == "hugo":
            found = [path for path in root.glob("content/**/*") if path.stem != "_index"]
        else:
            found = list(root.glob("_posts/*"))
        return sorted(
            path.relative_to(root).as_posix()
            for path in found
            if path.is_file() and path.suffix in (".md", ".markdown")
        )


BLOGS = (
    Blog(
        "jekyll-news",
        "jekyll",
        "jekyll",
        tag="release-notes",
        renamed_tag="releases",
        tagged=(
            "_posts/2018-09-19-security-fixes-for-2.2_2.3.markdown",
            "_posts/2023-01-29-quarry-4.0.0-released.markdown",
        ),
        drafts=("_drafts/sponsorship-update.md",),
    ),
    Blog(
        "jekyll-theme-demo",
        "jekyll",
        "jekyll",
        tag="edge case",
        renamed_tag="edge-cases",
        tagged=(
            "_posts/2009-05-15-edge-case-nested-and-mixed-lists.md",
            "_posts/2009-06-01-edge-case-many-tags.md",
            "_posts/2012-03-15-layout-header-overlay-image.md",
        ),
    ),
    Blog(
        "hugo-theme-demo",
        "hugo",
        "hugo",
        tag="markdown",
        renamed_tag="writing",
        tagged=(
            "content/posts/guides/setup/configuration_options.md",
            "content/posts/json-front-matter.md",
            "content/posts/markdown-syntax.fr.md",
            "content/posts/markdown-syntax.md",
            "content/posts/rich-content.md",
        ),
        drafts=("content/posts/unfinished-thoughts.md",),
    ),
    Blog(
        "nextjs-starter-blog",
        "nextjs",
        None,
        tag="tools",
        renamed_tag="tooling",
        tagged=(
            "_posts/git-worktrees.md",
            "_posts/kubernetes-on-a-laptop.md",
            "_posts/typescript-enums.md",
        ),
    ),
)


@dataclass
class RoundTrip:
    """What importing a blog repository and exporting the library back did to it."""

    repository: Path
    library: Path
    import_problems: list[Problem]
    imported: int  # posts the import read
    export_problems: list[Problem]

    @property
    def errors(self) -> list[str]:
        """The import's and the export's errors, one line each (nothing is exported after
        an import error, so a clean ``git status`` means nothing then)."""
        return [
            str(problem)
            for problem in [*self.import_problems, *self.export_problems]
            if problem.severity == "error"
        ]

    def status(self) -> str:
        """``git status --porcelain`` of the repository, Postdesk's own folder left out."""
        return changes(self.repository)[0]

    def diff(self) -> str:
        """``git diff`` of the repository, Postdesk's own folder left out."""
        return changes(self.repository)[1]


def git(repository: Path, *args: str) -> str:
    """Run git in ``repository``; its output. Raises CalledProcessError when git fails."""
    return subprocess.run(
        ["git", "-C", str(repository), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def make_repository(blog: Blog, folder: Path, leave_out: Collection[str] = ()) -> Path:
    """A copy of ``blog`` in ``folder`` (without the files ``leave_out``, relative to the
    blog), committed to a new git repository there."""
    shutil.copytree(blog.source, folder)
    for name in leave_out:
        (folder / name).unlink()
    git(folder, "init", "--quiet", "--initial-branch=main")
    git(folder, "config", "user.name", "Fixture Blogger")
    git(folder, "config", "user.email", "blogger@example.com")
    git(folder, "config", "core.autocrlf", "false")
    git(folder, "config", "commit.gpgsign", "false")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--message", f"The {blog.name} blog as published")
    return folder


def changes(repository: Path) -> tuple[str, str]:
    """``git status --porcelain`` (untracked files listed one by one) and ``git diff``,
    both without Postdesk's own folder."""
    status = git(repository, "status", "--porcelain", "--untracked-files=all", *_OUTSIDE_POSTDESK)
    return status, git(repository, "diff", *_OUTSIDE_POSTDESK)


def import_blog(blog: Blog, repository: Path, library: Path) -> tuple[list[Problem], int]:
    """Import ``repository`` (a copy of ``blog``) into ``library``: the problems and the
    number of posts read."""
    result = import_repository(repository, blog.profile, library)
    return result.problems, len(result.posts)


def export_library(blog: Blog, library: Path, target: Path, *, force: bool = False) -> ExportPlan:
    """Export every document of ``library`` (drafts too: the blogs have them) into ``target``
    with the blog's profile, as ``postdesk export --drafts [--force]`` does; nothing is
    written when the plan has errors."""
    plan = plan_export(
        Library.scan(library), target, profile=blog.profile, drafts=True, force=force
    )
    if not plan.errors:
        write_export(plan)
    return plan


def round_trip(
    blog: Blog,
    work: Path,
    *,
    retag: bool = False,
    leave_out: Collection[str] = (),
    force: bool = False,
) -> RoundTrip:
    """Copy ``blog`` (without ``leave_out``) into a git repository under ``work``, import it
    into a library, and export the library back into the same repository (with ``retag``,
    after renaming ``blog.tag`` to ``blog.renamed_tag`` across the library, as
    ``postdesk tags --rename`` does; with ``force``, replacing files Postdesk did not write)."""
    repository = make_repository(blog, work / "repository", leave_out)
    library = work / "library"
    import_problems, imported = import_blog(blog, repository, library)
    export_problems: list[Problem] = []
    if not any(problem.severity == "error" for problem in import_problems):
        if retag:
            tags.rename(Library.scan(library), blog.tag, blog.renamed_tag)
        export_problems = export_library(blog, library, repository, force=force).problems
    return RoundTrip(repository, library, import_problems, imported, export_problems)


def files(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by relative path, git's and Postdesk's own folders left out."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not {".git", POSTDESK_FOLDER} & set(path.relative_to(root).parts)
    }


def changed_lines(diff: str) -> list[str]:
    """The removed and added lines of a unified diff, each with its ``-`` or ``+``."""
    return [
        line
        for line in diff.splitlines()
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]


# Runs of white space are not what a reader sees; the order of attributes and the text are.
_WHITE_SPACE = re.compile(r"\s+")


def built_pages(blog: Blog, site: Path, work: Path) -> dict[str, str]:
    """Build ``site`` (a copy of ``blog``) with the blog's engine into a folder under ``work``;
    every HTML page by path, its white space normalised.

    The site is copied first: the engines leave caches and lock files in their source.
    Raises AssertionError with the engine's output when the build fails or warns.
    """
    assert blog.engine is not None, f"{blog.name} has no engine that runs here"
    work.mkdir(parents=True, exist_ok=True)
    source = Path(tempfile.mkdtemp(prefix="source-", dir=work))
    shutil.copytree(site, source, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
    output = Path(tempfile.mkdtemp(prefix="site-", dir=work))
    if blog.engine == "jekyll":
        command = ["jekyll", "build", "--source", str(source), "--destination", str(output)]
    else:
        command = ["hugo", "--source", str(source), "--destination", str(output)]
    built = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=300, cwd=source
    )
    log = built.stdout + built.stderr
    assert built.returncode == 0, log
    assert not re.search(r"\b(WARN|Warning|Deprecation)\b", log), log
    return {
        page.relative_to(output).as_posix(): _WHITE_SPACE.sub(" ", page.read_text("utf-8")).strip()
        for page in sorted(output.rglob("*.html"))
    }


def report(blog: Blog, work: Path, lines: int = 12) -> str:
    """What a round trip of ``blog`` changes today (the work list of issue 13): its errors and
    the start of ``git status`` and ``git diff``; then the same for the blog without the posts
    the import refused, exported with ``force``, which shows what the export writes."""
    trip = round_trip(blog, work / "whole")
    parts = [_summary(blog, trip, lines)]
    refused = sorted(
        {
            problem.path.relative_to(trip.repository).as_posix()
            for problem in trip.import_problems
            if problem.severity == "error" and problem.path.is_relative_to(trip.repository)
        }
    )
    rest = round_trip(blog, work / "rest", leave_out=refused, force=True)
    parts.append(f"-- without the {len(refused)} posts the import refused, export forced --")
    parts.append(_summary(blog, rest, lines))
    return "\n".join(parts)


def _summary(blog: Blog, trip: RoundTrip, lines: int) -> str:
    found = sum((trip.repository / name).exists() for name in blog.post_files())
    status, diff = changes(trip.repository)
    parts = [f"== {blog.name} ({blog.profile}): imported {trip.imported} of {found} posts"]
    parts += [f"error: {error}" for error in trip.errors[:lines]]
    parts += ["-- git status --porcelain", *status.splitlines()[:lines]]
    parts += ["-- git diff", *diff.splitlines()[:lines]]
    return "\n".join(parts)


def main() -> None:
    """Print what a round trip changes in each fixture blog."""
    names = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as temporary:
        for blog in BLOGS:
            if not names or blog.name in names:
                print(report(blog, Path(temporary) / blog.name), end="\n\n")


if __name__ == "__main__":
    main()
