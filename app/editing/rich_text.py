"""Rich-text fields that read and write the lesson's Markdown: a text block, and one line of a form.

They show bold, italic, links and lists, and write what Qt's own Markdown writer makes of them,
reduced by ``editor.text_markdown`` to what a lesson holds. Pastes from Word, Outlook or a web page
keep only that; links with other schemes than http(s) and mailto become plain text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from app.kit.qt import (
    QFont,
    QInputDialog,
    QKeyEvent,
    QKeySequence,
    QLineEdit,
    QMimeData,
    QResizeEvent,
    QShortcut,
    Qt,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextEdit,
    QTextListFormat,
    QWidget,
    Signal,
)
from editor.block_fields import BlockKind
from editor.render import markdown_parser
from editor.text_markdown import LINK_SCHEMES, blocks_from_markdown

_RICH_BLOCKS = {"paragraph_open", "bullet_list_open", "ordered_list_open"}
_RICH_INLINE_SKIP = {"html_inline", "image"}
MAX_HEIGHT = 420


def rich_editable(markdown: str) -> bool:
    """Whether the rich-text field shows ``markdown`` faithfully (paragraphs and lists, no HTML)."""
    for token in markdown_parser().parse(markdown):
        if token.level == 0 and token.nesting == 1 and token.type not in _RICH_BLOCKS:
            return False
        if token.type in ("fence", "code_block", "html_block", "table_open", "blockquote_open"):
            return False
        if any(child.type in _RICH_INLINE_SKIP for child in token.children or []):
            return False
    return True


def markdown_parts(document: QTextDocument) -> list[tuple[BlockKind, dict[str, Any]]]:
    """The blocks the rich-text ``document`` holds, in the lesson's Markdown."""
    return blocks_from_markdown(document.toMarkdown())


def _drop_unsafe_links(document: QTextDocument) -> None:
    """Turn links with other schemes than the lesson keeps (javascript:, file:, …) into their text.

    Qt's Markdown writer would write them as links, which Markdown then shows as bracketed source.
    """
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            href = fragment.charFormat().anchorHref()
            if href and urlsplit(href).scheme.lower() not in LINK_SCHEMES:
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                plain = QTextCharFormat()
                plain.setAnchor(False)
                plain.setAnchorHref("")
                plain.setFontUnderline(False)
                cursor.mergeCharFormat(plain)
            iterator += 1
        block = block.next()


def pasted_parts(source: QMimeData) -> list[tuple[BlockKind, dict[str, Any]]]:
    """What a paste (from Word, Outlook, a web page or plain text) brings, as lesson blocks."""
    if source.hasHtml():
        document = QTextDocument()
        document.setHtml(source.html())
        _drop_unsafe_links(document)
        return markdown_parts(document)
    return blocks_from_markdown(source.text())


