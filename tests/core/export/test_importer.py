"""Importing an exported repository and exporting it again gives back the same posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.blog.provenance import load_origin
from editor.core.document.post import Post
from editor.core.errors import PostdeskError
from editor.core.export import import_repository, plan_export, write_export
from editor.core.library.checks import check_library
from editor.core.library.library import Library
from tests.core.export.builders import tree


def export(library: Path, target: Path, profile: str, drafts: bool = False) -> None:
    plan = plan_export(Library.scan(library), target, profile=profile, drafts=drafts)
    assert not plan.errors, [str(problem) for problem in plan.errors]
    write_export(plan)


@pytest.mark.parametrize("profile", ["nextjs", "hugo", "jekyll"])
def test_import_then_export_reproduces_the_repository(
    samples: Path, tmp_path: Path, profile: str
) -> None:
    first = tmp_path / "first"
    # Notes have no cover, which the Next.js blog needs: drafts and notes go to the others.
    drafts = profile != "nextjs"
    export(samples, first, profile, drafts=drafts)
    imported = tmp_path / "imported"
    result = import_repository(first, profile, imported)
    assert not result.problems, [str(problem) for problem in result.problems]
    again = tmp_path / "again"
    export(imported, again, profile, drafts=drafts)
    original, reproduced = tree(first), tree(again)
    assert sorted(reproduced) == sorted(original)
    for path, data in original.items():
        if not path.endswith("manifest.json"):
            assert reproduced[path] == data, path


@pytest.mark.parametrize("profile", ["nextjs", "hugo", "jekyll"])
def test_imported_posts_keep_fields_body_and_images(
    library: Path, tmp_path: Path, profile: str
) -> None:
    exported = tmp_path / "exported"
    export(library, exported, profile)
    into = tmp_path / "into"
    result = import_repository(exported, profile, into)
    assert not result.problems
    original = Post.load(library / "shipping-part-1" / "index.md")
    post = Post.load(into / "shipping-part-1" / "index.md")
    assert post.title == original.title
    assert post.date == original.date
    assert post.tags == original.tags
    assert post.excerpt == original.excerpt
    assert post.get("series") == "shipping"
    assert post.body == original.body.replace("images/diagram.png", "diagram.png")
    assert post.cover is not None and post.cover.image == "cover.png"
    assert (into / "shipping-part-1" / "cover.png").read_bytes() == (
        library / "shipping-part-1" / "cover.png"
    ).read_bytes()
    assert (into / "shipping-part-1" / "diagram.png").is_file()
    if profile == "hugo":
        assert post.cover.alt == "A ship"
        assert post.cover.credit == "Photo by Ann on Unsplash"
        assert post.cover.credit_url == "https://unsplash.com/@ann"
    if profile == "nextjs":
        assert post.author is not None and post.author.name == "Jane Doe"
        assert (into / "shipping-part-1" / post.author.picture).is_file()


def test_import_never_replaces_a_post_in_the_library(library: Path, tmp_path: Path) -> None:
    exported = tmp_path / "exported"
    export(library, exported, "hugo")
    before = (library / "second-post" / "index.md").read_bytes()
    result = import_repository(exported, "hugo", library)
    assert result.errors and not result.written
    assert (library / "second-post" / "index.md").read_bytes() == before


def test_import_refuses_image_paths_leading_out(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "_posts").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(b"secret")
    (repo / "_posts" / "evil.md").write_text(
        '---\ntitle: Evil\ndate: "2025-01-01T00:00:00Z"\ncoverImage: /../../secret.png\n---\n'
        "![x](../../secret.png)\n",
        encoding="utf-8",
    )
    result = import_repository(repo, "nextjs", tmp_path / "library")
    assert result.errors and not (tmp_path / "library").exists()


def test_html_sites_cannot_be_imported(tmp_path: Path) -> None:
    with pytest.raises(PostdeskError, match="not Markdown"):
        import_repository(tmp_path, "html", tmp_path / "library")


def test_an_unreadable_date_is_imported_as_written_and_named(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "_posts").mkdir(parents=True)
    (repo / "_posts" / "2024-02-28-leap.md").write_text(
        "---\ntitle: Leap\ndate: 2024-02-30 10:00:00 +0100\n---\nText.\n", encoding="utf-8"
    )
    result = import_repository(repo, "jekyll", tmp_path / "library")

    assert not result.errors
    assert [(problem.severity, problem.line) for problem in result.problems] == [("warning", 3)]
    assert "the date '2024-02-30 10:00:00 +0100' does not exist" in result.problems[0].message
    imported = Post.load(tmp_path / "library" / "leap" / "index.md")
    # Not the file name's 2024-02-28: a date nobody wrote is never made up.
    assert imported.get("date") == "2024-02-30 10:00:00 +0100"
    assert imported.date is None


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_hugo_sections_bundles_and_translations_are_read_and_section_pages_left(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    write(site, "hugo.toml", 'contentDir = "pages"\n')
    write(site, "pages/_index.md", "---\ntitle: Home\n---\n")
    write(site, "pages/posts/guides/_index.md", "---\ntitle: Guides\n---\n")
    write(site, "pages/posts/guides/setup/options_list.md", '+++\ntitle = "Options"\n+++\nA.\n')
    write(site, "pages/posts/guides/bundle/index.md", "---\ntitle: Bundle\n---\n![t](t.png)\n")
    write(site, "pages/posts/guides/bundle/index.fr.md", "---\ntitle: Paquet\n---\n![t](t.png)\n")
    (site / "pages/posts/guides/bundle/t.png").write_bytes(b"png")
    write(site, "pages/posts/data.md", '{\n  "title": "In JSON"\n}\nBody.\n')

    result = import_repository(site, "hugo", tmp_path / "library")

    assert not result.problems, [str(problem) for problem in result.problems]
    library = tmp_path / "library"
    assert sorted(path.parent.name for path in library.glob("*/index.md")) == [
        "bundle",
        "bundle.fr",
        "data",
        "options_list",
    ]
    assert Post.load(library / "options_list" / "index.md").title == "Options"
    assert Post.load(library / "data" / "index.md").title == "In JSON"
    assert (library / "bundle.fr" / "t.png").read_bytes() == b"png"
    translation = load_origin(library / "bundle.fr" / "index.md")
    assert translation is not None
    assert translation.path == "pages/posts/guides/bundle/index.fr.md"
    assert translation.translation_of == "pages/posts/guides/bundle/index.md"


def test_one_bad_post_is_named_and_the_others_imported(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, "_posts/2024-01-01-good.md", "---\ntitle: Good\n---\nFine.\n")
    write(repo, "_posts/2024-01-02-broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    write(repo, "_posts/2024-01-03-no-image.md", "---\ntitle: Gone\n---\n\n![x](/gone.png)\n")

    result = import_repository(repo, "jekyll", tmp_path / "library")

    assert [post.slug for post in result.posts] == ["good"]
    assert sorted((problem.path.name, problem.line) for problem in result.errors) == [
        ("2024-01-02-broken.md", 2),
        ("2024-01-03-no-image.md", None),
    ]
    assert (tmp_path / "library" / "good" / "index.md").is_file()
    assert result.summary().startswith("imported 1 post, 2 left out with errors:")


def test_a_date_given_to_a_jekyll_post_that_had_none_is_exported_in_jekylls_form(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    write(repo, "_posts/2024-06-30-tides.md", "---\ntitle: Tides\n---\nLow water.\n")
    import_repository(repo, "jekyll", tmp_path / "library")
    post = Post.load(tmp_path / "library" / "tides" / "index.md")
    post.set_field("date", "2024-07-01T09:00:00+02:00")
    post.save()

    export(tmp_path / "library", repo, "jekyll")

    assert (repo / "_posts/2024-06-30-tides.md").read_text(encoding="utf-8") == (
        "---\ntitle: Tides\ndate: 2024-07-01 09:00:00 +0200\n---\nLow water.\n"
    )


def round_trip(repo: Path, profile: str, library: Path) -> dict[str, bytes]:
    """Import ``repo``, export it back into it; the files the export changed or added."""
    before = tree(repo)
    result = import_repository(repo, profile, library)
    assert not result.problems, [str(problem) for problem in result.problems]
    export(library, repo, profile, drafts=True)
    after = tree(repo)
    return {
        path: data
        for path, data in after.items()
        if before.get(path) != data and not path.startswith(".postdesk/")
    }


def test_names_the_blog_already_has_are_kept_whatever_their_letters(tmp_path: Path) -> None:
    jekyll = tmp_path / "jekyll"
    write(jekyll, "_posts/2022-06-29-한글-제목과-이모지.md", "---\ntitle: 한글\n---\nA.\n")
    write(jekyll, "_posts/2021-02-01-Line Endings Again.md", "---\ntitle: CRLF\n---\nB.\n")
    hugo = tmp_path / "hugo"
    write(hugo, "content/posts/ete.md", '---\ntitle: Été\nslug: "randonnée-d-été"\n---\nC.\n')
    write(hugo, "content/posts/why.md", '---\ntitle: Why\nslug: "Why Hugo"\n---\nD.\n')
    write(hugo, "content/posts/out.md", '---\ntitle: Out\nslug: "../../outside"\n---\nE.\n')

    assert round_trip(jekyll, "jekyll", tmp_path / "from-jekyll") == {}
    assert round_trip(hugo, "hugo", tmp_path / "from-hugo") == {}

    assert sorted(path.name for path in (tmp_path / "from-jekyll").iterdir()) == [
        "Line Endings Again",
        "한글-제목과-이모지",
    ]
    # A name no folder can hold gets one Postdesk makes; the blog's file keeps its own.
    assert sorted(path.name for path in (tmp_path / "from-hugo").iterdir()) == [
        "Why Hugo",
        "outside",
        "randonnée-d-été",
    ]


def test_every_post_jekyll_builds_is_imported_and_a_file_it_skips_is_named(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    write(repo, "_config.yml", "exclude: [old/]\n")
    write(repo, "_posts/2016/2016-4-6-by-year.md", "---\ntitle: By year\n---\nA.\n")
    write(repo, "releases/_posts/2023-03-01-cli-2.0.md", "---\ntitle: CLI 2.0\n---\nB.\n")
    write(repo, "docs/api/_posts/2023-05-01-api.md", "---\ntitle: API\n---\nC.\n")
    write(repo, "old/_posts/2010-01-01-gone.md", "---\ntitle: Excluded\n---\nD.\n")
    write(repo, "_posts/notes-without-date.md", "---\ntitle: No date\n---\nE.\n")

    result = import_repository(repo, "jekyll", tmp_path / "library")

    assert sorted(post.slug for post in result.posts) == ["api", "by-year", "cli-2.0"]
    by_year = Post.load(tmp_path / "library" / "by-year" / "index.md")
    assert by_year.date is not None and by_year.date.date().isoformat() == "2016-04-06"
    assert [(problem.severity, problem.path.name) for problem in result.problems] == [
        ("warning", "notes-without-date.md")
    ]
    assert round_trip_unchanged(repo, tmp_path / "library")


def round_trip_unchanged(repo: Path, library: Path) -> bool:
    """Whether exporting ``library`` back into ``repo`` leaves the blog's own files as they were."""
    before = tree(repo)
    export(library, repo, "jekyll", drafts=True)
    after = {path: data for path, data in tree(repo).items() if not path.startswith(".postdesk/")}
    return after == before


