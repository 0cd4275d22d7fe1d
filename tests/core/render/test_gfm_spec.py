"""The GFM spec examples, rendered as the preview renders them.

Every section runs (issue 8 sets targets for some; the rest guard against regressions); the
known differences are strict expected failures, so fixing one means updating the list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest

from editor.core.render.mdext import extensions
from editor.core.render.mdext.htmlnorm import normalise_html
from editor.core.render.mdext.known_differences import KNOWN_DIFFERENCES, TARGET_SECTIONS
from editor.core.render.renderer import render_body

SPEC = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "gfm-spec" / "examples.json"

if not SPEC.is_file():
    pytest.skip(f"GFM spec examples not found at {SPEC}", allow_module_level=True)

EXAMPLES: list[dict[str, Any]] = json.loads(SPEC.read_text(encoding="utf-8"))


def _params() -> list[Any]:
    params = []
    for example in EXAMPLES:
        number = example["number"]
        marks = []
        if number in KNOWN_DIFFERENCES:
            marks.append(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[number], strict=True))
        section = example["section"].split(" (")[0].lower().replace(" ", "-")
        params.append(pytest.param(example, id=f"{number}-{section}", marks=marks))
    return params


@pytest.fixture(scope="module")
def mdext_convert() -> Callable[[str], str]:
    """The fidelity extensions alone, without the preview's block splitting."""
    md = markdown.Markdown(extensions=extensions())
    return lambda text: md.reset().convert(text)


@pytest.mark.parametrize("example", _params())
def test_preview_renders_spec_example(example: dict[str, Any]) -> None:
    """The preview's renderer (block by block, with data-line marks) matches the spec."""
    html = render_body(example["markdown"]).html
    assert normalise_html(html) == normalise_html(example["html"])


@pytest.mark.parametrize("example", _params())
def test_extensions_render_spec_example(
    example: dict[str, Any], mdext_convert: Callable[[str], str]
) -> None:
    """editor.core.render.mdext's Markdown configuration on its own matches the spec."""
    html = mdext_convert(example["markdown"])
    assert normalise_html(html) == normalise_html(example["html"])


def test_known_differences_name_real_examples_with_one_line_reasons() -> None:
    """Every known difference is a spec example number with a one-line reason."""
    numbers = {example["number"] for example in EXAMPLES}
    for number, reason in KNOWN_DIFFERENCES.items():
        assert number in numbers
        assert reason.strip() and "\n" not in reason


def test_target_sections_exist_in_the_spec() -> None:
    """The target section names are spelled as in examples.json."""
    assert {example["section"] for example in EXAMPLES} >= TARGET_SECTIONS
