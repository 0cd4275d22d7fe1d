"""The metadata form and the front matter text never disagree; one undo reverts a form edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QStyleOptionButton,
)

from editor.core.document.post import Cover, Post
from editor.core.library.library import Library
from editor.ui.metadata.metadata_pane import MetadataPane

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
    from editor.ui.window import dialogs

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

    from editor.ui.window import dialogs

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


# --- folding and the layout the writer sees ------------------------------------------------


@pytest.fixture
def split(qtbot, tmp_path: Path, context):
    """A pane (with the window state) above its editor in a vertical splitter, 640 × 700."""
    editor = QPlainTextEdit()
    editor.setPlainText(TEXT)
    metadata = MetadataPane(state=context.state)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(metadata)
    splitter.addWidget(editor)
    splitter.setStretchFactor(1, 1)
    qtbot.addWidget(splitter)
    metadata.bind(editor, lambda: tmp_path / "hello-world" / "index.md")
    splitter.resize(640, 700)
    splitter.show()
    qtbot.waitExposed(splitter)
    qtbot.waitUntil(lambda: metadata.form.title_field.isVisible())
    return splitter, metadata, editor


def test_the_summary_names_the_title_date_tag_count_and_status(qtbot, pane):
    assert pane.summary.text() == "Hello World · Mar 04, 2025 · 2 tags"
    pane.form.draft_field.click()
    assert pane.summary.text() == "Hello World · Mar 04, 2025 · 2 tags · Draft"


def test_folding_leaves_the_summary_line_and_gives_the_height_to_the_text(qtbot, split):
    splitter, metadata, editor = split
    open_height = metadata.height()
    assert open_height > 3 * metadata.header.height()  # the form shows
    metadata.fold_button.click()
    qtbot.waitUntil(lambda: metadata.height() == metadata.header.sizeHint().height())
    assert not metadata.form.isVisible()
    assert metadata.summary.isVisible()
    # All the height the form had is the text's now: no empty band between them.
    assert editor.height() == splitter.height() - metadata.height() - splitter.handleWidth()
    metadata.summary.clicked.emit()  # (what a click on the summary line sends)
    qtbot.waitUntil(lambda: metadata.height() == open_height)
    assert metadata.form.title_field.isVisible()


def test_the_open_form_leaves_the_text_most_of_the_height(qtbot, split):
    splitter, metadata, editor = split
    assert editor.height() > splitter.height() / 2
    # Dragged smaller, the form scrolls inside instead of pushing back.
    splitter.setSizes([90, splitter.height() - 90])
    qtbot.waitUntil(lambda: metadata.height() <= 90)
    assert metadata.fields_area.verticalScrollBar().isVisible()


def test_the_fold_shortcut_and_the_fold_button_work_from_the_keyboard(qtbot, split):
    splitter, metadata, editor = split
    hidden = MetadataPane()  # another tab's pane: hidden, so the keys are not ambiguous
    splitter.addWidget(hidden)
    hidden.hide()
    splitter.activateWindow()
    qtbot.waitActive(splitter)
    editor.setFocus()
    qtbot.keyClick(
        editor,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert metadata.is_folded
    assert metadata.fold_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    metadata.fold_button.setFocus()
    qtbot.keyClick(metadata.fold_button, Qt.Key.Key_Space)
    assert not metadata.is_folded


def test_the_fold_is_remembered_for_every_posts_pane(qtbot, split, context):
    _splitter, metadata, _editor = split
    metadata.toggle_folded()
    assert context.state.details_folded
    other = MetadataPane(state=context.state)  # the pane of a post opened next
    qtbot.addWidget(other)
    assert other.is_folded
    other.toggle_folded()  # unfolding one post's details unfolds them for every post
    assert not metadata.is_folded and not context.state.details_folded


def test_two_panes_each_keep_their_own_post(qtbot, tmp_path: Path):
    panes, editors = [], []
    for name in ("First", "Second"):
        editor = QPlainTextEdit()
        editor.setPlainText(f"---\ntitle: {name}\n---\n\nText\n")
        pane_of_post = MetadataPane()
        for widget in (editor, pane_of_post):
            qtbot.addWidget(widget)
        pane_of_post.bind(editor, lambda name=name: tmp_path / name.lower() / "index.md")
        panes.append(pane_of_post)
        editors.append(editor)
    panes[0].show()
    qtbot.keyClicks(panes[0].form.tags_field.line, "half typed")
    panes[0].form.title_field.end(False)
    qtbot.keyClicks(panes[0].form.title_field, " post")
    assert "title: First post" in editors[0].toPlainText()
    assert "title: Second\n" in editors[1].toPlainText()
    assert panes[1].form.title_field.text() == "Second"
    assert panes[1].form.tags_field.line.text() == ""


def test_the_cover_row_is_labelled_and_its_alt_warning_wraps(qtbot, split):
    _splitter, metadata, _editor = split
    form = metadata.form
    cover = form.cover_field
    cover.set_post(cover.post_path, Cover("cover.png"))
    labels = [label for label in form.findChildren(QLabel) if label.text() == "Cover"]
    assert len(labels) == 1 and labels[0].isVisible()
    label_at = labels[0].mapTo(form, labels[0].rect().topLeft())
    cover_at = cover.mapTo(form, cover.rect().topLeft())
    assert label_at.x() < cover_at.x() and abs(label_at.y() - cover_at.y()) < labels[0].height()
    warning = cover.alt_warning
    assert warning.isVisibleTo(metadata) and warning.wordWrap()
    # The whole warning shows inside the cover field, however narrow the column.
    assert warning.geometry().right() <= cover.width()
    assert warning.height() >= warning.heightForWidth(warning.width())


def test_the_excerpt_count_sits_beside_the_box_not_over_it(qtbot, split):
    _splitter, metadata, _editor = split
    form = metadata.form
    count = form.excerpt_count
    box = form.excerpt_field
    count_rect = count.rect().translated(count.mapTo(form, count.rect().topLeft()))
    box_rect = box.rect().translated(box.mapTo(form, box.rect().topLeft()))
    assert count.isVisible() and not count_rect.intersects(box_rect)


def test_a_check_box_keeps_its_box_in_the_dark_theme(qtbot, context):
    context.preferences.theme = "dark"
    context.theme.apply()
    try:
        box = QCheckBox("Draft (not exported)")
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        image = box.grab().toImage()
        option = QStyleOptionButton()
        box.initStyleOption(option)
        indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        background = QColor(context.theme.colors()["window"])
        edge = [
            image.pixelColor(indicator.left(), y)
            for y in range(indicator.top(), indicator.bottom())
        ]
        # The box's frame stands out from the window behind it.
        assert max(abs(color.lightness() - background.lightness()) for color in edge) > 40
    finally:
        context.preferences.theme = "light"
        QApplication.instance().setStyleSheet("")
