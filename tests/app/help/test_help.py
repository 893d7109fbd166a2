"""Help that works offline: the welcome on first start, the guide, the shortcut list, problem reports."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.help.dialogs import GuideDialog, ShortcutsDialog, menu_title, shortcut_rows, tessera_version
from app.help.welcome import Start, WelcomeDialog
from app.kit.actions import ACTIONS, ActionId, plain_text, shortcuts
from app.kit.log import install_log
from app.kit.qt import QGuiApplication, QLabel
from app.kit.settings import Settings
from app.shell.main_window import MainWindow
from editor.demo import demo_workspace_path, personal_workspace_path
from editor.paths import HELP_GUIDE
from editor.workspace import Workspace

MENU_PATH = re.compile(r"\*\*(\w+) → ([^*]+)\*\*")


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    yield win
    win.editor.close_item()


def welcome_dialogs(window: MainWindow) -> list[WelcomeDialog]:
    return [d for d in window.findChildren(WelcomeDialog) if d.isVisible()]


def test_the_guide_ships_offline_and_every_menu_path_it_names_exists(qtbot: QtBot) -> None:
    text = HELP_GUIDE.read_text(encoding="utf-8")
    paths = MENU_PATH.findall(text)
    assert len(paths) >= 10
    commands = {(menu_title(spec.menu), plain_text(spec)) for spec in ACTIONS.values()}
    missing = [f"{menu} → {command}" for menu, command in paths if (menu, command.strip()) not in commands]
    assert not missing, f"the guide sends people to menu items that do not exist: {missing}"
    assert "http" not in text                          # nothing in it needs a network
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    shown = dialog.browser.toPlainText()
    assert "Write your first lesson" in shown
    assert "Choose File → New lesson, give it" in shown            # rendered, not raw Markdown


def test_the_shortcut_list_is_made_from_the_action_registry(qtbot: QtBot) -> None:
    rows = shortcut_rows()
    with_keys = [spec for spec in ACTIONS.values() if shortcuts(spec)]
    assert len(rows) == len(with_keys)
    assert ("Edit", "Search library", "Ctrl+K") in rows
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    shown = dialog.browser.toPlainText()
    for menu, command, keys in rows:
        assert command in shown and keys in shown and menu in shown


def test_report_a_problem_copies_version_and_recent_log(qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("tessera")
    monkeypatch.setattr(logger, "handlers", list(logger.handlers))   # this test's log file goes with it
    install_log()
    logging.getLogger("tessera.test").warning("The export stopped at 40%% (%s)", "disk full")
    window.registry.action(ActionId.REPORT_PROBLEM).trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"Tessera {tessera_version()}")
    assert "The export stopped at 40% (disk full)" in copied
    assert "Paste" in window.statusBar().currentMessage()


def test_a_long_log_is_turned_over_when_the_app_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    from app.kit import log

    logger = logging.getLogger("tessera")
    monkeypatch.setattr(logger, "handlers", list(logger.handlers))
    target = tmp_path / "logs" / "tessera.log"
    target.parent.mkdir()
    target.write_text("old line\n" * (log._MAX_BYTES // 9 + 10), encoding="utf-8")
    install_log(target)
    logging.getLogger("tessera.test").warning("after the start")
    for handler in logger.handlers:
        handler.flush()
    assert log.recent_log_lines(path=target)[-1].endswith("after the start")
    assert "old line" not in target.read_text(encoding="utf-8")
    assert (tmp_path / "logs" / "tessera.log.1").read_text(encoding="utf-8").startswith("old line")
    install_log(target)                          # once per file: no second handler
    assert [getattr(h, "baseFilename", "") for h in logger.handlers].count(str(target.resolve())) == 1


def test_the_welcome_shows_once_and_opens_the_demo(qtbot: QtBot, window: MainWindow) -> None:
    window.after_start()
    [dialog] = welcome_dialogs(window)
    shown = {button.text() for button in dialog.buttons.values()}
    assert shown >= {"Create your first lesson", "Open the demo"}
    dialog.buttons[Start.OPEN_DEMO].click()
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.root == demo_workspace_path())
    qtbot.waitUntil(lambda: window.editor.item is not None)
    window.after_start()                                        # the next start: no welcome again
    assert not welcome_dialogs(window)
    window.registry.action(ActionId.WELCOME).trigger()          # but always one click away
    assert welcome_dialogs(window)


def test_create_your_first_lesson_starts_an_own_workspace(qtbot: QtBot, window: MainWindow,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Path] = []
    monkeypatch.setattr(MainWindow, "new_lesson", lambda self: asked.append(self.workspace.root))
    window.after_start()
    [dialog] = welcome_dialogs(window)
    dialog.buttons[Start.CREATE_LESSON].click()
    assert asked == [personal_workspace_path()]
    assert Workspace.open(personal_workspace_path()).name == "My lessons"


def test_the_welcome_says_what_tessera_is_for_and_where_help_is(qtbot: QtBot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "short lessons" in words and "Help menu" in words
    assert dialog.buttons[Start.CREATE_LESSON].isDefault()
