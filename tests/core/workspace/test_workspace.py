"""The workspace's policies without a window: a scripted writer answers its questions."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from editor.core.document.recovery import DiskBase
from editor.core.workspace import (
    DiskChangeAnswer,
    Document,
    MemoryBuffer,
    UnsavedAnswer,
    Workspace,
    fresh_text,
    watched_paths,
)

MINE = "---\ntitle: Hello\n---\n\nLine one.\n"
THEIRS = "---\ntitle: Hello\n---\n\nLine one, changed elsewhere.\n"


class ScriptedAsker:
    """Answers the questions the test expects, in order; an unexpected question fails."""

    def __init__(self) -> None:
        self.answers: list[Any] = []
        self.asked: list[str] = []
        self.told: list[str] = []

    def _answer(self, question: str) -> Any:
        self.asked.append(question)
        if not self.answers:
            pytest.fail(f"asked unexpectedly: {question}")
        return self.answers.pop(0)

    def unsaved(self, name: str) -> UnsavedAnswer:
        return self._answer(f"unsaved {name}")  # type: ignore[no-any-return]

    def all_unsaved(self, names: list[str]) -> UnsavedAnswer:
        return self._answer(f"all unsaved {', '.join(names)}")  # type: ignore[no-any-return]

    def changed_on_disk(self, name: str) -> DiskChangeAnswer:
        return self._answer(f"changed on disk {name}")  # type: ignore[no-any-return]

    def replace_read_only(self, path: Path) -> bool:
        return self._answer(f"replace read-only {path.name}")  # type: ignore[no-any-return]

    def offer_save_as(self, error: Exception) -> bool:
        return self._answer(f"save as after: {error}")  # type: ignore[no-any-return]

    def save_path(self, suggested: Path) -> Path | None:
        return self._answer(f"save path {suggested.name}")  # type: ignore[no-any-return]

    def warn(self, title: str, message: str) -> None:
        self.told.append(f"{title}: {message}")

    def tell(self, message: str) -> None:
        self.told.append(message)


@pytest.fixture
def asker() -> ScriptedAsker:
    return ScriptedAsker()


@pytest.fixture
def workspace(asker: ScriptedAsker, tmp_path: Path) -> Workspace:
    space = Workspace(asker)
    space.set_library_root(tmp_path)
    return space


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "hello" / "index.md"
    path.parent.mkdir()
    path.write_text(MINE, encoding="utf-8")
    return path


def buffer_of(document: Document) -> MemoryBuffer:
    assert isinstance(document.buffer, MemoryBuffer)
    return document.buffer


def replace_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_opening_a_file_twice_switches_to_its_document(workspace: Workspace, post: Path) -> None:
    first = workspace.open(post)
    other = workspace.open(post.parent.parent / "hello" / ".." / "hello" / "index.md")
    assert first is not None and other is first
    assert workspace.documents == [first] and workspace.current is first


def test_a_file_that_is_not_text_is_refused_with_a_reason(
    workspace: Workspace, asker: ScriptedAsker, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert workspace.open(binary) is None
    assert workspace.documents == [] and asker.told and "photo.md" in asker.told[0]


def test_saving_keeps_the_byte_order_mark_and_line_ends(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "crlf.md"
    data = "\ufeff---\r\ntitle: Crlf\r\n---\r\n\r\nText.\r\n".encode()
    path.write_bytes(data)
    document = workspace.open(path)
    assert document is not None
    buffer_of(document).type(" More.")
    assert workspace.save(document)
    assert path.read_bytes() == data + b" More."


@pytest.mark.parametrize(
    ("answer", "kept"),
    [(DiskChangeAnswer.KEEP_MINE, "Mine."), (DiskChangeAnswer.LOAD_THEIRS, "elsewhere")],
)
def test_a_change_in_both_places_asks_once(
    workspace: Workspace, asker: ScriptedAsker, post: Path, answer: DiskChangeAnswer, kept: str
) -> None:
    document = workspace.open(post)
    assert document is not None
    buffer_of(document).type("Mine.")
    replace_atomically(post, THEIRS)
    asker.answers.append(answer)

    assert workspace.check_files()

    assert asker.asked == ["changed on disk hello"]
    assert kept in buffer_of(document).text()
    assert document.is_modified is (answer is DiskChangeAnswer.KEEP_MINE)
    assert post.read_text("utf-8") == THEIRS  # nothing written until the writer saves
    if answer is DiskChangeAnswer.KEEP_MINE:
        assert workspace.save(document)  # they chose: no second question
        assert post.read_text("utf-8").endswith("Mine.")


def test_a_change_not_yet_noticed_asks_before_the_save(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    buffer_of(document).type("Mine.")
    post.write_text(THEIRS, encoding="utf-8")
    asker.answers.append(DiskChangeAnswer.LOAD_THEIRS)

    assert not workspace.save(document)

    assert post.read_text("utf-8") == THEIRS
    assert "elsewhere" in buffer_of(document).text() and not document.is_modified


def test_save_mine_as_a_copy_leaves_their_file(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    buffer_of(document).type("Mine.")
    replace_atomically(post, THEIRS)
    asker.answers.append(DiskChangeAnswer.SAVE_COPY)

    workspace.check_files()

    copy = post.parent.parent / "hello-mine" / "index.md"
    assert document.path == copy and copy.read_text("utf-8").endswith("Mine.")
    assert post.read_text("utf-8") == THEIRS


def test_an_untouched_document_reloads_without_asking(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    replace_atomically(post, THEIRS)
    workspace.check_files()
    assert buffer_of(document).text() == THEIRS and not document.is_modified
    assert asker.told == ["Reloaded hello: it changed on disk"]


def test_own_saves_never_ask(workspace: Workspace, post: Path) -> None:
    document = workspace.open(post)
    assert document is not None
    for words in (" one", " two"):
        buffer_of(document).type(words)
        assert workspace.save(document)
        workspace.check_files()
    assert post.read_text("utf-8").endswith("one two") and not document.is_modified


def test_a_read_only_file_is_replaced_only_when_the_writer_says_so(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    buffer_of(document).type("Mine.")
    post.chmod(stat.S_IRUSR)
    asker.answers += [False, True]

    assert not workspace.save(document)
    assert post.read_text("utf-8") == MINE and document.is_modified
    assert workspace.save(document)
    assert post.read_text("utf-8").endswith("Mine.")
    assert asker.asked == ["replace read-only index.md"] * 2


def test_a_file_another_document_has_open_is_not_saved_over(
    workspace: Workspace, asker: ScriptedAsker, post: Path, tmp_path: Path
) -> None:
    workspace.open(post)
    note = workspace.create(None, fresh_text("A note.\n"))
    workspace.add(note)
    buffer_of(note).set_modified(True)
    asker.answers += [post, True, tmp_path / "note.md"]

    assert workspace.save(note)

    assert "another tab has this file open" in asker.asked[1]
    assert asker.asked[2] == "save path index.md"  # hello-2/index.md, offered as free
    assert post.read_text("utf-8") == MINE
    assert note.path == tmp_path / "note.md"


def test_a_failed_save_offers_save_as(
    workspace: Workspace, asker: ScriptedAsker, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    note = workspace.create(blocker / "inside.md", fresh_text("Text.\n"))
    workspace.add(note)
    buffer_of(note).set_modified(True)
    asker.answers += [False]

    assert not workspace.save(note)
    assert note.is_modified and "cannot create the folder" in asker.asked[0]


def test_a_deleted_file_keeps_its_text_and_saving_recreates_it(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    post.unlink()
    workspace.check_files()
    assert document.deleted and document.is_modified
    assert document.display_name == "hello (deleted)"
    assert buffer_of(document).text() == MINE
    assert workspace.save(document)
    assert post.read_text("utf-8") == MINE and not document.deleted


def test_a_deleted_file_that_comes_back_reloads_when_untouched(
    workspace: Workspace, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    post.unlink()
    workspace.check_files()
    replace_atomically(post, THEIRS)
    workspace.check_files()
    assert not document.deleted and not document.is_modified
    assert buffer_of(document).text() == THEIRS


def test_a_renamed_bundle_is_followed(
    workspace: Workspace, asker: ScriptedAsker, post: Path, tmp_path: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    moves: list[Path] = []
    document.moved.connect(moves.append)
    buffer_of(document).type("Unsaved.")
    (tmp_path / "hello").rename(tmp_path / "hello-again")

    workspace.check_files()

    moved = tmp_path / "hello-again" / "index.md"
    assert document.path == moved and moves == [moved] and not document.deleted
    assert workspace.save(document)
    assert moved.read_text("utf-8").endswith("Unsaved.")


def test_closing_with_unsaved_changes_asks(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    closed: list[Document] = []
    workspace.closed.connect(closed.append)
    buffer_of(document).type("Mine.")
    asker.answers += [UnsavedAnswer.CANCEL, UnsavedAnswer.SAVE]

    assert not workspace.close(document)
    assert workspace.documents == [document]
    assert workspace.close(document)
    assert closed == [document] and workspace.current is None
    assert post.read_text("utf-8").endswith("Mine.")


def two_typed_in(workspace: Workspace, tmp_path: Path) -> list[Document]:
    """Two open posts, "First" and "Second", each with unsaved words."""
    documents = []
    for name in ("first", "second"):
        path = tmp_path / name / "index.md"
        path.parent.mkdir()
        path.write_text(f"---\ntitle: {name.title()}\n---\n", encoding="utf-8")
        document = workspace.open(path)
        assert document is not None
        document.title = name.title()  # as the render reads it
        buffer_of(document).type(f"Words for {name}.")
        documents.append(document)
    return documents


def test_closing_with_several_unsaved_asks_once_and_saves_all(
    workspace: Workspace, asker: ScriptedAsker, tmp_path: Path
) -> None:
    first, second = two_typed_in(workspace, tmp_path)
    asker.answers.append(UnsavedAnswer.SAVE)

    assert workspace.settle_all_unsaved()

    assert asker.asked == ["all unsaved First, Second"]
    for document, name in ((first, "first"), (second, "second")):
        assert not document.is_modified
        assert document.path is not None
        assert document.path.read_text("utf-8").endswith(f"Words for {name}.")


def test_discard_all_closes_and_writes_nothing(
    workspace: Workspace, asker: ScriptedAsker, tmp_path: Path
) -> None:
    documents = two_typed_in(workspace, tmp_path)
    before = [document.disk_text for document in documents]
    asker.answers.append(UnsavedAnswer.DISCARD)

    assert workspace.settle_all_unsaved()

    assert [d.path.read_text("utf-8") for d in documents if d.path] == before


def test_cancel_or_a_save_not_made_keeps_the_window_open(
    workspace: Workspace, asker: ScriptedAsker, tmp_path: Path
) -> None:
    first, second = two_typed_in(workspace, tmp_path)
    asker.answers.append(UnsavedAnswer.CANCEL)
    assert not workspace.settle_all_unsaved()
    # Saving the first fails (a read-only file, not replaced): the second is not saved.
    assert first.path is not None
    first.path.chmod(0o444)
    asker.answers += [UnsavedAnswer.SAVE, False]

    assert not workspace.settle_all_unsaved()

    assert first.is_modified and second.is_modified
    assert asker.asked[-1] == f"replace read-only {first.path.name}"


def test_closing_with_one_unsaved_asks_about_it_alone(
    workspace: Workspace, asker: ScriptedAsker, tmp_path: Path
) -> None:
    first, second = two_typed_in(workspace, tmp_path)
    buffer_of(second).set_modified(False)
    asker.answers.append(UnsavedAnswer.CANCEL)

    assert not workspace.settle_all_unsaved()

    assert asker.asked == ["unsaved first"]
    assert workspace.current is first  # shown while asked about


def test_closing_the_current_document_makes_its_neighbour_current(
    workspace: Workspace, post: Path
) -> None:
    first = workspace.open(post)
    second = workspace.create(None, fresh_text())
    workspace.add(second)
    assert first is not None and workspace.current is second
    assert workspace.close(second)
    assert workspace.current is first


def test_recovered_text_from_an_older_file_asks_before_saving(
    workspace: Workspace, asker: ScriptedAsker, post: Path
) -> None:
    document = workspace.open(post)
    assert document is not None
    document.replace_text(MINE + "Recovered.\n", from_disk=False)
    document.mark_recovered_from(DiskBase.of(b"an older version"), "Recovered text.")
    asker.answers.append(DiskChangeAnswer.KEEP_MINE)

    assert workspace.save(document)

    assert asker.asked == ["changed on disk hello"]
    assert post.read_text("utf-8").endswith("Recovered.\n")
    assert document.recovered_from is None and "Recovered text." not in document.note


def test_the_writer_sees_which_document_is_current(workspace: Workspace, post: Path) -> None:
    shown: list[Document | None] = []
    workspace.current_changed.connect(shown.append)
    first = workspace.open(post)
    note = workspace.create(None, fresh_text())
    workspace.add(note)
    workspace.open(post)  # already open: switch to it
    assert shown == [first, note, first]


def test_a_bundle_is_watched_with_its_folder_and_the_folder_above(
    workspace: Workspace, post: Path, tmp_path: Path
) -> None:
    document = workspace.open(post)
    unsaved = workspace.create(tmp_path / "new-post" / "index.md", fresh_text())
    workspace.add(unsaved)
    wanted, renewed = watched_paths(workspace.documents)
    assert document is not None
    # The new post's folder does not exist yet: nothing of it is watched.
    assert wanted == {str(post), str(post.parent), str(tmp_path)}
    assert renewed == {str(post)}
