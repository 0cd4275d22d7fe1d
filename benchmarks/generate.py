"""Deterministic inputs for the benchmarks: one long post and libraries of many post bundles.

The same seed always gives the same bytes, so figures from different runs and machines are
measured on the same text.

- ``big_post()``: a 3,000-line post (front matter included) with 50 fenced code blocks in ten
  languages, tables, nested, ordered and task lists, headings, block quotes, inline and
  reference links, footnotes and images.
- ``write_library(root, count)``: ``count`` post bundles (``<slug>/index.md`` with front matter,
  tags from a shared vocabulary and a small real cover image; every fifth post has an inline
  diagram too), a default author with a picture in ``.postdesk.yaml``: everything the nextjs
  export needs, so an export copies real files.

Run it to look at the inputs::

    python benchmarks/generate.py post OUT.md
    python benchmarks/generate.py library DIR [--count N]
"""

from __future__ import annotations

import argparse
import json
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

SEED = 20261127
POST_LINES = 3000
POST_CODE_BLOCKS = 50
INDEX_POSTS = 2000
EXPORT_POSTS = 1000

AUTHOR_NAME = "Bench Writer"
AUTHOR_PICTURE = "author.png"

TAGS = (
    "python", "rust", "go", "javascript", "typescript", "sql", "postgres", "sqlite", "docker",
    "kubernetes", "ci", "testing", "performance", "profiling", "databases", "caching",
    "networking", "security", "observability", "logging", "machine-learning", "data-science",
    "evaluation", "mlops", "frontend", "css", "accessibility", "markdown", "writing", "tools",
    "editors", "git", "linux", "shell", "career", "architecture", "apis", "design",
    "concurrency", "compilers",
)  # fmt: skip

# A tiny baseline JPEG (8x8 grey) written by hand from Qt's encoder output; a comment segment
# with the post's slug is spliced in after the SOI marker so each cover has its own bytes.
_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101006400640000ffdb00430050373c463c32504641465a55505f78c8827"
    "86e6e78f5afb991c8ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "ffffffffffffffffc0000b080008000801011100ffc4001f000001050101010101010000000000000000"
    "0102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131"
    "410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435"
    "363738393a434445464748494a535455565758595a636465666768696a737475767778797a8384858687"
    "88898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4"
    "d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f008ebfffd9"
)

_PROSE = (
    "the cache keeps every block it has rendered and only redoes the ones whose text changed "
    "a small change to one paragraph should never cost a full render of a long post because "
    "writers type quickly and expect the preview to follow without a visible pause when they "
    "stop for breath the index reads front matter from thousands of files and remembers their "
    "size and modification time so opening the library again reads only what changed export "
    "hashes what it writes and leaves files alone when nothing about them is different latency "
    "budget queue worker thread process memory parser renderer highlighter lexer token stream "
    "buffer window pane scroll selection cursor bundle cover image excerpt tags slug draft"
)
_WORDS = _PROSE.split()

_TITLES = (
    "Fast Slow Honest Careful Quiet Practical Small Large Lazy Eager Stable Plain Boring Useful "
    "Notes Lessons Patterns Mistakes Habits Checklists Tricks Budgets Caches Queues Indexes "
    "Tests Builds Deploys Migrations Benchmarks Profiles Logs Metrics Traces Releases Reviews"
)
_TITLE_WORDS = _TITLES.split()


@dataclass(frozen=True)
class GeneratedPost:
    """The long benchmark post and what it is made of."""

    text: str  # the whole file, front matter included, ending with a newline
    code_blocks: int
    languages: tuple[str, ...]  # the language of each code block, in order
    edit_line: int  # 1-based file line of a prose line nearest the middle of the post


