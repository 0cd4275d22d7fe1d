"""Test libraries to export: a small one built from text, and the sample library's location."""

from __future__ import annotations

from pathlib import Path

SAMPLE_POSTS = Path(__file__).resolve().parents[3] / "sample_posts"

# A PNG signature and some bytes: an export copies images without looking inside them.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))

FIRST = """\
---
title: "Shipping: Part 1"
date: "2025-03-04T09:30:00+01:00"
excerpt: How we ship.
tags: [python, ops]
cover:
  image: cover.png
  alt: A ship
  credit: Photo by Ann on Unsplash
  credit_url: https://unsplash.com/@ann
series: shipping
updated: 2025-03-05
---
Intro.

![Diagram](images/diagram.png "the diagram")

```md
![in code](missing.png) {{ not liquid }}
```
"""

SECOND = """\
---
title: Second post
date: "2024-01-02T10:00:00+00:00"
excerpt: The second one.
tags: [Python]
cover:
  image: cover.png
  alt: Waves
---
See [the docs](https://example.com) and ![again](cover.png).
"""

DRAFT = """\
---
title: Unfinished
date: "2025-06-01T08:00:00+02:00"
tags: [ops]
cover:
  image: cover.png
  alt: Draft cover
draft: true
---
Not yet.
"""

SETTINGS = """\
author:
  name: Jane Doe
  picture: jane.png
"""


def write_post(
    library: Path, slug: str, text: str, images: tuple[str, ...] = ("cover.png",)
) -> Path:
    """Write ``<library>/<slug>/index.md`` and the images it names."""
    folder = library / slug
    folder.mkdir(parents=True, exist_ok=True)
    for image in images:
        (folder / image).parent.mkdir(parents=True, exist_ok=True)
        (folder / image).write_bytes(PNG + slug.encode())
    path = folder / "index.md"
    path.write_text(text, encoding="utf-8")
    return path


def make_library(root: Path) -> Path:
    """Two posts (one with an inline image in a subfolder), a draft, a note and an author."""
    root.mkdir(parents=True)
    (root / ".postdesk.yaml").write_text(SETTINGS, encoding="utf-8")
    (root / "jane.png").write_bytes(PNG)
    write_post(root, "shipping-part-1", FIRST, ("cover.png", "images/diagram.png"))
    write_post(root, "second-post", SECOND)
    write_post(root, "unfinished", DRAFT)
    (root / "notes").mkdir()
    (root / "notes" / "idea.md").write_text("# An idea\n\nNo front matter.\n", encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (the export's local cache left out), by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "cache.json"
    }


def mtimes(root: Path) -> dict[str, int]:
    """Modification times of every file below ``root``."""
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file()
    }
