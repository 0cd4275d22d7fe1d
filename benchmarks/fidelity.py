"""Measure how closely the preview renders the GFM spec examples.

Runs every example of ``../shared/fixtures/gfm-spec/examples.json`` through the preview's
renderer (``editor.core.render.render_body``, block by block), through Python-Markdown with
``editor.core.mdext.extensions()`` alone, and through plain Python-Markdown (``extra`` +
``sane_lists``, the baseline); compares normalised HTML (editor.core.mdext.htmlnorm: Pygments
markup, ids and data-line set aside) and prints the pass rate per section and overall, then
the known differences with their reasons.

    python benchmarks/fidelity.py [--spec PATH] [--json] [--failures SECTION]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from editor.core.mdext import extensions
from editor.core.mdext.htmlnorm import normalise_html
from editor.core.mdext.known_differences import KNOWN_DIFFERENCES, TARGET_SECTIONS
from editor.core.render import render_body

DEFAULT_SPEC = (
    Path(__file__).resolve().parent.parent.parent / "shared/fixtures/gfm-spec/examples.json"
)

Renderer = Callable[[str], str]


def mdext_renderer() -> Renderer:
    """Python-Markdown built with editor.core.mdext.extensions(), without block splitting."""
    md = markdown.Markdown(extensions=extensions())
    return lambda text: md.reset().convert(text)


def baseline_renderer() -> Renderer:
    """Plain Python-Markdown as most editors configure it."""
    md = markdown.Markdown(extensions=["extra", "sane_lists"])
    return lambda text: md.reset().convert(text)


@dataclass
class SectionScore:
    """Pass counts of one spec section."""

    name: str
    total: int = 0
    passed: int = 0
    mdext: int = 0
    baseline: int = 0
    failed: list[int] = field(default_factory=list)


def matches(render: Renderer, example: dict[str, Any]) -> bool:
    """Whether ``render`` produces the spec's HTML for ``example`` (after normalising)."""
    try:
        html = render(example["markdown"])
    except Exception:  # a crash is a failed example, reported like any other
        return False
    return normalise_html(html) == normalise_html(example["html"])


def score(examples: list[dict[str, Any]], renderers: dict[str, Renderer]) -> list[SectionScore]:
    """Pass counts per section, in spec order, for the preview, mdext alone and the baseline."""
    sections: dict[str, SectionScore] = {}
    for example in examples:
        section = sections.setdefault(example["section"], SectionScore(example["section"]))
        section.total += 1
        if matches(renderers["preview"], example):
            section.passed += 1
        else:
            section.failed.append(example["number"])
        section.mdext += matches(renderers["mdext"], example)
        section.baseline += matches(renderers["baseline"], example)
    return list(sections.values())


def main(argv: list[str] | None = None) -> int:
    """Print the fidelity report; exit status 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="examples.json to run")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--failures", metavar="SECTION", help="show failing examples of a section")
    args = parser.parse_args(argv)

    if not args.spec.is_file():
        parser.error(f"{args.spec}: GFM spec examples not found (give the file with --spec)")
    examples = json.loads(args.spec.read_text(encoding="utf-8"))
    renderers = {
        "preview": lambda text: render_body(text).html,
        "mdext": mdext_renderer(),
        "baseline": baseline_renderer(),
    }
    sections = score(examples, renderers)
    total = sum(s.total for s in sections)
    passed = sum(s.passed for s in sections)
    mdext = sum(s.mdext for s in sections)
    baseline = sum(s.baseline for s in sections)
    failed = {n for s in sections for n in s.failed}
    unexpected = sorted(failed - KNOWN_DIFFERENCES.keys())
    fixed = sorted(KNOWN_DIFFERENCES.keys() - failed)

    if args.json:
        report = {
            "sections": [
                {
                    "section": s.name,
                    "examples": s.total,
                    "passed": s.passed,
                    "mdext_passed": s.mdext,
                    "baseline_passed": s.baseline,
                    "target": s.name in TARGET_SECTIONS,
                    "failed": s.failed,
                }
                for s in sections
            ],
            "overall": {
                "examples": total,
                "passed": passed,
                "mdext_passed": mdext,
                "baseline_passed": baseline,
            },
            "known_differences": {str(n): r for n, r in sorted(KNOWN_DIFFERENCES.items())},
            "unexpected_failures": unexpected,
            "known_differences_now_passing": fixed,
        }
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0

    print(f"GFM spec examples: {args.spec}")
    print("preview: editor.core.render.render_body; mdext: the extensions alone, unsplit;")
    print("baseline: plain Python-Markdown with extra + sane_lists\n")
    print(f"{'section':<40} {'n':>4} {'preview':>13} {'mdext':>13} {'baseline':>13}")

    def cell(count: int, of: int) -> str:
        return f"{count:>5} {100 * count / of:6.1f}%" if of else f"{count:>5}"

    for s in sections:
        mark = "*" if s.name in TARGET_SECTIONS else " "
        print(
            f"{mark}{s.name:<39} {s.total:>4} {cell(s.passed, s.total)} "
            f"{cell(s.mdext, s.total)} {cell(s.baseline, s.total)}"
        )
    print(
        f" {'overall':<39} {total:>4} {cell(passed, total)} {cell(mdext, total)} "
        f"{cell(baseline, total)}"
    )
    print("\n* target section (issue 8: at least 90% each, 85% overall)")
    print(f"\nknown differences ({len(KNOWN_DIFFERENCES)}):")
    for number, reason in sorted(KNOWN_DIFFERENCES.items()):
        print(f"  {number:>4}  {reason}")
    if unexpected:
        print(f"\nfailing, not in the known differences: {' '.join(map(str, unexpected))}")
    if fixed:
        print(f"\nknown differences that now pass: {' '.join(map(str, fixed))}")
    if args.failures:
        for example in examples:
            if example["section"].startswith(args.failures) and example["number"] in failed:
                print(f"\n--- example {example['number']} ({example['section']})")
                print("markdown:", repr(example["markdown"]))
                print("expected:", normalise_html(example["html"]))
                print("actual:  ", normalise_html(render_body(example["markdown"]).html))
    return 0


if __name__ == "__main__":
    sys.exit(main())
