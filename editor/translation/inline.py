"""Inline Markdown as translatable text plus protected codes, and back.

A segment such as ``Close **tabs** and read [the guide](https://…)`` reaches a translator as text with
inline codes: a pair for the bold, a pair for the link, a placeholder for inline code, HTML or an
inline picture. The codes carry ids; the Markdown each stands for is always taken from the *source*
segment, never from the returned file, so a translation can move codes but cannot change a link
target or smuggle in markup. Text is escaped on the way back, so ``<script>`` typed by a translator is
shown as those characters, not run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from markdown_it import MarkdownIt
from markdown_it.token import Token

from editor.text_markdown import code_span, escape_line_start, escape_text


class CodeRole(StrEnum):
    OPEN = "open"          # start of a pair (XLIFF <pc> start, or <sc>)
    CLOSE = "close"        # end of a pair (<pc> end, or <ec>)
    ALONE = "alone"        # a placeholder (<ph>)


class CodeType(StrEnum):
    """XLIFF 2 ``type`` values of the codes we write."""

    FMT = "fmt"
    LINK = "link"
    IMAGE = "image"
    OTHER = "other"


@dataclass(frozen=True)
class Code:
    role: CodeRole
    id: str
    markup: str            # the Markdown this code stands for (opening, closing or whole)
    type: CodeType
    sub_type: str = ""     # "xlf:b" / "xlf:i" for bold and italic


Part = str | Code
Content = tuple[Part, ...]


class InlineError(ValueError):
    """A translation whose codes cannot be put back; the message says what is wrong."""


_SUB_TYPES = {"strong": "xlf:b", "em": "xlf:i"}
_TABLE_ESCAPE = re.compile(r"\|")


def inline_parser() -> MarkdownIt:
    """The lesson's Markdown without the typographer, so segments show what the author typed."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def content_of(tokens: Sequence[Token]) -> Content:
    """The inline tokens of one paragraph, heading or cell as text and codes (ids 1, 2, … in order)."""
    parts: list[Part] = []
    opened: list[Code] = []          # the closing code of every pair still open, innermost last
    position = 0
    while position < len(tokens):
        token, kind = tokens[position], tokens[position].type
        code_id = str(sum(isinstance(p, Code) and p.role is not CodeRole.CLOSE for p in parts) + 1)
        name = kind.rsplit("_", 1)[0]
        if kind in ("text", "text_special"):
            _add_text(parts, token.content)
        elif kind == "softbreak":
            _add_text(parts, " ")
        elif kind == "hardbreak":
            parts.append(Code(CodeRole.ALONE, code_id, "<br>", CodeType.FMT, "xlf:lb"))
        elif kind == "code_inline":
            parts.append(Code(CodeRole.ALONE, code_id, code_span(token.content), CodeType.OTHER))
        elif kind == "html_inline":
            parts.append(Code(CodeRole.ALONE, code_id, token.content, CodeType.OTHER))
        elif kind == "image":
            markup = f"![{token.content}]({_destination(token, 'src')})"
            parts.append(Code(CodeRole.ALONE, code_id, markup, CodeType.IMAGE))
        elif kind == "link_open" and token.markup == "autolink":
            parts.append(Code(CodeRole.ALONE, code_id, f"<{token.attrs.get('href', '')}>", CodeType.LINK))
            while position + 1 < len(tokens) and tokens[position].type != "link_close":
                position += 1
        elif kind == "link_open":
            parts.append(Code(CodeRole.OPEN, code_id, "[", CodeType.LINK))
            opened.append(Code(CodeRole.CLOSE, code_id, f"]({_destination(token, 'href')})", CodeType.LINK))
        elif kind.endswith("_open") and name in ("strong", "em", "s"):
            sub_type = _SUB_TYPES.get(name, "")
            parts.append(Code(CodeRole.OPEN, code_id, token.markup, CodeType.FMT, sub_type))
            opened.append(Code(CodeRole.CLOSE, code_id, token.markup, CodeType.FMT, sub_type))
        elif kind.endswith("_close") and name in ("link", "strong", "em", "s") and opened:
            parts.append(opened.pop())
        position += 1
    return tuple(parts)


