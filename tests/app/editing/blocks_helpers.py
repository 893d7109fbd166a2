"""Driving the Blocks view the way a person does: the "+" menu, typing into fields, header buttons."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.editing.blocks_view import BlocksView
from app.editing.card_base import BlockCard
from app.kit.qt import QLineEdit, QTextCursor, QTextEdit, QToolButton, QWidget
from app.shell.main_window import MainWindow
from editor.block_fields import BlockKind
from editor.workspace import Workspace

WAIT_MS = 20_000


def open_lesson(qtbot: QtBot, window: MainWindow, workspace: Workspace, title: str) -> Path:
    folder = workspace.new_lesson(title)
    window.library.reload(folder)
    window.library.select_path(folder)
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.path == folder)
    qtbot.waitUntil(lambda: window.editor.last_analysis is not None)
    qtbot.waitUntil(lambda: cards_shown(window))
    return folder


def view(window: MainWindow) -> BlocksView:
    return window.editor.blocks


def cards_shown(window: MainWindow, *, every_card: bool = True) -> bool:
    """The Blocks view shows the open text: its first screen of cards (made one per turn after the text
    arrives) and, with ``every_card``, the cards below it too (made a moment later). An empty view
    counts as "built" before the text's blocks reach it."""
    shown_view = view(window)
    blocks = shown_view.blocks
    shown = blocks is not None and blocks.text == window.editor.source.text() and bool(shown_view.cards)
    return shown and shown_view.first_screen_made and (shown_view.built or not every_card)


def kinds(window: MainWindow) -> list[BlockKind]:
    return [card.kind for card in view(window).cards]


def add_block(window: MainWindow, kind: BlockKind, at: int | None = None) -> None:
    """Choose ``kind`` in the "+" menu before block ``at`` (at the end when None)."""
    place = len(view(window).cards) if at is None else at
    button = view(window).add_buttons[place]
    assert button.at == place
    menu = button.kinds_menu()               # what opening the "+" menu fills it with
    action = next(a for a in menu.actions() if a.data() == kind.value)
    action.trigger()


def header_button(card: BlockCard, name: str) -> QToolButton:
    return next(b for b in card.findChildren(QToolButton) if b.accessibleName() == name)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type at the end of ``widget``'s text, as after clicking behind the last word."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.end(False)
    elif isinstance(widget, QTextEdit):
        widget.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(widget, text)
