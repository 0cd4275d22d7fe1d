"""The whole app is killed in the middle of typing; the next start offers the text back.

The test runs this module as the app's driver in child processes: one opens a post through
`editor.app.run`, types into the real editor and waits for the recovery copy, then the test
kills it with SIGKILL; another starts the app again on the same config folder, reads the
recovery offer, accepts it and reports the restored tab. A second window typing into the
same post and saving it, while the first is killed, must not take the first one's text with
it, and the restored tab says that the file changed since.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TYPED = "Typed just before the crash."
TYPED_AND_SAVED = "Typed and saved in the other window."
_TIMEOUT_S = 90


def _child(mode: str, config: Path, post: Path) -> None:
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from editor import app
    from editor.core.document.recovery import read_entry
    from editor.ui.document.document import DocumentController
    from editor.ui.files.recovery import RecoveryKeeper
    from editor.ui.files.recovery_dialog import RecoveryDialog
    from editor.ui.window.main_window import MainWindow

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    qapp = QApplication([sys.argv[0]])
    typed: list[bool] = []
    reported: set[str] = set()
    text = TYPED_AND_SAVED if mode == "type-then-save" else TYPED

    def window() -> MainWindow | None:
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found else None

    def report(kind: str, value: object) -> None:
        if kind not in reported:
            reported.add(kind)
            print(kind, json.dumps(value), flush=True)

    def type_then_wait_for_copy() -> None:
        main = window()
        document = main.current_document() if main else None
        if document is None:
            return
        if not typed:
            document.editor.moveCursor(document.editor.textCursor().MoveOperation.End)
            QTest.keyClicks(document.editor, text)
            typed.append(True)
            report("TYPED", time.monotonic())
        if mode == "type-only":
            return  # the test kills it on its own schedule
        copy = main.context.recovery.file_for(document.recovery_id)
        if "COPIED" not in reported:
            if copy.exists() and text in read_entry(copy).load_text():
                report("COPIED", str(copy))
        elif mode == "type-then-save" and _save_now(config).exists():
            if document.is_modified:
                main.menu_actions["save"].trigger()
            elif not copy.exists():  # its copy goes once the save is on disk
                report("SAVED", str(document.path))

    def accept_offer_then_report() -> None:
        dialog = qapp.activeModalWidget()
        if isinstance(dialog, RecoveryDialog):
            rows = dialog.list
            report(
                "OFFERED", [rows.topLevelItem(r).text(0) for r in range(rows.topLevelItemCount())]
            )
            dialog.recover_button.click()
            return
        main = window()
        if main is not None and main.documents() and main.current_document().is_modified:
            document = main.current_document()
            restored = {"path": str(document.path), "text": document.editor.toPlainText()}
            report("RESTORED", {**restored, "note": document.note})
            os._exit(0)  # the test only needed the report; leave no dialog to answer

    offer = RecoveryKeeper.offer

    def offer_then_report(keeper: RecoveryKeeper) -> list[DocumentController]:
        restored = offer(keeper)
        # Said when no dialog came up, so the test fails at once (a dialog's list comes first).
        report("OFFERED", [])
        return restored

    RecoveryKeeper.offer = offer_then_report  # type: ignore[method-assign]
    poll = QTimer()
    poll.timeout.connect(accept_offer_then_report if mode == "recover" else type_then_wait_for_copy)
    poll.start(100)
    app.run([str(post), "--config-dir", str(config)])


def _save_now(config: Path) -> Path:
    """The file that tells a "type-then-save" child to save its post."""
    return config / "save-now"


def _start(mode: str, config: Path, post: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ui.files.test_crash_recovery", mode, str(config), str(post)],
        cwd=Path(__file__).parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its QtWebEngine helpers die with it
    )


def _wait_for(child: subprocess.Popen[str], kind: str) -> object:
    deadline = time.monotonic() + _TIMEOUT_S
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith(kind + " "):
            return json.loads(line[len(kind) + 1 :])
        if time.monotonic() > deadline:
            break
    pytest.fail(f"the app never reported {kind}")


def _kill(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=30)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_text_typed_before_a_kill_is_offered_at_the_next_start(library: Path, tmp_path: Path):
    post = library / "hello-world" / "index.md"
    before = post.read_bytes()
    config = tmp_path / "config"
    config.mkdir()
    # A short delay keeps the test quick; the app reads it as the writer's own setting.
    (config / "preferences.ini").write_text("[safety]\nrecovery_delay_ms=300\n", "utf-8")

    typing = _start("type", config, post)
    try:
        _wait_for(typing, "COPIED")
    finally:
        _kill(typing)
    assert typing.returncode == -signal.SIGKILL
    assert post.read_bytes() == before

    again = _start("recover", config, post)
    try:
        assert _wait_for(again, "OFFERED") == [f"hello-world — {library}"]
        restored = _wait_for(again, "RESTORED")
    finally:
        _kill(again)
    assert isinstance(restored, dict)
    assert restored["path"] == str(post)
    assert restored["text"].rstrip().endswith(TYPED)
    assert restored["note"] == ""  # the file is still what the text was made from
    assert post.read_bytes() == before  # restored as an unsaved change, the file untouched


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_first_sentence_typed_two_seconds_before_a_kill_is_offered(library: Path, tmp_path: Path):
    post = library / "hello-world" / "index.md"
    config = tmp_path / "config"
    config.mkdir()  # the writer's preferences as they come: the default delay

    typing = _start("type-only", config, post)
    try:
        typed_at = _wait_for(typing, "TYPED")
        assert isinstance(typed_at, float)
        # The crash the QA walk found: seconds into a new post, long before a pause.
        time.sleep(max(0.0, typed_at + 2.0 - time.monotonic()))
    finally:
        _kill(typing)

    again = _start("recover", config, post)
    try:
        assert _wait_for(again, "OFFERED") == [f"hello-world — {library}"]
        restored = _wait_for(again, "RESTORED")
    finally:
        _kill(again)
    assert isinstance(restored, dict)
    assert restored["text"].rstrip().endswith(TYPED)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_windows_text_survives_another_window_saving_the_same_post(
    library: Path, tmp_path: Path
):
    post = library / "hello-world" / "index.md"
    before = post.read_text("utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "preferences.ini").write_text("[safety]\nrecovery_delay_ms=300\n", "utf-8")

    killed = _start("type", config, post)
    saving: subprocess.Popen[str] | None = None
    try:
        _wait_for(killed, "COPIED")
        saving = _start("type-then-save", config, post)
        _wait_for(saving, "COPIED")
        _kill(killed)
        _save_now(config).touch()
        _wait_for(saving, "SAVED")
    finally:
        _kill(killed)
        if saving is not None:
            _kill(saving)
    assert TYPED_AND_SAVED in post.read_text("utf-8")

    again = _start("recover", config, post)
    try:
        assert _wait_for(again, "OFFERED") == [f"hello-world — {library}"]
        restored = _wait_for(again, "RESTORED")
    finally:
        _kill(again)
    assert isinstance(restored, dict)
    assert restored["path"] == str(post)
    # The killed window's text, not the one the other window saved, and a note that the
    # file changed since (saving it asks before replacing the other window's text).
    assert restored["text"].rstrip() == before + TYPED
    assert "changed on disk" in restored["note"]


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