# --- images ----------------------------------------------------------------------------------


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour, encoded here (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then RGB pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes(comment: str) -> bytes:
    """A valid 8x8 JPEG carrying ``comment`` in a COM segment (so files differ by post)."""
    text = comment.encode("utf-8")[:60000]
    segment = b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text
    return _JPEG[:2] + segment + _JPEG[2:]


# --- text pieces -----------------------------------------------------------------------------


def _sentence_line(rng: random.Random, decorate: list[str] | None = None) -> str:
    """About 90 characters of prose, starting with a plain word (never a block marker)."""
    words = [rng.choice(_WORDS) for _ in range(14)]
    words[0] = words[0].capitalize()
    if decorate:
        words.insert(rng.randrange(2, len(words)), decorate.pop())
    return " ".join(words) + rng.choice((".", ",", ";", " and"))


def _inline(rng: random.Random, number: int, references: bool = True) -> str:
    """One inline construct: emphasis, code, a link, strikethrough or an autolink.

    ``references``: reference links ``[word][ref-k]`` may be used (the text defines them).
    """
    word = rng.choice(_WORDS)
    choices = [
        f"**{word}**",
        f"*{word}*",
        f"`{word}_{number}()`",
        f"[{word}](https://example.com/{word}/{number})",
        f"~~{word}~~",
        f"<https://example.org/{number}>",
    ]
    if references:
        choices.append(f"[{word}][ref-{number % 20 + 1}]")
    return rng.choice(choices)


def _paragraph(rng: random.Random, lines: int, number: int, references: bool = True) -> list[str]:
    extras = [_inline(rng, number + k, references) for k in range(rng.randrange(1, 3))]
    return [_sentence_line(rng, extras) for _ in range(lines)]


def _filler(rng: random.Random, count: int, number: int) -> tuple[list[str], list[int]]:
    """Exactly ``count`` lines of paragraphs (each followed by a blank line).

    Also returns the indexes of the prose lines, where a benchmark may type.
    """
    lines: list[str] = []
    prose: list[int] = []
    while count > 0:
        if count == 1:
            lines.append("")
            break
        size = min(rng.randrange(2, 6), count - 1)
        prose.extend(range(len(lines), len(lines) + size))
        lines.extend(_paragraph(rng, size, number))
        lines.append("")
        count -= size + 1
    return lines, prose


# Code templates: @N@ is a unique number, @A@ and @B@ small numbers. Units repeat until a block
# has the length it was given, so all 50 blocks differ and each is highlighted for real.
_CODE_UNITS: dict[str, str] = {
    "python": (
        "def step_@N@(values: list[int]) -> int:\n"
        '    """Sum the values above @A@."""\n'
        "    return sum(value * @B@ for value in values if value > @A@)\n"
    ),
    "javascript": (
        "export function step@N@(items) {\n"
        "  const limit = @A@;\n"
        "  return items.filter((item) => item.size > limit).map((item) => item.id * @B@);\n"
        "}\n"
    ),
    "typescript": (
        "interface Step@N@ {\n"
        "  id: number;\n"
        "  limit: number;\n"
        "}\n"
        "const step@N@: Step@N@ = { id: @N@, limit: @A@ * @B@ };\n"
    ),
    "rust": (
        "fn step_@N@(values: &[i64]) -> i64 {\n"
        "    values.iter().filter(|v| **v > @A@).map(|v| v * @B@).sum()\n"
        "}\n"
    ),
    "go": (
        "func step@N@(values []int) int {\n"
        "\ttotal := 0\n"
        "\tfor _, v := range values {\n"
        "\t\tif v > @A@ {\n"
        "\t\t\ttotal += v * @B@\n"
        "\t\t}\n"
        "\t}\n"
        "\treturn total\n"
        "}\n"
    ),
    "sql": (
        "SELECT user_id, COUNT(*) AS events_@N@\n"
        "FROM events\n"
        "WHERE kind = 'click' AND score > @A@\n"
        "GROUP BY user_id\n"
        "HAVING COUNT(*) > @B@;\n"
    ),
    "bash": (
        "for file in data/part-@N@-*.csv; do\n"
        "  wc -l \"$file\" | awk '$1 > @A@ { print $2 }'\n"
        "done\n"
    ),
    "yaml": "job_@N@:\n  image: python:3.@B@\n  retries: @A@\n  script:\n    - make test\n",
    "json": '{"step": @N@, "limit": @A@, "factor": @B@, "tags": ["fast", "cached"]}\n',
    "c": (
        "static int step_@N@(const int *values, size_t count) {\n"
        "    int total = 0;\n"
        "    for (size_t i = 0; i < count; i++) total += values[i] > @A@ ? values[i] * @B@ : 0;\n"
        "    return total;\n"
        "}\n"
    ),
}
LANGUAGES = tuple(_CODE_UNITS)


def _code_block(rng: random.Random, language: str, length: int, number: int) -> list[str]:
    """A fenced block of ``language``: whole units of code, at least ``length`` lines."""
    lines: list[str] = []
    unit = 0
    while len(lines) < length:
        text = (
            _CODE_UNITS[language]
            .replace("@N@", str(number * 100 + unit))
            .replace("@A@", str(rng.randrange(1, 500)))
            .replace("@B@", str(rng.randrange(2, 9)))
        )
        lines.extend(text.rstrip("\n").split("\n"))
        unit += 1
    return [f"```{language}", *lines, "```", ""]


def _table(rng: random.Random, number: int) -> list[str]:
    rows = [
        f"| `option_{number}_{row}` | {rng.randrange(1, 1000)} | {row}–{row * 10 + 5} "
        f"| {rng.choice(_WORDS)} *{rng.choice(_WORDS)}* |"
        for row in range(1, 6)
    ]
    return ["| Setting | Default | Range | Notes |", "| --- | ---: | :---: | --- |", *rows, ""]


def _bullet_list(rng: random.Random, number: int) -> list[str]:
    return [
        f"- {rng.choice(_WORDS).capitalize()} first, with {_inline(rng, number)}",
        f"- {rng.choice(_WORDS).capitalize()} second",
        f"  - nested {rng.choice(_WORDS)} under the second item",
        f"  - nested {rng.choice(_WORDS)} with `code_{number}`",
        f"- {rng.choice(_WORDS).capitalize()} third, which ends the list",
        "",
    ]


def _ordered_list(rng: random.Random, number: int) -> list[str]:
    return [
        f"1. Measure the {rng.choice(_WORDS)} before changing it",
        f"2. Change one {rng.choice(_WORDS)} at a time ({_inline(rng, number)})",
        f"3. Measure again and keep the {rng.choice(_WORDS)} only if it helped",
        "",
    ]


def _task_list(rng: random.Random, number: int) -> list[str]:
    return [
        f"- [x] Write the {rng.choice(_WORDS)} test",
        f"- [ ] Profile the {rng.choice(_WORDS)} path ({number})",
        f"- [ ] Ship the {rng.choice(_WORDS)} change",
        "",
    ]


def _quote_and_image(rng: random.Random, number: int) -> list[str]:
    return [
        f"> {_sentence_line(rng)}",
        f"> {_sentence_line(rng)}",
        "",
        f"![Figure {number}: the {rng.choice(_WORDS)} over time]"
        f'(images/figure-{number}.png "Figure {number}")',
        "",
    ]


_EXTRAS: tuple[Callable[[random.Random, int], list[str]], ...] = (
    _table,
    _bullet_list,
    _ordered_list,
    _quote_and_image,
    _task_list,
)
# Library posts show only the images their bundles hold (the diagram), so an export finds them.
_LIBRARY_EXTRAS = (_table, _bullet_list, _ordered_list, _task_list)


def _front_matter(title: str, date: str, excerpt: str, tags: list[str], cover: str) -> list[str]:
    return [
        "---",
        f"title: {json.dumps(title)}",
        f'date: "{date}"',
        f"excerpt: {json.dumps(excerpt)}",
        "tags:",
        *(f"  - {tag}" for tag in tags),
        "cover:",
        f"  image: {cover}",
        f"  alt: {json.dumps('A flat colour standing in for a photo: ' + title)}",
        "  credit: Generated by benchmarks/generate.py",
        "  credit_url: https://example.com/credits",
        "---",
    ]


# --- the long post ---------------------------------------------------------------------------


def big_post(
    seed: int = SEED, lines: int = POST_LINES, code_blocks: int = POST_CODE_BLOCKS
) -> GeneratedPost:
    """The long post: exactly ``lines`` lines with ``code_blocks`` highlighted code blocks."""
    rng = random.Random(seed)
    head = [
        *_front_matter(
            "A Long Post for the Benchmarks",
            "2025-03-04T09:30:00+01:00",
            "Every Markdown construct a technical post uses, many times over.",
            ["benchmarks", "markdown", "performance", "python"],
            "cover.png",
        ),
        "This post is generated. It exists so the preview, the index and the export can be "
        "timed on",
        "the kind of text an engineer writes, at a length where slowness shows.[^1]",
        "",
    ]
    footnotes = max(1, code_blocks // 2)
    tail = [f'[ref-{k}]: https://example.com/reference/{k} "Reference {k}"' for k in range(1, 21)]
    tail.append("")
    for k in range(1, footnotes + 1):
        tail.append(f"[^{k}]: Footnote {k}: {_sentence_line(rng)}")
    sections: list[list[str]] = []
    languages: list[str] = []
    for index in range(code_blocks):
        number = index + 1
        language = LANGUAGES[index % len(LANGUAGES)]
        languages.append(language)
        title = " ".join(rng.choice(_TITLE_WORDS) for _ in range(3))
        opening = _paragraph(rng, 3, number)
        if number % 2 == 0 and number // 2 + 1 <= footnotes:
            opening[-1] += f"[^{number // 2 + 1}]"
        section = [f"## {number}. {title}", "", *opening, ""]
        section += _code_block(rng, language, rng.randrange(8, 25), number)
        section += _EXTRAS[index % len(_EXTRAS)](rng, number)
        if index % len(_EXTRAS) == len(_EXTRAS) - 1:
            section += [f"### {number}.1 {rng.choice(_TITLE_WORDS)} details", ""]
        sections.append(section)
    fixed = len(head) + sum(map(len, sections)) + len(tail)
    spare = lines - fixed
    if spare < 2 * len(sections):
        raise ValueError(f"{code_blocks} code blocks need more than {lines} lines")
    out = list(head)
    prose: list[int] = []
    for index, section in enumerate(sections):
        out += section
        share = spare // len(sections) + (1 if index < spare % len(sections) else 0)
        filler, spots = _filler(rng, share, index + 1)
        prose += [len(out) + spot for spot in spots]
        out += filler
    out += tail
    middle = lines // 2
    edit_index = min(prose, key=lambda spot: abs(spot - middle))
    return GeneratedPost(
        text="\n".join(out) + "\n",
        code_blocks=code_blocks,
        languages=tuple(languages),
        edit_line=edit_index + 1,
    )


def write_big_post(folder: Path, seed: int = SEED) -> Path:
    """Write the long post as a bundle (with its cover and figures) and return its index.md."""
    post = big_post(seed)
    bundle = Path(folder) / "a-long-post-for-the-benchmarks"
    (bundle / "images").mkdir(parents=True, exist_ok=True)
    (bundle / "cover.png").write_bytes(png_bytes(64, 36, (40, 90, 160)))
    for number in range(1, POST_CODE_BLOCKS + 1):
        (bundle / "images" / f"figure-{number}.png").write_bytes(
            png_bytes(16, 9, (number * 5 % 256, 120, 200))
        )
    path = bundle / "index.md"
    path.write_text(post.text, encoding="utf-8")
    return path


# --- libraries -------------------------------------------------------------------------------

_OFFSETS = (UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)),
            timezone(timedelta(hours=5, minutes=30)))  # fmt: skip


