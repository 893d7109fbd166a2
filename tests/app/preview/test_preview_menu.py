"""The preview's right-click menu: commands other features add (Comment) come first."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.kit.qt import QAction
from app.preview.pane import PreviewPane


def test_the_preview_menu_starts_with_the_commands_features_add(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    comment = QAction("Comment…", pane)
    pane.context_actions.append(comment)
    menu = pane.context_menu()          # before any right-click: no crash, the added commands
    assert menu.actions()[0] is comment
    assert pane.selected_text() == ""
