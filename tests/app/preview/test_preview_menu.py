"""The preview's right-click menu: commands other features add (Comment) come first."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.kit.qt import QAction, QWidget
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
    loads: list[bool] = []
    make_view = pane._ensure_view

    def watched_view() -> QWidget:            # hears the empty page's load from the view's first moment
        view = make_view()
        if not loads and not view.property("watched"):
            view.setProperty("watched", True)
            view.loadFinished.connect(loads.append)   # type: ignore[attr-defined]
        return view

    pane._ensure_view = watched_view          # type: ignore[method-assign]
    pane.warm_up()
    assert pane.findChild(QWebEngineView) is None       # started over the next turns of the event loop
    qtbot.waitUntil(lambda: loads == [True], timeout=10_000)   # the empty page loads in the background
    assert announced == [] and not pane.ready
    assert pane.stack.currentWidget() is pane.placeholder     # the empty page is never shown
    rendered = analyse("---\ntitle: Warm\n---\n\nFirst words.\n", tmp_path, "lesson").rendered
    with qtbot.waitSignal(pane.updated, timeout=10_000):
        pane.show_rendered(tmp_path, rendered)
    assert announced == [True]


def test_a_render_that_comes_while_the_page_loads_is_shown_once_it_has(qtbot: QtBot, tmp_path: Path) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show()
    first = analyse("---\ntitle: Loading\n---\n\nFirst words.\n", tmp_path, "lesson").rendered
    second = analyse("---\ntitle: Loading\n---\n\nSecond words.\n", tmp_path, "lesson").rendered
    pane.context_menu()                                 # makes the view without loading a page
    view = pane.findChild(QWebEngineView)
    pages: list[str] = []
    load_page = view.setHtml
    view.setHtml = lambda page, base: (pages.append(page), load_page(page, base))  # type: ignore[method-assign]
    with qtbot.waitSignal(view.loadStarted, timeout=10_000):
        pane.show_rendered(tmp_path, first)
    with qtbot.waitSignal(pane.updated, timeout=10_000):
        pane.show_rendered(tmp_path, second)            # typed before the first page is in
    shown: list[object] = []
    pane.run_js("document.querySelector('article').innerText", shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert "Second words." in str(shown[0]) and "First words." not in str(shown[0])
    assert len(pages) == 1                              # the page loads once, not again for each render