def library_post(rng: random.Random, number: int) -> tuple[str, str, bool]:
    """One library post: (slug, index.md text, whether it shows an inline diagram)."""
    title = " ".join(rng.choice(_TITLE_WORDS) for _ in range(rng.randrange(3, 6)))
    slug = f"{title.lower().replace(' ', '-')}-{number:04d}"
    start = datetime(2016, 1, 1, 9, 30, tzinfo=UTC)
    moment = start + timedelta(hours=number * 36 + rng.randrange(0, 24), minutes=rng.randrange(60))
    date = moment.astimezone(rng.choice(_OFFSETS)).isoformat()
    tags = rng.sample(TAGS, rng.randrange(2, 7))
    if rng.random() < 0.05:
        tags[0] = tags[0].capitalize()  # a different spelling, as real libraries have
    cover = "cover.jpg" if number % 2 else "cover.png"
    excerpt = " ".join(rng.choice(_WORDS) for _ in range(16)).capitalize() + "."
    diagram = number % 5 == 0
    body = ["", *_paragraph(rng, 4, number, references=False), ""]
    for part in range(rng.randrange(2, 5)):
        body += [f"## {rng.choice(_TITLE_WORDS)} {part + 1}", ""]
        body += [*_paragraph(rng, rng.randrange(3, 7), number, references=False), ""]
        if part == 0:
            body += _code_block(rng, rng.choice(LANGUAGES), rng.randrange(4, 14), number)
        elif part == 1:
            body += _LIBRARY_EXTRAS[number % len(_LIBRARY_EXTRAS)](rng, number)
    if diagram:
        body += [f"![How the {rng.choice(_WORDS)} flows](diagram.png)", ""]
    text = "\n".join([*_front_matter(title, date, excerpt, tags, cover), *body]) + "\n"
    return slug, text, diagram


