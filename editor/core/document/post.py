"""The post model: one Markdown document, its typed front matter and its body, kept lossless.

Reading is lenient (tags as a list or "a, b", dates in several spellings, wrong types ignored);
writing is strict (tags as a list, dates as quoted ISO 8601 with offset). A post that is not
changed writes back byte for byte; changing a field rewrites only that field's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from editor.core.document import frontmatter, textfile
from editor.core.document.docfiles import is_bundle_file
from editor.core.document.fsutil import atomic_write_text
from editor.core.document.slugs import slugify
from editor.core.errors import FrontMatterError, PostdeskError

# The byte checks (size, binary, encoding) live in textfile, shared with the window's open.
MAX_POST_BYTES = textfile.MAX_DOCUMENT_BYTES

_JEKYLL_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T]+(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?))?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$",
    re.IGNORECASE,
)
_TRUE_WORDS = frozenset({"true", "yes", "on", "y", "1"})
_DATE_EXAMPLE = "2024-05-01 or 2024-05-01T09:30:00+02:00"
# The date forms blog engines read besides ISO 8601, with an optional time and zone after.
_CLOCK = r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:\s*(?P<zone>Z|GMT|UTC?|[+-]\d{2}:?\d{2}))?)?"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
_MONTH_NAME = r"(?P<month>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)"
_SLASHED_DATE = re.compile(rf"(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_CLOCK}")
_MONTH_FIRST_DATE = re.compile(
    rf"{_WEEKDAY}{_MONTH_NAME}\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_CLOCK}"
)
_DAY_FIRST_DATE = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})\s+{_MONTH_NAME}\.?,?\s+(?P<year>\d{{4}}){_CLOCK}"
)
_ENGINE_DATES = {
    "nextjs": (_SLASHED_DATE, _MONTH_FIRST_DATE, _DAY_FIRST_DATE),
    "jekyll": (_SLASHED_DATE, _MONTH_FIRST_DATE, _DAY_FIRST_DATE),
    "hugo": (_MONTH_FIRST_DATE, _DAY_FIRST_DATE),
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# ISO 8601 and RFC 3339 offsets, as every blog engine reads them, stop at ±18:00.
MAX_UTC_OFFSET = timedelta(hours=18)


@dataclass(frozen=True)
class Cover:
    """A post's cover image: ``image`` is relative to the post's folder."""

    image: str
    alt: str = ""
    credit: str = ""
    credit_url: str = ""


@dataclass(frozen=True)
class Author:
    """Who wrote a post, with an optional picture path."""

    name: str = ""
    picture: str = ""


class Post:
    """One document: front matter (kept as the file's own text) and a Markdown body."""

    def __init__(self, document: frontmatter.Document, mapping: dict[Any, Any], path: Path | None):
        """A post from a split document and its parsed front matter (what from_text does)."""
        self.path = path
        self._document = document
        self._mapping = mapping

    # --- reading and writing ---------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> Post:
        """Read a document; FrontMatterError names ``path`` and the line when the YAML is bad."""
        document = frontmatter.split_document(text)
        mapping: dict[Any, Any] = {}
        if document.has_front_matter:
            mapping = frontmatter.parse_front_matter(document.front_matter, path)
        return cls(document, mapping, path)

    @classmethod
    def load(cls, path: Path) -> Post:
        """Read ``path`` as UTF-8 with no newline translation (a BOM is kept).

        Raises PostdeskError for an unreadable, huge, binary or non-UTF-8 file and
        FrontMatterError for bad front matter.
        """
        path = Path(path)
        data = textfile.read_document_bytes(path, MAX_POST_BYTES)
        text = textfile.decode_document(data, path)
        return cls.from_text(text, path)

    def to_text(self) -> str:
        """The whole document; identical to the text read when nothing was changed."""
        return self._document.text()

    def save(self, path: Path | None = None, *, replace_read_only: bool = False) -> None:
        """Write the document atomically to ``path`` (default: its own path), then adopt it.

        ReadOnlyFileError when the file is read-only, unless ``replace_read_only``.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PostdeskError("cannot save: the post has no file name yet")
        atomic_write_text(target, self.to_text(), replace_read_only=replace_read_only)
        self.path = target

    # --- the document ----------------------------------------------------------------------

    @property
    def body(self) -> str:
        """The Markdown after the front matter."""
        return self._document.body

    @body.setter
    def body(self, value: str) -> None:
        self._document = replace(self._document, body=value)

    @property
    def body_line(self) -> int:
        """1-based line in the file where the body starts (front matter lines counted)."""
        return self._document.body_line

    @property
    def front_matter(self) -> str:
        """The front matter's YAML text as in the file (without its ``---`` lines)."""
        return self._document.front_matter

    @property
    def has_front_matter(self) -> bool:
        """True when the document starts with a front matter block."""
        return self._document.has_front_matter

    @property
    def kind(self) -> str:
        """``"note"`` (no front matter), ``"draft"`` (``draft: true``) or ``"post"``."""
        if not self.has_front_matter:
            return "note"
        return "draft" if self.draft else "post"

    @property
    def folder(self) -> Path | None:
        """The folder relative image paths resolve against (None for an unsaved post)."""
        return self.path.parent if self.path is not None else None

    @property
    def metadata(self) -> dict[str, Any]:
        """A copy of the whole parsed front matter, in file order (unknown keys included)."""
        return {str(key): value for key, value in self._mapping.items()}

    def get(self, key: str, default: Any = None) -> Any:
        """The raw parsed value of ``key`` (any key), or ``default`` when it is missing."""
        if key in self._mapping:
            return self._mapping[key]
        for name, value in self._mapping.items():
            if str(name) == key:
                return value
        return default

    def set_field(self, key: str, value: Any) -> None:
        """Set any key (None removes it), rewriting only that key's lines of the front matter.

        ``date`` takes a datetime (written as quoted ISO 8601 with offset); ``cover`` and
        ``author`` take Cover / Author or a mapping. Setting a field on a note creates the
        front matter block. A value equal to the current one changes nothing. ValueError for
        a key holding a line break.
        """
        if not key or "\n" in key or "\r" in key:
            raise ValueError(f"not a front matter key: {key!r}")
        stored = _stored_form(key, value)
        current = self.get(key, _MISSING)
        if current is not _MISSING and type(current) is type(stored) and current == stored:
            return
        if stored is None and current is _MISSING:
            return
        document = self._document
        if not document.has_front_matter:
            opening = "---" + document.newline
            document = replace(document, opening=opening, closing=opening)
        newline = document.newline
        expected = _with_key(self._mapping, key, stored)
        rendered = None if stored is None else frontmatter.render_field(key, stored, newline)
        text = frontmatter.edit_key(document.front_matter, key, rendered, newline)
        try:
            parsed: dict[Any, Any] | None = frontmatter.parse_front_matter(text, self.path)
        except FrontMatterError:
            parsed = None
        if parsed != expected:
            # The line edit changed another key's meaning (an anchor it used, an odd layout):
            # write the whole block again so the front matter holds what was asked for.
            text = frontmatter.render_block(expected, newline)
            parsed = frontmatter.parse_front_matter(text, self.path)
        self._mapping = parsed
        self._document = replace(document, front_matter=text)

    # --- typed fields ----------------------------------------------------------------------

    @property
    def title(self) -> str:
        """The title, ``""`` when missing."""
        return _text(self.get("title"))

    @title.setter
    def title(self, value: str) -> None:
        self._set_text("title", value)

    @property
    def date(self) -> datetime | None:
        """The publication date, always timezone-aware; None when missing or unreadable."""
        return parse_date(self.get("date"))

    @date.setter
    def date(self, value: datetime | None) -> None:
        current = self.date
        if (
            value is not None
            and current is not None
            and _format_date(value) == _format_date(current)
        ):
            return
        self.set_field("date", value)

    @property
    def slug(self) -> str:
        """The ``slug`` field, else the bundle folder, else the file stem, else from the title."""
        explicit = _text(self.get("slug")).strip()
        if explicit:
            return explicit
        if self.path is not None:
            if is_bundle_file(self.path) and self.path.parent.name:
                return self.path.parent.name
            return self.path.stem
        return slugify(self.title)

    @slug.setter
    def slug(self, value: str) -> None:
        self._set_text("slug", value)

    @property
    def excerpt(self) -> str:
        """The excerpt (a short summary), ``""`` when missing."""
        return _text(self.get("excerpt"))

    @excerpt.setter
    def excerpt(self, value: str) -> None:
        self._set_text("excerpt", value)

    @property
    def tags(self) -> list[str]:
        """The tags, read from a YAML list or a ``"a, b, c"`` string; written as a list."""
        return parse_tags(self.get("tags"))

    @tags.setter
    def tags(self, value: list[str]) -> None:
        tags = [str(tag) for tag in value]
        if "tags" in self.metadata and self.tags == tags and isinstance(self.get("tags"), list):
            return
        self.set_field("tags", tags)

    @property
    def cover(self) -> Cover | None:
        """The cover image, from a mapping or a plain ``cover: image.jpg``; None without one."""
        return parse_cover(self.get("cover"))

    @cover.setter
    def cover(self, value: Cover | None) -> None:
        if value == self.cover and (value is None or isinstance(self.get("cover"), dict)):
            return
        if value is None or not value.image:
            self.set_field("cover", None)
            return
        self.set_field("cover", _merge(self.get("cover"), _cover_fields(value)))

    @property
    def author(self) -> Author | None:
        """The author, from a mapping or a plain ``author: Name``; None without one."""
        return parse_author(self.get("author"))

    @author.setter
    def author(self, value: Author | None) -> None:
        if value == self.author and (value is None or isinstance(self.get("author"), dict)):
            return
        if value is None or not (value.name or value.picture):
            self.set_field("author", None)
            return
        self.set_field("author", _merge(self.get("author"), _author_fields(value)))

    @property
    def draft(self) -> bool:
        """True for ``draft: true`` (also "yes", "on", 1)."""
        return parse_bool(self.get("draft"))

    @draft.setter
    def draft(self, value: bool) -> None:
        if bool(value) == self.draft:
            return
        self.set_field("draft", bool(value))

    def _set_text(self, key: str, value: str) -> None:
        if _text(self.get(key)) == value and (key in self.metadata or not value):
            return
        self.set_field(key, value if value else None)

    def __repr__(self) -> str:
        """Show the path and title, enough to tell posts apart in a debugger."""
        return f"Post(path={self.path!r}, title={self.title!r})"


class _Missing:
    pass


_MISSING: Any = _Missing()


def _with_key(mapping: dict[Any, Any], key: str, value: Any) -> dict[Any, Any]:
    """``mapping`` with ``key`` set in place (or added at the end); None removes it."""
    result: dict[Any, Any] = {}
    placed = value is None
    for name, old in mapping.items():
        if str(name) == key:
            if not placed:
                result[key] = value
                placed = True
            continue
        result[name] = old
    if not placed:
        result[key] = value
    return result


def _stored_form(key: str, value: Any) -> Any:
    """The plain YAML value written for ``value`` (what reading the written text gives back)."""
    if key == "date" and isinstance(value, (datetime, date)):
        return _format_date(_aware(value))
    if isinstance(value, Cover):
        return _cover_fields(value) if value.image else None
    if isinstance(value, Author):
        return _author_fields(value) if value.name or value.picture else None
    if isinstance(value, tuple):
        return list(value)
    return value


def _cover_fields(cover: Cover) -> dict[str, str]:
    fields = {
        "image": cover.image,
        "alt": cover.alt,
        "credit": cover.credit,
        "credit_url": cover.credit_url,
    }
    return {name: value for name, value in fields.items() if value or name == "image"}


def _author_fields(author: Author) -> dict[str, str]:
    fields = {"name": author.name, "picture": author.picture}
    return {name: value for name, value in fields.items() if value}


def _merge(old: Any, fields: dict[str, str]) -> dict[Any, Any]:
    """``fields`` over an old mapping: the old mapping's order and unknown keys are kept."""
    known = ("image", "alt", "credit", "credit_url", "name", "picture")
    result: dict[Any, Any] = {}
    if isinstance(old, dict):
        for name, value in old.items():
            if name in fields:
                result[name] = fields[name]
            elif name not in known:
                result[name] = value
    for name, value in fields.items():
        result.setdefault(name, value)
    return result


# --- lenient readers (public: the library and the export read other files the same way) -----


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def parse_tags(value: Any) -> list[str]:
    """Tags from a YAML list, a ``"a, b, c"`` string or a single value; [] for anything else."""
    if value is None or isinstance(value, dict):
        return []
    items = value if isinstance(value, list) else str(_text(value)).split(",")
    tags: list[str] = []
    for item in items:
        if item is None or isinstance(item, (dict, list)):
            continue
        tag = _text(item).strip()
        if tag:
            tags.append(tag)
    return tags


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from a YAML date/datetime or an ISO 8601 / Jekyll-style string.

    Values without an offset get the local UTC offset for that date; None when unreadable
    (see date_problem for why).
    """
    parsed = _read_date(value)
    if parsed is None or abs(parsed.utcoffset() or timedelta()) > MAX_UTC_OFFSET:
        return None
    return parsed


def date_problem(value: Any, written: str, engine: str | None = None) -> str | None:
    """Why a ``date`` field holding ``value`` (``written`` so in the file) can't be published.

    None when the value is missing or a date Postdesk reads, or one the blog ``engine``
    (``"nextjs"``, ``"hugo"``, ``"jekyll"``) reads as its own (see engine_date); the reason
    otherwise, naming the value as written, so a post is never published with a date
    Postdesk made up.
    """
    if value is None or parse_date(value) is not None or engine_date(value, engine) is not None:
        return None
    shown = " ".join(written.split())
    parsed = _read_date(value)
    if parsed is not None:
        offset = parsed.isoformat()[-6:]
        return f"the date {shown!r} has the UTC offset {offset}, beyond ±18:00"
    if isinstance(value, str) and (
        _JEKYLL_DATE.match(value.strip()) or _engine_form(value.strip(), engine) is not None
    ):
        # Written as a date, yet unreadable: that day or time does not exist (30 February,
        # month 13, year 0, hour 24, an offset of a day or more).
        return f"the date {shown!r} does not exist: check its day, month, year and time"
    return f"cannot read the date {shown!r}: write it as {_DATE_EXAMPLE}"


def engine_date(value: Any, engine: str | None) -> datetime | None:
    """The date a blog ``engine`` reads in ``value``, in the forms it reads beyond ISO 8601:
    Next.js's JavaScript ``Date`` and Jekyll's Ruby ``Time.parse`` take ``2022/07/01``,
    ``July 1, 2022`` and RFC 2822 (``Fri, 01 Jul 2022 10:00:00 +0200``); Hugo's layouts
    take the last two. None for a day that does not exist, for words, or without an engine.
    """
    if not isinstance(value, str):
        return None
    match = _engine_form(value.strip(), engine)
    if match is None:
        return None
    parts = match.groupdict()
    month = parts["month"]
    month_number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    clock = [int(part) for part in (parts["time"] or "0:0").split(":")]
    hour, minute, second = (*clock, 0)[:3]
    try:
        parsed = datetime(int(parts["year"]), month_number, int(parts["day"]), hour, minute, second)
    except ValueError:
        return None
    zone = (parts["zone"] or "").upper()
    if zone in ("Z", "GMT", "UT", "UTC"):
        parsed = parsed.replace(tzinfo=UTC)
    elif zone:
        parsed = parsed.replace(tzinfo=_offset(zone))
    if abs(parsed.utcoffset() or timedelta()) > MAX_UTC_OFFSET:
        return None
    return _aware(parsed)


def _engine_form(text: str, engine: str | None) -> re.Match[str] | None:
    """The first of ``engine``'s date forms that ``text`` is written in."""
    for form in _ENGINE_DATES.get(engine or "", ()):
        match = form.fullmatch(text)
        if match is not None:
            return match
    return None


def _read_date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return _aware(datetime(value.year, value.month, value.day))
    if not isinstance(value, str):
        return None
    text = value.strip()
    # The shapes blogs write (ISO 8601 with dashes, Jekyll's "2024-05-01 09:30:00 +0200"):
    # fromisoformat alone also takes runs of digits ("20240501", or thousands of them).
    match = _JEKYLL_DATE.match(text)
    if match is None:
        return None
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    day, time, offset = match.groups()
    try:
        year, month, day_of_month = (int(part) for part in day.split("-"))
        parsed = datetime(year, month, day_of_month)
        if time:
            clock = datetime.fromisoformat(f"2000-01-01T{time.replace(',', '.'):0>5}")
            parsed = parsed.replace(
                hour=clock.hour,
                minute=clock.minute,
                second=clock.second,
                microsecond=clock.microsecond,
            )
        if offset:
            parsed = parsed.replace(tzinfo=_offset(offset))
    except ValueError:
        return None
    return _aware(parsed)


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _aware(value: datetime | date) -> datetime:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value
    try:
        # astimezone() on a naive value reads it as local time and adds that date's offset.
        return value.astimezone()
    except (OverflowError, OSError, ValueError):
        return value.replace(tzinfo=UTC)


def _format_date(value: datetime) -> str:
    return _aware(value).isoformat()


def parse_cover(value: Any) -> Cover | None:
    """A Cover from a mapping (image, alt, credit, credit_url) or a plain image path."""
    if isinstance(value, dict):
        image = _text(value.get("image")).strip()
        if not image:
            return None
        return Cover(
            image=image,
            alt=_text(value.get("alt")),
            credit=_text(value.get("credit")),
            credit_url=_text(value.get("credit_url")),
        )
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        image = str(value).strip()
        return Cover(image=image) if image else None
    return None


def parse_author(value: Any) -> Author | None:
    """An Author from a mapping (name, picture) or a plain name."""
    if isinstance(value, dict):
        author = Author(name=_text(value.get("name")), picture=_text(value.get("picture")))
        return author if author.name or author.picture else None
    if isinstance(value, str) and value.strip():
        return Author(name=value.strip())
    return None


def parse_bool(value: Any) -> bool:
    """True for YAML true, a non-zero number or a word like "yes" / "true" / "on"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return False
