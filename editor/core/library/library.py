"""The library: every Markdown document under a folder, indexed by title, date, tags and kind.

Scanning reads each document's front matter once and remembers it by path, size and
modification time, so scanning again (or reopening the library with a cache file) only reads
the documents that changed. One unreadable document never stops a scan: it is listed as
``broken`` with its error.
"""

from __future__ import annotations

import codecs
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.blog.blogfile import parse_blog_front_matter, split_blog_file
from editor.core.blog.fields import blog_fields
from editor.core.blog.images import blog_cover_path, blog_image_path
from editor.core.blog.recognise import Blog, PostFile, recognise_blog
from editor.core.document import frontmatter, textfile
from editor.core.document.docfiles import FileStamp, is_document_name, is_document_path
from editor.core.document.paths import SETTINGS_FILE, image_path, is_remote
from editor.core.document.post import Author, Post, parse_author
from editor.core.errors import FrontMatterError, PostdeskError, UnsafePathError
from editor.core.library.fastyaml import parse_simple
from editor.core.library.indexcache import (
    CachedEntry,
    LibraryEntry,
    read_cache_file,
    write_cache_file,
)
from editor.core.render.outline import first_heading

# Folders that hold tooling, not writing; hidden folders (.git, .postdesk) are skipped too.
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv"})

# Indexing reads a document's head; the front matter and title are nearly always in it.
_HEAD_BYTES = 8 * 1024
# load_post hands bigger files to Post.load; the index reads only the head of them.
_FULL_READ_LIMIT = 1024 * 1024
_BIG_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class TagCount:
    """A tag and how many documents carry it, its spellings grouped case-insensitively."""

    name: str  # the most common spelling
    count: int
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class LibrarySettings:
    """Library-wide settings from ``.postdesk.yaml``.

    ``author.picture`` is relative to the library folder; ``export_target`` is resolved
    against it.
    """

    author: Author | None = None
    export_profile: str | None = None
    export_target: Path | None = None


