"""The Blocks view: the lesson as a column of cards, with "+" between them, drag to reorder.

It shows ``editor.block_model`` blocks and reports edits; it never holds text of its own. The editor
panel applies each edit to the source document (one undo step) and hands the new blocks back. Cards
are reused across refreshes (by kind and fields, then by place), so the card being typed in keeps its
widgets, its cursor and the keyboard focus even when blocks around it are added, moved or deleted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.editing.card_base import BLOCK_MIME, KIND_INFO, BlockCard
from app.editing.form_cards import (
    ApplyCard,
    CalloutCard,
    FlashcardsCard,
    QuizCard,
    TakeawaysCard,
    UnknownCard,
)
from app.editing.media_cards import PICTURE_FILTER, AudioCard, ImageCard, VideoCard, choose_file
from app.editing.text_card import HeadingCard, TextCard
from app.kit.media_request import MediaAction, MediaRequest
from app.kit.qt import (
    QApplication,
    QDragEnterEvent,
    QDropEvent,
    QLabel,
    QLineEdit,
    QMenu,
    QPoint,
    QScrollArea,
    Qt,
    QTextCursor,
    QTextEdit,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.kit.turns import next_turn
from editor.block_edits import DuplicateBlock, Edit, InsertBlock, MoveBlock, SetField
from editor.block_fields import BlockKind, defaults
from editor.block_model import LessonBlock, LessonBlocks

CARD_TYPES: dict[BlockKind, type[BlockCard]] = {
    BlockKind.HEADING: HeadingCard, BlockKind.TEXT: TextCard, BlockKind.IMAGE: ImageCard,
    BlockKind.VIDEO: VideoCard, BlockKind.AUDIO: AudioCard, BlockKind.CALLOUT: CalloutCard,
    BlockKind.TAKEAWAYS: TakeawaysCard, BlockKind.QUIZ: QuizCard, BlockKind.FLASHCARDS: FlashcardsCard,
    BlockKind.APPLY: ApplyCard, BlockKind.UNKNOWN: UnknownCard,
}
ADDABLE = [kind for kind in CARD_TYPES if kind is not BlockKind.UNKNOWN]
_TYPED_FIRST = (BlockKind.HEADING, BlockKind.TEXT)   # not in the text until something is typed
ROW_TOLERANCE_PX = 12      # widgets whose middles are this close in height are on one row for Tab
# A new card costs about 6 ms to build, one showing its title only about 1 ms. A lesson just opened gets
# the cards of its first screenful first, one per turn; its other cards are made a few at a time once its
# preview is up (43 cards: the opening turn ~100 → ~45 ms warm). When a reload or an edit remakes the cards,
# the first FIRST_BUILT are built at once and the others start as their title only, built the same way.
FIRST_BUILT = 10
FILL_STEP = 2
FILL_PAUSE_MS = 25      # between steps: the preview's page loads through this thread's event loop too
FILL_AFTER_MS = 1000    # without word from the preview (hidden, or slow to load), fill anyway after this
FILL_AFTER_EDIT_MS = 300   # typing goes first: each edit puts the filling off to a pause this long


def fill_add_menu(menu: QMenu, choose: Any) -> None:
    """The block kinds, each with its symbol and a one-line description."""
    for kind in ADDABLE:
        glyph, name, description = KIND_INFO[kind]
        action = menu.addAction(f"{glyph}   {name}  —  {description}")
        action.setData(kind.value)
        action.setStatusTip(description)
        action.triggered.connect(lambda _c=False, k=kind: choose(k))


class _AddButton(QToolButton):
    def __init__(self, view: BlocksView, at: int, last: bool) -> None:
        super().__init__()
        self.at = at
        self.setText("+  Add a block" if last else "+")
        self.setToolTip("Add a block here")
        self.setAccessibleName("Add a block at the end" if last else f"Add a block before block {at + 1}")
        self.setAutoRaise(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._choose = lambda kind: view.add_block(kind, at)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self.kinds_menu)

    def kinds_menu(self) -> QMenu:
        """This gap's menu of block kinds, filled when it first opens: a long lesson has a gap between
        every two cards, and filling all their menus at once was a fifth of opening it."""
        menu = self.menu()
        if not menu.actions():
            fill_add_menu(menu, self._choose)
        return menu


class _Column(QWidget):
    """The cards' parent: accepts a card dragged by its grip and reports where it was dropped."""

    def __init__(self, view: BlocksView) -> None:
        super().__init__()
        self.view = view
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(BLOCK_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(BLOCK_MIME):
            return
        event.acceptProposedAction()
        source = int(bytes(event.mimeData().data(BLOCK_MIME).data()).decode())
        self.view.drop_block(source, event.position().y())


class BlocksView(QScrollArea):
    edit_wanted = Signal(object)        # an Edit, or a list of Edits to apply as one change
    block_selected = Signal(int)        # index of the block the user is now working in
    media_wanted = Signal(object)       # MediaRequest for the window's media features
    history_wanted = Signal(bool)       # undo (True) or redo (False) of the shared history

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blocksView")
        self.setAccessibleName("Lesson blocks")
        self.setWidgetResizable(True)
        # Cards wrap to the width there is: a sideways scroll would hide the start of every field.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.base: Path | None = None
        self.blocks: LessonBlocks | None = None
        self.cards: list[BlockCard] = []
        self._unmade: list[LessonBlock] = []     # a lesson just opened: blocks below its first screenful
        self._awaiting_preview = False          # the filling waits for the preview's first load
        self._pending: BlockCard | None = None
        self._selected: BlockCard | None = None
        self.add_buttons: list[_AddButton] = []
        self._refocus = False        # the next applied edit made a new card: put the cursor in it
        self._fill_timer = QTimer(self, singleShot=True)
        self._fill_timer.timeout.connect(self._fill_some)
        self._opening = 0                   # counts lessons opened: a step for an earlier one stops
        self._first_screen_due = False      # a card of the first screen is still to come
        self.column = _Column(self)
        self._layout = QVBoxLayout(self.column)
        self._layout.setContentsMargins(12, 8, 12, 24)
        self._layout.setSpacing(2)
        self.empty = QLabel("This lesson has no blocks yet. Start with “Add a block” below.")
        set_role(self.empty, Role.EMPTY_STATE)
        self.setWidget(self.column)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- showing the lesson --------------------------------------------------------------------------
    def show_blocks(self, blocks: LessonBlocks, focus: int | None = None) -> None:
        """Show ``blocks``; ``focus`` puts the cursor in that block's first field."""
        self.blocks = blocks
        shown_kinds = [card.kind for card in self.cards] + [block.kind for block in self._unmade]
        if shown_kinds == [block.kind for block in blocks.blocks] and self._pending is None:
            made = len(self.cards)
            for card, block in zip(self.cards, blocks.blocks[:made], strict=True):
                card.set_block(block)
            self._unmade = list(blocks.blocks[made:])     # typing while a lesson opens: still later
            if not self.built:
                self._awaiting_preview = False
                self._fill_timer.start(max(self._fill_timer.remainingTime(), FILL_AFTER_EDIT_MS))
        else:
            self._rebuild(blocks)
        if focus is not None and 0 <= focus < len(self.cards):
            self.focus_card(self.cards[focus])

    def edit_applied(self, blocks: LessonBlocks, focus: int | None) -> None:
        """The document took an edit: show its blocks; a new card (added, copied, split off) gets focus."""
        refocus, self._refocus = self._refocus, False
        self.show_blocks(blocks, focus if refocus else None)

    def focus_line(self, line: int) -> bool:
        """Put the cursor in the card holding file line ``line``; False when no card holds it."""
        if self._unmade and all(line > c.block.end_line for c in self.cards):
            self._make_unmade(len(self._unmade))
        card = next((c for c in self.cards if c.block.line <= line <= c.block.end_line), None)
        if card is not None:
            self.focus_card(card)
        return card is not None

    @property
    def first_screen_made(self) -> bool:
        """Whether the cards that fill the view of a lesson just opened are all there."""
        return not self._first_screen_due

    @property
    def built(self) -> bool:
        """Every block has its card and every card its fields (none is waiting to be made or filled)."""
        return not self._unmade and all(card.built for card in self.cards)

    def fill_now(self) -> None:
        """Make and build the cards still waiting, a few per turn, from now on: the window calls this
        when the preview is up (its first load goes through this thread too). It cuts short only the
        wait for that first load; the pause typing asked for is kept."""
        if self._awaiting_preview and not self.built:
            self._awaiting_preview = False
            self._fill_timer.start(0)

    def clear(self) -> None:
        self._fill_timer.stop()
        self._opening += 1
        self._first_screen_due = False
        self.blocks = None
        self._pending = None
        self._unmade = []
        self._awaiting_preview = False
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        self._lay_out()

    def _rebuild(self, blocks: LessonBlocks) -> None:
        if not self.cards and self._pending is None:
            self._open(blocks)
            return
        self._unmade = []              # every block gets its card below
        unused = list(self.cards)
        pending, self._pending = self._pending, None
        cards: list[BlockCard] = []
        for block in blocks.blocks:
            card: BlockCard | None = None
            if pending is not None and pending.index == block.index and pending.kind is block.kind:
                card, pending = pending, None
                card.pending = False
            else:
                same = [c for c in unused if c.kind is block.kind]
                card = next((c for c in same if c.block.fields == block.fields), None) \
                    or next((c for c in same if c.index == block.index), None)
                if card is not None:
                    unused.remove(card)
            if card is None:
                card = self._make(block, deferred=len(cards) >= FIRST_BUILT)
            card.set_block(block)
            cards.append(card)
        for card in [*unused, *([pending] if pending is not None else [])]:
            card.hide()
            card.deleteLater()
        self.cards = cards
        self._lay_out()
        if not self.built:
            self._await_preview()

    def _open(self, blocks: LessonBlocks) -> None:
        """A lesson just opened: the cards that fill the first screen first, the others once the preview
        is up (``fill_now``)."""
        self._unmade = list(blocks.blocks)
        self._lay_out()
        self._awaiting_preview = True
        self._opening += 1
        self._make_first_screen(self._opening)

    def _make_first_screen(self, opening: int) -> None:
        """One card per turn of the event loop until the first screen is full: five cards made in one
        turn held the window ~90 ms at start-up."""
        if opening != self._opening:
            return                          # cleared, or another lesson opened meanwhile
        self._first_screen_due = False
        if self._unmade:
            self._make_unmade(1)
        room = max(self.viewport().height(), 1)
        if self._unmade and len(self.cards) < FIRST_BUILT and self.column.sizeHint().height() < room:
            self._first_screen_due = True
            next_turn(self, lambda: self._make_first_screen(opening))
        elif not self._unmade:
            self._awaiting_preview = False
        elif self._awaiting_preview:      # else the preview came up meanwhile and the filling started
            self._fill_timer.start(FILL_AFTER_MS)

    def _await_preview(self) -> None:
        self._awaiting_preview = True
        self._fill_timer.start(FILL_AFTER_MS)

    def _make_unmade(self, count: int) -> None:
        """Make cards for the next ``count`` blocks waiting and put them after the last card."""
        made = [self._make(block) for block in self._unmade[:count]]
        del self._unmade[:count]
        if self._pending is not None:
            self.cards.extend(made)
            self._lay_out()
            return
        end = self.add_buttons.pop()
        self._layout.removeWidget(end)
        end.deleteLater()
        self._layout.takeAt(self._layout.count() - 1)     # the stretch, added again below
        for card in made:
            self.add_buttons.append(_AddButton(self, len(self.cards), last=False))
            self._layout.addWidget(self.add_buttons[-1], 0, Qt.AlignmentFlag.AlignHCenter)
            self._layout.addWidget(card)
            card.show()
            self.cards.append(card)
        self.empty.setVisible(not self.cards)
        self.add_buttons.append(_AddButton(self, len(self.cards), last=True))
        self._layout.addWidget(self.add_buttons[-1], 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)

    def _fill_some(self) -> None:
        waiting = [card for card in self.cards if not card.built]
        for card in waiting[:FILL_STEP]:
            card.ensure_built()
        if len(waiting) < FILL_STEP and self._unmade:
            self._make_unmade(FILL_STEP - len(waiting))
        if not self.built:
            self._fill_timer.start(FILL_PAUSE_MS)

    def _make(self, block: LessonBlock, *, deferred: bool = False) -> BlockCard:
        card = CARD_TYPES[block.kind](block, self.base, deferred=deferred)
        card.edited.connect(lambda edit, c=card: self._card_edited(c, edit))
        card.media_wanted.connect(self.media_wanted)
        card.history_wanted.connect(self.history_wanted)
        card.chosen.connect(lambda c=card: self._select(c))
        return card

    def _lay_out(self) -> None:
        while self._layout.count():
            self._layout.takeAt(0)
        for button in self.add_buttons:
            button.deleteLater()
        shown = list(self.cards)
        if self._pending is not None:
            shown.insert(self._pending.index, self._pending)
        self.add_buttons = [_AddButton(self, place, last=place == len(self.cards))
                         for place in range(len(self.cards) + 1)]
        self.empty.setParent(self.column)
        self.empty.setVisible(not shown)
        if not shown:
            self._layout.addWidget(self.empty)
        place = 0
        for card in shown:
            if not card.pending:
                self._layout.addWidget(self.add_buttons[place], 0, Qt.AlignmentFlag.AlignHCenter)
                place += 1
            self._layout.addWidget(card)
            card.show()
        self._layout.addWidget(self.add_buttons[-1], 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)

    # -- edits from cards ------------------------------------------------------------------------------
    def _card_edited(self, card: BlockCard, edit: Edit | list[Edit]) -> None:
        card.widgets_edited()
        edits = edit if isinstance(edit, list) else [edit]
        if card.pending:
            if not edits:            # deleted before anything was typed
                self._pending = None
                card.hide()
                card.deleteLater()
                self._lay_out()
                return
            edits = [InsertBlock(card.index, card.kind, {e.field: e.value})
                     if isinstance(e, SetField) and e.block == card.index and n == 0 else e
                     for n, e in enumerate(edits)]
        inserts = sum(isinstance(e, (InsertBlock, DuplicateBlock)) for e in edits)
        self._refocus = inserts > (1 if card.pending else 0)
        moves = [e for e in edits if isinstance(e, MoveBlock)]
        if moves and not 0 <= moves[0].to < len(self.cards):
            return                    # already first or last
        self.edit_wanted.emit(edits if isinstance(edit, list) else edits[0])

    def add_block(self, kind: BlockKind, at: int) -> None:
        """What the "+" menu does: headings and text wait for typing, pictures start with a file."""
        if kind in _TYPED_FIRST:
            if self._pending is not None:
                self._pending.deleteLater()
            block = LessonBlock(at, kind, defaults(kind), 0, 0)
            card = self._make(block)
            card.pending = True
            self._pending = card
            self._lay_out()
            self.focus_card(card)
        elif kind is BlockKind.IMAGE:
            path = choose_file(self, "Choose a picture", PICTURE_FILTER)
            if path is not None:
                self.media_wanted.emit(MediaRequest(MediaAction.IMPORT, (path,),
                                                    reply=lambda fields: self._insert_picture(at, fields)))
        else:
            self._refocus = True
            self.edit_wanted.emit(InsertBlock(at, kind))

    def _insert_picture(self, at: int, fields: dict[str, str]) -> None:
        count = len(self.blocks) if self.blocks is not None else 0
        if fields.get("src"):
            self._refocus = True
            self.edit_wanted.emit(InsertBlock(min(at, count), BlockKind.IMAGE, {"src": fields["src"]}))

    def drop_block(self, source: int, y: float) -> None:
        """A card dragged by its grip was dropped at height ``y`` of the column."""
        self._layout.activate()          # card geometry as laid out now, after any pending refresh
        before = sum(1 for card in self.cards if card.geometry().center().y() < y)
        target = before if before <= source else before - 1
        if 0 <= source < len(self.cards) and target != source:
            self.edit_wanted.emit(MoveBlock(source, min(target, len(self.cards) - 1)))

    def show_problem(self, index: int, message: str) -> None:
        card = self._pending if self._pending is not None and self._pending.index == index else None
        if card is None and 0 <= index < len(self.cards):
            card = self.cards[index]
        if card is not None:
            card.show_problem(message)

    # -- focus and selection -------------------------------------------------------------------------
    def focus_card(self, card: BlockCard) -> None:
        card.ensure_built()
        widget = card.first_field() or card
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QTextEdit):
            cursor = widget.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            widget.setTextCursor(cursor)
        elif isinstance(widget, QLineEdit):
            widget.selectAll()      # a template's example text is replaced by typing
        self.ensureWidgetVisible(card)
        self._select(card)

    def focus_first_field(self) -> None:
        if self.cards:
            self.focus_card(self.cards[0])

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go through the fields in the order they are seen, top to bottom.

        Qt's own focus chain follows the order widgets were created in, which is not reading order
        once blocks have been added or moved.
        """
        chain = self.tab_chain()
        focus = QApplication.focusWidget()
        if focus in chain:
            position = chain.index(focus) + (1 if next else -1)
            if 0 <= position < len(chain):
                target = chain[position]
                target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
                self.ensureWidgetVisible(target)
                return True
        return super().focusNextPrevChild(next)

    def tab_chain(self) -> list[QWidget]:
        """The widgets Tab stops at, in reading order (rows of a card by height, then left to right)."""
        def place(widget: QWidget) -> tuple[int, int]:
            corner = widget.mapTo(self.column, QPoint(0, 0))
            return (corner.y() + widget.height() // 2) // ROW_TOLERANCE_PX, corner.x()

        stops = [widget for widget in self.column.findChildren(QWidget)
                 if widget.isVisibleTo(self.column) and widget.isEnabled()
                 and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None]
        return sorted(stops, key=place)

    def current_card(self) -> BlockCard | None:
        return self._selected

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        card = self._card_of(new)
        if card is not None and new is not None:
            self.ensureWidgetVisible(new)
            self._select(card)

    def _select(self, card: BlockCard) -> None:
        """Mark ``card`` as the one being worked on and tell the preview (once per change of card)."""
        if card is self._selected:
            return
        if self._selected is not None and self._selected in self.cards:
            self._selected.set_selected(False)
        self._selected = card
        card.set_selected(True)
        if not card.pending:
            self.block_selected.emit(card.index)

    def _card_of(self, widget: QWidget | None) -> BlockCard | None:
        while widget is not None:
            if isinstance(widget, BlockCard):
                return widget if widget in self.cards or widget is self._pending else None
            widget = widget.parentWidget()
        return None
