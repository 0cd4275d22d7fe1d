"""Measure Postdesk's performance figures on generated inputs and print them.

    python benchmarks/run.py            # a table, with targets and ratios to the baselines
    python benchmarks/run.py --json     # one JSON object (figures in ms / MB, medians)
    python benchmarks/run.py --quick    # fewer repeats, for a first look
    python benchmarks/run.py --only render,export

Every figure is a median over repeated runs (``runs`` in the output says how many). Inputs
come from ``benchmarks/generate.py`` (seeded) and are written to a temporary folder that is
removed afterwards. The window figures run in child processes (this script with ``--child``)
so Qt never loads in the measuring process. A figure whose module is missing or broken is
printed as n/a with the reason; the script always finishes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
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
GROUPS = ("render", "cmark", "index", "export", "typing", "startup")

TYPED_CHARACTERS = 200
HEARTBEAT_MS = 5
# A fast typist with a short pause after every ten keys: each pause outlasts the preview's
# debounce, so renders run while the next keys arrive.
KEY_INTERVAL_MS = 30
PAUSE_EVERY = 10
PAUSE_MS = 150
CHILD_TIMEOUT_S = 120
RESULT_PREFIX = "POSTDESK-BENCH "
SAMPLE_POST = REPOSITORY / "sample_posts" / "keeping-a-holdout-honest" / "index.md"


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


# --- rendering --------------------------------------------------------------------------------


def measure_full_render(report: Report, runs: dict[str, int], text: str) -> None:
    """full_render_ms: the long post through a fresh Renderer, nothing cached."""
    from editor.core import render
    from editor.core.post import Post

    post = Post.from_text(text)

    def full_render() -> str:
        _clear_highlight_caches()
        return render.Renderer().render_body(post.body, post.body_line).html

    full_render()  # warm-up: imports, lexers, Markdown set-up
    report.details["full_render_empties"] = _clear_highlight_caches()
    report.figures["full_render_ms"] = median([timed(full_render) for _ in range(runs["render"])])
    report.runs["full_render_ms"] = runs["render"]


def measure_edit(report: Report, runs: dict[str, int], text: str, edit_line: int) -> None:
    """edit_to_html_ms and edit_ratio: one more character typed in the middle of the post."""
    from editor.core import render
    from editor.core.post import Post

    lines = text.split("\n")
    column = len(lines[edit_line - 1]) // 2
    typed = "benchmark" * 10
    warm_up = 2
    last = warm_up + runs["edit"]

    def edited(count: int) -> str:
        """The post after typing ``count`` characters in the middle of the edit line."""
        line = lines[edit_line - 1]
        changed = line[:column] + typed[:count] + line[column:]
        return "\n".join([*lines[: edit_line - 1], changed, *lines[edit_line:]])

    def body_only(renderer: Any, new_text: str) -> str:
        post = Post.from_text(new_text)
        return renderer.render_body(post.body, post.body_line).html

    def typing_times(step: Callable[[Any, str], object], renderer: Any) -> list[float]:
        """One keystroke after another, each timed; the post was open (rendered) before."""
        step(renderer, text)
        for count in range(1, warm_up + 1):
            step(renderer, edited(count))
        return [timed(step, renderer, edited(count)) for count in range(warm_up + 1, last + 1)]

    body_renderer = render.Renderer()
    report.details["edit_body_only_ms"] = median(typing_times(body_only, body_renderer))
    if body_only(body_renderer, edited(last)) != body_only(render.Renderer(), edited(last)):
        report.notes["edit_to_html_ms"] = "incremental HTML differs from a full render!"

    make_renderer, step, how = _window_render_step()
    report.details["edit_measures"] = how
    times = typing_times(step, make_renderer())
    report.figures["edit_to_html_ms"] = median(times)
    report.runs["edit_to_html_ms"] = runs["edit"]
    full = report.figures["full_render_ms"]
    if full is None:
        raise Unavailable("edit_ratio needs full_render_ms")  # keeps edit_to_html_ms
    report.figures["edit_ratio"] = round(median(times) / full, 4)
    report.runs["edit_ratio"] = runs["edit"]


def _clear_highlight_caches() -> list[str]:
    """Empty the process-wide caches of highlighted code, so a render is a first render.

    A fresh Renderer starts empty, but highlighted code is cached per process (by language and
    content); without this, every "full" render after the first would skip Pygments.
    """
    emptied = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("editor.core"):
            continue
        for attribute, value in vars(module).items():
            if "highlight" in attribute and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                emptied.append(f"{name}.{attribute}")
    return sorted(set(emptied))


def _window_render_step() -> tuple[Callable[[], Any], Callable[[Any, str], object], str]:
    """What the window does with the text after an edit: its own code when importable.

    Returns a factory for the renderer it keeps per document, the step run after each edit,
    and a description of what is measured.
    """
    from editor.core.dialects import default_dialect
    from editor.core.page import render_header
    from editor.core.post import Post
    from editor.core.render import Renderer

    try:
        # Imports QtCore only (no QApplication): the window's render step itself.
        from editor.ui import render_worker
    except Exception as error:  # missing, or half-written while the window is being built

        def core_only(renderer: Any, text: str) -> object:
            post = Post.from_text(text)
            render_header(post)
            return renderer.render_body(post.body, post.body_line).html

        why = f"{type(error).__name__}: {error}"
        description = f"Post.from_text + render_header + Renderer.render_body ({why})"
        return Renderer, core_only, description

    def window_step(renderer: Any, text: str) -> object:
        # The html site's dialect, the one the full-render baseline measures too.
        return render_worker.render_document(
            renderer, text, None, 0, default_dialect("html")
        ).body.html

    document_renderer = getattr(render_worker, "DocumentRenderer", None)
    if document_renderer is not None:
        return document_renderer, window_step, "render_worker.render_document(DocumentRenderer)"
    return Renderer, window_step, "render_worker.render_document(Renderer)"


def measure_cmark(report: Report, runs: dict[str, int], body: str) -> None:
    """cmark_ms: the cmark-gfm C renderer on the same body."""
    try:
        import cmarkgfm
    except ImportError as error:
        raise Unavailable(f"cmarkgfm is not installed ({error})") from None
    convert = cmarkgfm.github_flavored_markdown_to_html
    convert(body)
    report.figures["cmark_ms"] = median(
        [timed(lambda: convert(body)) for _ in range(runs["cmark"])]
    )
    report.runs["cmark_ms"] = runs["cmark"]


# --- library and export -----------------------------------------------------------------------


def measure_index(report: Report, runs: dict[str, int], root: Path) -> None:
    """library_index_ms: Library.scan of 2,000 posts with no index cache on disk."""
    import shutil

    from editor.core.library import Library

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
    from editor.core.library import Library

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


# --- the window (child processes) ---------------------------------------------------------------


def child_environment(home: Path) -> dict[str, str]:
    """Offscreen Qt, no Chromium sandbox or GPU, and a home of its own for each run."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled modules are part of a normal start
    return env


