"""A lesson as a list of typed blocks in reading order, each with its fields and where it is in the text.

This is what a form-based editor shows: one card per block. It is a *view* of the Markdown, never a
second copy: ``read_blocks`` takes the text apart with the one parser (``editor.lesson_parse``) and
markdown-it; ``editor.block_edits`` turns form edits back into minimal text replacements.

Container blocks (``::: kind``) are one block each. A Markdown run between them is cut into its
top-level elements: a heading, an image standing alone in its paragraph, and everything else (a
paragraph, a list, a table, a quote, code, HTML) as a ``text`` block.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from editor.block_fields import BlockKind, Fields, container_fields, image_fields
from editor.blocks import Block
from editor.frontmatter import BOM
from editor.lesson_parse import ParsedLesson, parse_lesson
from editor.render import markdown_parser

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(frozen=True)
class LessonBlock:
    """One card: ``fields`` as ``editor.block_fields.FIELDS`` describes them for ``kind``."""

    index: int
    kind: BlockKind
    fields: Fields
    line: int            # 1-based file line of the block's first line
    end_line: int        # 1-based file line of its last line
    start: int = 0       # offset of its first character in the lesson text
    end: int = 0         # offset just after its last line (and that line's line break)
    source: Block | None = None   # the container as the parser read it (None for Markdown elements)

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "kind": self.kind.value, "fields": self.fields,
                "line": self.line, "end_line": self.end_line}


@dataclass(frozen=True)
class LessonBlocks:
    """The blocks of one lesson text, and what edits need to know about that text."""

    text: str
    blocks: tuple[LessonBlock, ...]
    body_start: int      # offset where the body starts: edits never touch what is before it
    newline: str         # the file's line break, used for every line an edit writes

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> LessonBlock:
        return self.blocks[index]


def newline_of(text: str) -> str:
    """The line break a text uses (CRLF when it has any), so new lines match the file's own."""
    return "\r\n" if "\r\n" in text else "\n"


def read_blocks(text: str, parsed: ParsedLesson | None = None) -> LessonBlocks:
    """The blocks of ``text`` (a whole lesson.md); pass ``parsed`` when it is already at hand."""
    parsed = parsed if parsed is not None else parse_lesson(text)
    starts = [0]
    starts += [at + 1 for at, char in enumerate(text) if char == "\n"]
    located: list[LessonBlock] = []
    for block in blocks_of(parsed.blocks):
        start = starts[block.line - 1]
        if start == 0 and text.startswith(BOM):
            start = 1          # the byte-order mark belongs to the file, not to the first block
        end = starts[block.end_line] if block.end_line < len(starts) else len(text)
        located.append(LessonBlock(block.index, block.kind, block.fields, block.line, block.end_line,
                                   start, end, block.source))
    return LessonBlocks(text, tuple(located), parsed.body_start, newline_of(text))


def blocks_of(parsed_blocks: Iterable[Block]) -> list[LessonBlock]:
    """The typed blocks of the parser's blocks, with lines but no offsets (enough for checks)."""
    found: list[LessonBlock] = []
    for block in parsed_blocks:
        if block.kind == "markdown":
            for kind, fields, first, last in _markdown_elements(block.body, block.line):
                found.append(LessonBlock(len(found), kind, fields, first, last))
        else:
            kind, fields = container_fields(block)
            found.append(LessonBlock(len(found), kind, fields, block.line, block.end_line,
                                     source=block))
    return found


def _markdown_elements(body: str, first_line: int) -> Iterator[tuple[BlockKind, Fields, int, int]]:
    for kind, fields, begin, last in _elements_of(body):
        yield kind, dict(fields), first_line + begin, first_line + last    # callers may change fields


@functools.lru_cache(maxsize=64)
def _elements_of(body: str) -> tuple[tuple[BlockKind, Fields, int, int], ...]:
    """The elements of one stretch of Markdown, lines counted from 0. Cached: a key typed in a card
    re-reads the whole lesson, and every stretch but the one typed in is the same text as before."""
    return tuple(_parse_elements(body))


def _parse_elements(body: str) -> Iterator[tuple[BlockKind, Fields, int, int]]:
    lines = body.split("\n")
    tokens = markdown_parser().parse(body)
    for position, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        begin, stop = token.map
        while stop - 1 > begin and not lines[stop - 1].strip():
            stop -= 1           # a list's range can end in blank lines; they are not the block's
        source = "\n".join(lines[begin:stop])
        inline = tokens[position + 1] if position + 1 < len(tokens) else None
        kind, fields = _element(token, inline, source)
        yield kind, fields, begin, stop - 1


def _element(token: Token, inline: Token | None, source: str) -> tuple[BlockKind, Fields]:
    if token.type == "heading_open" and inline is not None:
        return BlockKind.HEADING, {"level": int(token.tag[1:]), "text": inline.content.strip()}
    if token.type == "paragraph_open" and inline is not None and inline.children \
            and len(inline.children) == 1 and inline.children[0].type == "image":
        image = inline.children[0]
        return BlockKind.IMAGE, image_fields(source, str(image.attrs.get("src", "")), image.content,
                                             str(image.attrs.get("title") or ""))
    return BlockKind.TEXT, {"text": source}
