"""The front matter problems a writer is told about: dates, shapes and repeated keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.document.fields import FieldProblem, field_problems
from editor.core.document.post import Post


def problems(front_matter: str) -> list[FieldProblem]:
    post = Post.from_text(f"---\n{front_matter}---\n\nBody.\n", Path("post/index.md"))
    return field_problems(post)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2023-02-29", "the date '2023-02-29' does not exist"),
        ("2024-02-30 10:00:00 +0100", "the date '2024-02-30 10:00:00 +0100' does not exist"),
        ("2024-13-01", "the date '2024-13-01' does not exist"),
        ("0000-01-01", "the date '0000-01-01' does not exist"),
        ("2024-05-01 24:00:00", "the date '2024-05-01 24:00:00' does not exist"),
        ("2024-05-01T10:00:00+19:00", "UTC offset +19:00, beyond ±18:00"),
        ("2024-05-01 10:00:00 -1830", "UTC offset -18:30, beyond ±18:00"),
        ("2024-05-01 09:30 Europe/Berlin", "cannot read the date '2024-05-01 09:30 Europe/Berlin'"),
        ("last friday", "cannot read the date 'last friday'"),
        ("20240501", "cannot read the date '20240501'"),
        ('"20240501"', "cannot read the date '20240501'"),
        ("1" * 5000, "cannot read the date '1111"),
        ("[2024-05-01, 2024-05-02]", "cannot read the date '[2024-05-01, 2024-05-02]'"),
        ("{year: 2024}", "cannot read the date '{year: 2024}'"),
        ("true", "cannot read the date 'true'"),
    ],
)
def test_a_date_that_cannot_be_published_is_an_error_naming_its_line_and_text(written, reason):
    found = problems(f"title: A post\ndate: {written}\ntags: [a]\n")

    assert len(found) == 1
    assert found[0].severity == "error"
    assert found[0].key == "date"
    assert found[0].line == 3
    assert reason in found[0].message
    # The message quotes a long value in part, on one line.
    assert len(found[0].message) < 200 and "\n" not in found[0].message


@pytest.mark.parametrize(
    "written",
    [
        "2024-05-01",
        "2024-05-01T09:30:00+02:00",
        "2024-05-01 09:30:00 +0200",  # Jekyll's own form
        "2024-05-01T09:30:00.250Z",
        "'2024-05-01T09:30:00.123456+18:00'",
        "2024-05-01T09:30:00-18:00",
        "2024-05-01 09:30",
        "",  # no date at all: the export says the file's time is used
    ],
)
def test_every_date_a_blog_writes_reads_without_a_problem(written):
    assert problems(f"title: A post\ndate: {written}\n") == []
    post = Post.from_text(f"---\ndate: {written}\n---\n")
    assert (post.date is None) == (written == "")


def test_an_unreadable_date_reads_as_no_date_but_stays_as_written():
    post = Post.from_text("---\ntitle: Feb\ndate: 2023-02-29\n---\nBody.\n")

    assert post.date is None
    assert post.get("date") == "2023-02-29"
    post.title = "February"
    assert "date: 2023-02-29\n" in post.to_text()


@pytest.mark.parametrize(
    ("front_matter", "line", "reason"),
    [
        ("title: [a, b]\n", 1, "title must be text, not a list: '[a, b]'"),
        ("title:\n  en: Hello\n  fr: Salut\n", 1, "title must be text, not a mapping"),
        ("excerpt: [one]\n", 1, "excerpt must be text, not a list"),
        ("slug: {a: b}\n", 1, "slug must be text, not a mapping"),
        ("tags:\n  python: 3\n", 1, "tags must be a list of tags, not a mapping"),
        ("tags: [a, [b, c]]\n", 1, "tags must be a list of tags: tag 2 is a list"),
        ("tags: [a, {b: c}]\n", 1, "tags must be a list of tags: tag 2 is a mapping"),
        ("cover: [a.jpg, b.jpg]\n", 1, "cover must be an image path or a mapping"),
        ("cover:\n  image: [a.jpg]\n", 1, "cover.image must be text, not a list"),
        ("cover:\n  image: a.jpg\n  alt: {x: y}\n", 1, "cover.alt must be text, not a mapping"),
        ("author: true\n", 1, "author must be a name or a mapping of name, picture"),
        ("author:\n  name: [Ada]\n", 1, "author.name must be text, not a list"),
        ("draft: maybe\n", 1, "draft must be true or false, not 'maybe'"),
        ("draft: [true]\n", 1, "draft must be true or false, not '[true]'"),
        ("draft: 2\n", 1, "draft must be true or false, not '2'"),
    ],
)
def test_a_field_of_the_wrong_shape_is_an_error_naming_the_field(front_matter, line, reason):
    found = problems("date: 2024-05-01\n" + front_matter)

    assert [(problem.severity, problem.line) for problem in found] == [("error", line + 2)]
    assert reason in found[0].message


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: 2024\n",  # a number is a title all the same
        "tags: python, rust\n",
        "tags: []\n",
        "cover: photo.jpg\n",
        "cover:\n  image: photo.jpg\n  alt: A photo\n  hidden: false\n",
        "author: Ada\n",
        "author:\n  - Ada\n  - Grace\n",  # an author list, as Jekyll and Hugo blogs keep it
        "draft: yes\n",
        "draft: 'no'\n",
        "draft: 0\n",
        "layout: post\nweight: [1, 2]\n",  # the blog's own keys are the blog's business
    ],
)
def test_the_shapes_blogs_use_are_accepted(front_matter):
    assert problems("date: 2024-05-01\n" + front_matter) == []


def test_a_repeated_key_is_a_warning_on_the_value_that_is_used():
    found = problems("title: One\ntags: [a]\ntitle: Two\n")

    assert [(p.severity, p.key, p.line) for p in found] == [("warning", "title", 4)]
    assert "'title' is also set on line 2: only this value is used" in found[0].message
    post = Post.from_text("---\ntitle: One\ntitle: Two\n---\n")
    assert post.title == "Two"


def test_a_repeated_key_of_the_wrong_shape_is_named_on_the_value_used():
    found = problems("tags: [a]\ntags: {b: c}\n")

    assert [(p.severity, p.line) for p in found] == [("warning", 3), ("error", 3)]


def test_a_number_too_long_for_python_is_kept_as_written():
    digits = "7" * 6000
    post = Post.from_text(f"---\ntitle: Big\nviews: {digits}\n---\nBody.\n")

    assert post.get("views") == digits
    assert post.title == "Big"
    assert field_problems(post) == []
    assert post.to_text().count(digits) == 1


def test_a_note_has_no_field_problems():
    assert field_problems(Post.from_text("# Just a note\n")) == []
