"""A new post in a blog follows the blog's own conventions, learned from its posts and config:
its path and name, its fields in their order, its date format, its draft marking and where its
images go; a blog without posts gets what the export profile of its kind writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from editor.core.blog.conventions import image_folder, learn_conventions, new_post_file
from editor.core.errors import PostdeskError

BLOGS = Path(__file__).resolve().parents[2] / "data" / "blogs"
# A Tuesday morning in Berlin in winter.
WHEN = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TITLE = "Hello: a new world"
SLUG = "hello-a-new-world"


def blog(name: str, tmp_path: Path) -> Path:
    """A copy of the fixture blog ``name`` (tests never change the fixtures)."""
    return Path(shutil.copytree(BLOGS / name, tmp_path / name))


# (fixture, kind, draft?) -> (the new post's path in the blog, its whole text)
EXPECTED = {
    ("jekyll-news", "jekyll", False): (
        f"_posts/2026-12-08-{SLUG}.markdown",
        f"---\ntitle: '{TITLE}'\ndate: 2026-12-08 09:30:00 +0100\ntags: []\n---\n",
    ),
    ("jekyll-news", "jekyll", True): (
        f"_drafts/{SLUG}.markdown",
        f"---\ntitle: '{TITLE}'\ndate: 2026-12-08 09:30:00 +0100\ntags: []\n---\n",
    ),
    ("jekyll-theme-demo", "jekyll", False): (
        f"_posts/2026-12-08-{SLUG}.md",
        f'---\ntitle: "{TITLE}"\ndate: "2026-12-08 09:30:00 +0100"\ntags: []\n---\n',
    ),
    ("jekyll-iso-dates", "jekyll", False): (
        f"_posts/2026-12-08-{SLUG}.md",
        f'---\nlayout: post\ntitle: "{TITLE}"\ndate: 2026-12-08T09:30:00+01:00\n'
        "author: Priya Nair\ntags: []\n---\n",
    ),
    ("jekyll-iso-dates", "jekyll", True): (
        f"_posts/2026-12-08-{SLUG}.md",
        f'---\nlayout: post\ntitle: "{TITLE}"\ndate: 2026-12-08T09:30:00+01:00\n'
        "author: Priya Nair\ntags: []\npublished: false\n---\n",
    ),
    ("hugo-toml-bundles", "hugo", False): (
        f"content/blog/{SLUG}/index.md",
        f'+++\ntitle = "{TITLE}"\ndate = 2026-12-08T09:30:00+01:00\ndraft = false\n'
        'author = "Jonas Weber"\ntags = []\n+++\n',
    ),
    ("hugo-toml-bundles", "hugo", True): (
        f"content/blog/{SLUG}/index.md",
        f'+++\ntitle = "{TITLE}"\ndate = 2026-12-08T09:30:00+01:00\ndraft = true\n'
        'author = "Jonas Weber"\ntags = []\n+++\n',
    ),
    ("hugo-theme-demo", "hugo", False): (
        f"content/posts/{SLUG}.md",
        f'---\ntitle: "{TITLE}"\ndate: 2026-12-08T09:30:00+01:00\ntags: []\n---\n',
    ),
    ("hugo-theme-demo", "hugo", True): (
        f"content/posts/{SLUG}.md",
        f'---\ntitle: "{TITLE}"\ndate: 2026-12-08T09:30:00+01:00\ndraft: true\ntags: []\n---\n',
    ),
    ("nextjs-starter-blog", "nextjs", False): (
        f"_posts/{SLUG}.md",
        f'---\ntitle: "{TITLE}"\nexcerpt: ""\ncoverImage: ""\n'
        'date: "2026-12-08T08:30:00.000Z"\nauthor:\n  name: Dana Reyes\n'
        '  picture: "/assets/blog/authors/dana.jpeg"\n'
        'ogImage:\n  url: ""\ntags: []\n---\n',
    ),
}


@pytest.mark.parametrize(("name", "kind", "draft"), list(EXPECTED))
def test_a_new_post_follows_the_blogs_pattern(
    name: str, kind: str, draft: bool, tmp_path: Path
) -> None:
    root = blog(name, tmp_path)
    path, text = new_post_file(learn_conventions(root, kind), TITLE, WHEN, draft=draft)
    assert (path.relative_to(root).as_posix(), text) == EXPECTED[name, kind, draft]


def test_a_nextjs_draft_is_marked_as_its_post_reader_filters(tmp_path: Path) -> None:
    # The starter's api.ts leaves out posts with `published: false`, and one post carries
    # `published` first: a draft says so in that place.
    root = blog("nextjs-starter-blog", tmp_path)
    _path, text = new_post_file(learn_conventions(root, "nextjs"), TITLE, WHEN, draft=True)
    assert text.startswith(f'---\npublished: false\ntitle: "{TITLE}"\n')
    assert "draft" not in text


@pytest.mark.parametrize(
    ("name", "kind", "folder"),
    [
        ("jekyll-news", "jekyll", "img/news"),  # one shared folder for every post
        ("jekyll-theme-demo", "jekyll", "assets/images"),
        ("jekyll-iso-dates", "jekyll", f"assets/images/{SLUG}"),
        ("hugo-toml-bundles", "hugo", f"content/blog/{SLUG}"),  # beside index.md
        ("hugo-theme-demo", "hugo", "static/images"),  # single files have no bundle
        ("nextjs-starter-blog", "nextjs", f"public/assets/blog/{SLUG}"),
    ],
)
def test_images_go_where_the_blogs_posts_keep_theirs(
    name: str, kind: str, folder: str, tmp_path: Path
) -> None:
    root = blog(name, tmp_path)
    conventions = learn_conventions(root, kind)
    path, _text = new_post_file(conventions, TITLE, WHEN, draft=False)
    assert image_folder(conventions, path, SLUG) == root / folder


# An empty blog of each kind: the files that make it one, nothing else.
EMPTY = {
    "jekyll": {"_config.yml": "title: New\n"},
    "hugo": {"hugo.toml": 'title = "New"\n'},
    "nextjs": {"package.json": '{"dependencies": {"next": "15.0.0"}}\n'},
}


@pytest.mark.parametrize(
    ("kind", "where", "text", "images"),
    [
        (
            "jekyll",
            f"_posts/2026-12-08-{SLUG}.md",
            f'---\nlayout: post\ntitle: "{TITLE}"\ndate: 2026-12-08 09:30:00 +0100\n---\n',
            f"assets/images/{SLUG}",
        ),
        (
            "hugo",
            f"content/posts/{SLUG}/index.md",
            f'---\ntitle: "{TITLE}"\ndate: 2026-12-08T09:30:00+01:00\ndraft: false\n'
            "tags: []\n---\n",
            f"content/posts/{SLUG}",
        ),
        (
            "nextjs",
            f"_posts/{SLUG}.md",
            f'---\ntitle: "{TITLE}"\nexcerpt: ""\ncoverImage: ""\n'
            'date: "2026-12-08T09:30:00+01:00"\nogImage:\n  url: ""\ntags: []\n---\n',
            f"public/assets/blog/{SLUG}",
        ),
    ],
)
def test_a_blog_without_posts_gets_what_its_export_profile_writes(
    kind: str, where: str, text: str, images: str, tmp_path: Path
) -> None:
    for name, content in EMPTY[kind].items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    conventions = learn_conventions(tmp_path, kind)
    path, written = new_post_file(conventions, TITLE, WHEN, draft=False)
    assert (path.relative_to(tmp_path).as_posix(), written) == (where, text)
    assert image_folder(conventions, path, SLUG) == tmp_path / images


def test_a_jekyll_draft_of_an_empty_blog_goes_to_drafts(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: New\n", encoding="utf-8")
    path, _text = new_post_file(learn_conventions(tmp_path, "jekyll"), TITLE, WHEN, draft=True)
    assert path == tmp_path / "_drafts" / f"{SLUG}.md"


def test_the_config_default_author_is_used_only_where_posts_name_one(tmp_path: Path) -> None:
    # hugo-theme-demo's config names "Ledger Authors", but most of its posts name nobody.
    root = blog("hugo-theme-demo", tmp_path)
    _path, text = new_post_file(learn_conventions(root, "hugo"), TITLE, WHEN, draft=False)
    assert "author" not in text


@pytest.mark.parametrize(
    ("name", "kind", "taken"),
    [
        ("jekyll-news", "jekyll", f"_posts/2026-12-08-{SLUG}.markdown"),
        ("hugo-toml-bundles", "hugo", f"content/blog/{SLUG}/index.md"),
        ("nextjs-starter-blog", "nextjs", f"_posts/{SLUG}.md"),
    ],
)
def test_a_taken_name_gets_the_next_free_one(
    name: str, kind: str, taken: str, tmp_path: Path
) -> None:
    root = blog(name, tmp_path)
    (root / taken).parent.mkdir(parents=True, exist_ok=True)
    (root / taken).write_text("mine\n", encoding="utf-8")
    path, _text = new_post_file(learn_conventions(root, kind), TITLE, WHEN, draft=False)
    assert path == root / taken.replace(SLUG, f"{SLUG}-2")


def test_an_image_folder_left_by_another_post_takes_the_name_too(tmp_path: Path) -> None:
    root = blog("nextjs-starter-blog", tmp_path)
    (root / "public/assets/blog" / SLUG).mkdir()
    path, _text = new_post_file(learn_conventions(root, "nextjs"), TITLE, WHEN, draft=False)
    assert path == root / "_posts" / f"{SLUG}-2.md"


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_a_post_folder_leading_outside_the_blog_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    (root / "_config.yml").write_text("title: New\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (root / "_posts").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(PostdeskError, match="outside the blog"):
        new_post_file(learn_conventions(root, "jekyll"), TITLE, WHEN, draft=False)


@pytest.mark.parametrize("kind", ["jekyll", "hugo", "nextjs"])
def test_a_folder_that_is_no_blog_of_that_kind_is_refused(kind: str, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    with pytest.raises(PostdeskError, match=f"not a {kind} blog"):
        learn_conventions(tmp_path, kind)


def test_a_nextjs_post_reads_as_the_starter_reads_it(tmp_path: Path) -> None:
    # gray-matter parses front matter with js-yaml, which reads YAML as PyYAML's safe loader
    # does: the date must stay a string (the starter sorts and formats the text).
    root = blog("nextjs-starter-blog", tmp_path)
    _path, text = new_post_file(learn_conventions(root, "nextjs"), TITLE, WHEN, draft=False)
    fields = yaml.safe_load(text.split("---\n")[1])
    assert fields["title"] == TITLE
    assert fields["date"] == "2026-12-08T08:30:00.000Z"
    assert fields["ogImage"] == {"url": ""}
    assert {"excerpt", "coverImage", "author", "tags"} <= set(fields)
    assert fields.get("published") is not False


def test_a_hugo_blog_writing_json_front_matter_gets_json(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('title = "Generated"\n', encoding="utf-8")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for day in ("01", "02"):
        (posts / f"made-by-a-script-{day}.md").write_text(
            f'{{\n  "title": "Made by a script",\n  "date": "2024-05-{day}T10:00:00Z",\n'
            '  "tags": ["tools"]\n}\n\nBody.\n',
            encoding="utf-8",
        )
    path, text = new_post_file(learn_conventions(tmp_path, "hugo"), TITLE, WHEN, draft=True)
    assert path == posts / f"{SLUG}.md"
    assert json.loads(text) == {
        "title": TITLE,
        "date": "2026-12-08T08:30:00Z",
        "tags": [],
        "draft": True,
    }
