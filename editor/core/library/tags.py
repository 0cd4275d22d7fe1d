"""Tag operations across a library: rename, merge and delete, each one undoable.

Only the ``tags`` lines of the affected documents are rewritten (through the post model, so
every other byte stays as it was; in a blog opened in place, through the blog's own front
matter editor, whatever its format), each file atomically. The original bytes are kept so the
whole operation can be undone.

A post open in the editor with unsaved changes is never written: its new text is handed back
(``TagChange.edited``) for the editor to apply as an edit of its own, saved with the rest of
the writer's changes. A post open without changes is written like any other file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.document import frontmatter, textfile
from editor.core.document.fsutil import atomic_write_bytes
from editor.core.document.post import Post
from editor.core.errors import PostdeskError
from editor.core.library.library import Library, TagCount

_SEPARATORS = re.compile(r"[\s_-]+")


@dataclass(frozen=True)
class OpenPost:
    """A document open in the editor: its file, the text it holds, and whether that is unsaved."""

    path: Path
    text: str
    modified: bool


@dataclass(frozen=True)
class TagChange:
    """What a tag operation did: the files it rewrote (their bytes before and after) and the
    new text of the open posts with unsaved changes, which it left for the editor."""

    description: str  # "renamed 'ML' to 'Machine Learning'"
    files: tuple[Path, ...]
    original: Mapping[Path, bytes]
    written: Mapping[Path, bytes]
    library: Library | None = field(default=None, repr=False, compare=False)
    edited: Mapping[Path, str] = field(default_factory=dict)  # open post -> its new text
    left_out: Mapping[Path, str] = field(default_factory=dict)  # open post -> why not changed

    def summary(self) -> str:
        """One line for the writer: what changed, on disk and in the editor."""
        if not self.edited and not self.left_out:
            return f"{self.description} in {_count(len(self.files), 'file')}"
        parts = [_count(len(self.files), "file") + " written"]
        if self.edited:
            parts.append(
                _count(len(self.edited), "open post") + " changed in the editor, to be saved"
            )
        if self.left_out:
            parts.append(_count(len(self.left_out), "open post") + " left as it is")
        return f"{self.description}: {', '.join(parts)}"

    def undo(self) -> None:
        """Put every changed file back as it was, each atomically.

        Raises PostdeskError (and restores nothing) when a file was changed again since,
        so no later edit is silently lost.
        """
        for path in self.files:
            try:
                current = path.read_bytes()
            except OSError as error:
                raise PostdeskError(f"cannot undo: {error.strerror or error}", path) from error
            if current != self.written[path]:
                raise PostdeskError("cannot undo: the file was changed since", path)
        for path in self.files:
            atomic_write_bytes(path, self.original[path])
        if self.library is not None:
            for path in self.files:
                self.library.refresh(path)


def rename(library: Library, old: str, new: str, open_posts: Sequence[OpenPost] = ()) -> TagChange:
    """Rename tag ``old`` (any case) to ``new`` in every document carrying it.

    A document that already has ``new`` keeps it once. Raises PostdeskError when ``new`` is
    empty or no document carries ``old``. ``open_posts``: the documents open in the editor.
    """
    new = _cleaned(new)
    return _apply(library, [old], new, f"renamed {old!r} to {new!r}", open_posts)


def merge(
    library: Library,
    source: str | Sequence[str],
    into: str,
    open_posts: Sequence[OpenPost] = (),
) -> TagChange:
    """Replace tag ``source`` (or each of several) with ``into``, keeping one ``into`` per post."""
    sources = [source] if isinstance(source, str) else list(source)
    into = _cleaned(into)
    shown = ", ".join(repr(tag) for tag in sources)
    return _apply(library, sources, into, f"merged {shown} into {into!r}", open_posts)


def delete(library: Library, tag: str, open_posts: Sequence[OpenPost] = ()) -> TagChange:
    """Remove tag ``tag`` (any case) from every document carrying it."""
    return _apply(library, [tag], None, f"deleted {tag!r}", open_posts)


def retagged_text(text: str, path: Path | None, matches: Iterable[str], new: str | None) -> str:
    """The document ``text`` with its tags retagged (see ``retagged``): only its tags lines
    change. PostdeskError when its front matter cannot be read."""
    post = Post.from_text(text, path)
    tags = retagged(post.tags, matches, new)
    if tags == post.tags:
        return text
    post.set_field("tags", tags)
    return post.to_text()


def likely_duplicates(tag_counts: Iterable[TagCount]) -> list[tuple[str, ...]]:
    """Groups of tag spellings that are probably the same tag, most used spelling first.

    Tags match when equal after case folding with spaces, hyphens and underscores treated as
    the same: ``ML Ops``, ``ml-ops`` and ``ML_Ops`` form one group.
    """
    groups: dict[str, list[str]] = {}
    for count in tag_counts:
        key = _SEPARATORS.sub(" ", count.name.casefold()).strip()
        spellings = groups.setdefault(key, [])
        for spelling in (count.name, *count.spellings):
            if spelling not in spellings:
                spellings.append(spelling)
    return [tuple(spellings) for spellings in groups.values() if len(spellings) > 1]


def retagged(tags: Sequence[str], matches: Iterable[str], new: str | None) -> list[str]:
    """``tags`` with every tag in ``matches`` (any case) replaced by ``new`` (None: removed).

    ``new`` takes the place of the first match and appears once, even when the post already
    had it in some spelling. Tags that do not match are left as they are.
    """
    folded = {tag.casefold() for tag in matches}
    if not any(tag.casefold() in folded for tag in tags):
        return list(tags)
    if new is not None:
        folded.add(new.casefold())
    result: list[str] = []
    placed = False
    for tag in tags:
        if tag.casefold() not in folded:
            result.append(tag)
        elif new is not None and not placed:
            result.append(new)
            placed = True
    return result


def _apply(
    library: Library,
    sources: list[str],
    new: str | None,
    description: str,
    open_posts: Sequence[OpenPost],
) -> TagChange:
    """Retag every document carrying one of ``sources``; on failure put back what was done.

    Open posts with unsaved changes are retagged in their text, never on disk.
    """
    library.rescan()
    wanted = {tag.casefold() for tag in sources}
    unsaved = {document.path: document for document in open_posts if document.modified}
    edited: dict[Path, str] = {}
    left_out: dict[Path, str] = {}
    for path, document in unsaved.items():
        try:
            if library.blog is None:
                text = retagged_text(document.text, path, sources, new)
            else:
                text = _retagged_blog_text(library.blog.kind, document.text, path, sources, new)
        except PostdeskError as error:
            if any(tag.casefold() in wanted for tag in _tags_on_disk(library, path)):
                left_out[path] = f"its front matter cannot be read in the editor: {error.message}"
            continue
        if text != document.text:
            edited[path] = text
    # The same file may be named differently by the editor and the index (relative, linked).
    unsaved_entries = {entry.path for path in unsaved if (entry := library.entry(path))}
    targets = [
        entry.path
        for entry in library.entries
        if entry.kind in ("post", "draft")
        and entry.path not in unsaved_entries
        and any(tag.casefold() in wanted for tag in entry.tags)
    ]
    if not targets and not edited and not left_out:
        shown = " or ".join(repr(tag) for tag in sources)
        raise PostdeskError(f"no document has the tag {shown}", library.root)
    original: dict[Path, bytes] = {}
    written: dict[Path, bytes] = {}
    try:
        for path in targets:
            before = path.read_bytes()
            if library.blog is not None:
                after = _retagged_blog_file(library.blog.kind, before, path, sources, new)
                if after == before:
                    continue
                atomic_write_bytes(path, after)
            else:
                post = Post.load(path)
                tags = retagged(post.tags, sources, new)
                if tags == post.tags:
                    continue
                post.set_field("tags", tags)
                post.save()
            original[path] = before
            written[path] = path.read_bytes()
    except (PostdeskError, OSError):
        _restore(original)
        for path in original:
            library.refresh(path)
        raise
    for path in original:
        library.refresh(path)
    return TagChange(description, tuple(original), original, written, library, edited, left_out)


def _retagged_blog_file(
    kind: str, data: bytes, path: Path, matches: Iterable[str], new: str | None
) -> bytes:
    """A blog's post file ``data`` retagged (see ``_retagged_blog_text``)."""
    text = textfile.decode_document(data, path)
    changed = _retagged_blog_text(kind, text, path, matches, new)
    return data if changed == text else changed.encode("utf-8")