def test_hugo_posts_are_read_from_every_content_folder_its_configuration_names(
    tmp_path: Path,
) -> None:
    split = tmp_path / "split"
    write(split, "config/_default/config.toml", 'contentDir = "site/pages"\n')
    write(split, "site/pages/posts/trail.md", "---\ntitle: Trail\n---\nA.\n")
    book = tmp_path / "book"
    write(book, "hugo.toml", '[languages.en]\ncontentDir = "content/en"\n')
    write(book, "config/_default/languages.toml", '[fr]\ncontentDir = "content/fr"\n')
    write(book, "content/en/docs/start.md", "---\ntitle: Start\n---\nB.\n")
    write(book, "content/fr/docs/debut.md", "---\ntitle: Début\n---\nC.\n")
    write(book, "content/en/docs/bundle/index.md", "---\ntitle: Bundle\n---\nD.\n")
    write(book, "content/en/docs/bundle/notes/part.md", "---\ntitle: A resource\n---\nE.\n")

    from_split = import_repository(split, "hugo", tmp_path / "from-split")
    from_book = import_repository(book, "hugo", tmp_path / "from-book")

    assert [post.slug for post in from_split.posts] == ["trail"]
    # A Markdown file inside a leaf bundle is one of its resources, not a post.
    assert sorted(post.slug for post in from_book.posts) == ["bundle", "debut", "start"]


