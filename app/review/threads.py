"""Comment threads as cards: who said what on which passage, replies, and Reply / Resolve.

A card is built from a core ``CommentThread`` whose anchor was located in the current text; the
passage it quotes is clickable and asks to show that line (the panel turns it into ``show_line``).
"""

from __future__ import annotations

import hashlib
import html

from app.kit.format import human_time
from app.kit.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMouseEvent,
    QPalette,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from editor.review import CommentThread, Event, Members

QUOTE_CHARS = 160
_AVATAR_COLOURS = ("#2563eb", "#7c3aed", "#db2777", "#0d9488", "#ea580c", "#4d7c0f", "#0369a1", "#9333ea")
# (background, text) of the small status chips, readable in both themes.
# How the core's block kinds read in a location line ("Line 27 · text").
BLOCK_NAMES = {"metadata": "details", "markdown": "text", "apply": "apply at work"}
CHIPS = {"resolved": ("#dcfce7", "#166534"), "outdated": ("#fef3c7", "#92400e"),
         "edited": ("#e0e7ff", "#3730a3"), "open": ("#e0f2fe", "#075985")}


def person(members: Members, email: str, recorded_name: str = "") -> str:
    """A person's name for display: from members.yaml, else as recorded in the event, else the email."""
    member = members.find(email)
    return (member.name if member and member.name else recorded_name) or email


def when(event: Event) -> str:
    return human_time(event.at.timestamp())


def anchor_lines(threads: list[CommentThread]) -> list[int]:
    """Lines of the lesson that open comments point at now, ascending (for markers and scrolling)."""
    return sorted({thread.location.line for thread in threads
                   if thread.location is not None and not thread.resolved})


def chip(text: str, kind: str) -> QLabel:
    background, colour = CHIPS[kind]
    label = QLabel(text)
    label.setStyleSheet(f"background:{background}; color:{colour}; border-radius:8px; padding:1px 8px;"
                        "font-size:11px; font-weight:600;")
    return label


def avatar(name: str, email: str, size: int = 26) -> QLabel:
    """A round badge with the person's initials, in a colour that stays the same for them."""
    initials = "".join(part[0] for part in name.replace("@", " ").split()[:2]).upper() or "?"
    colour = _AVATAR_COLOURS[hashlib.sha1(email.encode()).digest()[0] % len(_AVATAR_COLOURS)]
    label = QLabel(initials)
    label.setFixedSize(size, size)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"background:{colour}; color:white; border-radius:{size // 2}px; font-weight:700;"
                        f"font-size:{max(9, size // 3 + 1)}px;")
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _byline(name: str, moment: str) -> QLabel:
    label = QLabel(f"<b>{html.escape(name)}</b>&nbsp;&nbsp;<span style='font-weight:400'>·&nbsp;"
                   f"{html.escape(moment)}</span>")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _body(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Quote(QFrame):
    """The commented passage; clicking it shows the passage in the lesson."""

    clicked = Signal()

    def __init__(self, thread: CommentThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert thread.anchor is not None
        self.setObjectName("reviewQuote")
        quote = " ".join(thread.anchor.quote.split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[:QUOTE_CHARS].rstrip() + "…"
        self.text = QLabel(f"“{quote}”")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        location = thread.location
        if location is None:
            where = "The passage is no longer in the lesson"
        else:
            block = BLOCK_NAMES.get(location.block_kind, location.block_kind)
            where = f"Line {location.line} · {block}" + ("" if location.exact else " · edited since")
        self.where = _muted(where)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addWidget(self.where)
        if location is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip("Show this passage in the preview")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.cursor().shape() == Qt.CursorShape.PointingHandCursor:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class ThreadCard(QFrame):
    """One comment with its replies; ``refusal``: why the person may not reply or resolve ("" if they may)."""

    line_requested = Signal(int)
    reply_requested = Signal(str, str)        # comment id, reply text
    resolve_requested = Signal(str)           # comment id

    def __init__(self, thread: CommentThread, members: Members, refusal: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewThread")
        self.comment_thread = thread
        comment = thread.comment
        name = person(members, comment.by, comment.by_name)
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(avatar(name, comment.by))
        head.addWidget(_byline(name, when(comment)), 1)
        if thread.resolved:
            head.addWidget(chip("Resolved", "resolved"))
        elif thread.outdated:
            head.addWidget(chip("Outdated", "outdated"))
        elif thread.location is not None and not thread.location.exact:
            head.addWidget(chip("Passage edited", "edited"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(head)
        self.quote: _Quote | None = None
        if thread.anchor is not None:
            self.quote = _Quote(thread)
            location = thread.location
            if location is not None:
                self.quote.clicked.connect(lambda: self.line_requested.emit(location.line))
            layout.addWidget(self.quote)
        else:
            layout.addWidget(_muted("On the whole item"))
        layout.addWidget(_body(comment.text))
        for answer in thread.replies:
            layout.addWidget(self._reply_row(members, answer))
        self.reply_edit = QLineEdit()
        self.reply_edit.setPlaceholderText("Reply…")
        self.reply_button = QPushButton("Reply")
        self.resolve_button = QPushButton("Resolve")
        self.resolve_button.setToolTip(refusal or "Mark this comment as dealt with")
        self.reply_edit.returnPressed.connect(self._send_reply)
        self.reply_edit.textChanged.connect(self._update_buttons)
        self.reply_button.clicked.connect(self._send_reply)
        self.resolve_button.clicked.connect(lambda: self.resolve_requested.emit(comment.id))
        self.footer = QWidget()
        footer = QHBoxLayout(self.footer)
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.reply_edit, 1)
        footer.addWidget(self.reply_button)
        footer.addWidget(self.resolve_button)
        layout.addWidget(self.footer)
        if thread.resolution is not None:   # a resolved thread is a record: no more replies from here
            resolver = person(members, thread.resolution.by, thread.resolution.by_name)
            layout.addWidget(_muted(f"✓ Resolved by {resolver} · {when(thread.resolution)}"))
            self.footer.hide()
        self.refusal = refusal
        for widget in (self.reply_edit, self.resolve_button):
            widget.setEnabled(not refusal)
        if refusal:
            self.reply_edit.setToolTip(refusal)
        self._update_buttons()
        self._style()

    @property
    def comment_id(self) -> str:
        return self.comment_thread.comment.id

    def _reply_row(self, members: Members, answer: Event) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(18, 2, 0, 2)
        layout.setSpacing(8)
        name = person(members, answer.by, answer.by_name)
        layout.addWidget(avatar(name, answer.by, 20), 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addWidget(_byline(name, when(answer)))
        text.addWidget(_body(answer.text))
        layout.addLayout(text, 1)
        return row

    def _send_reply(self) -> None:
        text = self.reply_edit.text().strip()
        if text and not self.refusal:
            self.reply_edit.clear()   # the posted reply shows in the thread once it is recorded
            self.reply_requested.emit(self.comment_id, text)

    def _update_buttons(self) -> None:
        self.reply_button.setEnabled(bool(self.reply_edit.text().strip()) and not self.refusal)

    def _style(self) -> None:
        # palette(...) colours follow theme changes without restyling.
        self.setStyleSheet(
            "QFrame#reviewThread { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
            "QFrame#reviewQuote { background: palette(alternate-base); border: none;"
            " border-left: 3px solid palette(highlight); border-radius: 2px; }")
