"""The comments part of the Review tab: the threads, the "new comment" box, and where a comment points.

``anchor_for`` turns the editor's selection (or the block at its cursor) into a core ``Anchor``;
``CommentsSection`` shows the threads and asks the panel, through signals, to record things.
"""

from __future__ import annotations

import html
from enum import StrEnum

from app.kit.context import OpenDocument
from app.kit.qt import (
    QCheckBox,
    QFont,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPalette,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.kit.widgets import clear_layout
from app.review.threads import ThreadCard
from editor.review import Anchor, CommentThread, Members, anchor_block, anchor_selection

NO_COMMENTS = "No comments yet. Select text under Write, then choose Comment ▸ On the selected text."
ALL_RESOLVED = "Every comment is resolved."
COMPOSER_QUOTE_CHARS = 160


class Target(StrEnum):
    SELECTION = "selection"
    BLOCK = "block"
    ITEM = "item"


def text_offset(text: str, qt_position: int) -> int:
    """The index in ``text`` of a Qt text position (Qt counts UTF-16 units, Python code points)."""
    return len(text.encode("utf-16-le")[: qt_position * 2].decode("utf-16-le", errors="ignore"))


def anchor_for(editor: OpenDocument, target: Target) -> Anchor | None:
    """What a new comment points at; None for the whole item. ValueError says what to select instead."""
    if target is Target.ITEM:
        return None
    text, cursor = editor.text(), editor.textCursor()
    if target is Target.BLOCK:
        return anchor_block(text, cursor.blockNumber() + 1)
    try:
        return anchor_selection(text, text_offset(text, cursor.selectionStart()),
                                text_offset(text, cursor.selectionEnd()))
    except ValueError as exc:
        raise ValueError(f"{exc} (in the Write tab)") from exc


class CommentsSection(QWidget):
    line_requested = Signal(int)
    reply_requested = Signal(str, str)        # comment id, text
    resolve_requested = Signal(str)           # comment id
    post_requested = Signal(str, object)      # text, Anchor | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.anchor: Anchor | None = None
        self._busy = False
        self._shown: tuple[object, ...] | None = None
        self._last: tuple[list[CommentThread], Members, str] | None = None
        self.title = QLabel("Comments")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.count = QLabel()
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.show_resolved = QCheckBox("Show resolved")
        self.show_resolved.toggled.connect(lambda _on: self._redraw())
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.count)
        heading.addStretch(1)
        heading.addWidget(self.show_resolved)
        self._build_composer()
        self.threads = QVBoxLayout()
        self.threads.setSpacing(10)
        self.empty = QLabel(NO_COMMENTS)
        self.empty.setWordWrap(True)
        set_role(self.empty, Role.HINT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.composer)
        layout.addLayout(self.threads)
        layout.addWidget(self.empty)

    def _build_composer(self) -> None:
        self.composer = QFrame()
        self.composer.setFrameShape(QFrame.Shape.StyledPanel)
        self.composer_target = QLabel()
        self.composer_target.setWordWrap(True)
        self.composer_edit = QPlainTextEdit()
        self.composer_edit.setPlaceholderText("Write your comment…")
        self.composer_edit.setFixedHeight(90)
        self.post_button = QPushButton("Post comment")
        self.post_button.setDefault(True)
        cancel = QPushButton("Cancel")
        self.post_button.clicked.connect(
            lambda: self.post_requested.emit(self.composer_edit.toPlainText(), self.anchor))
        cancel.clicked.connect(self.composer.hide)
        self.composer_edit.textChanged.connect(self._update_post)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.post_button)
        layout = QVBoxLayout(self.composer)
        layout.addWidget(self.composer_target)
        layout.addWidget(self.composer_edit)
        layout.addLayout(buttons)
        self.composer.hide()
        self._update_post()

    # -- the comment box --------------------------------------------------------------------
    def open_composer(self, anchor: Anchor | None) -> None:
        self.anchor = anchor
        if anchor is None:
            self.composer_target.setText("<b>New comment</b> on the whole item")
        else:
            quote = " ".join(anchor.quote.split())
            if len(quote) > COMPOSER_QUOTE_CHARS:
                quote = quote[:COMPOSER_QUOTE_CHARS] + "…"
            self.composer_target.setText(f"<b>New comment</b> on line {anchor.line}: "
                                         f"<i>“{html.escape(quote)}”</i>")
        self.composer.show()
        self.composer_edit.setFocus()

    def close_composer(self) -> None:
        """After the comment was recorded: the box empties and folds away."""
        self.composer.hide()
        self.composer_edit.clear()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_post()

    def _update_post(self) -> None:
        self.post_button.setEnabled(not self._busy and bool(self.composer_edit.toPlainText().strip()))

    # -- the threads ---------------------------------------------------------------------------
    def show_threads(self, threads: list[CommentThread], members: Members, refusal: str) -> None:
        """Show ``threads``; ``refusal`` says why the person may not reply or resolve ("" if they may).

        Cards are rebuilt only when something in them changed, so a reply being typed survives
        the refreshes that follow every save; when they are rebuilt, typed replies are carried over.
        """
        self._last = (threads, members, refusal)
        shown = [t for t in threads if self.show_resolved.isChecked() or not t.resolved]
        signature = (tuple((t.comment.id, len(t.replies), t.resolved, t.location) for t in shown), refusal)
        if signature != self._shown:
            self._shown = signature
            drafts = {card.comment_id: card.reply_edit.text() for card in self.cards()}
            clear_layout(self.threads)
            for thread in shown:
                card = ThreadCard(thread, members, refusal)
                card.reply_edit.setText(drafts.get(card.comment_id, ""))
                card.line_requested.connect(self.line_requested)
                card.reply_requested.connect(self.reply_requested)
                card.resolve_requested.connect(self.resolve_requested)
                self.threads.addWidget(card)
        resolved = sum(t.resolved for t in threads)
        self.count.setText(f"{len(threads) - resolved} open · {resolved} resolved" if threads else "")
        self.show_resolved.setVisible(resolved > 0)
        self.empty.setVisible(not shown)
        self.empty.setText(ALL_RESOLVED if threads else NO_COMMENTS)

    def _redraw(self) -> None:
        if self._last is not None:
            self.show_threads(*self._last)

    def cards(self) -> list[ThreadCard]:
        widgets = (self.threads.itemAt(i).widget() for i in range(self.threads.count()))  # type: ignore[union-attr]
        return [card for card in widgets if isinstance(card, ThreadCard)]
