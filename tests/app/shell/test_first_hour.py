"""What a new user trips over in the first hour: title, actions, filters, trash, restart, problems."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from app.editing.panel import PROBLEMS_MAX_HEIGHT
from app.kit.actions import ActionId
from app.kit.settings import Settings
from app.shell.main_window import MainWindow
from editor.workspace import Workspace

PRACTICE = (ActionId.INSERT_QUIZ_SINGLE, ActionId.INSERT_QUIZ_MULTIPLE, ActionId.INSERT_QUIZ_TRUE_FALSE,
            ActionId.INSERT_FLASHCARDS, ActionId.INSERT_APPLY)


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    yield win
    win.editor.close_item()


def select(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    window.library.reload(path)
    window.library.select_path(path)
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.path == path)


def test_the_title_names_workspace_and_lesson_once(qtbot: QtBot, window: MainWindow, workspace: Workspace,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.windowTitle() == "Test workspace[*]"
    folder = workspace.new_lesson("Safe lifting")
    select(qtbot, window, folder)
    # Qt appends the application name itself: the title must not carry a second "Tessera".
    assert window.windowTitle() == "Test workspace — Safe lifting[*]"
    monkeypatch.setattr("app.shell.main_window.ask_rename", lambda _parent, _title: "Lifting safely")
    window.rename(window.library.current_item())
    assert window.windowTitle() == "Test workspace — Lifting safely[*]"
    window.close_item()
    assert window.windowTitle() == "Test workspace[*]"


def test_practice_blocks_need_a_lesson_not_a_link(qtbot: QtBot, window: MainWindow,
                                                  workspace: Workspace) -> None:
    link = workspace.new_link("https://example.org/guide", "A good guide")
    select(qtbot, window, link)
    assert not any(window.registry.action(a).isEnabled() for a in PRACTICE)
    assert window.registry.action(ActionId.INSERT_HEADING).isEnabled()     # notes may have headings
    select(qtbot, window, workspace.new_lesson("Real lesson"))
    assert all(window.registry.action(a).isEnabled() for a in PRACTICE)


def test_ok_in_preferences_keeps_the_preview_width(qtbot: QtBot, window: MainWindow,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window.registry.action(ActionId.PREVIEW_PHONE).trigger()
    assert window.preview.width_name == "phone"
    monkeypatch.setattr("app.shell.preferences_dialog.PreferencesDialog.exec", lambda _self: 1)
    window.edit_preferences()
    assert window.preview.width_name == "phone"
    assert window.registry.action(ActionId.PREVIEW_PHONE).isChecked()


def test_filtering_the_library_never_leaves_the_open_lesson(qtbot: QtBot, window: MainWindow,
                                                            workspace: Workspace) -> None:
    workspace.new_lesson("Giving feedback")
    mine = workspace.new_lesson("Safe lifting")
    select(qtbot, window, mine)
    opened: list[object] = []
    window.changes.changed.connect(opened.append)
    for text in ("g", "giv", "giving feedback", ""):
        window.library.filter_edit.setText(text)
        qtbot.wait(50)
        assert window.editor.item is not None and window.editor.item.path == mine, text
    from app.kit.context import Change
    assert not [n for n in opened if n.change in (Change.ITEM_OPENED, Change.ITEM_CLOSED)]
    assert window.library.current_item() is not None and window.library.current_item().path == mine


def test_the_list_read_again_while_the_filter_hides_the_open_lesson_keeps_it_chosen(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    workspace.new_lesson("Giving feedback")
    mine = workspace.new_lesson("Safe lifting")
    select(qtbot, window, mine)
    window.library.filter_edit.setText("giving")
    assert window.library.current_item() is None            # hidden, still open
    with qtbot.waitSignal(window.library.loaded, timeout=10_000):
        window.library.reload()                              # e.g. a file changed on disk meanwhile
    window.library.filter_edit.setText("")
    assert window.library.current_item() is not None and window.library.current_item().path == mine
    assert window.editor.item is not None and window.editor.item.path == mine


def test_after_move_to_trash_nothing_acts_on_the_gone_lesson(qtbot: QtBot, window: MainWindow,
                                                             workspace: Workspace) -> None:
    folder = workspace.new_lesson("To be deleted")
    select(qtbot, window, folder)
    qtbot.waitUntil(lambda: "words" in window.status_label.text())
    window.trash(window.library.current_item())
    assert window.editor.item is None
    assert not window.registry.action(ActionId.SAVE).isEnabled()
    assert not window.registry.action(ActionId.INSERT_QUIZ_SINGLE).isEnabled()
    assert "words" not in window.status_label.text()
    assert "To be deleted" not in window.windowTitle()


def test_the_last_lesson_opens_again_at_the_next_start(qtbot: QtBot, window: MainWindow,
                                                       workspace: Workspace) -> None:
    workspace.new_lesson("Another one")
    folder = workspace.new_lesson("Where I was")
    select(qtbot, window, folder)
    window.close()
    again = MainWindow(Settings())
    qtbot.addWidget(again)
    again.open_workspace(Workspace.open(workspace.root))
    qtbot.waitUntil(lambda: again.editor.item is not None)
    assert again.editor.item is not None and again.editor.item.path == folder
    again.editor.close_item()


def test_problems_wrap_with_real_icons_and_no_empty_area(qtbot: QtBot, window: MainWindow,
                                                         workspace: Workspace) -> None:
    select(qtbot, window, workspace.new_lesson("Pictures"))
    editor = window.editor.source
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("\n\n![](media/" + "a-very-long-name-" * 8 + ".png)\n")
    # Every analysis of the new text in (a later one may add problems), then the list fitted to them.
    qtbot.waitUntil(lambda: window.editor.live.idle and window.editor.problems.count() >= 2)
    problems = window.editor.problems
    assert problems.wordWrap()
    for row in range(problems.count()):
        entry = problems.item(row)
        assert not entry.icon().isNull()
        assert not any(glyph in entry.text() for glyph in "⛔⚠")   # emoji need a font that may be missing
    qtbot.waitUntil(lambda: problems.isVisible())
    qtbot.wait(50)
    needed = sum(problems.visualItemRect(problems.item(row)).height() for row in range(problems.count()))
    assert problems.height() <= needed + 40, "the problems list leaves a large empty area"
    # Up to its limit the list shows every problem whole; beyond it, it scrolls.
    assert problems.height() >= min(needed, PROBLEMS_MAX_HEIGHT) - 8, "the list cuts problems off"


def test_no_status_message_mentions_a_command_line_flag(qtbot: QtBot, window: MainWindow,
                                                        workspace: Workspace, tmp_path: Path) -> None:
    select(qtbot, window, workspace.new_lesson("With picture"))
    picture = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), "teal").save(picture)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.media.add_files([picture])
    qtbot.waitUntil(lambda: any("alt text" in message for message in messages), timeout=20000)
    assert not any("--" in message for message in messages), messages


def test_at_640_pixels_the_library_and_the_lesson_stay_readable(qtbot: QtBot, window: MainWindow,
                                                                workspace: Workspace) -> None:
    from app.library.model import Column

    select(qtbot, window, workspace.new_lesson("A lesson with quite a long title about lifting"))
    window.resize(1400, 860)
    qtbot.waitUntil(lambda: window.width() == 1400)
    assert window.preview.isVisible()
    # A user drags the edge: the first step narrower hides the preview, which lets the window go on.
    qtbot.waitUntil(lambda: (window.resize(640, 800), window.width() == 640)[1])
    assert not window.preview.isVisible()                # stepped aside, with a word in the status bar
    assert "F8" in window.statusBar().currentMessage()
    table = window.library.table
    assert table.columnWidth(Column.TITLE) >= 0.45 * table.viewport().width() >= 100
    assert window.editor.source.width() >= 200
    window.resize(1400, 860)
    qtbot.waitUntil(lambda: window.preview.isVisible())
