"""The preview is sandboxed, follows the theme and scrolls the editor when scrolled."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

from editor import cli
from editor.ui.preview.preview_pane import PreviewPane
from editor.ui.preview.preview_view import PreviewPage
from tests.ui.conftest import make_png, preview_text, run_js, wait_for_preview

SAMPLE_POSTS = Path(__file__).parents[3] / "sample_posts"


def open_text(qtbot, window, library, text: str):
    (library / "page.md").write_text(text, encoding="utf-8")
    window.open_library(library)
    document = window.workspace.open_file(library / "page.md")
    wait_for_preview(qtbot, window)
    return document


def test_links_open_in_the_system_browser_and_the_page_stays(qtbot, window, library, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)) or True)
    open_text(qtbot, window, library, "[out](https://example.com/x) and [file](other.md)\n")
    page_url = window.preview.page().url()

    run_js(qtbot, window.preview, "document.querySelector('a[href^=\"https\"]').click(); true")
    qtbot.waitUntil(lambda: bool(opened))
    run_js(qtbot, window.preview, "document.querySelector('a[href=\"other.md\"]').click(); true")
    qtbot.wait(200)

    assert [url.toString() for url in opened] == ["https://example.com/x"]
    assert window.preview.page().url() == page_url
    assert "out and file" in preview_text(qtbot, window)


def test_only_the_applications_own_load_is_accepted(qtbot, window, library):
    open_text(qtbot, window, library, "A post\n")
    page = window.preview.page()
    assert isinstance(page, PreviewPage)
    typed = PreviewPage.NavigationType.NavigationTypeTyped
    assert not page.acceptNavigationRequest(QUrl("file:///etc/passwd"), typed, True)


def test_a_script_in_a_post_never_runs(qtbot, window, library):
    open_text(
        qtbot,
        window,
        library,
        "Hi\n\n<script>document.title = 'ran'</script>\n\n"
        '<img src="missing.png" onerror="document.title = \'ran\'">\n',
    )
    # Every image (if the blog keeps raw HTML) has failed to load: an onerror has run by now.
    settled = "Array.from(document.images).every((image) => image.complete)"
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, settled) is True)
    assert run_js(qtbot, window.preview, "document.title") != "ran"


PAGE_BACKGROUND = "getComputedStyle(document.documentElement).backgroundColor"


def heading_colour(editor) -> str:
    """The colour the editor draws the first line's heading text in (after its ``# ``)."""
    for drawn in editor.document().firstBlock().layout().formats():
        if drawn.start <= 2 < drawn.start + drawn.length:
            return drawn.format.foreground().color().name()
    return ""


def test_the_preview_and_the_editor_follow_the_theme(qtbot, window, library, context):
    editor = open_text(qtbot, window, library, "# Hello\n").editor
    context.preferences.theme = "light"
    qtbot.waitUntil(
        lambda: run_js(qtbot, window.preview, "document.documentElement.dataset.theme") == "light"
    )
    light_page = run_js(qtbot, window.preview, PAGE_BACKGROUND)
    qtbot.waitUntil(lambda: heading_colour(editor) == "#1d4fa8")  # themes.json md_heading
    context.preferences.theme = "dark"
    qtbot.waitUntil(
        lambda: run_js(qtbot, window.preview, "document.documentElement.dataset.theme") == "dark"
    )
    # The writer sees a dark page and the heading in the dark theme's colour.
    assert run_js(qtbot, window.preview, PAGE_BACKGROUND) == "rgb(15, 17, 21)" != light_page
    qtbot.waitUntil(lambda: heading_colour(editor) == "#7fb0ff")


def test_scrolling_the_preview_scrolls_the_editor(qtbot, window, library):
    text = "\n".join(f"Paragraph {n}.\n" for n in range(1, 121))
    document = open_text(qtbot, window, library, text)
    editor = document.editor
    assert editor.top_line() == 1
    target = run_js(
        qtbot, window.preview, "document.querySelector('[data-line=\"161\"]').offsetTop"
    )
    run_js(qtbot, window.preview, f"window.scrollTo(0, {target}); true")
    qtbot.waitUntil(lambda: abs(editor.top_line() - 161) <= 2)


def test_synced_scrolling_can_be_turned_off(qtbot, window, library):
    text = "\n".join(f"Paragraph {n}.\n" for n in range(1, 121))
    document = open_text(qtbot, window, library, text)
    window.menu_actions["synced_scrolling"].trigger()
    assert not window.scroll_sync.enabled
    cursor = QTextCursor(document.editor.document().findBlockByNumber(200))
    document.editor.setTextCursor(cursor)
    # The page runs scripts in order: a scroll asked for by the cursor move would come first.
    assert run_js(qtbot, window.preview, "window.scrollY") == 0
    # And the same move scrolls the preview once synced scrolling is on again.
    window.menu_actions["synced_scrolling"].trigger()
    document.editor.setTextCursor(QTextCursor(document.editor.document().findBlockByNumber(1)))
    document.editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, "window.scrollY") > 0)


