"""The library index: scanning, kinds, titles, tags, order, settings, the cache and refresh."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from editor.core.document.paths import image_path
from editor.core.document.post import Author
from editor.core.errors import FrontMatterError, PostdeskError
from editor.core.library.indexcache import CACHE_VERSION, LibraryEntry
from editor.core.library.library import Library, TagCount

SAMPLES = Path(__file__).resolve().parents[3] / "sample_posts"


def write(path: Path, text: str | bytes) -> Path:
    """Write a file, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def post(title: str, date: str | None = None, tags: list[str] | None = None, **extra: str) -> str:
    """A post's text with front matter."""
    lines = ["---", f"title: {title!r}"]
    if date is not None:
        lines.append(f'date: "{date}"')
    if tags is not None:
        lines.append("tags:")
        lines += [f"  - {tag}" for tag in tags]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join([*lines, "---", "", "Body text.", ""])


@pytest.fixture
def library_root(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    write(root / "newest" / "index.md", post("Newest", "2025-06-01T10:00:00+02:00", ["ML", "git"]))
    write(root / "older" / "index.md", post("Older", "2024-01-01T10:00:00+00:00", ["ml", "Git"]))
    write(root / "draft" / "index.md", post("A draft", "2025-01-01T00:00:00+00:00", draft="true"))
    write(root / "single.md", post("Single file", "2023-05-05T05:05:05+00:00", ["ML"]))
    write(root / "notes" / "idea.md", "Some intro\n\n# The idea\n\ntext\n")
    write(root / "notes" / "untitled-thought.md", "just text\n")
    write(root / "undated" / "index.md", post("Undated b"))
    write(root / "undated-a" / "index.md", post("undated A"))
    write(root / "broken" / "index.md", "---\ntitle: [unclosed\n---\nbody\n")
    write(root / ".git" / "hidden.md", post("Hidden"))
    write(root / "node_modules" / "pkg" / "readme.md", post("Dependency"))
    write(root / "image.png", b"\x89PNG")
    return root


def test_scan_finds_bundles_and_single_files_but_not_hidden_or_tooling(library_root: Path) -> None:
    library = Library.scan(library_root)
    names = {entry.path.relative_to(library_root).as_posix() for entry in library.entries}
    assert names == {
        "newest/index.md",
        "older/index.md",
        "draft/index.md",
        "single.md",
        "notes/idea.md",
        "notes/untitled-thought.md",
        "undated/index.md",
        "undated-a/index.md",
        "broken/index.md",
    }


def test_kinds_titles_and_slugs(library_root: Path) -> None:
    library = Library.scan(library_root)

    def entry(name: str) -> LibraryEntry:
        found = library.entry(library_root / name)
        assert found is not None
        return found

    assert entry("newest/index.md").kind == "post"
    assert entry("newest/index.md").slug == "newest"
    assert entry("draft/index.md").kind == "draft"
    assert entry("single.md").slug == "single"
    assert entry("notes/idea.md").kind == "note"
    assert entry("notes/idea.md").title == "The idea"
    assert entry("notes/untitled-thought.md").title == "untitled-thought"
    broken = entry("broken/index.md")
    assert broken.kind == "broken"
    assert isinstance(broken.error, FrontMatterError)
    assert broken.error.line == 2
    assert broken.title == "broken"


def test_entries_are_newest_first_with_undated_last_by_title(library_root: Path) -> None:
    library = Library.scan(library_root)
    titles = [entry.title for entry in library.entries]
    assert titles[:4] == ["Newest", "A draft", "Older", "Single file"]
    undated = titles[4:]
    assert undated == sorted(undated, key=str.casefold)
    assert all(entry.date is None for entry in library.entries[4:])
    assert isinstance(library.entries[0].date, datetime)


def test_tag_counts_group_case_and_show_the_most_common_spelling(library_root: Path) -> None:
    counts = {count.name.casefold(): count for count in Library.scan(library_root).tag_counts()}
    assert counts["ml"] == TagCount("ML", 3, ("ML", "ml"))
    assert counts["git"].count == 2
    assert set(counts["git"].spellings) == {"git", "Git"}
    # Tie between "git" and "Git": the newest post's spelling wins.
    assert counts["git"].name == "git"


def test_a_post_carrying_a_tag_twice_counts_once(tmp_path: Path) -> None:
    write(tmp_path / "a" / "index.md", post("A", tags=["ML", "ml"]))
    assert Library.scan(tmp_path).tag_counts()[0].count == 1


def test_cover_image_is_resolved_against_the_post_folder(tmp_path: Path) -> None:
    text = "---\ntitle: A\ncover:\n  image: cover.jpg\n  alt: x\n---\n"
    write(tmp_path / "a" / "index.md", text)
    write(tmp_path / "b" / "index.md", "---\ntitle: B\ncover:\n  image: ../../outside.jpg\n---\n")
    library = Library.scan(tmp_path)
    a = library.entry(tmp_path / "a" / "index.md")
    b = library.entry(tmp_path / "b" / "index.md")
    assert a is not None and a.cover_image == tmp_path / "a" / "cover.jpg"
    assert b is not None and b.cover_image is None


def test_binary_and_non_utf8_files_are_broken_not_fatal(tmp_path: Path) -> None:
    write(tmp_path / "bin.md", b"\x00\x01\x02binary")
    write(tmp_path / "latin1.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    write(tmp_path / "fine.md", post("Fine"))
    library = Library.scan(tmp_path)
    kinds = {entry.path.name: entry.kind for entry in library.entries}
    assert kinds == {"bin.md": "broken", "latin1.md": "broken", "fine.md": "post"}
    latin = library.entry(tmp_path / "latin1.md")
    assert latin is not None and latin.error is not None
    assert "UTF-8" in latin.error.message


def test_scanning_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PostdeskError, match="no such folder"):
        Library.scan(tmp_path / "nope")


def test_symlinked_folders_are_not_followed_and_links_out_are_broken(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.md", post("Secret"))
    root = tmp_path / "library"
    write(root / "a" / "index.md", post("A"))
    os.symlink(root, root / "loop")
    os.symlink(outside, root / "linked.md")
    os.symlink(root / "a" / "index.md", root / "inside-link.md")
    library = Library.scan(root)
    kinds = {entry.path.relative_to(root).as_posix(): entry.kind for entry in library.entries}
    assert kinds == {"a/index.md": "post", "inside-link.md": "post", "linked.md": "broken"}
    linked = library.entry(root / "linked.md")
    assert linked is not None and linked.error is not None
    assert "outside the library" in linked.error.message
    assert linked.title == "linked"


def test_settings_are_read_with_picture_and_target(tmp_path: Path) -> None:
    write(
        tmp_path / ".postdesk.yaml",
        "author:\n  name: Ada\n  picture: ada.png\nexport:\n  profile: hugo\n  target: ../site\n",
    )
    library = Library.scan(tmp_path)
    assert library.settings_error is None
    assert library.settings.author == Author("Ada", "ada.png")
    assert library.settings.export_profile == "hugo"
    assert library.settings.export_target == tmp_path / "../site"


def test_bad_settings_yaml_is_an_error_with_a_line_not_an_exception(tmp_path: Path) -> None:
    write(tmp_path / ".postdesk.yaml", "author:\n  name: [Ada\n")
    library = Library.scan(tmp_path)
    assert library.settings.author is None
    assert library.settings_error is not None
    assert library.settings_error.path == tmp_path / ".postdesk.yaml"
    assert library.settings_error.line is not None
    assert "\n" not in str(library.settings_error)


def test_sample_library_scans_cleanly() -> None:
    library = Library.scan(SAMPLES)
    assert library.settings_error is None
    assert library.settings.author is not None
    kinds = [entry.kind for entry in library.entries]
    assert kinds.count("draft") >= 1
    assert kinds.count("note") >= 2
    assert "broken" not in kinds


def test_rescan_reads_only_what_changed(library_root: Path) -> None:
    library = Library.scan(library_root)
    before = {entry.path: entry for entry in library.entries}
    changed = library_root / "older" / "index.md"
    write(changed, post("Older, renamed", "2024-01-01T10:00:00+00:00", ["ml"]))
    os.utime(changed, ns=(1, 1))
    library.rescan()
    after = {entry.path: entry for entry in library.entries}
    assert after[changed].title == "Older, renamed"
    # Unchanged files are not read again: the very same entry objects are kept.
    assert all(after[path] is before[path] for path in before if path != changed)


def test_refresh_adds_changes_and_removes_one_document(library_root: Path) -> None:
    library = Library.scan(library_root)
    added = write(library_root / "fresh" / "index.md", post("Fresh", "2030-01-01T00:00:00+00:00"))
    library.refresh(added)
    assert library.entries[0].title == "Fresh"
    write(added, post("Fresh again", "2030-01-01T00:00:00+00:00", ["New"]))
    os.utime(added, ns=(2, 2))
    library.refresh(added.resolve())  # an absolute spelling finds the same entry
    assert library.entries[0].title == "Fresh again"
    assert library.entry(added) is library.entries[0]
    added.unlink()
    library.refresh(added)
    assert library.entry(added) is None
    assert "Fresh again" not in [entry.title for entry in library.entries]


def test_refresh_of_a_removed_folder_drops_its_documents(library_root: Path) -> None:
    library = Library.scan(library_root)
    (library_root / "notes" / "idea.md").unlink()
    (library_root / "notes" / "untitled-thought.md").unlink()
    (library_root / "notes").rmdir()
    library.refresh(library_root / "notes")
    assert not [entry for entry in library.entries if "notes" in entry.path.parts]


def test_refresh_of_settings_reloads_them(tmp_path: Path) -> None:
    library = Library.scan(tmp_path)
    settings = write(tmp_path / ".postdesk.yaml", "author: Ada\n")
    library.refresh(settings)
    assert library.settings.author == Author("Ada", "")


def test_cache_file_is_written_and_reused(library_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "index.json"
    first = Library.scan(library_root, cache_file=cache)
    assert json.loads(cache.read_text(encoding="utf-8"))["entries"]
    second = Library.scan(library_root, cache_file=cache)
    # Errors are exceptions (compared by identity): compare their text.
    assert [replace(entry, error=None) for entry in second.entries] == [
        replace(entry, error=None) for entry in first.entries
    ]
    assert [str(entry.error) for entry in second.entries] == [
        str(entry.error) for entry in first.entries
    ]
    broken = second.entry(library_root / "broken" / "index.md")
    assert broken is not None and isinstance(broken.error, FrontMatterError)


def test_cache_file_hides_nothing_that_changed(library_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.json"
    Library.scan(library_root, cache_file=cache)
    changed = write(library_root / "newest" / "index.md", post("Changed", tags=["x"]))
    os.utime(changed, ns=(3, 3))
    library = Library.scan(library_root, cache_file=cache)
    entry = library.entry(changed)
    assert entry is not None and entry.title == "Changed"


def test_a_corrupt_cache_file_is_ignored(library_root: Path, tmp_path: Path) -> None:
    cache = write(tmp_path / "index.json", "{not json")
    library = Library.scan(library_root, cache_file=cache)
    assert len(library.entries) == 9
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == CACHE_VERSION


def test_a_cache_file_of_an_older_version_is_read_again(library_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.json"
    Library.scan(library_root, cache_file=cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    # Version 2 stamped size, mtime_ns and inode, and the titles here are not the files'.
    for record in data["entries"].values():
        record["stamp"] = record["stamp"][:3]
        record["title"] = "Stale"
    cache.write_text(json.dumps({**data, "version": 2}), encoding="utf-8")
    library = Library.scan(library_root, cache_file=cache)
    assert len(library.entries) == 9
    assert all(entry.title != "Stale" for entry in library.entries)
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == CACHE_VERSION


def test_a_huge_file_is_indexed_from_its_head(tmp_path: Path) -> None:
    big = write(tmp_path / "big.md", post("Big", tags=["t"]) + "x" * (2 * 1024 * 1024))
    entry = Library.scan(tmp_path).entry(big)
    assert entry is not None and entry.title == "Big" and entry.tags == ("t",)


def test_image_path_stays_inside_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "post"
    assert image_path(tmp_path, folder, "cover.jpg") == tmp_path / "post" / "cover.jpg"
    assert image_path(tmp_path, folder, "../shared/x.png") == tmp_path / "shared" / "x.png"
    assert image_path(tmp_path, folder, "my%20pic.png?v=1#x") == tmp_path / "post" / "my%20pic.png"
    for bad in ["../../secret.png", "/etc/passwd", "https://example.com/x.png", ""]:
        with pytest.raises(PostdeskError):
            image_path(tmp_path, folder, bad)


def test_metadata_past_the_first_kibibytes_is_still_found(tmp_path: Path) -> None:
    long_front = "---\ntitle: Long\n" + "".join(f"k{n}: {'v' * 60}\n" for n in range(200))
    write(tmp_path / "long.md", long_front + "tags: [late]\n---\nbody\n")
    write(tmp_path / "note.md", "text line\n" * 2000 + "# Far heading\n")
    cut = "x" * (8 * 1024 - 4) + "\n# Heading cut by the head\n" + "y\n" * 5000
    write(tmp_path / "cut.md", cut)
    library = Library.scan(tmp_path)
    titles = {entry.path.name: (entry.title, entry.tags) for entry in library.entries}
    assert titles == {
        "long.md": ("Long", ("late",)),
        "note.md": ("Far heading", ()),
        "cut.md": ("Heading cut by the head", ()),
    }


def test_a_bad_byte_deep_in_the_body_is_left_to_the_checks(tmp_path: Path) -> None:
    # The index reads only the head of a document; check_library and opening it read it all.
    write(tmp_path / "a.md", post("A").encode() + b"x" * 20_000 + b"\xff\n")
    entry = Library.scan(tmp_path).entries[0]
    assert (entry.kind, entry.title) == ("post", "A")


def test_one_bad_file_of_each_kind_leaves_the_rest_of_the_library_readable(
    library_root: Path, tmp_path: Path
) -> None:
    # A folder name that is not UTF-8, a number Python refuses, a day the calendar lacks.
    odd = Path(os.fsdecode(bytes(library_root / "caf") + b"\xe9"))
    write(odd / "index.md", post("Odd folder name"))
    write(library_root / "huge" / "index.md", f"---\ntitle: Huge\nviews: {'9' * 5000}\n---\n")
    write(library_root / "feb" / "index.md", "---\ntitle: Feb\ndate: 2023-02-29\n---\n")
    cache = tmp_path / "cache" / "index.json"

    first = Library.scan(library_root, cache_file=cache)
    second = Library.scan(library_root, cache_file=cache)

    for library in (first, second):
        assert len(library.entries) == 12
        titles = {entry.title for entry in library.entries}
        assert {"Odd folder name", "Huge", "Feb"} <= titles
        assert library.entry(odd / "index.md") is not None
    assert odd.name in {Path(key).parent.name for key in json.loads(cache.read_text())["entries"]}


def test_a_markdown_post_is_listed_like_an_md_post(tmp_path: Path) -> None:
    (tmp_path / "first.markdown").write_text("---\ntitle: First\n---\nText\n", encoding="utf-8")
    bundle = tmp_path / "second"
    bundle.mkdir()
    (bundle / "index.markdown").write_text("---\ntitle: Second\n---\n", encoding="utf-8")
    library = Library.scan(tmp_path)
    assert sorted(entry.title for entry in library.entries) == ["First", "Second"]
    assert {entry.slug for entry in library.entries} == {"first", "second"}
