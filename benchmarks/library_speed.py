"""The library figures: 2,000 posts indexed cold, 1,000 posts exported cold and unchanged.

python benchmarks/library_speed.py [--json] [--quick] [--only index,export]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import generate
from figures import Report, Unavailable, main, measuring, median, progress, repeats, timed

GROUPS = ("index", "export")


def measure(report: Report, groups: tuple[str, ...], runs: dict[str, int], work: Path) -> None:
    """Take the figures of ``groups`` on libraries generated in ``work``."""
    if "index" in groups:
        progress(f"indexing {generate.INDEX_POSTS} posts")
        with measuring(report, ("library_index_ms",)):
            root = generate.write_library(work / "index-library", generate.INDEX_POSTS)
            measure_index(report, runs, root)
    if "export" in groups:
        progress(f"exporting {generate.EXPORT_POSTS} posts")
        with measuring(report, ("export_cold_ms", "export_nochange_ms")):
            root = generate.write_library(work / "export-library", generate.EXPORT_POSTS)
            measure_export(report, runs, root, work)


def measure_index(report: Report, runs: dict[str, int], root: Path) -> None:
    """library_index_ms: Library.scan of 2,000 posts with no index cache on disk."""
    import shutil

    from editor.core.library.library import Library

    times = []
    library = None
    for _ in range(runs["index"]):
        shutil.rmtree(root / ".postdesk", ignore_errors=True)
        start = time.perf_counter()
        library = Library.scan(root)
        times.append((time.perf_counter() - start) * 1000)
    assert library is not None
    broken = [entry for entry in library.entries if entry.kind == "broken"]
    if len(library.entries) != _post_count(root) or broken:
        report.notes["library_index_ms"] = (
            f"indexed {len(library.entries)} documents, {len(broken)} broken"
        )
    report.figures["library_index_ms"] = median(times)
    report.runs["library_index_ms"] = runs["index"]
    cache_file = root / ".postdesk" / "index-cache.json"
    try:
        Library.scan(root, cache_file=cache_file)
        report.details["library_index_cached_ms"] = round(
            timed(lambda: Library.scan(root, cache_file=cache_file)), 1
        )
    except TypeError:
        report.details["library_index_cached_ms"] = "n/a: Library.scan takes no cache_file"
    finally:
        shutil.rmtree(root / ".postdesk", ignore_errors=True)


def _post_count(root: Path) -> int:
    return sum(1 for _ in root.glob("*/index.md"))


def measure_export(report: Report, runs: dict[str, int], root: Path, work: Path) -> None:
    """export_cold_ms and export_nochange_ms: scan, plan and write, as ``postdesk export`` does."""
    from editor.core.export import plan_export, write_export
    from editor.core.library.library import Library

    def export(target: Path) -> tuple[float, dict[str, float], int]:
        steps: dict[str, float] = {}
        start = time.perf_counter()
        library = Library.scan(root)
        steps["scan"] = time.perf_counter()
        plan = plan_export(library, target, profile="nextjs")
        steps["plan"] = time.perf_counter()
        if plan.errors:
            first = plan.errors[0]
            raise Unavailable(f"the export plan has {len(plan.errors)} errors, first: {first}")
        result = write_export(plan)
        end = time.perf_counter()
        split = {
            "scan": steps["scan"] - start,
            "plan": steps["plan"] - steps["scan"],
            "write": end - steps["plan"],
        }
        return (end - start) * 1000, {k: v * 1000 for k, v in split.items()}, len(result.written)

    cold: list[float] = []
    again: list[float] = []
    cold_steps: list[dict[str, float]] = []
    again_steps: list[dict[str, float]] = []
    for run in repeats(runs, "export"):
        target = work / f"export-{run}"
        total, steps, written = export(target)
        cold.append(total)
        cold_steps.append(steps)
        report.details["export_files_written"] = written
        total, steps, written = export(target)
        again.append(total)
        again_steps.append(steps)
        if written:
            report.notes["export_nochange_ms"] = f"{written} files rewritten with nothing changed"
    report.figures["export_cold_ms"] = median(cold)
    report.figures["export_nochange_ms"] = median(again)
    report.runs["export_cold_ms"] = report.runs["export_nochange_ms"] = len(cold)
    for name, recorded in (
        ("export_cold_steps_ms", cold_steps),
        ("export_nochange_steps_ms", again_steps),
    ):
        report.details[name] = {
            key: median([step[key] for step in recorded]) for key in recorded[0]
        }


if __name__ == "__main__":
    sys.exit(main("Measure Postdesk's library and export figures.", [sys.modules[__name__]]))