@pytest.mark.parametrize(
    ("profile", "post_file", "date"),
    [
        ("nextjs", "_posts/ue5.md", "'2022/07/01'"),
        ("nextjs", "_posts/ue5.md", "Fri, 01 Jul 2022 10:00:00 +0200"),
        ("jekyll", "_posts/2022-07-01-ue5.md", "2022/07/01 10:00"),
        ("hugo", "content/posts/ue5.md", "July 1, 2022"),
    ],
)
def test_an_unchanged_date_in_a_form_the_blog_reads_goes_back_as_written(
    tmp_path: Path, profile: str, post_file: str, date: str
) -> None:
    repo = tmp_path / "repo"
    write(repo, post_file, f"---\ntitle: UE5\ndate: {date}\n---\nText.\n")

    assert round_trip(repo, profile, tmp_path / "library") == {}
    # The library's check agrees with the export: the blog reads that date.
    assert not [
        problem
        for problem in check_library(Library.scan(tmp_path / "library"))
        if "date" in problem.message
    ]


@pytest.mark.parametrize(
    ("profile", "date", "why"),
    [
        ("nextjs", "'2023/02/29'", "does not exist"),
        ("jekyll", "February 29, 2023", "does not exist"),
        ("nextjs", "next tuesday", "cannot read the date"),
        ("hugo", "'2022/07/01'", "cannot read the date"),  # not one of Hugo's layouts
    ],
)
def test_a_date_no_blog_reads_is_still_refused(
    tmp_path: Path, profile: str, date: str, why: str
) -> None:
    repo = tmp_path / "repo"
    post_file = {"nextjs": "_posts/x.md", "jekyll": "_posts/2023-03-01-x.md"}.get(
        profile, "content/posts/x.md"
    )
    write(repo, post_file, f"---\ntitle: X\ndate: {date}\n---\nText.\n")
    import_repository(repo, profile, tmp_path / "library")

    plan = plan_export(Library.scan(tmp_path / "library"), repo, profile=profile)

    assert [why in problem.message for problem in plan.errors] == [True]