def _retagged_blog_text(
    kind: str, text: str, path: Path | None, matches: Iterable[str], new: str | None
) -> str:
    """A post's ``text`` in a blog of ``kind``, retagged: only its tags changed, in its own
    front matter format (YAML, TOML or JSON) and style; PostdeskError when it cannot be
    read."""
    # Imported here: the export package imports this module's library.
    from editor.core.blog.blogfile import YAML, parse_blog_front_matter, split_blog_file
    from editor.core.blog.fieldedit import edit_fields
    from editor.core.blog.fields import blog_tags
    from editor.core.blog.frontmatter_out import dump_fields

    document = split_blog_file(text)
    written = parse_blog_front_matter(document, path).get("tags")
    tags = blog_tags(kind, written)
    changed = retagged(tags, matches, new)
    if changed == tags:
        return text
    if kind == "jekyll" and isinstance(written, str):
        # Jekyll's tags as words: kept in that form, or a list once a tag has two words (a
        # string written in their place would read as other tags).
        if all(len(tag.split()) == 1 for tag in changed):
            front_matter = edit_fields(YAML, document.front_matter, {"tags": " ".join(changed)})
        else:
            rendered = dump_fields({"tags": changed})
            front_matter = frontmatter.edit_key(document.front_matter, "tags", rendered)
    else:
        front_matter = edit_fields(document.format, document.front_matter, {"tags": changed})
    return document.with_front_matter(front_matter) + document.body


def _tags_on_disk(library: Library, path: Path) -> Sequence[str]:
    entry = library.entry(path)
    return entry.tags if entry is not None else ()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _restore(original: Mapping[Path, bytes]) -> None:
    for path, data in original.items():
        atomic_write_bytes(path, data)


def _cleaned(tag: str) -> str:
    cleaned = " ".join(tag.split())
    if not cleaned:
        raise PostdeskError("a tag cannot be empty")
    return cleaned
