"""The caption editor through its widgets: playback sync, inline edits, each operation, checks, undo, import
and save beside the video."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.kit.qt import QItemSelectionModel, QMessageBox, QPlainTextEdit, Qt
from app.media.caption_editor import CaptionEditor
from app.media.caption_model import CHECK, END, START, TEXT
from editor.media.captions import Cue, read_captions
from tests.editor.media.conftest import H264, lavfi, make

VTT = """WEBVTT

00:00:00.500 --> 00:00:01.500
Hello and welcome

00:00:01.500 --> 00:00:02.800
Today we talk about feedback

00:00:03.000 --> 00:00:03.900
Let's start
"""
SRT = """1
00:00:00,000 --> 00:00:01,000
Imported one

2
00:00:01,000 --> 00:00:02,000
Imported two
"""


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Editors closed at teardown with unsaved edits discard them instead of waiting for an answer."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Discard)


@pytest.fixture
def lesson(workspace) -> Path:  # type: ignore[no-untyped-def]
    folder = Path(workspace.new_lesson("Captioned lesson"))
    (folder / "media").mkdir(exist_ok=True)
    make(*lavfi("testsrc2=size=320x240:rate=25:duration=4"), *H264, str(folder / "media" / "talk.mp4"))
    (folder / "media" / "talk.vtt").write_text(VTT, encoding="utf-8")
    return folder


@pytest.fixture
def editor(qtbot, lesson: Path) -> CaptionEditor:  # type: ignore[no-untyped-def]
    window = CaptionEditor(lesson, "media/talk.mp4", "media/talk.vtt")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.player.duration > 3900, timeout=10000)
    return window


def texts(editor: CaptionEditor) -> list[str]:
    return [cue.text for cue in editor.model.captions.cues]


def seek(qtbot, editor: CaptionEditor, milliseconds: int) -> None:  # type: ignore[no-untyped-def]
    editor.player.seek(milliseconds)
    qtbot.waitUntil(lambda: editor.player.position == milliseconds, timeout=5000)


def select(editor: CaptionEditor, *rows: int) -> None:
    editor.table.clearSelection()
    for row in rows:
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        editor.table.selectionModel().select(editor.model.index(row, 0), flags)


def test_loads_the_cues_and_highlights_the_one_at_the_playhead(qtbot, editor: CaptionEditor) -> None:  # type: ignore[no-untyped-def]
    model = editor.model
    assert texts(editor) == ["Hello and welcome", "Today we talk about feedback", "Let's start"]
    assert model.data(model.index(1, START)) == "0:01.500" and model.data(model.index(1, END)) == "0:02.800"
    assert "3 cues, no problems." in editor.summary.text()
    seek(qtbot, editor, 2000)
    qtbot.waitUntil(lambda: model.current == 1, timeout=5000)
    assert model.data(model.index(1, TEXT), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, TEXT), Qt.ItemDataRole.FontRole) is None
    seek(qtbot, editor, 2900)                                   # between two cues: nothing showing
    qtbot.waitUntil(lambda: model.current == -1, timeout=5000)


def test_clicking_a_cue_seeks_to_its_start(qtbot, editor: CaptionEditor) -> None:  # type: ignore[no-untyped-def]
    rect = editor.table.visualRect(editor.model.index(2, TEXT))
    qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: editor.player.position == 3000, timeout=5000)
    qtbot.waitUntil(lambda: editor.model.current == 2, timeout=5000)


def test_inline_edits_of_text_and_times_are_checked_and_undoable(qtbot, editor: CaptionEditor) -> None:  # type: ignore[no-untyped-def]
    model = editor.model
    index = model.index(0, TEXT)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    field = editor.table.findChild(QPlainTextEdit)
    assert field is not None and field.toPlainText() == "Hello and welcome"
    field.setPlainText("Hello, and welcome")
    qtbot.keyClick(field, Qt.Key.Key_Return)                    # Enter finishes the edit
    assert texts(editor)[0] == "Hello, and welcome"

    assert model.setData(model.index(2, START), "0:02.000")     # time edits keep the cues in time order
    assert [cue.start for cue in model.captions.cues] == [500, 1500, 2000]
    assert "overlap" in model.data(model.index(1, CHECK), Qt.ItemDataRole.ToolTipRole)
    assert editor.summary.text().startswith("1 warning — cue 2: It is still showing when cue 3 starts")

    refused: list[str] = []
    model.invalid_edit.connect(refused.append)
    assert not model.setData(model.index(0, END), "soon")
    assert "is not a time" in refused[0] and "is not a time" in editor.message.text()

    editor.undo_stack.undo()
    assert [cue.start for cue in model.captions.cues] == [500, 1500, 3000]
    editor.undo_button.click()
    assert texts(editor)[0] == "Hello and welcome"
    editor.redo_button.click()
    assert texts(editor)[0] == "Hello, and welcome"


def test_end_before_start_and_empty_text_are_shown_inline(editor: CaptionEditor) -> None:
    model = editor.model
    model.setData(model.index(0, END), "0:00.200")
    model.setData(model.index(1, TEXT), "")
    assert model.data(model.index(0, CHECK)) == ("It ends (00:00:00.200) before it starts (00:00:00.500), so "
                                                 "it never shows")
    assert model.data(model.index(1, CHECK)) == "It has no text"
    assert model.data(model.index(0, TEXT), Qt.ItemDataRole.BackgroundRole).name() == "#fbe1df"   # error
    assert model.data(model.index(1, TEXT), Qt.ItemDataRole.BackgroundRole).name() == "#fff2cc"   # warning
    assert editor.summary.text().startswith("1 error and 1 warning — cue 1: It ends")
    assert not editor.save()                                    # errors block saving
    assert "Fix 1 error first" in editor.message.text()


def test_add_and_split_at_the_playhead(qtbot, editor: CaptionEditor) -> None:  # type: ignore[no-untyped-def]
    seek(qtbot, editor, 2000)
    editor.split_button.click()
    cues = editor.model.captions.cues
    assert [(cue.start, cue.end) for cue in cues[1:3]] == [(1500, 2000), (2000, 2800)]
    assert f"{cues[1].text} {cues[2].text}" == "Today we talk about feedback"
    assert editor.selected_rows() == [1, 2]

    seek(qtbot, editor, 2900)
    editor.split_button.click()                                 # nothing showing here
    assert "inside a cue" in editor.message.text() and len(editor.model.captions.cues) == 4
    editor.add_button.click()
    added = editor.model.captions.cues[3]
    # Too little time before the next cue to read: the new cue gets the usual 2 s (and an overlap warning).
    assert (added.start, added.end, added.text) == (2900, 4900, "")
    assert editor.table.findChild(QPlainTextEdit) is not None   # typing the new cue's text right away
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert texts(editor) == ["Hello and welcome", "Today we talk about feedback", "Let's start"]


def test_merge_delete_and_shift(qtbot, editor: CaptionEditor) -> None:  # type: ignore[no-untyped-def]
    select(editor, 0, 1)
    editor.merge_button.click()
    assert texts(editor) == ["Hello and welcome\nToday we talk about feedback", "Let's start"]
    assert (editor.model.captions.cues[0].start, editor.model.captions.cues[0].end) == (500, 2800)

    editor.shift_amount.setValue(-250)
    editor.shift_button.click()                                 # all cues
    assert [cue.start for cue in editor.model.captions.cues] == [250, 2750]
    select(editor, 1)
    editor.shift_scope.setCurrentIndex(1)
    editor.shift_amount.setValue(500)
    editor.shift_button.click()                                 # only the selected one
    assert [(cue.start, cue.end) for cue in editor.model.captions.cues] == [(250, 2550), (3250, 4150)]

    select(editor, 0)
    editor.delete_button.click()
    assert texts(editor) == ["Let's start"]
    select(editor, 0)
    editor.merge_button.click()                                 # nothing after it to merge with
    assert "Select two or more neighbouring cues" in editor.message.text()
    for _ in range(4):
        editor.undo_stack.undo()
    assert texts(editor) == ["Hello and welcome", "Today we talk about feedback", "Let's start"]


def test_import_srt_then_save_vtt_beside_the_video(qtbot, editor: CaptionEditor, lesson: Path,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    srt = tmp_path / "from vendor.srt"
    srt.write_text(SRT, encoding="utf-8")
    monkeypatch.setattr("app.media.caption_editor.QFileDialog.getOpenFileName", lambda *args: (str(srt), ""))
    editor.import_button.click()
    assert texts(editor) == ["Imported one", "Imported two"]
    with qtbot.waitSignal(editor.captions_saved) as saved:
        editor.save_button.click()
    assert saved.args == ["media/talk.mp4", "media/talk.vtt"]
    assert read_captions(lesson / "media" / "talk.vtt").cues == (Cue(0, 1000, "Imported one"),
                                                                 Cue(1000, 2000, "Imported two"))
    assert editor.undo_stack.isClean()

    broken = tmp_path / "broken.srt"
    broken.write_text("1\nsoon --> later\nText\n", encoding="utf-8")
    editor.import_file(broken)
    assert "cannot read" in editor.message.text() and texts(editor) == ["Imported one", "Imported two"]


def test_closing_with_unsaved_changes_asks(qtbot, editor: CaptionEditor, lesson: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    editor.model.setData(editor.model.index(0, TEXT), "Changed")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    editor.close()
    assert editor.isVisible()
    editor.close()
    assert not editor.isVisible()
    assert read_captions(lesson / "media" / "talk.vtt").cues[0].text == "Changed"


def test_a_video_without_captions_starts_empty(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    (lesson / "media" / "talk.vtt").unlink()
    editor = CaptionEditor(lesson, "media/talk.mp4")
    qtbot.addWidget(editor)
    assert editor.model.rowCount() == 0 and "No cues yet" in editor.summary.text()
    assert not editor.save() and "no cues to save" in editor.message.text()


def test_add_to_glossary_writes_the_workspace_glossary_once(editor: CaptionEditor, lesson: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from app.kit.qt import QInputDialog
    from editor.media.glossary import read_glossary
    from editor.workspace import Workspace

    root = Workspace.containing(lesson).root  # type: ignore[union-attr]
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("  Kowalczyk ", True))
    editor.glossary_button.click()
    assert read_glossary(root) == ("Kowalczyk",)
    assert editor.message.text() == "“Kowalczyk” is in the workspace glossary now."
    editor.glossary_button.click()
    assert read_glossary(root) == ("Kowalczyk",) and "already" in editor.message.text()
    editor.add_glossary_term("a # comment")
    assert "without '#'" in editor.message.text() and read_glossary(root) == ("Kowalczyk",)
