"""The Blocks view beside the Source view: same document, same history, saving and conflicts unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.editing.blocks_view import ADDABLE, FIRST_BUILT, BlocksView
from app.editing.form_cards import QuizCard
from app.editing.text_card import HeadingCard, TextCard
from app.kit.actions import ActionId
from app.kit.qt import QApplication, QMimeData, Qt, QToolButton, QWidget
from app.kit.settings import Settings
from app.shell import main_window as main_window_module
from app.shell.main_window import MainWindow
from editor.block_fields import BlockKind
from editor.block_model import read_blocks
from editor.recovery import RecoveryStore
from editor.workspace import Workspace
from tests.app.editing.blocks_helpers import WAIT_MS, add_block, cards_shown, kinds, type_into, view

LESSON = """---
id: 5ec0ffee0002
title: Feedback
---

## Ask first

Ask what they think went well.

::: quiz single
? Who speaks first?
- [x] The learner
- [ ] The coach
:::
"""


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace):  # type: ignore[no-untyped-def]
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    yield win
    win.editor.close_item()


def open_text(qtbot: QtBot, window: MainWindow, workspace: Workspace, text: str = LESSON, *,
              every_card: bool = True) -> Path:
    """Open a lesson of ``text``; wait for its cards (the first screen's come on the next turn of the
    event loop, the others a moment later: ``every_card`` False waits for the first screen only)."""
    folder = open_in_editor(qtbot, window, workspace, text)
    qtbot.waitUntil(lambda: cards_shown(window, every_card=every_card))
    return folder


def open_in_editor(qtbot: QtBot, window: MainWindow, workspace: Workspace, text: str = LESSON) -> Path:
    folder = workspace.new_lesson("Feedback")
    (folder / "lesson.md").write_text(text, encoding="utf-8")
    window.library.reload(folder)
    window.library.select_path(folder)
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.path == folder)
    return folder


def heading(window: MainWindow) -> HeadingCard:
    card = view(window).cards[0]
    assert isinstance(card, HeadingCard)
    return card


def test_switching_views_with_unsaved_edits_loses_nothing_and_is_remembered(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    window.editor.set_autosave_seconds(60)
    open_text(qtbot, window, workspace)
    editor = window.editor
    type_into(qtbot, heading(window).text, " together")
    assert editor.session is not None and editor.session.dirty

    editor.tabs.setCurrentWidget(editor.source)
    assert "## Ask first together\n" in editor.source.text()
    assert Settings().load_preferences().lesson_view == "source"     # remembered at once
    editor.source.moveCursor(editor.source.textCursor().MoveOperation.End)
    editor.source.insertPlainText("\nWritten in the source.\n")

    editor.tabs.setCurrentWidget(editor.blocks)
    assert kinds(window) == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.QUIZ, BlockKind.TEXT]
    assert view(window).cards[3].block.fields["text"] == "Written in the source."
    assert heading(window).text.text() == "Ask first together"
    assert editor.session.dirty                                       # still unsaved, nothing lost
    assert Settings().load_preferences().lesson_view == "blocks"

    other = MainWindow(Settings())                                    # the next start opens as left
    qtbot.addWidget(other)
    assert other.editor.view_mode == "blocks"


def test_the_source_preference_opens_lessons_in_the_source_view(
        qtbot: QtBot, workspace: Workspace) -> None:
    settings = Settings()
    settings.save_preferences(dataclasses.replace(settings.load_preferences(), lesson_view="source"))
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    open_in_editor(qtbot, win, workspace)
    assert win.editor.tabs.currentWidget() is win.editor.source
    win.editor.close_item()


def test_typing_in_a_field_is_one_undo_step_and_keeps_the_cursor(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    field = heading(window).text
    before = window.editor.source.text()
    type_into(qtbot, field, " now")
    assert field.hasFocus() and field.cursorPosition() == len("Ask first now")
    assert "## Ask first now\n" in window.editor.source.text()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)    # the shared history
    assert window.editor.source.text() == before
    qtbot.waitUntil(lambda: field.text() == "Ask first")
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(field, Qt.Key.Key_Z, redo)
    qtbot.waitUntil(lambda: field.text() == "Ask first now")


def test_autosave_and_the_recovery_journal_cover_card_edits(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    window.editor.set_autosave_seconds(60)
    folder = open_text(qtbot, window, workspace)
    type_into(qtbot, heading(window).text, " (journaled)")
    qtbot.waitUntil(lambda: any("(journaled)" in edit.text for edit in RecoveryStore().pending()),
                    timeout=WAIT_MS)
    window.editor.set_autosave_seconds(1)
    type_into(qtbot, heading(window).text, " and saved")
    qtbot.waitUntil(lambda: "## Ask first (journaled) and saved\n" in (folder / "lesson.md").read_text(),
                    timeout=WAIT_MS)
    assert window.editor.session is not None and not window.editor.session.dirty
    assert not RecoveryStore().pending()


def test_a_change_on_disk_while_typing_in_a_card_is_never_overwritten(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    window.editor.set_autosave_seconds(60)
    folder = open_text(qtbot, window, workspace)
    lesson = folder / "lesson.md"
    type_into(qtbot, heading(window).text, " (mine)")
    theirs = LESSON.replace("Ask what they think", "Ask, then listen to, what they think")
    lesson.write_text(theirs, encoding="utf-8")
    conflicts: list[object] = []
    window.editor.conflict.disconnect()
    window.editor.conflict.connect(conflicts.append)
    assert window.editor.save() is False
    assert conflicts == [theirs] and lesson.read_text() == theirs
    assert window.editor.banner.isVisibleTo(window)
    assert heading(window).text.text() == "Ask first (mine)"       # the card keeps the user's text
    window.editor.resolve_take_theirs()
    qtbot.waitUntil(lambda: heading(window).text.text() == "Ask first")
    text_card = view(window).cards[1]
    assert isinstance(text_card, TextCard)
    assert text_card.rich.toPlainText() == "Ask, then listen to, what they think went well."


def test_keyboard_reorder_duplicate_and_delete(qtbot: QtBot, window: MainWindow,
                                               workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    quiz = view(window).cards[2]
    assert isinstance(quiz, QuizCard)
    quiz.move_up()                                                  # what Alt+Up runs
    assert kinds(window) == [BlockKind.HEADING, BlockKind.QUIZ, BlockKind.TEXT]
    assert view(window).cards[1] is quiz
    cards = view(window).cards
    qtbot.waitUntil(lambda: cards[2].geometry().top() > cards[1].geometry().bottom())   # laid out
    view(window).drop_block(1, cards[2].geometry().bottom() + 1)      # dropped below the text
    assert kinds(window) == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.QUIZ]
    quiz.duplicate()
    assert kinds(window) == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.QUIZ, BlockKind.QUIZ]
    view(window).cards[3].delete()
    assert window.editor.source.text() == LESSON                    # back byte for byte


def test_alt_up_moves_the_block_of_the_field_being_edited(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    quiz = view(window).cards[2]
    assert isinstance(quiz, QuizCard)
    quiz.question.setFocus()
    qtbot.keyClick(quiz.question, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert kinds(window) == [BlockKind.HEADING, BlockKind.QUIZ, BlockKind.TEXT]
    assert quiz.question.hasFocus()


def test_a_paste_from_a_web_page_keeps_only_what_a_lesson_holds(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    card = view(window).cards[1]
    assert isinstance(card, TextCard)
    card.rich.setFocus()
    card.rich.moveCursor(card.rich.textCursor().MoveOperation.End)
    qtbot.keyClick(card.rich, Qt.Key.Key_Space)
    pasted = QMimeData()
    pasted.setHtml('<p>Then <b>wait</b> <span style="color:red">quietly</span>.<img src="http://x/y.png">'
                   '</p><p>Next, <a href="javascript:alert(1)">summarise</a> <a href="https://e.org">it</a>.</p>')
    card.rich.insertFromMimeData(pasted)
    blocks = read_blocks(window.editor.source.text())
    assert blocks[1].fields["text"] == "Ask what they think went well. Then **wait** quietly."
    assert blocks[2].kind is BlockKind.TEXT
    assert blocks[2].fields["text"] == "Next, summarise [it](https://e.org)."


def test_enter_starts_a_new_text_card_below(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    card = view(window).cards[1]
    assert isinstance(card, TextCard)
    card.rich.setFocus()
    card.rich.moveCursor(card.rich.textCursor().MoveOperation.End)
    qtbot.keyClick(card.rich, Qt.Key.Key_Return)
    assert kinds(window) == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.QUIZ]   # nothing typed yet
    qtbot.keyClicks(card.rich, "T")
    assert kinds(window) == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.TEXT, BlockKind.QUIZ]
    second = view(window).cards[2]
    assert isinstance(second, TextCard) and second.rich.hasFocus()           # typing goes on there
    qtbot.keyClicks(second.rich, "hen listen.")
    assert read_blocks(window.editor.source.text())[2].fields["text"] == "Then listen."
    assert card.rich.toPlainText() == "Ask what they think went well."


def test_quiz_kind_switch_keeps_the_answers_and_one_answer_means_one_tick(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    quiz = view(window).cards[2]
    assert isinstance(quiz, QuizCard)
    quiz.answers.row_widget(1, "correct").click()                 # one answer: the other is unticked
    fields = read_blocks(window.editor.source.text())[2].fields
    assert [a["correct"] for a in fields["answers"]] == [False, True]
    several = quiz.mode.findData("multiple")
    quiz.mode.setCurrentIndex(several)
    quiz.mode.activated.emit(several)
    quiz.answers.row_widget(0, "correct").click()
    fields = read_blocks(window.editor.source.text())[2].fields
    assert fields["mode"] == "multiple"
    assert [(a["text"], a["correct"]) for a in fields["answers"]] == [("The learner", True),
                                                                      ("The coach", True)]
    one = quiz.mode.findData("single")
    quiz.mode.setCurrentIndex(one)
    quiz.mode.activated.emit(one)
    assert "Only one answer can be correct" in quiz.validation.text()


def test_an_emptied_heading_says_what_to_do_and_changes_nothing(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    field = heading(window).text
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert "needs some text" in heading(window).problem.text()
    assert window.editor.source.text() == LESSON


def test_a_new_lesson_from_a_template_opens_with_the_cursor_in_its_first_field(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    class Chosen:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def exec(self) -> bool:
            return True

        def values(self) -> tuple[str, str]:
            return "Giving feedback", "how-to"

    monkeypatch.setattr(main_window_module, "NewLessonDialog", Chosen)
    window.activateWindow()
    window.new_lesson()
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.title == "Giving feedback")
    first = view(window).cards[0].first_field()
    assert window.editor.tabs.currentWidget() is window.editor.blocks
    qtbot.waitUntil(lambda: first is not None and first.hasFocus())


def test_choosing_a_card_tells_the_preview_which_line_to_show(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    quiz = view(window).cards[2]
    assert isinstance(quiz, QuizCard)
    with qtbot.waitSignal(window.editor.editing.block_selected) as selected:
        quiz.question.setFocus()
    assert selected.args == [LESSON.splitlines().index("::: quiz single") + 1]


def test_a_new_card_added_from_the_menu_gets_the_cursor(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    add_block(window, BlockKind.APPLY, at=1)
    assert kinds(window)[1] is BlockKind.APPLY
    first = view(window).cards[1].first_field()
    assert first is not None and first.hasFocus()
    assert "::: apply\n:::\n" in window.editor.source.text()


def test_format_and_insert_menus_work_on_the_chosen_card(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card = view(window).cards[1]
    assert isinstance(card, TextCard)
    card.rich.setFocus()
    cursor = card.rich.textCursor()
    cursor.setPosition(len("Ask what they think "))
    cursor.setPosition(len("Ask what they think went"), cursor.MoveMode.KeepAnchor)
    card.rich.setTextCursor(cursor)
    window.registry.action(ActionId.BOLD).trigger()
    assert read_blocks(window.editor.source.text())[1].fields["text"] == "Ask what they think **went** well."

    window.registry.action(ActionId.INSERT_FLASHCARDS).trigger()          # lands below the chosen card
    qtbot.waitUntil(lambda: kinds(window) == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.FLASHCARDS,
                                              BlockKind.QUIZ])


def test_a_new_text_card_stays_out_of_the_lesson_until_something_is_typed(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    add_block(window, BlockKind.TEXT, at=1)
    pending = view(window)._pending
    assert isinstance(pending, TextCard) and pending.rich.hasFocus()
    assert window.editor.source.text() == LESSON                  # Markdown has no empty paragraph
    pending.delete()
    assert view(window)._pending is None and len(view(window).cards) == 3
    assert window.editor.source.text() == LESSON


def test_tab_goes_through_the_cards_in_reading_order_after_a_block_is_added_above(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    add_block(window, BlockKind.APPLY, at=0)                 # its widgets are the newest ones
    blocks = view(window)
    qtbot.waitUntil(lambda: blocks.cards[1].geometry().top() > blocks.cards[0].geometry().bottom())
    start = blocks.add_buttons[0]
    start.setFocus()
    reached: list[object] = []
    for _ in range(len(blocks.tab_chain()) - 1):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        card = next((c for c in blocks.cards if c.isAncestorOf(QApplication.focusWidget())), None)
        if card is not None and (not reached or reached[-1] is not card):
            reached.append(card)
    assert reached == blocks.cards                           # apply, heading, text, quiz: as shown


def test_showing_every_demo_and_template_lesson_as_cards_changes_nothing(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    from editor.paths import DEMO_WORKSPACE, TEMPLATES

    sources = sorted(DEMO_WORKSPACE.glob("lessons/*/lesson.md")) + sorted(TEMPLATES.glob("*.md"))
    assert len(sources) > 5
    open_text(qtbot, window, workspace)
    for source in sources:
        text = source.read_text(encoding="utf-8")
        window.editor.source.setPlainText(text)      # as a reload does: the cards follow the text
        window.editor.refresh_blocks()
        qtbot.waitUntil(lambda: view(window).built)    # a long lesson's last cards are filled after
        assert [card.kind for card in view(window).cards] == [b.kind for b in read_blocks(text).blocks]
        assert window.editor.source.text() == text, source


def test_a_long_lesson_shows_its_first_cards_at_once_and_fills_the_rest_right_after(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    paragraphs = [f"Paragraph {n} of a long lesson." for n in range(1, 31)]
    text = LESSON.split("## ", 1)[0] + "\n\n".join(paragraphs) + "\n"
    open_text(qtbot, window, workspace)
    window.editor.source.setPlainText(text)          # as a reload does; no event loop turn until checked
    window.editor.refresh_blocks()
    cards = view(window).cards
    assert len(cards) == 30
    built = [card.built for card in cards]
    assert built[:FIRST_BUILT] == [True] * FIRST_BUILT and not any(built[FIRST_BUILT:])
    waiting = cards[FIRST_BUILT]
    assert not waiting.findChildren(QToolButton)         # its title only, until it is built
    last = cards[-1]
    view(window).focus_line(last.block.line)              # going to a card builds it at once
    assert last.built and isinstance(last, TextCard) and last.rich.toPlainText() == paragraphs[-1]
    qtbot.waitUntil(lambda: view(window).built)
    assert [card.rich.toPlainText() for card in cards if isinstance(card, TextCard)] == paragraphs
    tips = {button.toolTip() for button in waiting.findChildren(QToolButton)}
    assert {"Move up (Alt+Up)", "Move down (Alt+Down)", "Delete this block"} <= tips
    assert window.editor.source.text() == text                   # filling the cards changed nothing


def open_long_lesson(qtbot: QtBot, window: MainWindow, workspace: Workspace,
                     paragraphs: list[str]) -> tuple[str, BlocksView]:
    """Open a lesson of one text block per paragraph; wait for the turn that makes its first cards."""
    text = LESSON.split("## ", 1)[0] + "\n\n".join(paragraphs) + "\n"
    open_text(qtbot, window, workspace, text, every_card=False)
    return text, view(window)


def test_opening_a_long_lesson_makes_the_cards_of_its_first_screen_then_the_rest(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    paragraphs = [f"Paragraph {n} of a long lesson, with enough words to take a line or two of its card."
                  for n in range(1, 31)]
    text, blocks = open_long_lesson(qtbot, window, workspace, paragraphs)
    first = len(blocks.cards)
    assert 1 <= first <= FIRST_BUILT and not blocks.built
    assert all(card.built for card in blocks.cards)              # what is on screen is complete
    qtbot.waitUntil(lambda: blocks.built)
    assert [card.rich.toPlainText() for card in blocks.cards if isinstance(card, TextCard)] == paragraphs
    assert [button.at for button in blocks.add_buttons] == list(range(31))
    assert blocks.add_buttons[-1].text() == "+  Add a block" and blocks.add_buttons[-2].text() == "+"
    layout = blocks.column.layout()
    shown = [layout.itemAt(i).widget() for i in range(layout.count())]
    shown = [widget for widget in shown if widget is not None and widget is not blocks.empty]
    expected: list[QWidget] = []
    for button, card in zip(blocks.add_buttons, blocks.cards, strict=False):
        expected += [button, card]
    assert shown == [*expected, blocks.add_buttons[-1]]          # "+" before each card, one at the end
    assert window.editor.source.text() == text


def test_the_cards_made_at_once_fill_the_view_whatever_its_height(qtbot: QtBot, tmp_path: Path) -> None:
    text = "\n\n".join(f"Paragraph {n} of a long lesson." for n in range(1, 31)) + "\n"
    made: dict[int, int] = {}
    for height in (300, 700):
        blocks = BlocksView()
        qtbot.addWidget(blocks)
        blocks.base = tmp_path
        blocks.resize(600, height)
        blocks.show()
        qtbot.waitExposed(blocks)
        blocks.show_blocks(read_blocks(text))
        assert len(blocks.cards) == 1        # one card per turn: the window keeps answering meanwhile
        qtbot.waitUntil(lambda shown=blocks: shown.first_screen_made)
        made[height] = len(blocks.cards)
        assert blocks.column.sizeHint().height() >= blocks.viewport().height() or made[height] == FIRST_BUILT
        assert not blocks.built
    assert made[300] < made[700]


def test_typing_while_a_long_lesson_opens_keeps_the_rest_of_its_cards_for_later(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.editing import blocks_view as blocks_view_module

    paragraphs = [f"Paragraph {n}." for n in range(1, 41)]
    _text, blocks = open_long_lesson(qtbot, window, workspace, paragraphs)
    first = len(blocks.cards)
    assert first < 40
    editor = window.editor.source
    cursor = editor.textCursor()
    cursor.setPosition(editor.text().index("Paragraph 1.") + len("Paragraph 1"))
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " and more")
    window.editor.editing.refresh()                  # what the next turn does after typing
    first_card = blocks.cards[0]
    assert isinstance(first_card, TextCard) and first_card.rich.toPlainText() == "Paragraph 1 and more."
    assert len(blocks.cards) == first                # the others still come a few at a time…
    # …and wait for a pause in the typing (made long here, so a busy test machine cannot make one).
    monkeypatch.setattr(blocks_view_module, "FILL_AFTER_EDIT_MS", 3_000)
    blocks.fill_now()                                # the preview is up: the pause is kept
    for key in " still typing":
        qtbot.keyClicks(editor, key)
        qtbot.wait(50)
        assert len(blocks.cards) == first
    qtbot.waitUntil(lambda: blocks.built, timeout=15_000)
    shown = [card.rich.toPlainText() for card in blocks.cards if isinstance(card, TextCard)]
    assert shown == ["Paragraph 1 and more still typing.", *paragraphs[1:]]


def test_going_to_a_line_of_a_card_not_made_yet_makes_it(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    paragraphs = [f"Paragraph {n}." for n in range(1, 41)]
    text, blocks = open_long_lesson(qtbot, window, workspace, paragraphs)
    assert len(blocks.cards) < 40
    last_line = len(text.splitlines())
    assert blocks.focus_line(last_line)
    card = blocks.cards[-1]
    assert len(blocks.cards) == 40 and isinstance(card, TextCard)
    assert card.rich.toPlainText() == "Paragraph 40."
    assert card.isAncestorOf(QApplication.focusWidget())


def test_one_line_fields_show_formatting_instead_of_markdown(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace, LESSON.replace("? Who speaks first?", "? Who **speaks** first?"))
    quiz = view(window).cards[2]
    assert isinstance(quiz, QuizCard)
    assert quiz.question.toPlainText() == "Who speaks first?"        # shown bold, no asterisks
    type_into(qtbot, quiz.question, " Why")
    assert read_blocks(window.editor.source.text())[2].fields["question"] == "Who **speaks** first? Why"


def test_the_add_menu_is_filled_when_it_opens(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    open_text(qtbot, window, workspace)
    button = view(window).add_buttons[0]
    menu = button.menu()
    assert menu.actions() == []                      # one per gap: none made until one is opened
    menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    assert [action.data() for action in menu.actions()] == [kind.value for kind in ADDABLE]
    menu.close()
