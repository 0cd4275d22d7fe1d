"""Hostile files through the command line: a clear one-line message or success, never worse.

Every case is a library folder: ``tests/data/hostile/<case>/<case>/index.md`` (checked in),
or one the tests build in a temporary folder (huge and pathological posts, symlinks). Each
case goes through ``postdesk render``, ``postdesk check``, ``postdesk export --dry-run``, a
real export into a temporary folder, ``postdesk import`` of that export back into a new
library, and the window's load and save (the text read for a tab, saved unchanged). The
commands run in a helper process that calls ``editor.cli.main`` (imports paid once), so a
hang is caught by a timeout and a crash is seen as the traceback it would print. Afterwards
the corpus files are byte for byte as before.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from editor.core.document.fsutil import atomic_write_bytes
from editor.core.document.opening import read_document
from editor.core.document.post import Post
from editor.core.errors import PostdeskError

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
COMMANDS = ("render", "check", "export-dry-run", "export", "import", "load-save")

# A command on a small case takes well under a second: ten is a hang, not a slow machine.
HANG_SECONDS = 10.0
# `render` publishes a 20 MB post whole (the preview's size limit is the preview's alone).
BIG_HANG_SECONDS = 120.0

# "path[:line]: error|warning: message", or the CLI's own "postdesk: error: message".
MESSAGE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?:error|warning): \S.*$")
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


# --- the helper process -----------------------------------------------------------------------

_WORKER = textwrap.dedent(
    """
    import contextlib, io, json, sys, traceback
    from editor.cli import main

    for line in sys.stdin:
        out, err = io.StringIO(), io.StringIO()
        status, crash = None, None
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(json.loads(line))
        except BaseException:
            crash = traceback.format_exc()
        record = {"status": status, "stdout": out.getvalue(), "stderr": err.getvalue(),
                  "crash": crash}
        sys.__stdout__.write(json.dumps(record) + "\\n")
        sys.__stdout__.flush()
    """
)


@dataclass(frozen=True)
class Outcome:
    """What one command did."""

    argv: tuple[str, ...]
    status: int | None
    stdout: str = ""
    stderr: str = ""
    crash: str | None = None
    hung: bool = False

    def describe(self) -> str:
        if self.hung:
            return f"postdesk {' '.join(self.argv)}: no answer (a hang)"
        if self.crash:
            return f"postdesk {' '.join(self.argv)} crashed:\n{self.crash}"
        return f"postdesk {' '.join(self.argv)} -> {self.status}\n{self.stderr}{self.stdout}"


class CliWorker:
    """A process that runs ``editor.cli.main`` on request; replaced when a command hangs."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()

    def run(self, argv: list[str], timeout: float) -> Outcome:
        process = self._started()
        assert process.stdin is not None
        process.stdin.write(json.dumps(argv) + "\n")
        process.stdin.flush()
        try:
            answer = self._answers.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            return Outcome(tuple(argv), None, hung=True)
        if answer is None:
            self.stop()
            return Outcome(tuple(argv), None, crash="the helper process died")
        record = json.loads(answer)
        return Outcome(
            tuple(argv), record["status"], record["stdout"], record["stderr"], record["crash"]
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def _started(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._answers = queue.Queue()
        self._process = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
        )
        threading.Thread(
            target=_read_answers, args=(self._process, self._answers), daemon=True
        ).start()
        return self._process


def _read_answers(process: subprocess.Popen[str], answers: queue.Queue[str | None]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        answers.put(line)
    answers.put(None)


@pytest.fixture(scope="module")
def cli() -> Iterator[CliWorker]:
    worker = CliWorker()
    yield worker
    worker.stop()


# --- the cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A hostile case: what every command must report about it (when it must refuse it).

    ``problem`` is a pattern the one-line message naming the post must match, for each
    command in ``refused_by`` (those exit 1); ``line`` is the line that message must name.
    """

    name: str
    problem: str = ""
    refused_by: frozenset[str] = frozenset()
    line: int | None = None
    big: bool = False
    folder: str = ""  # the post's bundle folder, when not named after the case
    commands: tuple[str, ...] = COMMANDS

    def post(self, root: Path) -> Path:
        return root / self.name / (self.folder or self.name) / "index.md"


# The commands that refuse a bad post; import reads only what export wrote, and the window
# opens any text, showing the post's problem beside it.
ALL = frozenset({"render", "check", "export-dry-run", "export"})
LIBRARY = frozenset({"check", "export-dry-run", "export"})

_ALIASES = r"front matter uses recursive or oversized YAML aliases"

CHECKED_IN = [
    Case("yaml-unclosed-quote", r"invalid YAML front matter", ALL, 4),
    Case("yaml-tab-indentation", r"invalid YAML front matter", ALL, 4),
    Case("yaml-duplicate-anchors", r"invalid YAML front matter", ALL, 3),
    Case("yaml-duplicate-keys"),  # a warning: the last value is used
    Case("yaml-undefined-alias", r"invalid YAML front matter.*alias", ALL, 2),
    Case("yaml-billion-laughs", _ALIASES, ALL, 7),
    Case("yaml-recursive-alias", _ALIASES, ALL, 4),
    Case("yaml-python-tag", r"invalid YAML front matter.*python/object", ALL, 2),
    Case("yaml-merge-key-loop"),
    Case("front-matter-list", r"must be key: value pairs, not a list", ALL, 2),
    Case("front-matter-scalar", r"must be key: value pairs, not text", ALL, 2),
    Case("wrong-types", r"title must be text, not a list: '\[1, 2\]'", LIBRARY, 2),
    Case("wrong-types-values", r"cover image not found", LIBRARY, 7),
    Case("date-impossible-day", r"the date '2023-02-29' does not exist", LIBRARY, 3),
    Case("date-month-13", r"the date '2024-13-01T08:00:00\+01:00' does not exist", LIBRARY, 3),
    Case("date-year-zero", r"the date '0000-06-15' does not exist", LIBRARY, 3),
    Case("date-hour-24", r"the date '2024-05-01 24:00:00' does not exist", LIBRARY, 3),
    Case("date-zone-name", r"cannot read the date '2024-05-01 09:30 Europe/Berlin'", LIBRARY, 4),
    Case("date-words", r"cannot read the date 'next tuesday'", LIBRARY, 3),
    Case("date-bare-number", r"cannot read the date '20240501'", LIBRARY, 3),
    Case("date-list", r"cannot read the date '- 2024-05-01 - 2024-05-02'", LIBRARY, 3),
    Case("date-offset-beyond", r"UTC offset \+19:00, beyond ±18:00", LIBRARY, 3),
    Case("draft-not-boolean", r"draft must be true or false, not 'perhaps'", LIBRARY, 4),
    Case("tags-mapping", r"tags must be a list of tags, not a mapping", LIBRARY, 4),
    Case("title-mapping", r"title must be text, not a mapping", LIBRARY, 2),
    Case("huge-integer"),  # kept as the digits written
    Case("huge-integer-date", r"cannot read the date '1111", LIBRARY, 3),
    Case("latin-1", r"not UTF-8 text: invalid byte 0xe9", ALL, 2),
    Case("utf-16-bom", r"not UTF-8 text: UTF-16", ALL),
    Case("png-named-md", r"binary file", ALL),
    Case("nul-in-middle", r"binary file", ALL),
    Case("empty-file"),
    Case("only-bom"),
    Case("slug-parent-traversal", r"unsafe slug '\.\./\.\./etc/passwd'", LIBRARY, 4),
    Case("slug-absolute", r"unsafe slug '/abs'", LIBRARY, 4),
    Case("slug-windows-device", r"unsafe slug 'con': a reserved file name on Windows", LIBRARY, 4),
    Case("slug-with-slash", r"unsafe slug 'a/b'", LIBRARY, 4),
    Case("slug-with-newline", r"unsafe slug 'evil\\nslug'", LIBRARY, 4),
    Case("slug-dot", r"unsafe slug '\.'", LIBRARY, 4),
    Case("terminal-escapes", r"unsafe slug '\\x1b\]0;pwned\\x07'", LIBRARY, 4),
    Case("image-parent-traversal", r"image path leads outside the library", LIBRARY, 6),
    Case("image-absolute", r"absolute image path not allowed: '/etc/passwd'", LIBRARY, 6),
    Case("image-file-url", r"file:///etc/passwd", LIBRARY, 6),
    Case("cover-parent-traversal", r"cover image path leads outside the library", LIBRARY, 5),
    Case("cover-absolute", r"cover absolute image path not allowed", LIBRARY, 5),
    Case("cover-file-url", r"cover .*file:///etc/passwd", LIBRARY, 4),
    Case("cover-is-folder", r"cover image not found: 'photos'", LIBRARY, 5),
    Case("cover-missing", r"cover image not found: 'nowhere.jpg'", LIBRARY, 5),
    Case("html-script", r"image not found: 'x\.png'", LIBRARY, 8),
    Case("html-in-front-matter", r"cover image not found", LIBRARY, 7),
    Case("html-takes-over-page"),
    Case("images-broken-metadata"),
]


def _front(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2025-03-04T09:30:00+01:00\n{extra}---\n\n"


def _write(root: Path, name: str, text: str) -> Path:
    post = root / name / name / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(text, encoding="utf-8")
    return post


def _prose_20mb(root: Path, name: str) -> None:
    sentence = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod. "
    parts = [_front("Twenty megabytes")]
    size, number = 0, 0
    while size < 20 * 1024 * 1024:
        number += 1
        part = f"## Part {number}\n\n" + "".join(
            f"{sentence * 12}{number}.{line}\n\n" for line in range(5)
        )
        parts.append(part)
        size += len(part)
    _write(root, name, "".join(parts))


def _short_blocks_20mb(root: Path, name: str) -> None:
    unit = (
        "## Section\n\nA paragraph with *emphasis*, a [link](https://example.com) and `code`.\n\n"
        "```python\nprint('hi')\n```\n\n"
    )
    _write(root, name, _front("Many blocks") + unit * (20 * 1024 * 1024 // len(unit)))


def _over_the_limit(root: Path, name: str) -> None:
    line = "All work and no play makes a very long post.\n"
    _write(root, name, _front("Too big") + line * (33 * 1024 * 1024 // len(line) + 1))


def _pathological(payload: Callable[[], str]) -> Callable[[Path, str], None]:
    def build(root: Path, name: str) -> None:
        _write(root, name, _front(name) + payload())

    return build


def _deep_front_matter(root: Path, name: str) -> None:
    # Under libyaml's own limit (1,000 levels), over what recursive walks of the value survive.
    _write(root, name, _front("Deep", "extra: " + "[" * 900 + "]" * 900 + "\n") + "Body.\n")


def _symlinked_cover(root: Path, name: str) -> None:
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.png").write_bytes(b"\x89PNG secret")
    post = _write(root, name, _front("Symlinked cover", "cover:\n  image: cover.png\n"))
    (post.parent / "cover.png").symlink_to(outside / "secret.png")


def _symlinked_image(root: Path, name: str) -> None:
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.png").write_bytes(b"\x89PNG secret")
    post = _write(root, name, _front("Symlinked image") + "![leak](pictures/secret.png)\n")
    (post.parent / "pictures").symlink_to(outside, target_is_directory=True)


def _symlinked_post(root: Path, name: str) -> None:
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "elsewhere.md").write_text(_front("Outside") + "Not in the library.\n")
    post = root / name / name / "index.md"
    post.parent.mkdir(parents=True)
    post.symlink_to(outside / "elsewhere.md")


def _newline_in_folder(root: Path, name: str) -> None:
    post = root / name / "line\nbreak" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(_front("Newline folder", "slug: ok\ncover:\n  image: gone.jpg\n") + "Text.\n")


def _folder_not_utf8(root: Path, name: str) -> None:
    post = root / name / os.fsdecode(b"caf\xe9") / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(_front("Not UTF-8", "slug: cafe\n") + "A folder named in Latin-1.\n")


_SYMLINK = r"(symlink|outside the library)"

GENERATED: list[tuple[Case, Callable[[Path, str], None]]] = [
    (Case("huge-20mb-prose", big=True), _prose_20mb),
    (Case("huge-20mb-short-blocks", big=True, commands=("render",)), _short_blocks_20mb),
    (Case("over-32mb", r"file too large for a post \(33\.0 MB", ALL), _over_the_limit),
    (
        Case("deep-front-matter", r"front matter is nested more than 100 levels deep", ALL, 4),
        _deep_front_matter,
    ),
    (Case("nested-quotes"), _pathological(lambda: ">" * 10_000 + " deep\n")),
    (Case("many-stars"), _pathological(lambda: "*" * 50_000 + "\n")),
    (
        Case("nested-lists", big=True),
        _pathological(lambda: "".join("  " * depth + "- item\n" for depth in range(5_000))),
    ),
    (Case("many-brackets"), _pathological(lambda: "[" * 10_000 + "\n")),
    # About 40 KB each of what made rendering time grow with the square of the count.
    (Case("nested-brackets"), _pathological(lambda: "[" * 20_000 + "a" + "]" * 20_000 + "\n")),
    (Case("links-after-open-brackets"), _pathological(lambda: "[a](b) [" * 5_000 + "\n")),
    (Case("open-link-destinations"), _pathological(lambda: "[a](" * 10_000 + "\n")),
    (Case("footnote-reference-starts"), _pathological(lambda: "[^" * 20_000 + "\n")),
    (Case("heading-attribute-starts"), _pathological(lambda: "# a {" * 8_000 + "\n")),
    (Case("long-line"), _pathological(lambda: ("word " * 210_000)[: 1024 * 1024] + "\n")),
    (
        Case("big-table", big=True),  # rendered whole now: a 100,000-row table
        _pathological(
            lambda: (
                "| a | b |\n| --- | --- |\n" + "".join(f"| {row} | x |\n" for row in range(100_000))
            )
        ),
    ),
    (Case("symlinked-cover", _SYMLINK, LIBRARY, 5), _symlinked_cover),
    (Case("symlinked-image", _SYMLINK, LIBRARY, 6), _symlinked_image),
    (Case("symlinked-post", _SYMLINK, LIBRARY), _symlinked_post),
    (
        Case(
            "newline-in-folder-name",
            r"cover image not found",
            LIBRARY,
            folder="line\nbreak",
        ),
        _newline_in_folder,
    ),
    (Case("folder-not-utf8", folder=os.fsdecode(b"caf\xe9")), _folder_not_utf8),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-generated")
    for case, build in GENERATED:
        build(root, case.name)
    return root


@pytest.fixture(scope="module")
def corpus_bytes() -> Iterator[dict[str, bytes]]:
    """The checked-in corpus before the tests; afterwards it must be byte for byte the same."""
    before = _snapshot(HOSTILE)
    yield before
    assert _snapshot(HOSTILE) == before


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- running a command ------------------------------------------------------------------------


def _argv(command: str, library: Path, post: Path, work: Path) -> list[str]:
    if command == "render":
        return ["render", str(post), "-o", str(work / "page.html")]
    if command == "check":
        return ["check", str(library)]
    if command == "export-dry-run":
        return ["export", str(library), "--to", str(_target(work)), "--dry-run"]
    export = ["export", str(library), "--to", str(_target(work)), "--profile", "hugo"]
    if command == "import":
        return ["import", str(_target(work)), "--profile", "hugo", "--into", str(work / "back")]
    # A real export: hugo needs no author picture, so the posts that can go, go.
    return export


def _target(work: Path) -> Path:
    # Deep enough that a "../../" slug or image path could not climb out of ``work``.
    return work / "a" / "b" / "c" / "target"


def _run_case(cli: CliWorker, case: Case, root: Path, command: str, work: Path) -> None:
    library = root / case.name
    post = case.post(root)
    timeout = BIG_HANG_SECONDS if case.big else HANG_SECONDS
    if command == "load-save":
        _assert_saves_unchanged(post, work)
        return
    if command == "import":
        exported = cli.run(_argv("export", library, post, work), timeout)
        assert exported.crash is None and not exported.hung, exported.describe()
    outcome = cli.run(_argv(command, library, post, work), timeout)

    assert not outcome.hung, outcome.describe()
    assert outcome.crash is None, outcome.describe()
    assert outcome.status in (0, 1), outcome.describe()
    assert "Traceback" not in outcome.stderr + outcome.stdout
    problems = _problem_lines(command, outcome)
    for line in problems:
        assert MESSAGE.match(line), f"not a one-line message: {line!r}\n{outcome.describe()}"

    if command in case.refused_by:
        assert outcome.status == 1, outcome.describe()
        named = [line for line in problems if re.search(case.problem, line)]
        assert named, f"no message matching {case.problem!r}\n{outcome.describe()}"
        if case.line is not None:
            assert any(f":{case.line}: " in line for line in named), outcome.describe()
        assert all(case.name in line for line in named), outcome.describe()
    elif command == "render":
        assert outcome.status == 0, outcome.describe()

    if command == "render" and outcome.status == 0:
        _assert_sandboxed_page((work / "page.html").read_text(encoding="utf-8"))
    if command in ("export", "import"):
        _assert_only_target_written(work, also=work / "back")
    if command == "export-dry-run":
        assert not (work / "a").exists(), "a dry run wrote files"


def _problem_lines(command: str, outcome: Outcome) -> list[str]:
    """The lines that report problems: stderr, and check's report on stdout."""
    lines = outcome.stderr.splitlines()
    if command == "check":
        report = outcome.stdout.splitlines()
        lines += report[:-1]  # the last line is the summary
    return lines


def _assert_sandboxed_page(page: str) -> None:
    policy = CSP.search(page)
    assert policy is not None, "the page has no Content-Security-Policy"
    assert "default-src 'none'" in policy.group(1)
    assert "script-src" not in policy.group(1)


def _assert_only_target_written(work: Path, also: Path) -> None:
    target = _target(work)
    stray = [
        path
        for path in work.rglob("*")
        if not path.is_dir() and target not in path.parents and also not in path.parents
    ]
    assert stray == [], f"export or import wrote outside its target: {stray}"


def _assert_saves_unchanged(post: Path, work: Path) -> None:
    """The window's way in and out: a text it opens saves back byte for byte; one it refuses
    is refused with one line naming the file."""
    if not post.is_file():
        return  # a case whose post is a link or folder the scan reports
    try:
        opened = read_document(post)
    except PostdeskError as error:
        assert MESSAGE.match(str(error)) or str(post) in str(error), str(error)
        assert "\n" not in str(error)
        return
    try:
        text = Post.from_text(opened.text, post).to_text()
    except PostdeskError as error:
        assert "\n" not in str(error), str(error)
        text = opened.text  # the tab shows the text as it is, with the problem beside it
    copy = work / "saved.md"
    atomic_write_bytes(copy, text.encode(opened.encoding))
    assert copy.read_bytes() == post.read_bytes(), "saving an unchanged document changed it"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CHECKED_IN, ids=lambda case: case.name)
def test_checked_in_case(
    cli: CliWorker,
    corpus_bytes: dict[str, bytes],
    case: Case,
    command: str,
    tmp_path: Path,
) -> None:
    assert case.post(HOSTILE).parent.is_dir()
    _run_case(cli, case, HOSTILE, command, tmp_path)


@pytest.mark.parametrize(
    ("case", "command"),
    [
        pytest.param(case, command, id=f"{case.name}-{command}")
        for case, _ in GENERATED
        for command in case.commands
    ],
)
def test_generated_case(
    cli: CliWorker,
    generated: Path,
    case: Case,
    command: str,
    tmp_path: Path,
) -> None:
    if case.name.startswith("symlinked") and not hasattr(os, "symlink"):
        pytest.skip("no symlinks here")
    before = _snapshot(generated / case.name)
    _run_case(cli, case, generated, command, tmp_path)
    assert _snapshot(generated / case.name) == before


def test_every_checked_in_case_is_tested() -> None:
    folders = {path.name for path in HOSTILE.iterdir() if path.is_dir()}
    assert folders == {case.name for case in CHECKED_IN}


def test_the_whole_corpus_through_the_real_command(corpus_bytes: dict[str, bytes]) -> None:
    """``python -m editor check`` on the whole corpus as one library: one line per problem."""
    result = subprocess.run(
        [sys.executable, "-m", "editor", "check", str(HOSTILE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=ROOT,
    )

    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    *problems, summary = result.stdout.splitlines()
    assert summary.endswith(f" in {len(CHECKED_IN)} documents")
    for line in problems:
        assert MESSAGE.match(line), line
    named = {Path(line.split(":")[0]).relative_to(HOSTILE).parts[0] for line in problems}
    refused = {case.name for case in CHECKED_IN if "check" in case.refused_by}
    assert refused <= named
