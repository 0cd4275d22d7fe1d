"""Planning an export: check_export names exactly the errors the plan refuses, and the posts
with errors are left out while the others go."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.errors import PostdeskError
from editor.core.export import PROFILES, check_export, plan_export
from editor.core.library.library import Library
from tests.core.export.builders import SAMPLE_POSTS, write_post

DATA = Path(__file__).resolve().parents[2] / "data"
CORPORA = [
    DATA / "hostile",
    SAMPLE_POSTS,
    *sorted(path for path in (DATA / "broken").iterdir() if path.is_dir()),
]


@pytest.mark.parametrize("drafts", [False, True], ids=["posts", "drafts"])
@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("corpus", CORPORA, ids=lambda path: path.name)
def test_check_export_names_exactly_what_the_plan_refuses(
    corpus: Path, profile: str, drafts: bool, tmp_path: Path
) -> None:
    library = Library.scan(corpus)
    checked = {problem for problem in check_export(library, profile, drafts=drafts)}
    plan = plan_export(library, tmp_path / "target", profile=profile, drafts=drafts)
    assert {p for p in checked if p.severity == "error"} == set(plan.errors)
    assert {p for p in checked if p.severity != "error"} == set(plan.warnings)
    # Every post named with an error is left out, and only those.
    exported = {post.source for post in plan.posts}
    assert not exported & {problem.path for problem in plan.errors}
    assert set(plan.left_out) <= {problem.path for problem in plan.errors}


def test_nextjs_needs_a_cover_and_an_author_picture_from_the_post_or_the_library(
    tmp_path: Path,
) -> None:
    write_post(tmp_path, "a", "---\ntitle: A\ncover:\n  image: cover.png\n---\n")
    write_post(tmp_path, "b", "---\ntitle: B\nauthor:\n  name: X\n  picture: x.png\n---\n", ())
    (tmp_path / "b" / "x.png").write_bytes(b"png")
    library = Library.scan(tmp_path)
    found = [
        (problem.path.parent.name, problem.line, problem.message.split(":")[0])
        for problem in check_export(library, "nextjs")
        if problem.severity == "error"
    ]
    assert found == [("a", None, "no author picture"), ("b", None, "no cover image")]
    assert [p for p in check_export(library, "hugo") if p.severity == "error"] == []
    (tmp_path / ".postdesk.yaml").write_text("author:\n  name: Ada\n  picture: ada.png\n")
    (tmp_path / "ada.png").write_bytes(b"png")
    found = [p for p in check_export(Library.scan(tmp_path), "nextjs") if p.severity == "error"]
    assert [(p.path.parent.name, p.message.split(":")[0]) for p in found] == [
        ("b", "no cover image")
    ]


def test_a_refusal_names_the_front_matter_line(tmp_path: Path) -> None:
    post = write_post(
        tmp_path,
        "guest",
        "---\ntitle: G\ncover:\n  alt: no image yet\nauthor:\n  name: Guest\n---\n",
        (),
    )
    found = [str(p) for p in check_export(Library.scan(tmp_path), "nextjs")]
    assert f"{post}:3: error: no cover image: the Next.js blog needs one" in found
    assert any(line.startswith(f"{post}:5: error: no author picture") for line in found)


def test_drafts_and_notes_are_checked_as_they_would_be_exported(tmp_path: Path) -> None:
    draft = write_post(tmp_path, "d", "---\ntitle: D\ndraft: true\nslug: Bad Slug\n---\n", ())
    (tmp_path / "note.md").write_text("# A note\n", encoding="utf-8")
    library = Library.scan(tmp_path)
    assert check_export(library, "hugo") == []
    found = check_export(library, "hugo", drafts=True)
    assert {(p.path, p.line) for p in found if p.severity == "error"} == {(draft, 4)}
    # A note exported with drafts has no date of its own: the export says which it takes.
    assert any(p.path == tmp_path / "note.md" and "no date" in p.message for p in found)


def test_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PostdeskError, match="unknown export profile 'gatsby'"):
        check_export(Library.scan(tmp_path), "gatsby")
