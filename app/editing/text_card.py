"""Heading and text cards; the text card is a small rich-text field that writes Markdown.

A text block is one paragraph or one list: a new paragraph (Enter, then typing) moves into a new
card below. A text block the field cannot show faithfully (a table, code, a quote, raw HTML) is
edited as Markdown text, so opening it in a card never loses anything.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from app.editing.card_base import BlockCard, show_line, tool_button
from app.editing.rich_text import InlineField, RichTextField, markdown_parts, rich_editable
from app.kit.qt import QComboBox, QHBoxLayout, QPlainTextEdit, QWidget
from editor.block_edits import InsertBlock, SetField
from editor.block_fields import BlockKind

HEADING_LEVELS = {1: "Title (level 1)", 2: "Section (level 2)", 3: "Subsection (level 3)",
                  4: "Level 4", 5: "Level 5", 6: "Level 6"}


class HeadingCard(BlockCard):
    kind = BlockKind.HEADING

    def build(self) -> None:
        self.level = QComboBox()
        self.level.setAccessibleName("Heading level")
        for level, title in HEADING_LEVELS.items():
            self.level.addItem(title, level)
        self.text = InlineField("Heading text")
        self.text.setAccessibleName("Heading text")
        self.guard(self.text)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)   # larger, not bold: bold would be written as **…**
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
