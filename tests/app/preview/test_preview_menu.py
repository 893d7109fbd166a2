"""The preview's right-click menu: commands other features add (Comment) come first."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.kit.qt import QAction
from app.kit.qt_web import QWebEngineView
from app.preview.pane import PreviewPane
from editor.analysis import analyse


def test_the_preview_menu_starts_with_the_commands_features_add(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    comment = QAction("Comment…", pane)
    pane.context_actions.append(comment)
    menu = pane.context_menu()          # before any right-click: no crash, the added commands
    assert menu.actions()[0] is comment
    assert pane.selected_text() == ""


def test_a_warmed_up_preview_announces_only_the_lesson_it_shows(qtbot: QtBot, tmp_path: Path) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show()
    announced: list[bool] = []
    pane.updated.connect(lambda: announced.append(pane.ready))
    pane.warm_up()
    view = pane.findChild(QWebEngineView)
    with qtbot.waitSignal(view.loadFinished, timeout=10_000):
        pass                                    # the empty page loads in the background
    assert announced == [] and not pane.ready
    assert pane.stack.currentWidget() is pane.placeholder     # the empty page is never shown
    rendered = analyse("---\ntitle: Warm\n---\n\nFirst words.\n", tmp_path, "lesson").rendered
    with qtbot.waitSignal(pane.updated, timeout=10_000):
        pane.show_rendered(tmp_path, rendered)
    assert announced == [True]
