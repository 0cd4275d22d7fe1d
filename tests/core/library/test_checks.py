"""Library checks: errors that stop publishing, warnings worth fixing, notes left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.errors import Problem
from editor.core.library.checks import ImageReference, check_library, image_references
from editor.core.library.library import Library

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "sample_posts"
BROKEN = ROOT / "tests" / "data" / "broken"


def write(path: Path, text: str | bytes) -> Path:
    """Write a file, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def check(root: Path) -> list[Problem]:
    """The problems in the library at ``root``."""
    return check_library(Library.scan(root))


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the errors."""
    return [problem for problem in problems if problem.severity == "error"]


def test_problem_reads_as_path_line_severity_message() -> None:
    assert str(Problem("error", Path("a/index.md"), "bad", 3)) == "a/index.md:3: error: bad"
    assert str(Problem("warning", Path("a.md"), "hmm")) == "a.md: warning: hmm"


def test_the_sample_library_has_no_errors() -> None:
    assert errors(check(SAMPLES)) == []


@pytest.mark.parametrize(
    ("library", "file", "line", "words"),
    [
        ("invalid-yaml", "bad-front-matter/index.md", 3, "invalid YAML"),
        ("binary", "not-text/index.md", None, "binary"),
        ("invalid-utf8", "latin-1/index.md", 2, "UTF-8"),
        ("hostile-slug", "innocent/index.md", 3, "unsafe slug '../../etc'"),
        ("outside-image", "climber/index.md", 4, "outside the library"),
        ("bad-settings", ".postdesk.yaml", 2, "invalid YAML"),
    ],
)
def test_each_broken_library_gives_one_error_naming_the_file(
    library: str, file: str, line: int | None, words: str
) -> None:
    found = errors(check(BROKEN / library))
    assert len(found) == 1
    assert found[0].path == BROKEN / library / file
    assert found[0].line == line
    assert words in found[0].message


def test_missing_cover_and_inline_images_are_errors_on_their_lines() -> None:
    found = errors(check(BROKEN / "missing-image"))
    assert [(problem.line, problem.message) for problem in found] == [
        (5, "cover image not found: 'cover.jpg'"),
        (11, "image not found: 'diagram.png'"),
    ]


def test_duplicate_slugs_are_an_error_on_both_files() -> None:
    found = errors(check(BROKEN / "duplicate-slug"))
    assert sorted(problem.path.parent.name for problem in found) == ["first", "second"]
    assert all("duplicate slug 'same-slug'" in problem.message for problem in found)


def test_an_image_symlinked_out_of_the_library_is_an_error(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.png", b"\x89PNG")
    root = tmp_path / "library"
    write(root / "post" / "index.md", "---\ntitle: P\n---\n\n![x](pic.png)\n")
    os.symlink(secret, root / "post" / "pic.png")
    found = errors(check(root))
    assert len(found) == 1
    assert found[0].line == 5
    assert "symlink" in found[0].message


def test_warnings_case_tags_alt_text_long_excerpt_future_date(tmp_path: Path) -> None:
    write(tmp_path / "a" / "index.md", "---\ntitle: A\ntags:\n  - ML\n---\n")
    write(tmp_path / "b" / "index.md", "---\ntitle: B\ntags: [ML]\n---\n")
    write(
        tmp_path / "c" / "index.md",
        "---\n"
        "title: C\n"
        'date: "2999-01-01T00:00:00+00:00"\n'
        f"excerpt: {'x' * 161}\n"
        "tags:\n  - ml\n"
        "cover:\n  image: cover.jpg\n"
        "---\n",
    )
    write(tmp_path / "c" / "cover.jpg", b"jpg")
    found = check(tmp_path)
    assert errors(found) == []
    messages = {(problem.line, problem.message.split(":")[0]) for problem in found}
    path = tmp_path / "c" / "index.md"
    assert all(problem.path == path for problem in found)
    assert messages == {
        (3, "the date 2999-01-01T00"),
        (4, "the excerpt is 161 characters, over 160"),
        (5, "tag 'ml' differs only by case from 'ML' used elsewhere"),
        (7, "the cover image has no alt text"),
    }


def test_a_missing_library_author_picture_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / ".postdesk.yaml", "author:\n  name: Ada\n  picture: ada.png\n")
    found = errors(check(tmp_path))
    assert [(problem.path.name, problem.message) for problem in found] == [
        (".postdesk.yaml", "image not found: 'ada.png'")
    ]


def test_an_unknown_default_profile_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / ".postdesk.yaml", "export:\n  profile: gatsby\n")
    found = errors(check(tmp_path))
    assert len(found) == 1 and "unknown export profile 'gatsby'" in found[0].message


def test_notes_are_not_checked_for_publishing_rules(tmp_path: Path) -> None:
    write(tmp_path / "Some Note.md", "# Note\n\n![missing](nowhere.png)\n")
    assert check(tmp_path) == []


def test_drafts_are_checked(tmp_path: Path) -> None:
    write(tmp_path / "d" / "index.md", "---\ntitle: D\ndraft: true\nslug: Bad Slug\n---\n")
    assert [problem.line for problem in errors(check(tmp_path))] == [4]


def test_image_references_skip_code_and_remote_and_follow_references() -> None:
    body = (
        "![a](one.png)\n"
        "```\n![not](code.png)\n```\n"
        'Inline `![not](span.png)` and ![b](<two words.png> "title") too.\n'
        "![c][ref] and ![ref]\n"
        '<img alt="d" src="three.png">\n'
        "![e](https://example.com/remote.png) ![f](my%20pic.png)\n"
        "\n[ref]: four.png\n"
    )
    found = image_references(body, first_line=10)
    assert found == [
        ImageReference(10, "one.png"),
        ImageReference(14, "two words.png"),
        ImageReference(15, "four.png"),
        ImageReference(15, "four.png"),
        ImageReference(16, "three.png"),
        ImageReference(17, "https://example.com/remote.png"),
        ImageReference(17, "my pic.png"),
    ]


def test_a_bad_byte_deep_in_the_body_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.md", b"---\ntitle: A\n---\n" + b"x\n" * 10_000 + b"caf\xe9\n")
    found = errors(check(tmp_path))
    assert [(problem.line, "UTF-8" in problem.message) for problem in found] == [(10_004, True)]


def test_front_matter_problems_are_named_per_post_and_the_rest_is_checked(tmp_path: Path) -> None:
    write(tmp_path / "feb" / "index.md", "---\ntitle: Feb\ndate: 2023-02-29\n---\nText.\n")
    write(tmp_path / "tags" / "index.md", "---\ntitle: Tags\ntags: {a: 1}\n---\nText.\n")
    write(tmp_path / "twice" / "index.md", "---\ntitle: A\ntitle: B\n---\nText.\n")
    write(tmp_path / "huge" / "index.md", f"---\ntitle: Huge\nn: {'1' * 5000}\n---\nText.\n")
    write(tmp_path / "fine" / "index.md", "---\ntitle: Fine\n---\n![gone](gone.png)\n")

    found = [(p.path.parent.name, p.severity, p.line) for p in check(tmp_path)]

    assert found == [
        ("feb", "error", 3),
        ("fine", "error", 4),
        ("tags", "error", 3),
        ("twice", "warning", 3),
    ]