def test_relative_images_resolve_in_folders_with_spaces_and_accents(qtbot, window, tmp_path):
    root = tmp_path / "my library é"
    (root / "a post").mkdir(parents=True)
    (root / "a post" / "index.md").write_text("![x](pic-one.png)\n", encoding="utf-8")
    make_png(root / "a post" / "pic-one.png", "#00ff00")
    window.open_library(root)
    window.workspace.open_file(root / "a post" / "index.md")
    wait_for_preview(qtbot, window)
    loaded = "Array.from(document.images).some(i => i.complete && i.naturalWidth === 40)"
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, loaded))


def test_the_view_is_built_once_shown_with_what_was_asked_before(qtbot):
    # The window shows before Chromium starts, and a hidden preview starts none.
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.set_zoom(1.5)
    pane.clear("#123456", "Nothing is open", "#ffffff")
    QApplication.processEvents()  # what the pane scheduled (nothing, while hidden) has run
    assert pane.findChild(QWebEngineView) is None
    pane.show()
    assert pane.findChild(QWebEngineView) is None
    qtbot.waitUntil(lambda: pane.findChild(QWebEngineView) is not None)
    assert pane.findChild(QWebEngineView).zoomFactor() == 1.5
    qtbot.waitUntil(
        lambda: run_js(qtbot, pane, "document.body.innerText").strip() == "Nothing is open"
    )


def test_opening_the_window_imports_no_web_engine():
    code = (
        "import sys, editor.ui.window.main_window; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6.QtWebEngine')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_typing_after_the_footnote_definitions_keeps_the_new_text_in_view(qtbot, window, library):
    # The footnotes render at the end of the page, below a paragraph typed after their
    # definitions: revealing that paragraph must not scroll down to the footnotes instead.
    text = "".join(f"Paragraph {n} cites a note.[^n{n}]\n\n" for n in range(1, 41))
    text += "".join(f"[^n{n}]: Note {n} says a little more.\n" for n in range(1, 41))
    document = open_text(qtbot, window, library, text)
    document.editor.setFocus()
    document.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(document.editor, Qt.Key.Key_Return)
    QTest.keyClicks(document.editor, "Written after the notes.")
    wait_for_preview(qtbot, window)
    QTest.keyClicks(document.editor, " More.")
    wait_for_preview(qtbot, window)
    where = (
        "(() => { const p = [...document.querySelectorAll('#post-body > p')].pop();"
        " const box = p.getBoundingClientRect();"
        " const seen = box.top >= 0 && box.bottom <= innerHeight;"
        " return p.innerText + (seen ? ' (in view)' : ''); })()"
    )
    qtbot.waitUntil(
        lambda: run_js(qtbot, window.preview, where) == "Written after the notes. More. (in view)"
    )


def test_a_theme_switch_while_the_page_loads_is_not_lost(qtbot, window, library, context):
    context.preferences.theme = "light"
    (library / "page.md").write_text("# Hello\n", encoding="utf-8")
    window.open_library(library)
    window.workspace.open_file(library / "page.md")
    context.preferences.theme = "dark"  # before the page has loaded
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(
        lambda: run_js(qtbot, window.preview, "document.documentElement.dataset.theme") == "dark"
    )


# The article as the browser holds it: the header's cover, title, date, reading time and tags,
# then the body; the same script reads the window's page and the page `render` wrote.
_ARTICLE = """(() => {
  const article = document.querySelector('article.post');
  const cover = article.querySelector('#post-header figure.cover img');
  return JSON.stringify({
    cover: cover ? [cover.getAttribute('src'), cover.getAttribute('alt')] : null,
    header: article.querySelector('#post-header').innerText,
    tags: Array.from(article.querySelectorAll('.post-tags .tag'), (tag) => tag.textContent),
    body: article.querySelector('#post-body').innerHTML.replace(/>\\s+</g, '><').trim(),
  });
})()"""


def test_the_window_shows_the_page_render_writes(qtbot, window, tmp_path):
    """One page assembly: the window's preview and `postdesk render` show the same post."""
    library = tmp_path / "samples"
    shutil.copytree(SAMPLE_POSTS, library)
    post = library / "git-bisect-for-model-regressions" / "index.md"
    written = tmp_path / "page.html"
    assert cli.main(["render", str(post), "-o", str(written)]) == 0

    window.open_library(library)
    window.workspace.open_file(post)
    wait_for_preview(qtbot, window)
    in_window = json.loads(run_js(qtbot, window.preview, _ARTICLE))

    # The written page, loaded from disk as a browser loads it.
    page = QWebEnginePage()
    loaded: list[bool] = []
    page.loadFinished.connect(loaded.append)
    page.load(QUrl.fromLocalFile(str(written)))
    qtbot.waitUntil(lambda: loaded == [True], timeout=15000)
    box: list[str] = []
    page.runJavaScript(_ARTICLE, QWebEngineScript.ScriptWorldId.ApplicationWorld, box.append)
    qtbot.waitUntil(lambda: bool(box))
    page.deleteLater()
    from_cli = json.loads(box[0])

    assert in_window == from_cli
    assert in_window["cover"] == [
        "cover.jpg",
        "Cover Image for Finding a Model Regression with git bisect",
    ]
    assert "Finding a Model Regression with git bisect" in in_window["header"]
    assert "May 20, 2025" in in_window["header"] and "min read" in in_window["header"]
    assert in_window["tags"] == ["git", "machine-learning", "debugging"]
    assert "git bisect run" in in_window["body"]
