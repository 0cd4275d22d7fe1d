"""The window figures, each taken in a child process: start-up, typing stalls, memory.

    python benchmarks/window_speed.py [--json] [--quick] [--only typing,startup]

The window runs in child processes (this script with ``--child``) so Qt never loads in the
measuring process: startup_ms (process start until a sample post's preview is painted),
max_ui_stall_ms while typing into the long post, and rss_mb with it open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import generate
from figures import REPOSITORY, Report, Unavailable, main, measuring, median, progress, repeats

GROUPS = ("typing", "startup")

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


def measure(report: Report, groups: tuple[str, ...], runs: dict[str, int], work: Path) -> None:
    """Take the window figures of ``groups``, the long post written to ``work``."""
    if "typing" in groups:
        progress(f"typing {TYPED_CHARACTERS} characters into the window")
        with measuring(report, ("max_ui_stall_ms", "rss_mb")):
            path = generate.write_big_post(work / "long-post-library")
            measure_typing(report, runs, path, generate.big_post().edit_line, work)
    if "startup" in groups:
        progress("starting the window")
        with measuring(report, ("startup_ms",)):
            measure_startup(report, runs, work)


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


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        mode, path, config_dir, *extra = sys.argv[2:]
        sys.exit(child_main(mode, path, config_dir, extra))
    sys.exit(main("Measure Postdesk's window figures.", [sys.modules[__name__]]))
