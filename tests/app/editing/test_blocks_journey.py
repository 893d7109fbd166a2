"""A person who has never seen Markdown builds a whole lesson in the Blocks view and submits it.

Every step goes through the real widgets: the "+" menu, fields typed into key by key, the Bold and
Link buttons, a native file dialog (answered with a real PNG), answer rows, the header's move button,
the Edit menu's Undo/Redo and the Review tab's Submit dialog. The Source tab is never opened.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from app.editing.form_cards import CalloutCard, FlashcardsCard, QuizCard
from app.editing.media_cards import ImageCard
from app.editing.text_card import HeadingCard, TextCard
from app.kit.actions import ActionId
from app.kit.qt import QFileDialog, QInputDialog, Qt, QTextCursor, QToolButton
from app.kit.settings import Settings
from app.review.dialogs import SubmitDialog
from app.shell.main_window import MainWindow
from editor.block_fields import BlockKind
from editor.block_model import read_blocks
from editor.review import add_member
from editor.workspace import Workspace
from tests.app.editing.blocks_helpers import (
    WAIT_MS,
    add_block,
    header_button,
    kinds,
    open_lesson,
    type_into,
    view,
)

AUTHOR, REVIEWER = "ana@example.org", "bo@example.org"
QUIZ = [("Bend your knees", True, "Yes: your legs do the work."),
        ("Bend your back", False, "Your back takes the strain that way."),
        ("Lift as fast as you can", False, "Speed makes it harder to keep control.")]
CARDS = [("Load", "What you carry"), ("Grip", "How you hold it"), ("Stance", "Feet apart"),
         ("Path", "A clear way")]


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace):  # type: ignore[no-untyped-def]
    add_member(workspace, "Ana Pereira", AUTHOR, ["author"])
    add_member(workspace, "Bo Lindqvist", REVIEWER, ["reviewer"])
    win = MainWindow(Settings())
    win.prefs = dataclasses.replace(win.prefs, author_email=AUTHOR)
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.resize(1400, 900)
    win.show()
    yield win
    win.editor.close_item()


def select(card: TextCard, words: str) -> None:
    cursor = card.rich.textCursor()
    start = card.rich.toPlainText().index(words)
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    card.rich.setTextCursor(cursor)


def tool(card: TextCard, name: str) -> QToolButton:
    return next(b for b in card.findChildren(QToolButton) if b.accessibleName() == name)


def last_card(window: MainWindow):  # type: ignore[no-untyped-def]
    return view(window).cards[-1]


def test_a_whole_lesson_built_from_blocks_only(qtbot: QtBot, window: MainWindow, workspace: Workspace,
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = open_lesson(qtbot, window, workspace, "Lifting safely")
    editor = window.editor
    assert editor.tabs.currentWidget() is editor.blocks          # the default for a new user

    # The template's example blocks go: the person starts from an empty lesson.
    while view(window).cards:
        qtbot.mouseClick(header_button(view(window).cards[0], "Delete this block"), Qt.MouseButton.LeftButton)
    assert kinds(window) == []

    add_block(window, BlockKind.HEADING)
    heading = view(window)._pending
    assert isinstance(heading, HeadingCard)
    type_into(qtbot, heading.text, "Lift with your legs")

    add_block(window, BlockKind.TEXT)
    first = view(window)._pending
    assert isinstance(first, TextCard)
    type_into(qtbot, first.rich, "Bend your knees and keep the load close.")
    select(first, "close")
    tool(first, "Bold").click()

    add_block(window, BlockKind.TEXT)
    second = view(window)._pending
    assert isinstance(second, TextCard)
    type_into(qtbot, second.rich, "Read the safety guide before you start.")
    select(second, "safety guide")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("https://example.org/guide", True))
    tool(second, "Link").click()

    picture = tmp_path / "Lifting.png"
    Image.new("RGB", (64, 48), "orange").save(picture)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(picture), "Pictures"))
    add_block(window, BlockKind.IMAGE)
    qtbot.waitUntil(lambda: BlockKind.IMAGE in kinds(window), timeout=WAIT_MS)
    image = last_card(window)
    assert isinstance(image, ImageCard)
    assert not image.thumbnail.pixmap().isNull()                 # the imported picture is shown
    type_into(qtbot, image.alt, "A worker lifting a box with a straight back")

    add_block(window, BlockKind.QUIZ)
    quiz = last_card(window)
    assert isinstance(quiz, QuizCard)
    assert quiz.question.hasFocus()                              # a new block starts in its first field
    qtbot.keyClicks(quiz.question, "What protects your back?")
    for row, (answer, _correct, feedback) in enumerate(QUIZ):
        quiz.answers.add_button.click()
        type_into(qtbot, quiz.answers.row_widget(row, "text"), answer)
        type_into(qtbot, quiz.answers.row_widget(row, "feedback"), feedback)
    assert quiz.validation.text() == "Mark at least one answer as correct."
    quiz.answers.row_widget(0, "correct").click()
    assert quiz.validation.text() == ""

    add_block(window, BlockKind.FLASHCARDS)
    cards = last_card(window)
    assert isinstance(cards, FlashcardsCard)
    for row, (front, back) in enumerate(CARDS):
        cards.cards.add_button.click()
        type_into(qtbot, cards.cards.row_widget(row, "front"), front)
        type_into(qtbot, cards.cards.row_widget(row, "back"), back)

    add_block(window, BlockKind.CALLOUT)
    callout = last_card(window)
    assert isinstance(callout, CalloutCard)
    tip = callout.style_box.findData("tip")
    callout.style_box.setCurrentIndex(tip)
    callout.style_box.activated.emit(tip)
    type_into(qtbot, callout.text, "Test the weight with a small lift first.")

    add_block(window, BlockKind.APPLY)
    apply = last_card(window)
    type_into(qtbot, apply.action, "Lift one box the new way today.")           # type: ignore[attr-defined]
    type_into(qtbot, apply.reflect, "How did your back feel afterwards?")       # type: ignore[attr-defined]

    built = [BlockKind.HEADING, BlockKind.TEXT, BlockKind.TEXT, BlockKind.IMAGE, BlockKind.QUIZ,
             BlockKind.FLASHCARDS, BlockKind.CALLOUT, BlockKind.APPLY]
    assert kinds(window) == built
    before_move = editor.source.text()

    # Reorder: the tip goes above the flashcards; the card keeps the focus it had.
    qtbot.mouseClick(header_button(callout, "Move up"), Qt.MouseButton.LeftButton)
    moved = [*built[:5], BlockKind.CALLOUT, BlockKind.FLASHCARDS, BlockKind.APPLY]
    assert kinds(window) == moved
    assert view(window).cards[5] is callout

    # Undo and redo from the Edit menu, with the cursor in a card: the same history as the source.
    callout.text.setFocus()
    window.registry.action(ActionId.UNDO).trigger()
    qtbot.waitUntil(lambda: kinds(window) == built)
    assert editor.source.text() == before_move
    window.registry.action(ActionId.REDO).trigger()
    qtbot.waitUntil(lambda: kinds(window) == moved)

    # Submit for review from the Review tab (which saves first).
    panel = window.review.ensure_panel()
    qtbot.waitUntil(lambda: panel.submit_button.isEnabled(), timeout=WAIT_MS)
    panel.submit_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SubmitDialog)
    rows = [dialog.reviewer_list.item(i) for i in range(dialog.reviewer_list.count())]
    next(row for row in rows if REVIEWER in row.text()).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT_MS):
        dialog.ok_button.click()
    assert panel.summary.badge.text() == "In review"

    lesson = read_blocks((folder / "lesson.md").read_text(encoding="utf-8"))
    assert [block.kind for block in lesson.blocks] == moved
    fields = [block.fields for block in lesson.blocks]
    assert fields[0] == {"level": 2, "text": "Lift with your legs"}
    assert fields[1]["text"] == "Bend your knees and keep the load **close**."
    assert fields[2]["text"] == "Read the [safety guide](https://example.org/guide) before you start."
    assert fields[3]["alt"] == "A worker lifting a box with a straight back"
    assert (folder / fields[3]["src"]).is_file()
    assert fields[4]["question"] == "What protects your back?"
    assert [(a["text"], a["correct"], a["feedback"]) for a in fields[4]["answers"]] == QUIZ
    assert fields[5]["style"] == "tip" and fields[5]["text"] == "Test the weight with a small lift first."
    assert [(c["front"], c["back"]) for c in fields[6]["cards"]] == CARDS
    assert fields[7] == {"action": "Lift one box the new way today.",
                         "reflect": "How did your back feel afterwards?"}
    assert editor.tabs.currentWidget() is not editor.source     # the Source view was never needed
