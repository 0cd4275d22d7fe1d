"""The record an import keeps beside each post, and the export that writes the blog's own
bytes back with only the writer's edits (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.core.blog.provenance import ORIGIN_FILE, load_origin
from editor.core.document.post import Post
from editor.core.export import import_repository, plan_export, write_export
from editor.core.export.profiles import unwrap_liquid, wrap_liquid
from editor.core.library.library import Library
from tests.core.export.builders import PNG

POST = """\
---
title: 'Quarry 4.0.0 Released'
date: 2023-01-29 18:30:22 -0800
tags: [release-notes]  # shown on the news page
---

![Banner](/img/banner.png)

{% assign ruby = "2.7" %}It needs Ruby {{ ruby }}."""


def jekyll_blog(root: Path) -> Path:
    """A Jekyll blog with one post (a dotted name, .markdown, Liquid, no final newline)."""
    (root / "_posts").mkdir(parents=True)
    (root / "img").mkdir()
    (root / "img" / "banner.png").write_bytes(PNG)
    (root / "_posts" / "2023-01-29-quarry-4.0.0-released.markdown").write_text(
        POST, encoding="utf-8"
    )
    return root


def export(library: Path, target: Path, profile: str = "jekyll") -> list[str]:
    plan = plan_export(Library.scan(library), target, profile=profile, drafts=True)
    assert not plan.errors, [str(problem) for problem in plan.errors]
    write_export(plan)
    return [str(planned) for planned in plan.files]


def test_the_record_sits_beside_the_post_hidden_from_the_library(tmp_path: Path) -> None:
    blog = jekyll_blog(tmp_path / "blog")

    import_repository(blog, "jekyll", tmp_path / "library")

    bundle = tmp_path / "library" / "quarry-4.0.0-released"
    origin = load_origin(bundle / "index.md")
    assert origin is not None
    assert origin.path == "_posts/2023-01-29-quarry-4.0.0-released.markdown"
    assert origin.head == POST[: POST.index("\n---\n") + 5]
    assert [(image.reference, image.file, image.path) for image in origin.images] == [
        ("/img/banner.png", "banner.png", "img/banner.png")
    ]
    assert "head: |\n  ---\n  title: 'Quarry 4.0.0 Released'\n" in (
        (bundle / ORIGIN_FILE).read_text(encoding="utf-8")
    )
    library = Library.scan(tmp_path / "library")
    assert [entry.path for entry in library.entries] == [bundle / "index.md"]
    # The library's own form: its field names, the image beside the post, linked relatively.
    post = Post.load(bundle / "index.md")
    assert post.tags == ["release-notes"]
    assert "![Banner](banner.png)" in post.body


def test_an_unedited_post_goes_back_byte_for_byte_without_force(tmp_path: Path) -> None:
    blog = jekyll_blog(tmp_path / "blog")
    import_repository(blog, "jekyll", tmp_path / "library")

    files = export(tmp_path / "library", blog)

    assert (blog / "_posts" / "2023-01-29-quarry-4.0.0-released.markdown").read_text(
        encoding="utf-8"
    ) == POST
    assert not (blog / "assets").exists()
    assert all(line.startswith("unchanged") for line in files), files


def test_one_changed_field_changes_only_its_line_and_liquid_passes_through(
    tmp_path: Path,
) -> None:
    blog = jekyll_blog(tmp_path / "blog")
    import_repository(blog, "jekyll", tmp_path / "library")
    post = Post.load(tmp_path / "library" / "quarry-4.0.0-released" / "index.md")
    post.title = "Quarry 4 Released"
    post.save()

    export(tmp_path / "library", blog)

    text = (blog / "_posts" / "2023-01-29-quarry-4.0.0-released.markdown").read_text("utf-8")
    assert text == POST.replace("'Quarry 4.0.0 Released'", "'Quarry 4 Released'")


def test_a_moved_bundle_keeps_its_record_and_its_place_in_the_blog(tmp_path: Path) -> None:
    blog = jekyll_blog(tmp_path / "blog")
    import_repository(blog, "jekyll", tmp_path / "library")
    (tmp_path / "library" / "news").mkdir()
    shutil.move(
        tmp_path / "library" / "quarry-4.0.0-released", tmp_path / "library" / "news" / "q4"
    )

    export(tmp_path / "library", tmp_path / "empty")

    assert (tmp_path / "empty" / "_posts" / "2023-01-29-quarry-4.0.0-released.markdown").read_text(
        encoding="utf-8"
    ) == POST
    assert (tmp_path / "empty" / "img" / "banner.png").read_bytes() == PNG


def test_a_new_image_follows_the_profiles_layout(tmp_path: Path) -> None:
    blog = jekyll_blog(tmp_path / "blog")
    import_repository(blog, "jekyll", tmp_path / "library")
    bundle = tmp_path / "library" / "quarry-4.0.0-released"
    (bundle / "chart.png").write_bytes(PNG + b"chart")
    post = Post.load(bundle / "index.md")
    post.body += "\n\n![Chart](chart.png)\n"
    post.save()

    export(tmp_path / "library", blog)

    text = (blog / "_posts" / "2023-01-29-quarry-4.0.0-released.markdown").read_text("utf-8")
    assert text.startswith(POST)
    assert "![Chart]({{site.baseurl}}/assets/images/quarry-4.0.0-released/chart.png)" in text
    assert (blog / "assets/images/quarry-4.0.0-released/chart.png").read_bytes() == PNG + b"chart"


def test_liquid_written_in_postdesk_is_wrapped_span_by_span_and_read_back() -> None:
    body = "Jinja: {{ name }} and {% if x %}.\n\n![A]({{site.baseurl}}/assets/images/a/b.png)\n"

    wrapped = wrap_liquid(body)

    assert wrapped == (
        "Jinja: {% raw %}{{ name }}{% endraw %} and {% raw %}{% if x %}{% endraw %}.\n\n"
        "![A]({{site.baseurl}}/assets/images/a/b.png)\n"
    )
    assert unwrap_liquid(wrapped) == body