class Library:
    """The documents under ``root``, newest first (undated ones last, then by title)."""

    def __init__(
        self, root: Path, *, cache_file: Path | None = None, blog: Blog | None = None
    ) -> None:
        """An empty library for ``root``; call ``rescan()`` (or use ``Library.scan``) to fill it.

        With ``blog`` (the blog repository at ``root``) the library is that blog's posts, as
        they are: see ``Library.scan``.
        """
        self.root = Path(root)
        self.blog = blog
        # A blog's post files by index key, with the name and draft folder its engine gives.
        self._blog_posts: dict[str, PostFile] = {}
        self.settings = LibrarySettings()
        self.settings_error: PostdeskError | None = None
        self.entries: list[LibraryEntry] = []
        # Folders and files the last scan could not read (path, why): the scan is incomplete.
        self.unreadable: list[tuple[Path, str]] = []
        self.cache_file = cache_file
        self._cache: dict[str, CachedEntry] = {}
        self._by_path: dict[str, LibraryEntry] = {}

    @classmethod
    def scan(
        cls, root: Path, *, cache_file: Path | None = None, profile: str | None = None
    ) -> Library:
        """Index every document (``*.md``, ``*.markdown``) under ``root``.

        A blog repository (see ``recognise_blog``; ``profile`` names its kind instead of the
        guess) is indexed in place: its posts and drafts at any depth, read through the blog's
        own field names, and none of its pages; nothing is written inside it. With
        ``cache_file`` (for example ``<root>/.postdesk/index-cache.json``) the index is
        kept on disk too, so the next scan only reads the documents that changed. Raises
        PostdeskError when ``root`` is not a folder; a bad document or a bad
        ``.postdesk.yaml`` never raises (see ``LibraryEntry.error`` and ``settings_error``).
        """
        root = Path(root)
        if not root.is_dir():
            problem = "no such folder" if not root.exists() else "not a folder"
            raise PostdeskError(problem, root)
        library = cls(root, cache_file=cache_file, blog=recognise_blog(root, profile))
        if cache_file is not None:
            library._cache = read_cache_file(cache_file, root)
        library.rescan()
        return library

    def rescan(self) -> None:
        """Walk the folder again, re-reading only documents whose size or mtime changed."""
        self.settings, self.settings_error = read_settings(self.root)
        seen: dict[str, CachedEntry] = {}
        self.unreadable = []
        for key, path, stat, is_link in self._documents():
            cached = self._cache.get(key)
            if cached is None or cached.stamp != FileStamp.of(stat):
                entry = self._read_entry(Path(path), key, stat, is_link)
                cached = CachedEntry(FileStamp.of(stat), entry)
            seen[key] = cached
        changed = seen.keys() != self._cache.keys() or any(
            self._cache[key] is not value for key, value in seen.items()
        )
        self._cache = seen
        self._rebuild()
        if changed:
            self._write_cache()

    def image_path(self, folder: Path, reference: str, *, source: Path | None = None) -> Path:
        """The file an image ``reference`` written in a document in ``folder`` shows: as the
        library's blog resolves it (site-root paths, Liquid prefixes), else relative to
        ``folder`` inside the library. UnsafePathError (naming ``source``) as ``image_path``."""
        if self.blog is None:
            return image_path(self.root, folder, reference, source=source)

        return blog_image_path(self.blog, folder, reference, source=source)

    def tag_counts(self) -> list[TagCount]:
        """Every tag with the number of documents carrying it, most used first.

        Tags that differ only by case count as one; ``name`` is the spelling most documents
        use (ties: the one in the newest document) and ``spellings`` lists all of them.
        """
        groups: dict[str, dict[str, int]] = {}
        documents: dict[str, int] = {}
        for entry in self.entries:
            seen_here: set[str] = set()
            for tag in entry.tags:
                folded = tag.casefold()
                spellings = groups.setdefault(folded, {})
                spellings[tag] = spellings.get(tag, 0) + 1
                if folded not in seen_here:
                    seen_here.add(folded)
                    documents[folded] = documents.get(folded, 0) + 1
        counts = []
        for folded, spellings in groups.items():
            # sorted() is stable and dicts keep first-seen order: on a tie, the spelling of
            # the newest document comes first.
            ordered = sorted(spellings, key=lambda spelling: -spellings[spelling])
            counts.append(TagCount(ordered[0], documents[folded], tuple(ordered)))
        counts.sort(key=lambda tag: (-tag.count, tag.name.casefold(), tag.name))
        return counts

    def entry(self, path: Path) -> LibraryEntry | None:
        """The entry for the document at ``path`` (absolute or as listed), or None."""
        key = self._key(Path(path))
        return self._by_path.get(key) if key is not None else None

    def refresh(self, path: Path) -> None:
        """Bring one path up to date: a document added, changed or removed, or a folder.

        ``.postdesk.yaml`` reloads the settings; a folder (added, renamed or removed) is
        rescanned through the cache.
        """
        key = self._key(Path(path))
        if key is None:
            return
        path = self.root / key
        if path.name == SETTINGS_FILE and path.parent == self.root:
            self.settings, self.settings_error = read_settings(self.root)
            return
        if path.is_dir() or (not path.exists() and not is_document_path(path)):
            self.rescan()
            return
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if stat is None or not self._is_document(path, key):
            if self._cache.pop(key, None) is None:
                return
        else:
            cached = self._cache.get(key)
            if cached is not None and cached.stamp == FileStamp.of(stat):
                return
            entry = self._read_entry(path, key, stat, path.is_symlink())
            self._cache[key] = CachedEntry(FileStamp.of(stat), entry)
        self._rebuild()
        self._write_cache()

    # --- internals -----------------------------------------------------------------------

    def _documents(self) -> Iterator[tuple[str, str, os.stat_result, bool]]:
        """The documents a scan indexes: a blog's post files, or every document file."""
        if self.blog is None:
            yield from _walk_documents(self.root, self.unreadable)
            return
        self._blog_posts = {}
        for post in self.blog.posts():
            key = self._key(post.path)
            if key is None or any(part.startswith(".") for part in key.split("/")):
                continue
            self._blog_posts[key] = post
            try:
                yield key, str(post.path), post.path.stat(), post.path.is_symlink()
            except OSError as error:
                self.unreadable.append((post.path, error.strerror or str(error)))

    def _is_document(self, path: Path, key: str) -> bool:
        """True when a scan would list ``path``: a blog's post, or a visible document."""
        if self.blog is None:
            return _is_document(path, self.root)
        self._blog_posts = {
            found: post for post in self.blog.posts() if (found := self._key(post.path)) is not None
        }
        return key in self._blog_posts and path.is_file()

    def _key(self, path: Path) -> str | None:
        """``path`` relative to the root in POSIX style (the index key), None when outside."""
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if relative == ".." or relative.startswith(".." + os.sep):
            return None
        return Path(relative).as_posix()

    def _rebuild(self) -> None:
        self.entries = sorted((cached.entry for cached in self._cache.values()), key=_sort_key)
        self._by_path = {key: cached.entry for key, cached in self._cache.items()}

    def _read_entry(
        self, path: Path, key: str, stat: os.stat_result, is_link: bool
    ) -> LibraryEntry:
        if is_link and not _inside_real(path, os.path.realpath(self.root)):
            # Listed, so the writer sees why it is left out, but never read.
            error = UnsafePathError("the file is a symlink leading outside the library", path)
            return _broken_entry(path, stat, error)
        if self.blog is not None:
            return self._read_blog_entry(self.blog, path, key, stat)
        try:
            post, title = _read_for_index(path)
        except PostdeskError as error:
            return _broken_entry(path, stat, error)
        except OSError as error:
            return _broken_entry(path, stat, PostdeskError(_os_problem(error), path))
        title = title or _stem_title(path)
        return LibraryEntry(
            path=path,
            kind=post.kind,
            title=title,
            date=post.date,
            slug=post.slug,
            tags=tuple(post.tags),
            excerpt=post.excerpt,
            cover_image=self._cover_path(post, key),
            mtime=stat.st_mtime,
            size=stat.st_size,
            error=None,
        )

    def _read_blog_entry(
        self, blog: Blog, path: Path, key: str, stat: os.stat_result
    ) -> LibraryEntry:
        """A blog's post as it is, its fields read under the blog's own names."""

        post = self._blog_posts[key]
        try:
            text = textfile.decode_document(textfile.read_document_bytes(path), path)
            document = split_blog_file(text)
            meta = parse_blog_front_matter(document, path)
        except PostdeskError as error:
            return _broken_entry(path, stat, error)
        except OSError as error:
            return _broken_entry(path, stat, PostdeskError(_os_problem(error), path))
        fields = blog_fields(blog.kind, meta, path, in_drafts=post.in_drafts)
        cover = None
        if fields.cover is not None and not is_remote(fields.cover.image):
            try:
                cover = blog_cover_path(blog, path, fields.cover.image, source=path)
            except UnsafePathError:
                cover = None  # check_library names it
        return LibraryEntry(
            path=path,
            kind="draft" if fields.draft else "post",
            title=fields.title or first_heading(document.body) or _stem_title(path),
            date=fields.date,
            slug=str(meta.get("slug") or "").strip() or post.name,
            tags=tuple(fields.tags),
            excerpt=fields.excerpt,
            cover_image=cover,
            mtime=stat.st_mtime,
            size=stat.st_size,
            error=None,
        )

    def _cover_path(self, post: Post, key: str) -> Path | None:
        # Only a lexical check here (resolving symlinks for 2,000 covers costs more than the
        # rest of a scan); check_library resolves every image fully.
        cover = post.cover
        if cover is None or not cover.image or is_remote(cover.image):
            return None
        reference = cover.image.split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
        if reference.startswith("/"):
            return None
        folder = posixpath.dirname(key)
        if "/" in reference or reference.startswith("."):
            relative = posixpath.normpath(posixpath.join(folder, reference))
        else:
            relative = f"{folder}/{reference}" if folder else reference
        if relative == ".." or relative.startswith("../"):
            return None
        return self.root / relative

    def _write_cache(self) -> None:
        if self.cache_file is None:
            return
        write_cache_file(self.cache_file, self._cache, self.root)


