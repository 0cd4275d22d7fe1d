"""Test setup shared by every test: Qt runs offscreen, QtWebEngine runs without its sandbox."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QtWebEngine refuses to start as root with its sandbox on (CI runs as root).
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

# The Chromium flags the application itself adds before it loads Qt.
from editor.app import skip_unused_chromium_processes

skip_unused_chromium_processes()
