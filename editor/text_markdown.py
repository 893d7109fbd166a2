"""Markdown from a rich-text field or a paste, reduced to what a lesson's text blocks hold.

A rich-text editor (Qt's ``QTextDocument.toMarkdown``) or a paste from Word, Outlook or a web page
brings more than a lesson needs: raw HTML, images with far-away or embedded sources, links with any
scheme, underline, colours. ``blocks_from_markdown`` keeps paragraphs, headings, bulleted and numbered
lists (nested too), quotes (as plain paragraphs), code, tables, and inside them bold, italic,
strikethrough, inline code, line breaks and http(s)/mailto links; everything else is reduced to its
text. Pictures are left out: they come in through image blocks and the media import, which make safe
local copies.

The result is one (kind, fields) pair per block, ready for ``block_edits.InsertBlock``: a paste of
three paragraphs becomes three text blocks, so each stands on its own card.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from editor.block_fields import BlockKind, Fields
from editor.render import markdown_parser

if TYPE_CHECKING:
    from markdown_it.token import Token

LINK_SCHEMES = ("http", "https", "mailto")   # links a lesson keeps; any other becomes its text
_MARKS = {"strong": "**", "em": "*", "s": "~~"}
_ESCAPE = re.compile(r"([\\`*_\[\]<~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BREAK = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_LINE_START = re.compile(r"^([#>+=:-]|\d+(?=[.)]))")


def blocks_from_markdown(markdown: str) -> list[tuple[BlockKind, Fields]]:
    """Heading and text blocks for ``markdown``, reduced to what the lesson format supports."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    tokens = markdown_parser().parse("\n".join(lines))
    found: list[tuple[BlockKind, Fields]] = []
    _collect(tokens, 0, len(tokens), lines, found)
    return found


def _collect(tokens: list[Token], position: int, stop: int, lines: list[str],
             found: list[tuple[BlockKind, Fields]]) -> None:
    while position < stop:
        token = tokens[position]
        end = _closing(tokens, position)
        if token.type == "heading_open":
            text = _inline(tokens[position + 1])
            if text:
                found.append((BlockKind.HEADING, {"level": max(2, int(token.tag[1:])), "text": text}))
        elif token.type == "paragraph_open":
            _add_text(found, _inline(tokens[position + 1]))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            _add_text(found, "\n".join(_list(tokens, position, end)))
        elif token.type == "blockquote_open":
            # A quote's paragraphs read on as plain paragraphs; a lesson has no quote styling of its own.
            _collect(tokens, position + 1, end, lines, found)
        elif token.type in ("fence", "code_block", "table_open") and token.map and token.level == 0:
            _add_text(found, _source(lines, token))
        position = end + 1


def _add_text(found: list[tuple[BlockKind, Fields]], text: str) -> None:
    if text.strip():
        found.append((BlockKind.TEXT, {"text": text}))


def _closing(tokens: list[Token], position: int) -> int:
    """Index of the token that closes the one at ``position`` (itself when it closes nothing)."""
    if tokens[position].nesting != 1:
        return position
    depth = 0
    for index in range(position, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _source(lines: list[str], token: Token) -> str:
    begin, stop = token.map or (0, 0)
    return "\n".join(lines[begin:stop]).strip("\n")


def _list(tokens: list[Token], position: int, end: int, indent: str = "") -> list[str]:
    ordered = tokens[position].type == "ordered_list_open"
    number = int(tokens[position].attrs.get("start", 1) or 1)
    out: list[str] = []
    index = position + 1
    while index < end:
        item_end = _closing(tokens, index)
        marker = f"{number}. " if ordered else "- "
        number += 1
        inner = indent + " " * len(marker)
        first = True
        child = index + 1
        while child < item_end:
            child_end = _closing(tokens, child)
            kind = tokens[child].type
            if kind == "paragraph_open":
                text = _inline(tokens[child + 1], inner)
                out.append(f"{indent}{marker}{text}" if first else f"{inner}{text}")
                first = False
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if first:
                    out.append(f"{indent}{marker}".rstrip())
                    first = False
                out += _list(tokens, child, child_end, inner)
            child = child_end + 1
        if first:
            out.append(f"{indent}{marker}".rstrip())
        index = item_end + 1
    return out


def _inline(token: Token, indent: str = "") -> str:
    parts: list[str] = []
    links: list[str | None] = []      # targets of the open links; None for a scheme that is dropped
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            parts.append(escape_text(child.content))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak" or (kind == "html_inline" and _BREAK.match(child.content)):
            parts.append(f"\\\n{indent}")
        elif kind == "code_inline":
            parts.append(code_span(child.content))
        elif kind.removesuffix("_open") in _MARKS or kind.removesuffix("_close") in _MARKS:
            parts.append(_MARKS[kind.rsplit("_", 1)[0]])
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            allowed = urlsplit(href).scheme.lower() in LINK_SCHEMES
            links.append(href.replace(" ", "%20").replace("(", "%28").replace(")", "%29") if allowed
                         else None)
            parts.append("[" if allowed else "")
        elif kind == "link_close" and links:
            target = links.pop()
            parts.append(f"]({target})" if target is not None else "")
        # Images, raw HTML and anything else carry nothing a text block can hold.
    return escape_line_start("".join(parts).strip())


def escape_line_start(text: str) -> str:
    """``text`` safe at the start of a line: a leading '#', '-', '1.', ':' … would make a heading, a list
    or a block marker, so that mark is escaped."""
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\" if m.group(1)[0].isdigit() else f"\\{m.group(1)}",
                           text, count=1)


def escape_text(text: str) -> str:
    """Plain ``text`` as inline Markdown that shows exactly it: no emphasis, link, code, HTML or entity."""
    return _ENTITY_LIKE.sub(r"\\&", _ESCAPE.sub(r"\\\1", text))


def code_span(code: str) -> str:
    """An inline code span holding ``code``, with enough backticks around it."""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"