class RichTextField(QTextEdit):
    """Bold, italic, links and lists with the usual shortcuts; pastes keep only supported formatting."""

    pasted_blocks = Signal(list)     # extra (kind, fields) blocks a paste brought, for cards below
    min_height = 56

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)     # undo is the lesson's shared history
        self.document().setDocumentMargin(4)
        self.document().contentsChanged.connect(self.fit)
        # Bold, italic and link are the window's Format actions (one shortcut each, no ambiguity):
        # the editor panel sends them here when this field has the cursor.
        for keys, action in (("Ctrl+Shift+8", lambda: self.toggle_list(False)),
                             ("Ctrl+Shift+7", lambda: self.toggle_list(True))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)

    def fit(self) -> None:
        """As tall as the text at the field's width (within limits), so a card shows all its text."""
        self.document().setTextWidth(self.viewport().width())
        frame = self.height() - self.viewport().height()
        wanted = int(self.document().size().height()) + frame
        self.setFixedHeight(max(self.min_height, min(wanted, MAX_HEIGHT)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def set_markdown(self, markdown: str) -> None:
        cursor = self.textCursor().position()
        self.blockSignals(True)
        self.document().setMarkdown(markdown)
        self.blockSignals(False)
        moved = self.textCursor()
        moved.setPosition(min(cursor, self.document().characterCount() - 1))
        self.setTextCursor(moved)

    def toggle_bold(self) -> None:
        weight = QFont.Weight.Normal if self.fontWeight() > QFont.Weight.Normal else QFont.Weight.Bold
        self._merge(lambda fmt: fmt.setFontWeight(weight))

    def toggle_italic(self) -> None:
        italic = not self.fontItalic()
        self._merge(lambda fmt: fmt.setFontItalic(italic))

    def _merge(self, change: Any) -> None:
        fmt = QTextCharFormat()
        change(fmt)
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        cursor.mergeCharFormat(fmt)
        self.mergeCurrentCharFormat(fmt)

    def edit_link(self, url: str | None = None) -> None:
        """Make the selection (or the word at the cursor) a link; an empty address removes it."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        current = cursor.charFormat().anchorHref()
        if url is None:
            url, ok = QInputDialog.getText(self, "Link", "Web address (https://…), empty to remove the link:",
                                           QLineEdit.EchoMode.Normal, current or "https://")
            if not ok:
                return
        fmt = QTextCharFormat()
        fmt.setAnchor(bool(url.strip()))
        fmt.setAnchorHref(url.strip())
        fmt.setFontUnderline(bool(url.strip()))
        cursor.mergeCharFormat(fmt)

    def toggle_list(self, numbered: bool) -> None:
        cursor = self.textCursor()
        style = QTextListFormat.Style.ListDecimal if numbered else QTextListFormat.Style.ListDisc
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            for _ in range(current.count()):
                current.remove(current.item(0))
            block_format = cursor.blockFormat()
            block_format.setIndent(0)
            cursor.setBlockFormat(block_format)
        elif current is not None:
            list_format = current.format()
            list_format.setStyle(style)
            current.setFormat(list_format)
        else:
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.createList(style)
        cursor.endEditBlock()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """A paste keeps paragraphs, lists, bold, italic and links; more blocks become new cards."""
        parts = pasted_parts(source)
        if not parts:
            return
        first_kind, first = parts[0]
        cursor = self.textCursor()
        if first_kind is BlockKind.TEXT:
            cursor.insertMarkdown(first["text"])
        else:
            cursor.insertText(first["text"])
        if len(parts) > 1:
            self.pasted_blocks.emit(parts[1:])


class InlineField(RichTextField):
    """One line of text with bold, italic and links, read and written as inline Markdown.

    Used where the lesson holds one line (a question, an answer, a flashcard side), so nobody sees
    ``**`` or ``[…](…)``. It offers the calls the cards use on a ``QLineEdit``: ``text``,
    ``setText``, ``textEdited``, ``setCursorPosition``, ``cursorPosition`` and ``end``.
    """

    textEdited = Signal(str)          # the Markdown after a change made by the user
    min_height = 0

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDocumentMargin(3)
        self.min_height = self.fontMetrics().lineSpacing() + 14
        self._filling = False
        self.textChanged.connect(self._changed)

    def text(self) -> str:
        return " ".join(str(fields["text"]) for _kind, fields in markdown_parts(self.document()))

    def setText(self, markdown: str) -> None:
        self._filling = True
        self.set_markdown(markdown)
        self._filling = False
        self.end(False)

    def cursorPosition(self) -> int:
        return self.textCursor().position()

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def end(self, mark: bool) -> None:
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End,
                            QTextCursor.MoveMode.KeepAnchor if mark else QTextCursor.MoveMode.MoveAnchor)
        self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()              # one line: Enter belongs to the form around it
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """A paste becomes part of the line: its paragraphs are joined, formatting kept as supported."""
        joined = " ".join(str(fields["text"]).replace("\n", " ") for _kind, fields in pasted_parts(source))
        if joined:
            self.textCursor().insertMarkdown(joined)

    def _changed(self) -> None:
        if not self._filling:
            self.textEdited.emit(self.text())
