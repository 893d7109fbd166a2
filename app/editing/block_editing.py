"""The link between the Blocks view and the source document they both show.

A card's edit (``editor.block_edits``) becomes ``apply_edit``'s one ``TextChange``, applied to the
source editor's ``QTextDocument`` as one undo step; keystrokes in one field in quick succession join
the same step, as typing does in the source. So the two views share one document, one undo history,
autosave, the recovery journal and conflict handling. Any other change of the document (undo, redo,
a reload, typing in the source) refreshes the cards from the text.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from app.editing.blocks_view import BlocksView
from app.editing.rich_text import RichTextField
from app.editing.source_editor import SourceEditor, qt_position
from app.kit.qt import QApplication, QObject, QTimer, Signal
from editor.block_edits import Edit, EditError, SetField, apply_edit, apply_edits
from editor.block_model import read_blocks
from editor.snippets import Snippet

TYPING_MERGE_MS = 1500     # keystrokes in one field within this time are one undo step


class TextStyle(StrEnum):
    BOLD = "bold"
    ITALIC = "italic"
    LINK = "link"


# What the source view wraps a selection in: (before, after, placeholder when nothing is selected).
SOURCE_WRAPS = {TextStyle.BOLD: ("**", "**", "bold text"), TextStyle.ITALIC: ("_", "_", "italic text"),
                TextStyle.LINK: ("[", "](https://)", "link text")}


class BlockEditing(QObject):
    block_selected = Signal(int)       # file line of the block chosen in the Blocks view
    message = Signal(str)              # something the status bar should say

    def __init__(self, source: SourceEditor, blocks: BlocksView, blocks_shown: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.blocks = blocks
        self.blocks_shown = blocks_shown
        self._applying = False
        self._last_typing: tuple[int, str] | None = None
        self._typing_clock = QTimer(self, singleShot=True, interval=TYPING_MERGE_MS)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        blocks.edit_wanted.connect(self.apply)
        blocks.history_wanted.connect(lambda undo: self.history(undo=undo))
        blocks.block_selected.connect(self._block_selected)

    def refresh(self) -> None:
        """Show the document's blocks when the cards show an older text."""
        text = self.source.text()
        if self.blocks.blocks is None or self.blocks.blocks.text != text:
            self.blocks.show_blocks(read_blocks(text))

    def text_changed(self) -> None:
        """The document changed; unless a card made the change, the cards follow (once per burst)."""
        if not self._applying and self.blocks_shown():
            self._refresh_timer.start()

    def focus_first_field(self) -> None:
        """Put the cursor in the first field of the lesson (a lesson just made from a template)."""
        if self.blocks_shown():
            self.refresh()
            self.blocks.focus_first_field()

    def apply(self, edit: Edit | list[Edit]) -> None:
        """A card's edit, applied to the document as one undo step (typing in one field merges)."""
        text = self.source.text()
        known = self.blocks.blocks if self.blocks.blocks is not None and self.blocks.blocks.text == text \
            else None
        edits = edit if isinstance(edit, list) else [edit]
        if not edits:
            return
        try:
            result = apply_edits(text, edits) if len(edits) > 1 else apply_edit(text, edits[0], blocks=known)
        except EditError as exc:
            first = edits[0]
            self.blocks.show_problem(getattr(first, "block", getattr(first, "at", -1)), str(exc))
            return
        self.blocks.show_problem(getattr(edits[0], "block", -1), "")
        typing = (edits[0].block, edits[0].field) if len(edits) == 1 and isinstance(edits[0], SetField) \
            else None
        join = typing is not None and typing == self._last_typing and self._typing_clock.isActive()
        self._last_typing = typing
        self._typing_clock.start()
        if result.text != text:
            self._applying = True
            try:
                change = result.change
                self.source.replace_text(change.start, change.end, change.replacement, join_previous=join)
            finally:
                self._applying = False
        self.blocks.edit_applied(result.blocks, result.focus)

    def undo_redo(self, *, undo: bool) -> bool:
        """Undo/redo from the Edit menu; True when the focus was in the Blocks view (shared history)."""
        focus = QApplication.focusWidget()
        if focus is None or not self.blocks.isAncestorOf(focus):
            return False
        self.history(undo=undo)
        return True

    def history(self, *, undo: bool) -> None:
        self._last_typing = None        # typing after an undo is a new step, never joined to an old one
        if undo:
            self.source.undo()
        else:
            self.source.redo()

    def format_text(self, style: TextStyle) -> None:
        """Format → Bold / Italic / Link: in the text card being typed in, or in the source."""
        field = QApplication.focusWidget()
        if isinstance(field, RichTextField) and self.blocks.isAncestorOf(field):
            {TextStyle.BOLD: field.toggle_bold, TextStyle.ITALIC: field.toggle_italic,
             TextStyle.LINK: field.edit_link}[style]()
        elif not self.blocks_shown():
            self.source.wrap_selection(*SOURCE_WRAPS[style])
        else:
            self.message.emit("Put the cursor in a text block to format it.")

    def insert_snippet(self, snippet: Snippet) -> None:
        """Insert → a block: below the chosen card in the Blocks view, at the cursor in the source."""
        if self.blocks_shown():
            card = self.blocks.current_card()
            blocks = self.blocks.blocks
            if card is not None and not card.pending and blocks is not None and card.index < len(blocks):
                end = blocks[card.index].end
            else:
                end = len(self.source.text())
            cursor = self.source.textCursor()
            cursor.setPosition(qt_position(self.source.text(), end))
            self.source.setTextCursor(cursor)
        self.source.insert_snippet(snippet)

    def _block_selected(self, index: int) -> None:
        if self.blocks.blocks is not None and 0 <= index < len(self.blocks.blocks):
            self.block_selected.emit(self.blocks.blocks[index].line)
