"""Measure Postdesk's performance figures on generated inputs and print them.

    python benchmarks/run.py            # a table, with targets and ratios to the baselines
    python benchmarks/run.py --json     # one JSON object (figures in ms / MB, medians)
    python benchmarks/run.py --quick    # fewer repeats, for a first look
    python benchmarks/run.py --only render,export

Every figure is a median over repeated runs (``runs`` in the output says how many). Inputs
come from ``benchmarks/generate.py`` (seeded) and are written to a temporary folder that is
removed afterwards. One script per job takes the figures (``render_speed.py``,
``library_speed.py``, ``window_speed.py``, each runnable alone); this one runs them all. A
figure whose module is missing or broken is printed as n/a with the reason; the script always
finishes.
"""

from __future__ import annotations

import sys

import library_speed
import render_speed
import window_speed
from figures import main

# In this order: the window's figures come last, on a machine the others left quiet.
JOBS = [render_speed, library_speed, window_speed]

if __name__ == "__main__":
    sys.exit(main("Measure Postdesk's performance figures.", JOBS))