def read_settings(root: Path) -> tuple[LibrarySettings, PostdeskError | None]:
    """The library settings from ``<root>/.postdesk.yaml`` and the problem with it, if any.

    A missing file gives the defaults; invalid YAML or wrongly shaped values give the
    defaults and an error naming the file and line.
    """
    path = Path(root) / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return LibrarySettings(), None
    except UnicodeDecodeError:
        return LibrarySettings(), PostdeskError("not UTF-8 text", path)
    except OSError as error:
        return LibrarySettings(), PostdeskError(_os_problem(error), path)
    try:
        data = frontmatter.parse_front_matter(text, path, first_line=1, what="settings")
    except FrontMatterError as error:
        return LibrarySettings(), error
    try:
        return _settings_from(data, Path(root)), None
    except PostdeskError as error:
        return LibrarySettings(), PostdeskError(error.message, path)


def _settings_from(data: dict[Any, Any], root: Path) -> LibrarySettings:
    raw_author = data.get("author")
    if raw_author is not None and not isinstance(raw_author, (dict, str)):
        raise PostdeskError("author must have a name and a picture")
    author = parse_author(raw_author)
    export = data.get("export") or {}
    if not isinstance(export, dict):
        raise PostdeskError("export must have a profile and a target")
    profile = export.get("profile")
    target = export.get("target")
    return LibrarySettings(
        author=author,
        export_profile=str(profile) if profile else None,
        export_target=root / Path(str(target)).expanduser() if target else None,
    )


