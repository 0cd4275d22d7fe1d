"""benchmarks/run.py runs one script per job and reports every figure (no timings here)."""

from __future__ import annotations

import sys

from tests.benchmarks.scripts import BENCHMARKS, load_script

# The job scripts import each other by name, as they do when run from benchmarks/.
sys.path.insert(0, str(BENCHMARKS))
run = load_script("run")
figures = sys.modules["figures"]


def test_the_jobs_measure_every_group_in_the_order_of_one_run() -> None:
    groups = [group for job in run.JOBS for group in job.GROUPS]
    assert groups == ["render", "cmark", "index", "export", "typing", "startup"]


def test_a_job_run_alone_reports_its_figures_and_names_the_others_not_measured() -> None:
    render_speed = sys.modules["render_speed"]
    report = figures.run_jobs([render_speed], ("render",), figures.QUICK_RUNS)
    assert report.figures["full_render_ms"] and report.figures["edit_to_html_ms"]
    assert report.details["edit_measures"] == "docrender.render_document(DocumentRenderer)"
    assert "edit_to_html_ms" not in report.notes  # the incremental HTML is the full render's
    table = figures.as_table(report)
    for key in figures.KEYS:
        assert key in table
    assert report.notes["startup_ms"] == "not measured (--only)"