def export_into_empty_folder(library: Path, profile: str, target: Path) -> dict[str, bytes]:
    """The blog's files an export of ``library`` writes into an empty folder."""
    export(library, target, profile, drafts=True)
    return {path: data for path, data in tree(target).items() if not path.startswith(".postdesk/")}


def test_images_a_post_uses_through_its_templates_go_with_it(tmp_path: Path) -> None:
    hugo = tmp_path / "hugo"
    write(hugo, "content/posts/trip/index.md", '---\ntitle: Trip\n---\n{{< fig "map.png" >}}\n')
    write(hugo, "content/posts/trip/gallery/one.jpg", "one")
    write(hugo, "content/posts/trip/map.png", "map")
    write(
        hugo, "content/posts/logo.md", '---\ntitle: Logo\n---\n{{< asset-img "img/logo.png" >}}\n'
    )
    write(hugo, "assets/img/logo.png", "logo")
    jekyll = tmp_path / "jekyll"
    write(
        jekyll,
        "_posts/2017-03-05-photos.md",
        "---\ntitle: Photos\nheader:\n  overlay_image: /assets/img/rocks.jpg\n"
        "gallery:\n  - image_path: assets/img/g1.jpg\n---\n"
        '{% include figure.html src="/assets/img/fig.png" %}\n',
    )
    for name in ("rocks.jpg", "g1.jpg", "fig.png"):
        write(jekyll, f"assets/img/{name}", name)
    nextjs = tmp_path / "nextjs"
    write(
        nextjs,
        "_posts/p2ms.md",
        "---\ntitle: P2MS\ncoverImage: /assets/blog/p2ms/cover.png\n"
        "ogImage:\n  url: /assets/blog/p2ms/social.png\n---\nText.\n",
    )
    write(nextjs, "public/assets/blog/p2ms/cover.png", "cover")
    write(nextjs, "public/assets/blog/p2ms/social.png", "social")

    for blog, profile in ((hugo, "hugo"), (jekyll, "jekyll"), (nextjs, "nextjs")):
        result = import_repository(blog, profile, tmp_path / f"{profile}-library")
        assert not result.problems, [str(problem) for problem in result.problems]
        exported = export_into_empty_folder(
            tmp_path / f"{profile}-library", profile, tmp_path / f"{profile}-empty"
        )
        assert exported == tree(blog), profile


def test_a_translation_in_its_languages_content_folder_knows_its_original(
    tmp_path: Path,
) -> None:
    book = tmp_path / "book"
    write(
        book,
        "hugo.toml",
        'defaultContentLanguage = "en"\n[languages.en]\ncontentDir = "content/en"\n'
        '[languages.fr]\ncontentDir = "content/fr"\n',
    )
    write(book, "content/en/post/intro.md", "---\ntitle: Intro\n---\nHello.\n")
    write(book, "content/fr/post/intro.md", "---\ntitle: Introduction\n---\nBonjour.\n")

    import_repository(book, "hugo", tmp_path / "library")

    translations = {
        post.parent.name: load_origin(post) for post in (tmp_path / "library").glob("*/index.md")
    }
    assert {name: origin.translation_of for name, origin in translations.items() if origin} == {
        "intro": None,
        "intro-2": "content/en/post/intro.md",
    }