def _walk_documents(
    root: Path, unreadable: list[tuple[Path, str]]
) -> Iterator[tuple[str, str, os.stat_result, bool]]:
    """Every document under ``root``: key (POSIX path from the root), path, stat, is a link.

    Hidden and tooling folders are skipped. Symlinked folders are not followed (no loops,
    nothing outside the library); symlinked files are listed (see ``_read_entry``). Each
    folder or entry that cannot be read is added to ``unreadable`` with the reason.
    """
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except OSError as error:
            unreadable.append((Path(folder), error.strerror or str(error)))
            continue
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            try:
                if item.is_dir(follow_symlinks=False):
                    if name not in _SKIPPED_FOLDERS:
                        folders.append((item.path, f"{prefix}{name}/"))
                    continue
                if not is_document_name(name):
                    continue
                if item.is_file():
                    yield prefix + name, item.path, item.stat(), item.is_symlink()
            except OSError as error:
                unreadable.append((Path(item.path), error.strerror or str(error)))
                continue


def _is_document(path: Path, root: Path) -> bool:
    """True when the walk would list ``path``: a visible document file in a visible folder."""
    relative = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root)))
    parts = relative.parts
    if not parts or not is_document_name(parts[-1]):
        return False
    if any(part.startswith(".") or part in _SKIPPED_FOLDERS for part in parts[:-1]):
        return False
    return path.is_file()


def _inside_real(path: Path | str, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real.startswith(real_root + os.sep)


def load_post(path: Path) -> Post:
    """``Post.load(path)``, faster: plain front matter is read without PyYAML's constructor.

    Anything unusual, and every error (binary, not UTF-8, too big, bad YAML), goes through
    ``Post.load``, so the post and the messages are the same.
    """
    path = Path(path)
    with open(path, "rb") as file:
        data = file.read(_FULL_READ_LIMIT + 1)
    return _post_from_bytes(path, data)


def _post_from_bytes(path: Path, data: bytes) -> Post:
    if len(data) > _FULL_READ_LIMIT or b"\0" in data:
        return Post.load(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Post.load(path)
    document = frontmatter.split_document(text)
    mapping = parse_simple(document.front_matter) if document.has_front_matter else {}
    if mapping is None:
        return Post.from_text(text, path)
    return Post(document, mapping, path)


def _read_for_index(path: Path) -> tuple[Post, str]:
    """The post at ``path`` with its title (or first heading), reading as little as it can.

    Usually the first few KiB hold the whole front matter and the title, and the body is not
    read at all. A file that is not UTF-8 or binary past that head is found by
    ``check_library`` and when it is opened. A huge file only has its head read.
    """
    descriptor = os.open(path, os.O_RDONLY)
    try:
        head = os.read(descriptor, _HEAD_BYTES)
    finally:
        os.close(descriptor)
    if len(head) < _HEAD_BYTES:
        post = _post_from_bytes(path, head)
        return post, post.title or first_heading(post.body)
    quick = _from_head(path, head)
    if quick is not None:
        return quick
    if os.path.getsize(path) > _FULL_READ_LIMIT:
        with open(path, "rb") as file:
            big_head = file.read(_BIG_HEAD_BYTES)
        if b"\0" in big_head:
            raise PostdeskError("binary file, not Markdown text", path)
        post = Post.from_text(big_head.decode("utf-8", errors="ignore"), path)
    else:
        post = load_post(path)
    return post, post.title or first_heading(post.body)


def _from_head(path: Path, head: bytes) -> tuple[Post, str] | None:
    """Post and title from the head of a file, or None when the head is not enough."""
    if b"\0" in head:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    document = frontmatter.split_document(text)
    if not document.has_front_matter and text.lstrip(frontmatter.BOM).startswith("---"):
        return None  # the front matter may close further on
    mapping = parse_simple(document.front_matter) if document.has_front_matter else {}
    if mapping is None:
        return None
    post = Post(document, mapping, path)
    # The head's last line may be cut short: look for a heading only in whole lines.
    title = post.title or first_heading(document.body[: document.body.rfind("\n") + 1])
    return (post, title) if title else None


def _broken_entry(path: Path, stat: os.stat_result, error: PostdeskError) -> LibraryEntry:
    return LibraryEntry(
        path=path,
        kind="broken",
        title=_stem_title(path),
        date=None,
        slug="",
        tags=(),
        excerpt="",
        cover_image=None,
        mtime=stat.st_mtime,
        size=stat.st_size,
        error=error,
    )


def _stem_title(path: Path) -> str:
    """A title from the file name: the bundle folder for ``index.md``, else the file stem."""
    name = path.parent.name if path.stem.lower() == "index" and path.parent.name else path.stem
    return name


def _os_problem(error: OSError) -> str:
    return f"cannot read: {error.strerror or error}"


def _sort_key(entry: LibraryEntry) -> tuple[bool, float, str, str]:
    timestamp = -entry.date.timestamp() if entry.date is not None else 0.0
    return (entry.date is None, timestamp, entry.title.casefold(), str(entry.path))
