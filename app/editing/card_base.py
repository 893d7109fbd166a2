"""What every card of the Blocks view shares: a header with its kind and actions, and field syncing.

A card never edits text itself. It reports form edits (``editor.block_edits`` values) and the view
turns them into one undoable change of the lesson's source document. When the document changes, the
card is given the block again and updates only the fields whose value really changed, so the field
the user is typing in keeps its cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from app.editing.rich_text import InlineField
from app.kit.qt import (
    QDrag,
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMimeData,
    QMouseEvent,
    QObject,
    QShortcut,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from editor.block_edits import DeleteBlock, DuplicateBlock, MoveBlock, SetField
from editor.block_fields import BlockKind, FieldError, normalised
from editor.block_model import LessonBlock

BLOCK_MIME = "application/x-tessera-block"
W = TypeVar("W", bound=QWidget)

# Symbol (from fonts every desktop has, not emoji), name and one-line description of each kind:
# the "+" menu and the card headers use them.
KIND_INFO: dict[BlockKind, tuple[str, str, str]] = {
    BlockKind.HEADING: ("H", "Heading", "A section title that structures the lesson"),
    BlockKind.TEXT: ("¶", "Text", "A paragraph or a list, with bold, italic and links"),
    BlockKind.IMAGE: ("▣", "Picture", "A picture from a file, with a description for screen readers"),
    BlockKind.VIDEO: ("▶", "Video", "A video file or a new recording, with captions"),
    BlockKind.AUDIO: ("♪", "Audio", "A sound file, with a transcript"),
    BlockKind.CALLOUT: ("❢", "Callout", "A tip, note, warning or example that stands out"),
    BlockKind.TAKEAWAYS: ("✔", "Key takeaways", "The few points learners should remember"),
    BlockKind.QUIZ: ("?", "Quiz question", "A knowledge check with feedback on each answer"),
    BlockKind.FLASHCARDS: ("◧", "Flashcards", "Cards to flip: a term or question, and its answer"),
    BlockKind.APPLY: ("✎", "Apply it at work", "Something to try on the job, and a question to reflect on"),
    BlockKind.UNKNOWN: ("⋯", "Other block", "A block this version of Tessera shows as text"),
}


def tool_button(text: str, tip: str, action: Callable[[], object], *, name: str = "",
                focusable: bool = True) -> QToolButton:
    """A small flat button; ``name`` is what a screen reader says (the tip without its shortcut)."""
    button = QToolButton()
    button.setText(text)
    button.setAutoRaise(True)
    button.setToolTip(tip)
    button.setAccessibleName(name or tip.split(" (")[0])
    if not focusable:
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the keyboard has a shortcut for it
    button.clicked.connect(action)
    return button


def show_line(field: QLineEdit | InlineField, text: str) -> None:
    """Put ``text`` in a one-line field, showing its start unless the user is typing in it."""
    field.setText(text)
    if not field.hasFocus():
        field.setCursorPosition(0)


def is_undo_key(event: QEvent) -> bool | None:
    """True for the undo shortcut, False for redo, None for any other key press."""
    if event.type() != QEvent.Type.KeyPress:
        return None
    if event.matches(QKeySequence.StandardKey.Undo):  # type: ignore[attr-defined]
        return True
    if event.matches(QKeySequence.StandardKey.Redo):  # type: ignore[attr-defined]
        return False
    return None


class _DragHandle(QLabel):
    """The grip in a card's header: drag it to move the block."""

    def __init__(self, card: BlockCard) -> None:
        super().__init__("⠿")
        self.card = card
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Drag to move this block (or press Alt+Up / Alt+Down)")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            data = QMimeData()
            data.setData(BLOCK_MIME, str(self.card.index).encode())
            drag = QDrag(self)
            drag.setMimeData(data)
            drag.setPixmap(self.card.grab().scaledToWidth(min(320, self.card.width())))
            drag.exec(Qt.DropAction.MoveAction)


