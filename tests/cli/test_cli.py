"""The command line, run in-process: render, check, new, tags, the window hand-off, bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from editor import __version__
from editor.cli import COMMANDS, main
from editor.core.document.post import Post

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_posts"
BROKEN = ROOT / "tests" / "data" / "broken"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+)(?::(?P<line>\d+))?: (error|warning): \S.*$")


def sample_posts() -> Iterator[Path]:
    """Every sample document with front matter (posts and drafts)."""
    for path in sorted(SAMPLES.rglob("*.md")):
        if Post.load(path).has_front_matter:
            yield path


class _TopLevel(HTMLParser):
    """Collects the outermost elements of an HTML fragment with their attribute names."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.tags: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.tags.append((tag, {name for name, _ in attrs}))
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth -= 1


def top_level_tags(html: str) -> list[tuple[str, set[str]]]:
    """The outermost elements of ``html``: (tag, attribute names)."""
    parser = _TopLevel()
    parser.feed(html)
    parser.close()
    return parser.tags


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process: exit status, stdout, stderr."""
    status = main([str(argument) for argument in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, file: Path | str) -> None:
    """Exit 1 with exactly one line on stderr that names ``file``, and no traceback."""
    assert status == 1
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert str(file) in err


# --- version, help, usage ------------------------------------------------------------------


def test_version_in_a_real_process() -> None:
    script = Path(sys.executable).with_name("postdesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "editor"]
    result = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"postdesk {__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "--config-dir" in out
    # COMMANDS decides, before any parser is built, that an argument is not a path to open.
    listed = re.findall(r"^    ([a-z]+) ", out, re.MULTILINE)
    assert listed == list(COMMANDS)


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "render")
    assert status == 2
    assert "usage:" in err


def test_the_command_line_never_imports_qt() -> None:
    code = (
        "import sys; from editor.cli import main; "
        f"main(['check', {str(SAMPLES)!r}]); print('PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


# --- render --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(sample_posts()), ids=lambda path: path.parent.name)
def test_render_a_sample_post_page(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    status, out, err = run(capsys, "render", path)
    assert (status, err) == (0, "")
    post = Post.load(path)
    assert out.lstrip().lower().startswith("<!doctype html")
    if post.cover is not None:
        assert 'alt="Cover Image for' in out
    assert "data-line=" in out
    assert "<script" not in out.lower()


def test_render_fragment_marks_every_block_and_highlights_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    highlighted = 0
    for path in sample_posts():
        status, out, _ = run(capsys, "render", path, "--fragment")
        assert status == 0
        assert "<html" not in out
        top_level = top_level_tags(out)
        assert top_level
        assert all("data-line" in attributes for _, attributes in top_level), path
        highlighted += 'class="highlight"' in out or '<span class="k' in out
    assert highlighted >= 3


def test_render_to_a_file_with_the_dark_theme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    post = next(sample_posts())
    out_file = tmp_path / "page.html"
    status, out, _ = run(capsys, "render", post, "-o", out_file, "--theme", "dark")
    assert (status, out) == (0, "")
    assert 'data-theme="dark"' in out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "file",
    [
        "invalid-yaml/bad-front-matter/index.md",
        "binary/not-text/index.md",
        "invalid-utf8/latin-1/index.md",
    ],
)
def test_render_a_broken_file_is_one_line(capsys: pytest.CaptureFixture[str], file: str) -> None:
    status, out, err = run(capsys, "render", BROKEN / file)
    assert out == ""
    assert_one_line_error(status, err, BROKEN / file)


def test_render_names_the_fields_a_blog_would_not_publish_and_renders_all_the_same(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    post = tmp_path / "leap" / "index.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Leap\ndate: 2023-02-29\n---\n\nText.\n", encoding="utf-8")

    status, out, err = run(capsys, "render", post)

    assert status == 0
    assert "<h1" in out and "Leap" in out
    assert err.splitlines() == [
        f"{post}:3: warning: the date '2023-02-29' does not exist:"
        " check its day, month, year and time"
    ]


def test_render_shows_liquid_as_jekyll_will_for_blog_files_and_for_posts_written_here(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "---\ntitle: Templates\n---\n\nSet `{{ name }}` and {% include note.html %}.\n"
    blog_file = tmp_path / "blog" / "_posts" / "2024-05-01-templates.md"
    blog_file.parent.mkdir(parents=True)
    blog_file.write_text(text, encoding="utf-8")
    written_here = tmp_path / "library" / "templates" / "index.md"
    written_here.parent.mkdir(parents=True)
    written_here.write_text(text, encoding="utf-8")
    (tmp_path / "library" / ".postdesk.yaml").write_text("export:\n  profile: jekyll\n")

    # The blog's own file: its Liquid is template code, filled in by Jekyll.
    status, blog_html, _ = run(capsys, "render", blog_file, "--fragment", "--profile", "jekyll")
    assert status == 0 and 'class="template-tag"' in blog_html
    # Written in Postdesk: the export wraps it in {% raw %}, so the blog shows the braces.
    status, own_html, _ = run(capsys, "render", written_here, "--fragment")
    assert status == 0 and 'class="template-tag"' not in own_html
    assert "{% include note.html %}" in own_html and "<code>{{ name }}</code>" in own_html


def test_render_a_missing_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "render", tmp_path / "nope.md")
    assert_one_line_error(status, err, tmp_path / "nope.md")


# --- check ---------------------------------------------------------------------------------


def test_check_the_sample_library_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", SAMPLES)
    assert (status, err) == (0, "")
    assert re.search(r"^0 errors, \d+ warnings? in \d+ documents$", out, re.MULTILINE)
    status, _, _ = run(capsys, "check", SAMPLES, "--profile", "nextjs")
    assert status == 0


@pytest.mark.parametrize(
    ("library", "file", "words"),
    [
        ("invalid-yaml", "bad-front-matter/index.md:3", "invalid YAML"),
        ("binary", "not-text/index.md", "binary"),
        ("invalid-utf8", "latin-1/index.md:2", "not UTF-8"),
        ("missing-image", "lost-pictures/index.md:5", "cover image not found"),
        ("missing-image", "lost-pictures/index.md:11", "image not found: 'diagram.png'"),
        ("duplicate-slug", "first/index.md", "duplicate slug"),
        ("hostile-slug", "innocent/index.md:3", "unsafe slug '../../etc'"),
        ("outside-image", "climber/index.md:4", "'../../secret.png'"),
        ("bad-settings", ".postdesk.yaml:2", "invalid YAML"),
    ],
)
def test_check_a_broken_library(
    capsys: pytest.CaptureFixture[str], library: str, file: str, words: str
) -> None:
    status, out, err = run(capsys, "check", BROKEN / library)
    assert (status, err) == (1, "")
    *problems, summary = out.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in problems), problems
    assert any(
        line.startswith(f"{BROKEN / library / file}: error: ") and words in line
        for line in problems
    ), problems
    assert re.match(r"^[1-9]\d* errors?, \d+ warnings? in \d+ documents?$", summary)
    assert "Traceback" not in out


def test_check_an_image_symlinked_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"png")
    post = tmp_path / "library" / "post" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: P\ncover:\n  image: cover.png\n  alt: x\n---\n", encoding="utf-8")
    (post.parent / "cover.png").symlink_to(tmp_path / "secret.png")
    status, out, _ = run(capsys, "check", tmp_path / "library")
    assert status == 1
    assert f"{post}:4: error: cover image path leads outside the library through a symlink" in out


def test_check_a_document_symlinked_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("---\ntitle: Secret\n---\n", encoding="utf-8")
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "evil.md").symlink_to(tmp_path / "secret.md")
    status, out, _ = run(capsys, "check", tmp_path / "library")
    assert status == 1
    assert f"{tmp_path / 'library' / 'evil.md'}: error: the file is a symlink" in out


def test_check_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "check", tmp_path / "nowhere")
    assert_one_line_error(status, err, tmp_path / "nowhere")


def test_check_with_the_librarys_profile_names_a_post_its_export_would_leave_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    library = Path(shutil.copytree(SAMPLES, tmp_path / "samples"))
    post = library / "keeping-a-holdout-honest" / "index.md"
    text = post.read_text(encoding="utf-8")
    start, end = text.index("cover:\n"), text.index("author:\n")
    post.write_text(text[:start] + text[end:], encoding="utf-8")
    # The library's settings choose nextjs, whose blog needs a cover on every post.
    status, out, _ = run(capsys, "check", library)
    assert status == 1
    assert f"{post}: error: no cover image: the Next.js blog needs one" in out.splitlines()
    assert re.search(r"^1 error, \d+ warnings? in \d+ documents$", out, re.MULTILINE)
    assert run(capsys, "check", library, "--profile", "hugo")[0] == 0
    (library / ".postdesk.yaml").unlink()
    (library / "author.png").unlink()  # the settings no longer name it
    (library / "point-in-time-joins" / "cover.jpg").unlink()
    # No profile at all: only what every blog refuses.
    status, out, _ = run(capsys, "check", library)
    assert status == 1
    assert [line for line in out.splitlines() if ": error: " in line] == [
        f"{library / 'point-in-time-joins' / 'index.md'}:11: error: cover image not found:"
        " 'cover.jpg'"
    ]


# --- new -----------------------------------------------------------------------------------


def test_new_creates_a_draft_bundle_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "new", "Shipping ML: Part 2!", "--library", tmp_path)
    assert status == 0
    path = Path(out.strip())
    assert path == tmp_path / "shipping-ml-part-2" / "index.md"
    post = Post.load(path)
    assert post.title == "Shipping ML: Part 2!"
    assert post.kind == "draft"
    assert post.date is not None and post.date.utcoffset() is not None
    assert (post.excerpt, post.tags) == ("", [])
    path.write_text(path.read_text(encoding="utf-8") + "My words.\n", encoding="utf-8")
    status, out, _ = run(capsys, "new", "Shipping ML: Part 2!", "--library", tmp_path)
    assert Path(out.strip()) == tmp_path / "shipping-ml-part-2-2" / "index.md"
    assert "My words." in path.read_text(encoding="utf-8")


def test_new_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "new", "Reading list", "--library", tmp_path, "--note")
    assert status == 0
    path = Path(out.strip())
    assert path == tmp_path / "reading-list.md"
    assert path.read_text(encoding="utf-8") == "# Reading list\n"
    assert Post.load(path).kind == "note"


def test_new_in_a_missing_library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "new", "X", "--library", tmp_path / "nope")
    assert_one_line_error(status, err, tmp_path / "nope")


# --- tags ----------------------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> Path:
    copy = tmp_path / "library"
    shutil.copytree(SAMPLES, copy)
    return copy


def test_tags_lists_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tags", SAMPLES)
    assert status == 0
    rows = [line.split(maxsplit=1) for line in out.splitlines() if line[:1] in " 0123456789"]
    counts = [int(count) for count, _ in rows]
    assert counts and counts == sorted(counts, reverse=True)


def test_tags_lists_spellings_and_likely_duplicates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, tags in {"a": "[ML Ops, git]", "b": "[ml-ops]", "c": "[ML Ops, Git]"}.items():
        (tmp_path / f"{name}.md").write_text(f"---\ntags: {tags}\n---\n", encoding="utf-8")
    status, out, _ = run(capsys, "tags", tmp_path)
    assert status == 0
    lines = out.splitlines()
    assert "2  ML Ops" in lines
    assert any(
        line.startswith("2  git  (also: Git)") or line == "2  Git  (also: git)" for line in lines
    )
    assert "likely duplicates: ML Ops, ml-ops" in lines


def snapshot(root: Path) -> dict[Path, bytes]:
    """Every file's bytes under ``root``."""
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[bytes]:
    """The lines of ``before`` and ``after`` that are not in both (order kept)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    return [line for line in old if line not in new] + [line for line in new if line not in old]


@pytest.mark.parametrize("option", ["--rename", "--merge"])
def test_tags_rename_and_merge_change_only_tags_lines(
    capsys: pytest.CaptureFixture[str], library: Path, option: str
) -> None:
    counts = main(["tags", str(library)])
    assert counts == 0
    capsys.readouterr()
    before = snapshot(library)
    status, out, err = run(capsys, "tags", library, option, "MLOps", "ml-ops")
    assert (status, err) == (0, "")
    *files, summary = out.splitlines()
    after = snapshot(library)
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {Path(file) for file in files}
    assert changed
    assert summary.endswith(f"in {len(changed)} file{'s' if len(changed) > 1 else ''}")
    for path in changed:
        for line in changed_lines(before[path], after[path]):
            assert re.match(rb"^(tags:|\s+- )", line), line
        assert "ml-ops" in Post.load(path).tags


def test_tags_delete(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    status, out, _ = run(capsys, "tags", library, "--delete", "git")
    assert status == 0
    assert out.splitlines()[-1].startswith("deleted 'git' in ")


def test_tags_rename_of_an_unknown_tag_is_one_line(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    status, _, err = run(capsys, "tags", library, "--rename", "no-such-tag", "x")
    assert_one_line_error(status, err, library)


# --- the window ----------------------------------------------------------------------------


def test_no_command_opens_the_window_with_path_and_config_dir(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import editor.app

    calls: list[list[str]] = []

    def fake_run(argv: list[str]) -> int:
        calls.append(argv)
        return 0

    monkeypatch.setattr(editor.app, "run", fake_run)
    assert main([str(SAMPLES), "--config-dir", str(tmp_path)]) == 0
    assert main(["--config-dir", str(tmp_path)]) == 0
    assert main([]) == 0
    assert calls == [
        [str(SAMPLES), "--config-dir", str(tmp_path)],
        ["--config-dir", str(tmp_path)],
        [],
    ]


def test_opening_a_missing_path_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, tmp_path / "missing")
    assert_one_line_error(status, err, tmp_path / "missing")