def run_child(mode: str, path: Path, work: Path, *extra: str) -> dict[str, Any]:
    """Start the window in a child process and return what it measured."""
    home = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=work))
    command = [
        sys.executable,
        "-X",
        "faulthandler",  # a crash in Qt prints the Python stack that led to it
        str(Path(__file__).resolve()),
        "--child",
        mode,
        str(path),
        str(home / "postdesk-config"),
        *extra,
    ]
    spawned = time.time()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_environment(home),
        cwd=str(home),
        start_new_session=True,  # its QtWebEngine processes share the group: one kill ends all
    )
    try:
        out, err = process.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        raise Unavailable(f"the window did not finish within {CHILD_TIMEOUT_S} s") from None
    for line in out.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            if "error" in result:
                raise Unavailable(result["error"])
            result["spawned"] = spawned
            return result
    raise Unavailable(
        f"the window exited ({process.returncode}) without a result: {_crash_summary(err)}"
    )


def _crash_summary(stderr: str) -> str:
    """The Python stack of a crash (the child runs with faulthandler), else stderr's last lines."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if line.startswith("Fatal Python error"):
            frames = [frame for frame in lines[index + 1 :] if frame.startswith("File ")]
            return " | ".join([line, *frames[:4]])
    return " | ".join(lines[-3:])


def measure_startup(report: Report, runs: dict[str, int], work: Path) -> None:
    """startup_ms: process start until the window shows a sample post with its preview painted."""
    if not SAMPLE_POST.is_file():
        raise Unavailable(f"no sample post at {SAMPLE_POST}")
    totals, loops, updates = [], [], []
    for _ in repeats(runs, "startup"):
        result = run_child("startup", SAMPLE_POST, work)
        spawned = result["spawned"]
        totals.append((result["painted"] - spawned) * 1000)
        loops.append((result["loop"] - spawned) * 1000)
        updates.append((result["updated"] - spawned) * 1000)
        if not result.get("paint_confirmed", True):
            report.notes["startup_ms"] = "no frame confirmed after the preview updated"
    report.figures["startup_ms"] = median(totals)
    report.runs["startup_ms"] = len(totals)
    report.details["startup_event_loop_ms"] = median(loops)
    report.details["startup_preview_updated_ms"] = median(updates)


def measure_typing(
    report: Report, runs: dict[str, int], post: Path, edit_line: int, work: Path
) -> None:
    """max_ui_stall_ms while typing into the long post, and rss_mb with it open."""
    stalls, rss, pss, settles, after, over, keystrokes = [], [], [], [], [], [], []
    for _ in repeats(runs, "typing"):
        result = run_child("typing", post, work, str(edit_line))
        stalls.append(result["max_stall_ms"])
        rss.append(result["rss_mb"])
        pss.append(result["pss_mb"])
        settles.append(result["settle_ms"])
        over.append(result["stalls_over_50_ms"])
        keystrokes.append(result["max_keystroke_ms"])
        after.append(result["rss_after_typing_mb"])
    report.figures["max_ui_stall_ms"] = median(stalls)
    report.figures["rss_mb"] = median(rss)
    report.runs["max_ui_stall_ms"] = report.runs["rss_mb"] = len(stalls)
    report.details["typing_stalls_ms"] = stalls
    report.details["typing_stalls_over_50_ms"] = over
    # The longest a single key took in the editor itself (highlighting, signals): a stall
    # much longer than this happened elsewhere (a render holding the GIL, a preview patch).
    report.details["typing_longest_keystroke_ms"] = keystrokes
    report.details["last_key_to_preview_updated_ms"] = median(settles)
    report.details["pss_mb"] = median(pss)
    report.details["rss_after_typing_mb"] = median(after)


def process_tree_memory(root_pid: int) -> tuple[float, float]:
    """Resident and proportional memory (MB) of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree = {root_pid}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    rss_kb = pss_kb = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            name, _, value = line.partition(":")
            if name == "Rss":
                rss_kb += int(value.split()[0])
            elif name == "Pss":
                pss_kb += int(value.split()[0])
    return round(rss_kb / 1024, 1), round(pss_kb / 1024, 1)


