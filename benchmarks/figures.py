"""What every benchmark script shares: the figures, their targets and repeats, the report.

Each job script (``render_speed.py``, ``library_speed.py``, ``window_speed.py``) has
``GROUPS`` and ``measure(report, groups, runs, work)``; ``main`` runs the jobs given in a
temporary folder and prints the report as a table or as JSON. ``run.py`` runs them all.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent

KEYS = (
    "full_render_ms",
    "edit_to_html_ms",
    "edit_ratio",
    "max_ui_stall_ms",
    "startup_ms",
    "library_index_ms",
    "export_cold_ms",
    "export_nochange_ms",
    "rss_mb",
    "cmark_ms",
)
TARGETS = {
    "edit_to_html_ms": 30.0,
    "max_ui_stall_ms": 50.0,
    "startup_ms": 1500.0,
    "library_index_ms": 1000.0,
    "export_cold_ms": 5000.0,
    "export_nochange_ms": 500.0,
    "rss_mb": 500.0,
}
# Timed repeats per group (warm-up runs come on top and are not counted).
RUNS = {"render": 5, "edit": 20, "cmark": 20, "index": 3, "export": 3, "startup": 5, "typing": 3}
QUICK_RUNS = {
    "render": 2,
    "edit": 8,
    "cmark": 5,
    "index": 1,
    "export": 1,
    "startup": 1,
    "typing": 1,
}
# Slow groups stop repeating once they have used this much time (at least one run each), so a
# slow build still gets a full report in a few minutes; ``runs`` says how many were made.
BUDGET_S = {"export": 50.0, "typing": 60.0, "startup": 30.0}


class Unavailable(Exception):
    """A figure cannot be measured (its module is missing, or it failed): the reason."""


@dataclass
class Report:
    """Figures, the reasons for missing ones, repeat counts and supporting numbers."""

    figures: dict[str, float | None] = field(default_factory=lambda: dict.fromkeys(KEYS))
    notes: dict[str, str] = field(default_factory=dict)
    runs: dict[str, int] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    def missing(self, keys: tuple[str, ...], reason: str) -> None:
        """Give the reason for each of ``keys`` not measured (those measured stay)."""
        for key in keys:
            if self.figures[key] is None:
                self.notes[key] = reason
                self.runs.pop(key, None)

    def ratios(self) -> dict[str, dict[str, float | None]]:
        """Each time figure divided by the full render and by cmark-gfm, from this run."""
        baselines = {
            "full_render": self.figures["full_render_ms"],
            "cmark": self.figures["cmark_ms"],
        }
        ratios: dict[str, dict[str, float | None]] = {}
        for key in KEYS:
            value = self.figures[key]
            if not key.endswith("_ms"):
                continue
            ratios[key] = {
                name: (round(value / base, 3) if value is not None and base else None)
                for name, base in baselines.items()
            }
        return ratios


def repeats(runs: dict[str, int], group: str) -> Iterator[int]:
    """Run numbers for ``group``: its count, cut short when its time budget is spent."""
    start = time.perf_counter()
    for run in range(runs[group]):
        if run and time.perf_counter() - start > BUDGET_S.get(group, float("inf")):
            return
        yield run


def median(values: list[float]) -> float:
    """The median, rounded to 0.1."""
    return round(statistics.median(values), 1)


def progress(message: str) -> None:
    """Say what is being measured (stderr, so --json output stays one object)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextmanager
def measuring(report: Report, keys: tuple[str, ...]) -> Iterator[None]:
    """Run one group of measurements; a failure marks its figures n/a instead of stopping."""
    try:
        yield
    except Unavailable as reason:
        report.missing(keys, str(reason))
    except ImportError as error:
        report.missing(keys, f"not importable: {error}")
    except Exception as error:
        trace = traceback.format_exception_only(type(error), error)[-1].strip()
        report.missing(keys, f"failed: {trace}")


def timed(action: Callable[..., object], *args: Any) -> float:
    """Milliseconds ``action(*args)`` takes."""
    start = time.perf_counter()
    action(*args)
    return (time.perf_counter() - start) * 1000


def run_jobs(jobs: Sequence[ModuleType], groups: tuple[str, ...], runs: dict[str, int]) -> Report:
    """Take every figure of ``groups`` the ``jobs`` measure, inputs in a temporary folder."""
    report = Report()
    report.details["load_before"] = [round(value, 2) for value in os.getloadavg()]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="postdesk-bench-") as folder:
        for job in jobs:
            chosen = tuple(group for group in job.GROUPS if group in groups)
            if chosen:
                job.measure(report, chosen, runs, Path(folder))
    for key in KEYS:
        if report.figures[key] is None and key not in report.notes:
            report.notes[key] = "not measured (--only)"
    report.details["load_after"] = [round(value, 2) for value in os.getloadavg()]
    report.details["cpus"] = os.cpu_count()
    report.details["seconds"] = round(time.perf_counter() - started, 1)
    return report


def as_json(report: Report) -> dict[str, Any]:
    """The one JSON object: the figures first, then ratios, runs, notes and details."""
    return {
        **report.figures,
        "ratios": report.ratios(),
        "runs": report.runs,
        "notes": report.notes,
        "details": report.details,
    }


def as_table(report: Report) -> str:
    """The figures as a text table with targets and ratios to both baselines."""
    ratios = report.ratios()
    rows = [("figure", "median", "target", "÷ full render", "÷ cmark", "runs")]
    for key in KEYS:
        value = report.figures[key]
        unit = {"edit_ratio": "", "rss_mb": " MB"}.get(key, " ms")
        shown = "n/a" if value is None else f"{value:,.{1 if unit else 4}f}{unit}"
        target = TARGETS.get(key)
        target_text = f"≤ {target:,.0f}" if target is not None else ""
        ratio = ratios.get(key, {})
        rows.append(
            (
                key,
                shown,
                target_text,
                _ratio_text(ratio.get("full_render")),
                _ratio_text(ratio.get("cmark")),
                str(report.runs.get(key, "")),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for key, reason in report.notes.items():
        lines.append(f"{key}: {reason}")
    details = report.details
    lines.append(
        f"load average {details['load_before']} before, {details['load_after']} after,"
        f" {details['cpus']} CPUs; {details['seconds']} s in all"
    )
    return "\n".join(line.rstrip() for line in lines)


def _ratio_text(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 100:
        return f"{value:,.0f}×"
    return f"{value:.3g}×"


def main(description: str, jobs: Sequence[ModuleType], argv: list[str] | None = None) -> int:
    """Measure the figures of ``jobs`` (``--only`` some of their groups) and print them."""
    groups: tuple[str, ...] = tuple(group for job in jobs for group in job.GROUPS)
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--only",
        type=lambda text: tuple(text.split(",")),
        default=groups,
        help=f"comma-separated groups among {', '.join(groups)}",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    unknown = set(args.only) - set(groups)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    report = run_jobs(jobs, args.only, QUICK_RUNS if args.quick else RUNS)
    print(json.dumps(as_json(report), indent=2) if args.json else as_table(report))
    return 0
