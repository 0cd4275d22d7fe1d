"""The metadata form and the front matter text never disagree; one undo reverts a form edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.library import Library
from editor.core.post import Post
from editor.ui.metadata_pane import MetadataPane

TEXT = (
    "---\n"
    "# my own comment\n"
    "title: Hello World\n"
    'date: "2025-03-04T09:30:00+01:00"\n'
    "tags: [python, git]\n"
    "odd_key: {a: 1}\n"
    "---\n"
    "\n"
    "Body text ✨ with an emoji.\n"
)


@pytest.fixture
def pane(qtbot, tmp_path: Path):
    """A pane following an editor that holds TEXT, as <library>/hello-world/index.md."""
    editor = QPlainTextEdit()
    editor.setPlainText(TEXT)
    qtbot.addWidget(editor)
    metadata = MetadataPane()
    qtbot.addWidget(metadata)
    path = tmp_path / "hello-world" / "index.md"
    metadata.bind(editor, lambda: path)
    metadata.show()
    return metadata


def editor_of(pane: MetadataPane) -> QPlainTextEdit:
    assert pane.sync is not None
    return pane.sync.editor


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_the_form_shows_the_front_matter(pane):
    form = pane.form
    assert form.title_field.text() == "Hello World"
    assert form.slug_field.text() == ""  # no slug key: the folder name is the slug
    assert form.slug_field.placeholderText() == "hello-world"
    assert form.tags_field.tags() == ["python", "git"]
    assert form.offset_field.currentText() == "UTC+01:00"
    assert form.date_field.dateTime().toString("yyyy-MM-dd HH:mm") == "2025-03-04 09:30"
    assert not form.draft_field.isChecked()


def test_typing_a_title_rewrites_only_the_title_line_and_one_undo_reverts_it(qtbot, pane):
    editor = editor_of(pane)
    pane.form.title_field.setFocus()
    pane.form.title_field.end(False)
    qtbot.keyClicks(pane.form.title_field, ", again")

    text = editor.toPlainText()
    assert changed_lines(TEXT, text) == [("title: Hello World", "title: Hello World, again")]
    editor.undo()
    assert editor.toPlainText() == TEXT
    assert pane.form.title_field.text() == "Hello World"


def test_each_form_field_is_its_own_undo_step(qtbot, pane):
    editor = editor_of(pane)
    pane.form.draft_field.click()
    pane.form.tags_field.add_tag("rust")
    assert Post.from_text(editor.toPlainText()).draft
    editor.undo()
    assert Post.from_text(editor.toPlainText()).tags == ["python", "git"]
    assert Post.from_text(editor.toPlainText()).draft
    editor.undo()
    assert editor.toPlainText() == TEXT


def test_editing_the_front_matter_text_updates_the_form(qtbot, pane):
    editor = editor_of(pane)
    cursor = QTextCursor(editor.document().findBlockByNumber(2))  # the title line
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Again")
    assert pane.form.title_field.text() == "Hello World Again"
    cursor = QTextCursor(editor.document().findBlockByNumber(5))  # odd_key
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "draft: true")
    assert pane.form.draft_field.isChecked()
    assert "Draft" in pane.summary.text()


def test_a_body_edit_after_an_astral_character_leaves_the_form_alone(qtbot, pane):
    editor = editor_of(pane)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.textCursor().insertText("More ✨ text")  # (QTest types ASCII only)
    pane.form.title_field.setText("New")
    pane.form.title_field.textEdited.emit("New")
    assert editor.toPlainText().endswith("Body text ✨ with an emoji.\nMore ✨ text")
    assert "title: New\n" in editor.toPlainText()


def test_unreadable_front_matter_locks_the_form_and_says_why(qtbot, pane):
    editor = editor_of(pane)
    cursor = QTextCursor(editor.document().findBlockByNumber(2))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, ": oops")
    assert not pane.form.isEnabled()
    assert pane.problem.isVisible()
    assert "line" in pane.problem.text()
    editor.undo()
    assert pane.form.isEnabled()
    assert not pane.problem.isVisible()


def test_a_date_that_does_not_exist_is_named_above_the_fields_until_mended(qtbot, pane):
    editor = editor_of(pane)
    cursor = QTextCursor(editor.document().findBlockByNumber(3))  # the date line
    cursor.select(QTextCursor.SelectionType.LineUnderCursor)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "date: 2023-02-29")

    problems = pane.form.front_matter_problems
    assert pane.form.isEnabled()
    assert not pane.form.dated.isChecked()
    assert problems.isVisible()
    assert problems.text() == (
        "Line 4: the date '2023-02-29' does not exist: check its day, month, year and time"
    )
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "8")
    assert not problems.isVisible()
    assert pane.form.dated.isChecked()


def test_a_published_posts_slug_stays_when_the_title_changes(qtbot, pane):
    pane.form.title_field.setFocus()
    qtbot.keyClicks(pane.form.title_field, "!")
    assert "slug" not in Post.from_text(editor_of(pane).toPlainText()).metadata


def test_a_drafts_slug_follows_the_title_until_typed_by_hand(qtbot, tmp_path):
    editor = QPlainTextEdit()
    editor.setPlainText("---\ntitle: First\ndraft: true\n---\nBody\n")
    qtbot.addWidget(editor)
    pane = MetadataPane()
    qtbot.addWidget(pane)
    pane.bind(editor, lambda: tmp_path / "first" / "index.md")
    title, slug = pane.form.title_field, pane.form.slug_field
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " Post")
    assert Post.from_text(editor.toPlainText()).slug == "first-post"
    assert slug.text() == "first-post"
    editor.undo()  # the title and the slug it took are one step
    assert editor.toPlainText() == "---\ntitle: First\ndraft: true\n---\nBody\n"

    slug.setFocus()
    slug.selectAll()
    qtbot.keyClicks(slug, "my-choice")
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " again")
    post = Post.from_text(editor.toPlainText())
    assert (post.title, post.slug) == ("First again", "my-choice")


def test_an_unsafe_or_taken_slug_is_shown_as_an_error(qtbot, tmp_path, pane):
    other = tmp_path / "other" / "index.md"
    other.parent.mkdir()
    other.write_text("---\ntitle: Other\nslug: taken\n---\n", encoding="utf-8")
    pane.set_library(Library.scan(tmp_path))
    slug = pane.form.slug_field
    slug.setFocus()
    qtbot.keyClicks(slug, "Bad Slug")
    assert pane.form.slug_problem.isVisible()
    assert "unsafe slug" in pane.form.slug_problem.text()
    assert "slug: Bad Slug\n" in editor_of(pane).toPlainText()
    slug.selectAll()
    qtbot.keyClicks(slug, "taken")
    assert "“Other” already has the slug 'taken'" in pane.form.slug_problem.text()
    slug.selectAll()
    qtbot.keyClicks(slug, "free")
    assert not pane.form.slug_problem.isVisible()


def test_the_excerpt_counts_its_characters_against_160(qtbot, pane):
    excerpt = pane.form.excerpt_field
    excerpt.setFocus()
    qtbot.keyClicks(excerpt, "x" * 170)
    assert pane.form.excerpt_count.text().startswith("170 / 160")
    assert pane.form.excerpt_count.property("over")
    assert Post.from_text(editor_of(pane).toPlainText()).excerpt == "x" * 170
    editor_of(pane).undo()
    assert editor_of(pane).toPlainText() == TEXT


def test_the_date_keeps_its_utc_offset_and_is_written_quoted(qtbot, pane):
    form = pane.form
    form.offset_field.setCurrentIndex(form.offset_field.findData(-5 * 60))
    form.offset_field.activated.emit(form.offset_field.currentIndex())
    assert 'date: "2025-03-04T09:30:00-05:00"' in editor_of(pane).toPlainText()
    form.date_field.setDateTime(form.date_field.dateTime().addDays(1))
    assert 'date: "2025-03-05T09:30:00-05:00"' in editor_of(pane).toPlainText()


def test_the_default_author_is_shown_and_a_typed_author_is_written(qtbot, tmp_path, pane):
    (tmp_path / ".postdesk.yaml").write_text("author:\n  name: Jonas\n", encoding="utf-8")
    pane.set_library(Library.scan(tmp_path))
    assert "Jonas" in pane.form.author_field.placeholderText()
    qtbot.keyClicks(pane.form.author_field, "Priya")
    assert "author:\n  name: Priya\n" in editor_of(pane).toPlainText()


def test_a_form_edit_on_a_note_creates_the_front_matter(qtbot):
    editor = QPlainTextEdit()
    editor.setPlainText("# A note\n\nText\n")
    qtbot.addWidget(editor)
    pane = MetadataPane()
    qtbot.addWidget(pane)
    pane.bind(editor, lambda: None)
    assert pane.form.isEnabled()
    pane.form.draft_field.click()
    assert editor.toPlainText() == "---\ndraft: true\n---\n# A note\n\nText\n"
    editor.undo()
    assert editor.toPlainText() == "# A note\n\nText\n"
    assert not pane.form.draft_field.isChecked()


# --- in the window: the form, the editor and the preview together ------------------------------


def open_post(qtbot, window, library: Path, slug: str):
    window.open_library(library)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    document = window.workspace.open_file(library / slug / "index.md")
    assert document is not None
    qtbot.waitUntil(lambda: window.preview.is_ready, timeout=15000)
    return document


def preview_tags(qtbot, window) -> list[str]:
    from tests.ui.conftest import run_js

    script = (
        "Array.from(document.querySelectorAll('#post-header .post-tags .tag'))"
        ".map(e => e.textContent).join('|') || '-'"
    )
    return str(run_js(qtbot, window.preview, script)).split("|")


def test_a_tag_added_through_completion_reaches_the_text_and_the_preview(
    qtbot, qtlog, window, library
):
    document = open_post(qtbot, window, library, "a-long-post")
    tags = window.metadata_pane.form.tags_field
    tags.set_known_tags(["Machine Learning", "testing"])  # as if other posts used them
    tags.line.setFocus()
    popup = tags.completer.popup()
    with qtlog.disabled():  # offscreen: the popup cannot be raised or grab the keyboard
        qtbot.keyClicks(tags.line, "learn")
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)

    text = document.editor.toPlainText()
    assert Post.from_text(text).tags == ["testing", "Machine Learning"]
    original = (library / "a-long-post" / "index.md").read_text(encoding="utf-8")
    assert Post.from_text(text).body == Post.from_text(original).body
    qtbot.waitUntil(
        lambda: preview_tags(qtbot, window) == ["testing", "Machine Learning"], timeout=10000
    )


def test_one_undo_in_the_edit_menu_reverts_a_form_edit(qtbot, window, library):
    document = open_post(qtbot, window, library, "hello-world")
    before = document.editor.toPlainText()
    title = window.metadata_pane.form.title_field
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " and more")
    assert "title: Hello World and more\n" in document.editor.toPlainText()
    assert document.is_modified
    window.menu_actions["undo"].trigger()
    assert document.editor.toPlainText() == before
    assert title.text() == "Hello World"


def test_the_form_follows_the_active_tab(qtbot, window, library):
    hello = open_post(qtbot, window, library, "hello-world")
    assert window.metadata_pane.form.title_field.text() == "Hello World"
    long_post = open_post(qtbot, window, library, "a-long-post")
    assert window.metadata_pane.form.title_field.text() == "A long post"
    window.tabs.set_current_document(hello)
    assert window.metadata_pane.form.title_field.text() == "Hello World"
    window.workspace.close(hello)
    assert window.metadata_pane.sync is not None
    assert window.metadata_pane.sync.editor is long_post.editor


def new_posts(qtbot, window, library: Path, monkeypatch, *titles: str) -> list:
    """Start a new post for each title through File ▸ New Post; none is saved yet."""
    from editor.ui import dialogs

    window.open_library(library)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    typed = iter(titles)

    def type_title_and_accept(dialog: dialogs.NewPostDialog) -> int:
        qtbot.keyClicks(dialog.title_field, next(typed))
        return 1

    monkeypatch.setattr(dialogs.NewPostDialog, "exec", type_title_and_accept)
    started = []
    for _title in titles:
        window.menu_actions["new_post"].trigger()
        started.append(window.current_document())
    return started


def type_slug(qtbot, window, slug: str) -> None:
    field = window.metadata_pane.form.slug_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, slug)


def test_an_unsaved_posts_slug_names_the_folder_it_is_saved_in(qtbot, window, library, monkeypatch):
    (post,) = new_posts(qtbot, window, library, monkeypatch, "First")
    assert post.path == library / "first" / "index.md"
    type_slug(qtbot, window, "my-first-post")
    assert not window.metadata_pane.form.slug_problem.isVisible()
    assert post.path == library / "my-first-post" / "index.md"
    assert str(post.path) in window.tabs.tabToolTip(window.tabs.currentIndex())
    assert window.workspace.save(post)
    assert Post.load(library / "my-first-post" / "index.md").title == "First"
    assert not (library / "first").exists()


def test_an_unsaved_posts_slug_never_takes_another_tabs_or_a_folder_on_disk(
    qtbot, window, library, monkeypatch
):
    (library / "photos").mkdir()  # a folder, not a post: the library does not list it
    first, second = new_posts(qtbot, window, library, monkeypatch, "First", "Second")
    problem = window.metadata_pane.form.slug_problem
    type_slug(qtbot, window, "first")
    assert problem.isVisible()
    assert "open tab: try 'first-2'" in problem.text()
    type_slug(qtbot, window, "photos")
    assert "try 'photos-2'" in problem.text()
    # The post stays in the last free folder its slug named, never in a taken one.
    assert second.path.parent.name not in ("first", "photos")
    second.editor.appendPlainText("The second post's words.")
    assert window.workspace.save(second) and window.workspace.save(first)
    assert "second post's words" not in first.path.read_text(encoding="utf-8")
    assert "second post's words" in second.path.read_text(encoding="utf-8")
    assert list((library / "photos").iterdir()) == []


def test_a_first_save_never_takes_another_tabs_file(qtbot, window, library, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from editor.ui import dialogs

    (post,) = new_posts(qtbot, window, library, monkeypatch, "First")
    window.menu_actions["new_note"].trigger()
    note = window.current_document()
    note.editor.setPlainText("A note")
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(post.path), ""))
    monkeypatch.setattr(
        dialogs, "offer_save_as", lambda _parent, error: asked.append(str(error)) or False
    )
    assert not window.workspace.save(note)
    assert asked and "another tab has this file open" in asked[0]
    assert note.path is None and not post.path.exists()
    assert window.workspace.save(post)
    assert Post.load(post.path).title == "First"