def _destination(token: Token, attribute: str) -> str:
    """``(target "title")`` of a link or image, written so any target reads back the same."""
    target = str(token.attrs.get(attribute) or "")
    title = str(token.attrs.get("title") or "").replace("\\", "\\\\").replace('"', '\\"')
    return f"<{target}>" + (f' "{title}"' if title else "")


def _add_text(parts: list[Part], text: str) -> None:
    if parts and isinstance(parts[-1], str):
        parts[-1] += text
    elif text:
        parts.append(text)


def parse_inline(markdown: str, parser: MarkdownIt | None = None) -> Content:
    """The text and codes of one line of inline Markdown."""
    found = (parser or inline_parser()).parseInline(markdown)
    return content_of(found[0].children or []) if found else ()


def plain_text(content: Content) -> str:
    """The words of ``content`` without its codes (what a plain-text field holds)."""
    return "".join(part for part in content if isinstance(part, str))


def codes_of(content: Content) -> list[Code]:
    return [part for part in content if isinstance(part, Code)]


def to_markdown(translation: Content, source: Content, *, where: str, in_table: bool = False,
                line_start: bool = True) -> str:
    """The Markdown of ``translation``, whose codes must be exactly the codes of ``source``.

    Each code's Markdown comes from ``source``; text is escaped; line breaks become spaces.
    Raises InlineError naming ``where`` when a code is missing, unknown, repeated or out of order.
    """
    wanted = {(code.id, code.role): code for code in codes_of(source)}
    seen: set[tuple[str, CodeRole]] = set()
    open_ids: set[str] = set()
    pieces: list[str] = []
    for part in _spaces_outside_pairs(translation):
        if isinstance(part, str):
            text = escape_text(re.sub(r"\s*[\r\n]+\s*", " ", part))
            pieces.append(_TABLE_ESCAPE.sub(r"\\|", text) if in_table else text)
            continue
        key = (part.id, part.role)
        if key not in wanted:
            raise InlineError(f"{where}: the translation has an inline code (id {part.id!r}, "
                              f"{part.role.value}) "
                              "that the source does not have. Keep the source's codes and only those.")
        if key in seen:
            raise InlineError(f"{where}: the inline code {part.id!r} appears twice in the translation; "
                              "use each of the source's codes once.")
        if part.role is CodeRole.CLOSE and part.id not in open_ids:
            raise InlineError(f"{where}: the inline code {part.id!r} is closed before it is opened; "
                              "keep each pair of codes in order around the words they mark.")
        seen.add(key)
        if part.role is CodeRole.OPEN:
            open_ids.add(part.id)
        pieces.append(wanted[key].markup)
    missing = sorted({code_id for code_id, _ in set(wanted) - seen})
    if missing:
        raise InlineError(f"{where}: the translation lacks the inline code(s) {', '.join(missing)} of the "
                          "source (formatting, a link or a placeholder). Put them back around the "
                          "translated words.")
    markdown = "".join(pieces).strip()
    return escape_line_start(markdown) if line_start else markdown


def _spaces_outside_pairs(content: Content) -> list[Part]:
    """Spaces just inside a pair moved outside it: ``** bold**`` would not read back as bold."""
    parts = list(content)
    for index, part in enumerate(parts):
        if not isinstance(part, str):
            continue
        before = parts[index - 1] if index else None
        after = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(before, Code) and before.role is CodeRole.OPEN and part[:1].isspace():
            stripped = part.lstrip()
            parts[index - 1: index + 1] = [part[:len(part) - len(stripped)], before, stripped]
            return _spaces_outside_pairs(tuple(parts))
        if isinstance(after, Code) and after.role is CodeRole.CLOSE and part[-1:].isspace():
            stripped = part.rstrip()
            parts[index: index + 2] = [stripped, after, part[len(stripped):]]
            return _spaces_outside_pairs(tuple(parts))
    return parts


def same_codes(markdown: str, source: Content) -> bool:
    """Whether ``markdown`` reads back with the source's codes (a pair the translation split or
    crossed with another would turn into plain characters)."""
    found = sorted((code.role.value, code.markup) for code in codes_of(parse_inline(markdown)))
    return found == sorted((code.role.value, code.markup) for code in codes_of(source))