def child_main(mode: str, path: str, config_dir: str, extra: list[str]) -> int:
    """Inside the child: open the window the normal way and measure it from its event loop."""
    from PySide6.QtWidgets import QApplication

    probe = _WindowProbe(mode, int(extra[0]) if extra else 0)
    original_exec = QApplication.exec

    def exec_with_probe(*_args: object) -> int:
        # The window's own start-up ran unchanged up to here; the probe starts with the loop.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, probe.attach)
        return original_exec()

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]
    from editor.cli import main

    main([path, "--config-dir", config_dir])
    print(RESULT_PREFIX + json.dumps(probe.result), flush=True)
    return 0


class _WindowProbe:
    """Watches the running window: preview painted, then (typing mode) types and times stalls."""

    def __init__(self, mode: str, edit_line: int) -> None:
        self.mode = mode
        self.edit_line = edit_line
        self.result: dict[str, Any] = {"error": "the window closed before it was measured"}
        self._times: dict[str, float] = {}
        self._beats: list[float] = []
        self._keystrokes: list[float] = []  # ms the editor took to handle each key

    def attach(self) -> None:
        """Find the main window, then its preview, and wait for the document to be shown."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        self._times["loop"] = time.time()
        windows = [w for w in QApplication.topLevelWidgets() if hasattr(w, "current_document")]
        if not windows:
            self._fail("no main window (a top-level widget with current_document())")
            return
        self.window: Any = windows[0]  # the MainWindow: used through its public API only
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(lambda: self._fail("the preview never updated (60 s)"))
        self._deadline.start(60_000)
        # The preview may be built after the window shows: look for it until it is there.
        self._finder = QTimer()
        self._finder.setInterval(5)
        self._finder.timeout.connect(self._find_preview)
        self._finder.start()
        self._find_preview()

    def _find_preview(self) -> None:
        preview = getattr(self.window, "preview", None)
        if preview is None or not hasattr(preview, "updated"):
            return
        self._finder.stop()
        self.preview = preview
        preview.updated.connect(self._on_preview_updated)
        if preview.is_ready:
            self._on_preview_updated()

    def _fail(self, reason: str) -> None:
        self.result = {"error": reason}
        self._quit(1)

    def _on_preview_updated(self) -> None:
        if "updated" in self._times or self.window.current_document() is None:
            return
        self._times["updated"] = time.time()
        # Two animation frames after the patch: the compositor has drawn the new content.
        page = self.preview.page()
        page.titleChanged.connect(self._on_page_title_changed)
        self.preview.run_script(
            "requestAnimationFrame(() => requestAnimationFrame(() => {"
            " document.title = 'postdesk-bench-painted'; }))",
            lambda _value: None,
        )
        from PySide6.QtCore import QTimer

        QTimer.singleShot(3000, self._on_paint_timeout)

    def _on_paint_timeout(self) -> None:
        if "painted" not in self._times:
            self._times["painted"] = self._times["updated"]
            self._times["paint_confirmed"] = 0.0
            self._painted()

    def _on_page_title_changed(self, title: str) -> None:
        if title == "postdesk-bench-painted" and "painted" not in self._times:
            self._times["painted"] = time.time()
            self._painted()

    def _painted(self) -> None:
        self._deadline.stop()
        if self.mode == "startup":
            self.result = {
                "loop": self._times["loop"],
                "updated": self._times["updated"],
                "painted": self._times["painted"],
                "paint_confirmed": "paint_confirmed" not in self._times,
            }
            self._quit()
            return
        from PySide6.QtCore import QTimer

        # Let the library scan and the first render's aftermath finish before measuring.
        QTimer.singleShot(1000, self._start_typing)

    def _start_typing(self) -> None:
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtGui import QTextCursor

        self._rss, self._pss = process_tree_memory(os.getpid())
        document = self.window.current_document()
        self.editor = document.editor
        self._length = len(self.editor.toPlainText())
        block = self.editor.document().findBlockByNumber(self.edit_line - 1)
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, block.length() // 2
        )
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        self._text = ("the quick brown fox jumps over the lazy dog " * 5)[:TYPED_CHARACTERS]
        self._typed = 0
        self._heartbeat = QTimer()
        self._heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(lambda: self._beats.append(time.perf_counter()))
        self._heartbeat.start()
        self._key_timer = QTimer()
        self._key_timer.setSingleShot(True)
        self._key_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._key_timer.timeout.connect(self._type_next)
        self._beats.append(time.perf_counter())
        self._first_key = time.perf_counter()
        self._type_next()

    def _type_next(self) -> None:
        from PySide6.QtTest import QTest

        start = time.perf_counter()
        QTest.keyClicks(self.editor, self._text[self._typed])
        self._keystrokes.append((time.perf_counter() - start) * 1000)
        self._typed += 1
        if self._typed < len(self._text):
            pause = PAUSE_MS if self._typed % PAUSE_EVERY == 0 else KEY_INTERVAL_MS
            self._key_timer.start(pause)
            return
        self._last_key = time.perf_counter()
        # A render that started before this key is dropped by the window, so the first result
        # that differs from this one holds every keystroke.
        self._result_at_last_key = self.window.current_document().last_result
        self.preview.updated.disconnect(self._on_preview_updated)
        self.preview.updated.connect(self._on_typing_settled)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(30_000, self._on_settle_timeout)

    def _on_settle_timeout(self) -> None:
        document = self.window.current_document()
        rendered = document is not None and document.last_result is not self._result_at_last_key
        self._fail(
            "the preview never caught up after typing (30 s): "
            + ("rendered, but the page was not updated" if rendered else "no new render")
        )

    def _on_typing_settled(self) -> None:
        document = self.window.current_document()
        if hasattr(self, "_settled") or not self.preview.is_ready:
            return
        if document is None or document.last_result is self._result_at_last_key:
            return  # a patch sent before the last key has just landed
        self._settled = time.perf_counter()
        self._heartbeat.stop()
        beats = [beat for beat in self._beats if beat >= self._first_key] + [self._settled]
        gaps = [(later - earlier) * 1000 for earlier, later in pairwise(beats)]
        typed = len(self.editor.toPlainText()) - self._length
        if typed != len(self._text):
            self._fail(f"{typed} of {len(self._text)} keystrokes reached the editor")
            return
        rss_after, _ = process_tree_memory(os.getpid())
        self.result = {
            "max_stall_ms": round(max(gaps), 1),
            "stalls_over_50_ms": sum(1 for gap in gaps if gap > 50),
            "max_keystroke_ms": round(max(self._keystrokes), 1),
            "settle_ms": round((self._settled - self._last_key) * 1000, 1),
            "rss_mb": self._rss,
            "pss_mb": self._pss,
            "rss_after_typing_mb": rss_after,
        }
        self._quit()

    def _quit(self, status: int = 0) -> None:
        from PySide6.QtWidgets import QApplication

        # Nothing typed here is kept: no "save changes?" question on the way out.
        window = getattr(self, "window", None)
        if window is not None:
            for document in window.documents():
                document.editor.document().setModified(False)
        QApplication.exit(status)


# --- driver -----------------------------------------------------------------------------------


def measure(groups: tuple[str, ...], runs: dict[str, int]) -> Report:
    """Generate the inputs in a temporary folder and take every figure asked for."""
    import generate

    report = Report()
    report.details["load_before"] = [round(value, 2) for value in os.getloadavg()]
    started = time.perf_counter()
    post = generate.big_post()
    with tempfile.TemporaryDirectory(prefix="postdesk-bench-") as folder:
        work = Path(folder)
        if "render" in groups:
            progress("rendering the long post")
            with measuring(report, ("full_render_ms",)):
                measure_full_render(report, runs, post.text)
            with measuring(report, ("edit_to_html_ms", "edit_ratio")):
                measure_edit(report, runs, post.text, post.edit_line)
        if "cmark" in groups:
            progress("cmark-gfm")
            with measuring(report, ("cmark_ms",)):
                from editor.core.post import Post

                measure_cmark(report, runs, Post.from_text(post.text).body)
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
        if "typing" in groups:
            progress(f"typing {TYPED_CHARACTERS} characters into the window")
            with measuring(report, ("max_ui_stall_ms", "rss_mb")):
                path = generate.write_big_post(work / "long-post-library")
                measure_typing(report, runs, path, post.edit_line, work)
        if "startup" in groups:
            progress("starting the window")
            with measuring(report, ("startup_ms",)):
                measure_startup(report, runs, work)
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


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures (or, with --child, be the measured window)."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--child"]:
        mode, path, config_dir, *extra = arguments[1:]
        return child_main(mode, path, config_dir, extra)
    parser = argparse.ArgumentParser(description="Measure Postdesk's performance figures.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--only",
        type=lambda text: tuple(text.split(",")),
        default=GROUPS,
        help=f"comma-separated groups among {', '.join(GROUPS)}",
    )
    args = parser.parse_args(arguments)
    unknown = set(args.only) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    report = measure(args.only, QUICK_RUNS if args.quick else RUNS)
    print(json.dumps(as_json(report), indent=2) if args.json else as_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
