"""Image links in a body: found outside code, rewritten in place, named safely."""

from __future__ import annotations

from pathlib import Path

from editor.core.export.assets import find_images, output_name, rewrite_images, unique_name

BODY = """\
Text ![one](a.png) and ![two](<my pic.png> "title") and [a link](doc.pdf).

<img alt="three" src="b.jpg">

![ref][diagram]

`![in a span](no.png)`

```
![in a fence](no.png)
```

[diagram]: images/c.svg
"""


def test_images_outside_code_are_found_in_order() -> None:
    found = [(ref.reference, ref.line) for ref in find_images(BODY)]
    assert found == [("a.png", 1), ("my pic.png", 1), ("b.jpg", 3), ("images/c.svg", 13)]


def test_rewrite_changes_only_the_destinations() -> None:
    rewritten = rewrite_images(BODY, lambda ref: f"/assets/{Path(ref.reference).name}")
    assert "![one](/assets/a.png)" in rewritten
    assert '![two](</assets/my pic.png> "title")' in rewritten
    assert '<img alt="three" src="/assets/b.jpg">' in rewritten
    assert "[diagram]: /assets/c.svg" in rewritten
    assert "[a link](doc.pdf)" in rewritten
    assert "`![in a span](no.png)`" in rewritten
    assert rewrite_images(BODY, lambda ref: None) == BODY


def test_output_names_are_safe_and_unique() -> None:
    assert output_name(Path("My Photo.JPG")) == "my-photo.jpg"
    assert output_name(Path("../../x.png")) == "x.png"
    assert unique_name("cover.jpg", {"cover.jpg", "cover-2.jpg"}) == "cover-3.jpg"