def write_library(root: Path, count: int, seed: int = SEED) -> Path:
    """Write ``count`` post bundles under ``root`` (created) with a default author; return root."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".postdesk.yaml").write_text(
        f"author:\n  name: {AUTHOR_NAME}\n  picture: {AUTHOR_PICTURE}\n"
        "export:\n  profile: nextjs\n",
        encoding="utf-8",
    )
    (root / AUTHOR_PICTURE).write_bytes(png_bytes(32, 32, (200, 120, 60)))
    rng = random.Random(seed)
    for number in range(1, count + 1):
        slug, text, diagram = library_post(rng, number)
        bundle = root / slug
        bundle.mkdir(exist_ok=True)
        (bundle / "index.md").write_text(text, encoding="utf-8")
        if number % 2:
            (bundle / "cover.jpg").write_bytes(jpeg_bytes(slug))
        else:
            (bundle / "cover.png").write_bytes(png_bytes(48, 27, (number % 256, 80, 160)))
        if diagram:
            (bundle / "diagram.png").write_bytes(png_bytes(20, 10, (10, number % 256, 90)))
    return root


def main(argv: list[str] | None = None) -> int:
    """Write the long post or a library where asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    post_command = commands.add_parser("post", help="write the long post")
    post_command.add_argument("out", type=Path)
    library_command = commands.add_parser("library", help="write a library of post bundles")
    library_command.add_argument("root", type=Path)
    library_command.add_argument("--count", type=int, default=INDEX_POSTS)
    for command in (post_command, library_command):
        command.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.command == "post":
        args.out.write_text(big_post(args.seed).text, encoding="utf-8")
    else:
        write_library(args.root, args.count, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