class BlockCard(QFrame):
    """One block as a form; subclasses add their fields in ``build`` and fill them in ``show_fields``."""

    edited = Signal(object)            # an Edit or a list of Edits to apply as one change
    media_wanted = Signal(object)      # MediaRequest
    history_wanted = Signal(bool)      # the undo (True) or redo (False) key, for the shared history
    chosen = Signal()                  # clicked somewhere that is not a field
    kind: BlockKind = BlockKind.UNKNOWN

    def __init__(self, block: LessonBlock, base: Path | None = None, parent: QWidget | None = None, *,
                 deferred: bool = False) -> None:
        """``deferred``: only the title now; ``ensure_built`` makes the controls and fields later."""
        super().__init__(parent)
        self.block = block
        self.base = base              # the lesson folder: media paths are relative to it
        self.pending = False          # a new heading or text card that is not in the text until typed in
        self._shown: dict[str, Any] = {}
        self._filled = False          # the widgets show self.block's fields exactly
        self.loading = False          # True while the card fills its widgets: their signals are not edits
        set_role(self, Role.CARD)
        glyph, name, description = KIND_INFO[self.kind]
        self.setAccessibleName(f"{name} block")
        self.setAccessibleDescription(description)
        self.title = QLabel(f"<b>{glyph}&nbsp;&nbsp;{name}</b>")
        self._header = QHBoxLayout()
        self._header.setContentsMargins(0, 0, 0, 0)
        self._header.addWidget(self.title, 1)
        self.problem = QLabel(wordWrap=True)
        set_role(self.problem, Role.ERROR)
        self.problem.hide()
        self.fields = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 10)
        layout.addLayout(self._header)
        layout.addLayout(self.fields)
        layout.addWidget(self.problem)
        self.built = False
        if not deferred:
            self.ensure_built()

    def ensure_built(self) -> None:
        """Make the controls and fields and fill them. A long lesson's cards below the first screenful
        start as their title only and are built a few at a time right after, so opening it does not
        freeze the window (a card's buttons and shortcuts cost about as much as its fields)."""
        if not self.built:
            self.built = True
            self._build_controls()
            self.build()
            self.set_block(self.block)

    def _build_controls(self) -> None:
        self._header.insertWidget(0, _DragHandle(self))
        for text, tip, action in (("↑", "Move up (Alt+Up)", self.move_up),
                                  ("↓", "Move down (Alt+Down)", self.move_down),
                                  ("❏", "Duplicate this block", self.duplicate),
                                  ("✕", "Delete this block", self.delete)):
            self._header.addWidget(tool_button(text, tip, action))
        for keys, action in ((Qt.Modifier.ALT | Qt.Key.Key_Up, self.move_up),
                             (Qt.Modifier.ALT | Qt.Key.Key_Down, self.move_down)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    @property
    def index(self) -> int:
        return self.block.index

    # -- for subclasses ------------------------------------------------------------------------------
    def build(self) -> None:
        """Create the card's field widgets (add them to ``self.fields``)."""

    def show_fields(self, fields: dict[str, Any]) -> None:
        """Put ``fields`` into the widgets; use ``sync`` so unchanged fields are left alone."""

    def first_field(self) -> QWidget | None:
        """The widget the cursor goes to when the card is opened from the keyboard or created."""
        return None

    def guard(self, widget: W) -> W:
        """Route the undo/redo keys of ``widget`` to the lesson's shared history."""
        widget.installEventFilter(self)
        return widget

    def sync(self, name: str, value: Any, show: Callable[[Any], None]) -> None:
        """Call ``show(value)`` when ``value`` differs from what the field last showed or wrote."""
        if self._shown.get(name, object()) != value:
            self._shown[name] = value
            self.loading = True
            try:
                show(value)
            finally:
                self.loading = False

    def write(self, name: str, value: Any) -> None:
        """The user changed field ``name``: report it (unless it is what the text already holds)."""
        if self.loading:
            return
        try:
            # Compared as the text will hold it: "Lift " is stored as "Lift", and reading "Lift" back
            # must not take the space the user just typed out of the field.
            stored = normalised(self.kind, name, value)
        except FieldError as exc:
            self.show_problem(str(exc).capitalize())
            return
        if self._shown.get(name, object()) == stored:
            return
        self._shown[name] = stored
        self.edited.emit(SetField(self.index, name, value))

    # -- the view calls these ------------------------------------------------------------------------
    def widgets_edited(self) -> None:
        """The user changed this card's widgets: the next block shown must be filled in again."""
        self._filled = False

    def set_block(self, block: LessonBlock) -> None:
        if not self.built:
            self.block = block          # shown when the card is built
            return
        # After each key typed in one card, every other card gets its (moved) block again: unchanged
        # fields need no work, and comparing them here is far cheaper than each card's own checks.
        unchanged = self._filled and block.fields == self.block.fields
        self.block = block
        if not unchanged:
            self._filled = True
            self.show_fields(block.fields)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def set_selected(self, selected: bool) -> None:
        set_role(self, Role.CARD_SELECTED if selected else Role.CARD)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.chosen.emit()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        undo = is_undo_key(event)
        if undo is not None:
            self.history_wanted.emit(undo)
            return True
        return super().eventFilter(watched, event)

    # -- header actions --------------------------------------------------------------------------------
    def move_up(self) -> None:
        if not self.pending and self.index > 0:
            self.edited.emit(MoveBlock(self.index, self.index - 1))

    def move_down(self) -> None:
        if not self.pending:
            self.edited.emit(MoveBlock(self.index, self.index + 1))

    def duplicate(self) -> None:
        if not self.pending:
            self.edited.emit(DuplicateBlock(self.index))

    def delete(self) -> None:
        # A new card nothing was typed into is not in the text: no edits, and the view drops the card.
        self.edited.emit([] if self.pending else DeleteBlock(self.index))
