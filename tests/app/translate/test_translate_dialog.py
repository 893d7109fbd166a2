"""The *Translate…* dialog: export per language, import a translation, per-variant status — with the
work done on the task pool and the file dialogs standing in for the user's choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import Qt
from app.kit.tasks import TaskRunner
from app.library.model import Column, LibraryModel
from app.translate.dialog import TranslateDialog
from editor.workspace import Workspace
from tests.editor.translation.helpers import make_lesson, translate_file


@pytest.fixture
def dialog(qtbot: QtBot, workspace: Workspace) -> TranslateDialog:
    folder = make_lesson(workspace)
    item = workspace.find(str(folder))
    assert item is not None
    runner = TaskRunner()
    shown = TranslateDialog(workspace, item, runner)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: not shown.busy)
    return shown


def _tick(dialog: TranslateDialog, code: str) -> None:
    for row in range(dialog.languages.count()):
        entry = dialog.languages.item(row)
        if entry.data(Qt.ItemDataRole.UserRole) == code:
            entry.setCheckState(Qt.CheckState.Checked)


def test_export_import_and_status(qtbot: QtBot, dialog: TranslateDialog, workspace: Workspace,
                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert dialog.table.rowCount() == 0
    _tick(dialog, "de")
    dialog.other.setText("sv")
    monkeypatch.setattr(dialog, "choose_folder", lambda: tmp_path / "out")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "sv:" in dialog.message.text())
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sharing.de.xlf", "sharing.sv.xlf"]

    filled = translate_file(tmp_path / "out" / "sharing.de.xlf", tmp_path / "de.xlf")
    monkeypatch.setattr(dialog, "choose_file", lambda: filled)
    with qtbot.waitSignal(dialog.variants_changed):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() == 1)
    assert "lesson.de.md updated" in dialog.message.text()
    assert [dialog.table.item(0, c).text() for c in (0, 1)] == ["de", "Up to date"]

    source = workspace.root / "lessons" / "sharing" / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Prepare before", "Get ready before"),
                      encoding="utf-8")
    dialog.refresh()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.item(0, 1).text() != "Up to date")
    assert dialog.table.item(0, 1).text() == "Source changed since translation"
    assert "was: Prepare before the meeting." in dialog.changes.toPlainText()
    assert "now: Get ready before the meeting." in dialog.changes.toPlainText()


def test_a_refused_import_says_why_and_changes_nothing(qtbot: QtBot, dialog: TranslateDialog, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>", encoding="utf-8")
    monkeypatch.setattr(dialog, "choose_file", lambda: bad)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "DOCTYPE" in dialog.message.text())
    assert not any(dialog.workspace.root.glob("lessons/*/lesson.*.md"))


def test_export_without_a_language_asks_for_one(dialog: TranslateDialog) -> None:
    dialog.export()
    assert "at least one language" in dialog.message.text()
    dialog.other.setText("not a code")
    dialog.export()
    assert "not a language code" in dialog.message.text()


def test_the_library_lists_a_translation_under_its_source(qtbot: QtBot, dialog: TranslateDialog,
                                                          workspace: Workspace, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _tick(dialog, "fr")
    monkeypatch.setattr(dialog, "choose_folder", lambda: tmp_path)
    dialog.export()
    qtbot.waitUntil(lambda: not dialog.busy and "fr:" in dialog.message.text())
    monkeypatch.setattr(dialog, "choose_file", lambda: translate_file(tmp_path / "sharing.fr.xlf",
                                                                    tmp_path / "fr.xlf"))
    dialog.import_file()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() == 1)
    workspace.new_lesson("Zebra crossings")
    workspace.new_lesson("Answering the phone")

    model = LibraryModel()
    model.set_items(workspace.items())
    rows = sorted(range(model.rowCount()), key=lambda row: model.data(model.index(row, Column.TITLE),
                                                                      Qt.ItemDataRole.UserRole + 1))
    titles = [model.data(model.index(row, Column.KIND)) for row in rows]
    assert titles == ["Lesson", "Lesson", "Translation · fr", "Lesson"]
    tip = model.data(model.index(rows[2], Column.TITLE), Qt.ItemDataRole.ToolTipRole)
    assert "Translation of “Sharing your screen without surprises” (fr)" in tip


def test_the_library_menu_action_opens_the_dialog_for_the_selected_lesson(qtbot: QtBot,
                                                                          workspace: Workspace) -> None:
    from app.kit.actions import ActionId
    from app.kit.settings import Settings
    from app.shell.main_window import MainWindow

    folder = make_lesson(workspace)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(workspace)
    window.library.select_path(folder)
    qtbot.waitUntil(lambda: window.editor.item is not None)
    window.registry.action(ActionId.TRANSLATE).trigger()
    opened = window.findChild(TranslateDialog)
    assert opened is not None and opened.item.source == folder / "lesson.md"
    qtbot.waitUntil(lambda: not opened.busy)
    opened.close()
    window.editor.close_item()
