"""Heading and text cards; the text card is a small rich-text field that writes Markdown.

The rich-text field shows bold, italic, links and lists, and writes what Qt's own Markdown writer
makes of them, reduced by ``editor.text_markdown`` to what a lesson holds. A text block is one
paragraph or one list: a new paragraph (Enter, then typing) moves into a new card below. A text
block the field cannot show faithfully (a table, code, a quote, raw HTML) is edited as Markdown text,
so opening it in a card never loses anything.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlsplit

from app.editing.card_base import BlockCard, show_line, tool_button
from app.kit.qt import (
    QComboBox,
    QFont,
    QHBoxLayout,
    QInputDialog,
    QKeySequence,
    QLineEdit,
    QMimeData,
    QPlainTextEdit,
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
from editor.block_edits import InsertBlock, SetField
from editor.block_fields import BlockKind
from editor.render import markdown_parser
from editor.text_markdown import LINK_SCHEMES, blocks_from_markdown

_RICH_BLOCKS = {"paragraph_open", "bullet_list_open", "ordered_list_open"}
_RICH_INLINE_SKIP = {"html_inline", "image"}
MIN_HEIGHT, MAX_HEIGHT = 56, 420
HEADING_LEVELS = {1: "Title (level 1)", 2: "Section (level 2)", 3: "Subsection (level 3)",
                  4: "Level 4", 5: "Level 5", 6: "Level 6"}


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


class RichTextField(QTextEdit):
    """Bold, italic, links and lists with the usual shortcuts; pastes keep only supported formatting."""

    pasted_blocks = Signal(list)     # extra (kind, fields) blocks a paste brought, for cards below

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
        self.setFixedHeight(max(MIN_HEIGHT, min(int(self.document().size().height()) + frame, MAX_HEIGHT)))

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
        if source.hasHtml():
            document = QTextDocument()
            document.setHtml(source.html())
            _drop_unsafe_links(document)
            parts = markdown_parts(document)
        else:
            parts = blocks_from_markdown(source.text())
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


class HeadingCard(BlockCard):
    kind = BlockKind.HEADING

    def build(self) -> None:
        self.level = QComboBox()
        self.level.setAccessibleName("Heading level")
        for level, title in HEADING_LEVELS.items():
            self.level.addItem(title, level)
        self.text = QLineEdit(placeholderText="Heading text")
        self.text.setAccessibleName("Heading text")
        self.guard(self.text)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.text.setFont(font)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.level)
        self.fields.addLayout(row)
        self.text.textEdited.connect(self._text_edited)
        self.level.activated.connect(lambda: self.write("level", self.level.currentData()))

    def _text_edited(self, text: str) -> None:
        if text.strip():
            self.show_problem("")
            self.write("text", text)
        else:
            self.show_problem("A heading needs some text. Write it, or delete the block.")

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("text", fields["text"], partial(show_line, self.text))
        self.sync("level", fields["level"],
                  lambda level: self.level.setCurrentIndex(self.level.findData(level)))

    def first_field(self) -> QWidget:
        return self.text


class TextCard(BlockCard):
    kind = BlockKind.TEXT

    def build(self) -> None:
        self.rich = RichTextField()
        self.rich.setAccessibleName("Text")
        self.rich.setPlaceholderText("Write here. Select words to make them bold (Ctrl+B), italic (Ctrl+I) "
                                     "or a link (Ctrl+Shift+K).")
        self.guard(self.rich)
        self.plain = QPlainTextEdit()
        self.plain.setAccessibleName("Text (Markdown)")
        self.plain.setTabChangesFocus(True)
        self.plain.setUndoRedoEnabled(False)
        self.plain.setToolTip("This block holds a table, code or other formatting the text field cannot "
                              "show, so it is edited as Markdown text.")
        self.guard(self.plain)
        self.toolbar = QHBoxLayout()
        for text, tip, action in (("B", "Bold (Ctrl+B)", self.rich.toggle_bold),
                                  ("I", "Italic (Ctrl+I)", self.rich.toggle_italic),
                                  ("Link", "Link (Ctrl+Shift+K)", lambda: self.rich.edit_link()),
                                  ("•", "Bulleted list (Ctrl+Shift+8)", lambda: self.rich.toggle_list(False)),
                                  ("1.", "Numbered list (Ctrl+Shift+7)",
                                   lambda: self.rich.toggle_list(True))):
            # Tab goes field to field; the shortcuts do what these buttons do.
            self.toolbar.addWidget(tool_button(text, tip, action, focusable=False))
        self.toolbar.addStretch(1)
        self.fields.addLayout(self.toolbar)
        self.fields.addWidget(self.rich)
        self.fields.addWidget(self.plain)
        self.rich.textChanged.connect(self._rich_changed)
        self.rich.pasted_blocks.connect(self._pasted)
        self.plain.textChanged.connect(lambda: self._write_text(self.plain.toPlainText()))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("text", fields["text"], self._show_text)

    def _show_text(self, text: str) -> None:
        rich = rich_editable(text)
        if rich:
            self.rich.set_markdown(text)
        else:
            self.plain.setPlainText(text)
        self.rich.setVisible(rich)
        self.plain.setVisible(not rich)
        for index in range(self.toolbar.count()):
            item = self.toolbar.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(rich)

    def first_field(self) -> QWidget:
        return self.rich if self.rich.isVisibleTo(self) or self.pending else self.plain

    def _rich_changed(self) -> None:
        if self.loading:
            return
        parts = markdown_parts(self.rich.document())
        if not parts:
            self.show_problem("Empty text is left out of the lesson. Write something, or delete the block.")
            return
        self.show_problem("")
        kind, first = parts[0]
        if len(parts) == 1 and kind is BlockKind.TEXT:
            self.write("text", first["text"])
            return
        # A new paragraph (Enter twice) or a heading: the first part stays here, the rest become cards.
        self._split(parts)

    def _split(self, parts: list[tuple[BlockKind, dict[str, Any]]]) -> None:
        kind, first = parts[0]
        text = first["text"] if kind is BlockKind.TEXT else self.block.fields["text"]
        rest = parts[1:] if kind is BlockKind.TEXT else parts
        self._shown.pop("text", None)     # the field is refilled with what stays in this block
        self.edited.emit([SetField(self.index, "text", text),
                          *(InsertBlock(self.index + 1 + offset, part_kind, fields)
                            for offset, (part_kind, fields) in enumerate(rest))])

    def _pasted(self, parts: list[tuple[BlockKind, dict[str, Any]]]) -> None:
        self.edited.emit([InsertBlock(self.index + 1 + offset, kind, fields)
                          for offset, (kind, fields) in enumerate(parts)])

    def _write_text(self, text: str) -> None:
        if self.loading:
            return
        if text.strip():
            self.show_problem("")
            self.write("text", text)
        else:
            self.show_problem("Empty text is left out of the lesson. Write something, or delete the block.")
