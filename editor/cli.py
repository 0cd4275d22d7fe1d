"""The ``postdesk`` command line: render, check, new and tags; with no command, the window.

Each subcommand is one ``_run_<name>(args) -> int`` function plus one block in
``build_parser``. Bad input ends in one line on stderr naming the file and the problem, with
exit status 1; usage errors exit with 2 (argparse).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from editor import __version__
from editor.core.document.fsutil import atomic_write_text
from editor.core.document.slugs import slugify
from editor.core.errors import PostdeskError, printable

PROG = "postdesk"
# The subcommands; any other first argument is a path for the window. Deciding this needs no
# parser, so opening the window does not import what the subcommands use.
COMMANDS = ("render", "check", "new", "tags", "export", "import")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if _opens_window(arguments):
            return _open_window(arguments)
        args = build_parser().parse_args(arguments)
        status: int = args.run(args)
        return status
    except SystemExit as exit:
        # argparse exits for --help, --version (0) and usage errors (2): return it instead.
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        return _fail(str(exit.code))
    except PostdeskError as error:
        return _fail(_error_line(error))
    except OSError as error:
        where = printable(str(error.filename)) if error.filename else PROG
        return _fail(f"{where}: error: {error.strerror or error}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (each sets ``run`` to its function)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=f"{PROG} [-h] [--version] [--config-dir DIR] [PATH | COMMAND ...]",
        description="Postdesk: write Markdown blog posts with a live preview, then publish them.",
        epilog=(
            f"With no command, {PROG} opens the window on PATH (a library folder or a post);"
            f" {PROG} --install-desktop-entry adds it to the application menu (Linux)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_config_dir(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command", prog=PROG)

    render = commands.add_parser("render", help="write a post's preview page as HTML")
    render.add_argument("file", type=Path, metavar="FILE", help="the Markdown document")
    render.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here, not stdout")
    render.add_argument("--fragment", action="store_true", help="only the body HTML")
    render.add_argument("--theme", choices=("light", "dark"), default="light", help="the page")
    render.add_argument(
        "--profile",
        choices=_profiles(),
        help="render as this blog does (default: the library's export profile)",
    )
    render.set_defaults(run=_run_render)

    check = commands.add_parser("check", help="check a library or a blog before publishing")
    check.add_argument(
        "library", type=Path, metavar="LIBRARY", help="the library folder or a blog repository"
    )
    check.add_argument(
        "--profile",
        choices=_profiles(),
        help="check what `export --profile P` would refuse (default: the library's own"
        " profile); for a blog repository, the kind of blog it is (default: guessed)",
    )
    check.add_argument(
        "--drafts", action="store_true", help="with a profile: drafts and notes too, as exported"
    )
    check.set_defaults(run=_run_check)

    new = commands.add_parser(
        "new", help="start a new post (a draft bundle, or in a blog its own kind) or a note"
    )
    new.add_argument("title", metavar="TITLE", help="the post's title (its slug is made from it)")
    new.add_argument(
        "--library", type=Path, default=Path("."), metavar="LIBRARY", help="default: here"
    )
    new.add_argument("--note", action="store_true", help="a single-file note, no front matter")
    new.add_argument(
        "--profile",
        choices=("jekyll", "hugo", "nextjs"),
        help="LIBRARY is a blog of this kind: the post follows the blog's own conventions",
    )
    new.add_argument(
        "--draft", action="store_true", help="in a blog: mark the post a draft as the blog does"
    )
    new.set_defaults(run=_run_new)

    tags = commands.add_parser("tags", help="list tags with counts, or rename, merge or delete one")
    tags.add_argument(
        "library", type=Path, metavar="LIBRARY", help="the library folder or a blog repository"
    )
    tags.add_argument(
        "--profile",
        choices=_profiles(),
        help="for a blog repository, the kind of blog it is (default: guessed)",
    )
    change = tags.add_mutually_exclusive_group()
    change.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="any case of OLD")
    change.add_argument("--merge", nargs=2, metavar=("FROM", "INTO"), help="FROM becomes INTO")
    change.add_argument("--delete", metavar="TAG", help="remove TAG from every post")
    tags.set_defaults(run=_run_tags)

    export = commands.add_parser(
        "export", help="export posts into a blog repository (Next.js, Hugo, Jekyll) or a site"
    )
    export.add_argument("library", type=Path, metavar="LIBRARY")
    export.add_argument(
        "--to",
        dest="target",
        metavar="DIR",
        help="the target folder (default: export.target in the library's .postdesk.yaml)",
    )
    export.add_argument(
        "--profile", choices=_profiles(), help="default: the library's own, else nextjs"
    )
    export.add_argument("--drafts", action="store_true", help="include drafts and notes")
    export.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    export.add_argument(
        "--prune", action="store_true", help="delete exported files no longer produced"
    )
    export.add_argument(
        "--force", action="store_true", help="replace existing files Postdesk did not write"
    )
    export.add_argument(
        "--commit",
        action="store_true",
        help="commit the exported files when DIR is in a git repository (never pushes)",
    )
    export.set_defaults(run=_run_export)

    imports = commands.add_parser(
        "import", help="read a blog repository into a library of post bundles"
    )
    imports.add_argument("source", type=Path, metavar="DIR")
    imports.add_argument("--profile", choices=_profiles(), required=True)
    imports.add_argument("--into", type=Path, required=True, metavar="LIBRARY")
    imports.set_defaults(run=_run_import)

    return parser


# --- subcommands -----------------------------------------------------------------------------


def _run_render(args: argparse.Namespace) -> int:
    from editor.core.document.fields import field_problems
    from editor.core.document.paths import library_root_of
    from editor.core.document.post import Post
    from editor.core.errors import Problem
    from editor.core.library.library import LibrarySettings, read_settings
    from editor.core.render.dialects import preview_dialect
    from editor.core.render.docrender import DocumentRenderer, render_page

    post = Post.load(args.file)
    # The page is rendered all the same (a warning, exit status 0); the writer hears what a
    # blog would not publish, which check and export refuse.
    for field in field_problems(post):
        print(Problem("warning", args.file, field.message, field.line), file=sys.stderr)
    root = library_root_of(args.file)
    settings = read_settings(root)[0] if root is not None else LibrarySettings()
    dialect = preview_dialect(settings.export_profile, settings.export_target, args.profile)
    # The window's renderer, the page the window shows; a rendered file is published, so
    # every line of it (no preview limits).
    renderer = DocumentRenderer(whole=True)
    if args.fragment:
        html = renderer.render(post.to_text(), post.path, 0, dialect).body.html
    else:
        html = render_page(post, theme=args.theme, renderer=renderer, dialect=dialect)
    if args.output is not None:
        atomic_write_text(args.output, html)
    else:
        sys.stdout.write(html if html.endswith("\n") else html + "\n")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from editor.core.blog.recognise import recognise_blog
    from editor.core.export import check_export
    from editor.core.library.checks import check_library
    from editor.core.library.library import Library

    # --profile names the kind of a blog the folder is; a library stays a library, checked
    # by the export's own steps, so `check --profile P` and `export --profile P` agree.
    in_place = recognise_blog(args.library) is not None
    library = Library.scan(args.library, profile=args.profile if in_place else None)
    profile = args.profile or library.settings.export_profile
    if library.blog is not None:
        # A blog opened in place is checked as that blog reads it, not as an export would.
        blog = library.blog
        print(
            f"checking a {blog.kind} blog in place: Markdown as {blog.dialect.engine}"
            + (f", configured by {blog.config.name}" if blog.config is not None else "")
        )
        problems = check_library(library)
    elif profile in _profiles():
        # The export's own steps: a post named here is one `export` leaves out, and no other.
        problems = check_export(library, profile, drafts=args.drafts)
    else:
        problems = check_library(library)  # an unknown profile in the settings is one of them
    for problem in problems:
        print(problem)
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    documents = len(library.entries)
    print(
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        f" in {_plural(documents, 'document')}"
    )
    return 1 if errors else 0


def _run_new(args: argparse.Namespace) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise PostdeskError("the title is empty")
    library: Path = args.library
    if not library.is_dir():
        raise PostdeskError("no such folder" if not library.exists() else "not a folder", library)
    from editor.core.blog.recognise import recognise_blog

    # A blog repository gets its post in its own pattern; --profile names the kind of blog.
    blog = recognise_blog(library) if args.profile is None else None
    kind = args.profile or (blog.kind if blog is not None else None)
    if kind is not None:
        if args.note:
            raise PostdeskError("a blog has no notes: leave out --note", library)
        path = _create_blog_post(library, kind, title, draft=args.draft)
    elif args.note:
        path = _create_unique(library, slugify(title), ".md", f"# {title}\n")
    else:
        from editor.core.document.notes import new_post
        from editor.core.library.library import read_settings

        author = read_settings(library)[0].author
        text = new_post(title, author=author).to_text()
        path = _create_unique(library, slugify(title), "/index.md", text)
    print(path)
    return 0


def _run_tags(args: argparse.Namespace) -> int:
    from editor.core.library import tags
    from editor.core.library.library import Library

    library = Library.scan(args.library, profile=args.profile)
    if args.rename:
        change = tags.rename(library, *args.rename)
    elif args.merge:
        change = tags.merge(library, *args.merge)
    elif args.delete is not None:
        change = tags.delete(library, args.delete)
    else:
        counts = library.tag_counts()
        width = len(str(max((count.count for count in counts), default=0)))
        for count in counts:
            others = [spelling for spelling in count.spellings if spelling != count.name]
            also = f"  (also: {', '.join(others)})" if others else ""
            print(f"{count.count:>{width}}  {count.name}{also}")
        for group in tags.likely_duplicates(counts):
            print(f"likely duplicates: {', '.join(group)}")
        return 0
    for path in change.files:
        print(path)
    print(change.summary())
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from editor.core import export
    from editor.core.library.library import Library

    library = Library.scan(args.library)
    if args.target is not None and not args.target.strip():
        # Path("") is the current folder: an empty --to must not export (and prune) there.
        raise PostdeskError("the export target is empty: give --to DIR", args.library)
    target = Path(args.target) if args.target else library.settings.export_target
    if target is None:
        raise PostdeskError(
            "no target folder: give --to DIR or set export.target in .postdesk.yaml",
            args.library,
        )
    plan = export.plan_export(
        library,
        target,
        profile=args.profile or library.settings.export_profile or export.DEFAULT_PROFILE,
        drafts=args.drafts,
        prune=args.prune,
        force=args.force,
    )
    for problem in plan.problems:
        print(problem, file=sys.stderr)
    if args.dry_run or plan.blocking:
        for planned in plan.files if args.dry_run else []:
            print(planned)
        print(plan.summary() + ("" if args.dry_run else ": nothing written"))
        return 1 if plan.errors else 0
    # Posts with errors are left out (named on stderr above); the others are written.
    result = export.write_export(plan)
    for planned in plan.changes:
        print(planned)
    if args.commit:
        if export.git_root(plan.target) is None:
            print(
                f"{plan.target}: warning: not in a git repository: not committed", file=sys.stderr
            )
        else:
            commit = export.commit_export(result)
            print(f"committed {commit[:12]}" if commit else "nothing to commit")
    print(result.summary())
    return 1 if plan.errors else 0


def _run_import(args: argparse.Namespace) -> int:
    from editor.core.export import import_repository

    result = import_repository(args.source, args.profile, args.into)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for path in result.written:
        if path.name == "index.md":
            print(path)
    print(result.summary())
    return 1 if result.errors else 0


# --- the window ------------------------------------------------------------------------------


def _opens_window(arguments: list[str]) -> bool:
    """True when no subcommand is named (the first positional argument, if any, is a path)."""
    skip_next = False
    for argument in arguments:
        if skip_next:
            skip_next = False
            continue
        if argument == "--config-dir":
            skip_next = True
            continue
        if argument == "--":
            return True
        if argument.startswith("-") and argument != "-":
            if argument in ("-h", "--help", "--version"):
                return False
            continue
        return argument not in COMMANDS
    return True


def _open_window(arguments: list[str]) -> int:
    """Parse ``[PATH] [--config-dir DIR] [--install-desktop-entry]`` and run the window (Qt
    is imported only here)."""
    parser = argparse.ArgumentParser(
        prog=PROG, usage=f"{PROG} [PATH] [--config-dir DIR] [--install-desktop-entry]"
    )
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH")
    _add_config_dir(parser)
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Postdesk to this user's application menu (Linux) and exit",
    )
    args = parser.parse_args(arguments)
    if args.path is not None and not args.path.exists():
        raise PostdeskError("no such file or folder", args.path)
    # (The window's start, app.run, reads every option again.)
    window_argv: list[str] = ["--install-desktop-entry"] if args.install_desktop_entry else []
    if args.path is not None:
        window_argv.append(str(args.path))
    if args.config_dir is not None:
        window_argv += ["--config-dir", str(args.config_dir)]
    from editor import app

    return app.run(window_argv)


# --- helpers ---------------------------------------------------------------------------------


def _add_config_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config-dir",
        type=Path,
        metavar="DIR",
        help="keep the window's settings and recovery files here (isolates a run)",
    )


def _profiles() -> tuple[str, ...]:
    from editor.core.library.checks import PROFILES

    return PROFILES


def _create_blog_post(blog: Path, kind: str, title: str, *, draft: bool) -> Path:
    """Create a new post in the ``kind`` blog at ``blog``, in its own pattern; never over
    another file."""
    import datetime

    from editor.core.blog.conventions import learn_conventions, new_post_file

    conventions = learn_conventions(blog, kind)
    now = datetime.datetime.now().astimezone().replace(microsecond=0)
    path, text = new_post_file(conventions, title, now, draft=draft)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise PostdeskError("a file of that name appeared meanwhile: try again", path) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    return path


def _create_unique(folder: Path, slug: str, suffix: str, text: str) -> Path:
    """Create ``<folder>/<slug><suffix>`` (``-2``, ``-3``... when taken); never overwrite."""
    number = 1
    while True:
        name = slug if number == 1 else f"{slug}-{number}"
        number += 1
        path = folder / f"{name}{suffix}"
        # A bundle and a single file of the same name would share a slug.
        rival = folder / name if suffix == ".md" else folder / f"{name}.md"
        if rival.exists():
            continue
        if suffix.startswith("/"):
            try:
                path.parent.mkdir()
            except FileExistsError:
                continue
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        return path


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _error_line(error: PostdeskError) -> str:
    if error.path is None:
        return f"{PROG}: error: {printable(error.message)}"
    where = printable(str(error.path))
    if error.line is not None:
        where += f":{error.line}"
    return f"{where}: error: {printable(error.message)}"


def _fail(line: str) -> int:
    print(line, file=sys.stderr)
    return 1
