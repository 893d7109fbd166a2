"""What each kind of lesson block holds, as form fields, and how fields read from and write to Markdown.

Reading goes through the one parser (``editor.blocks`` for containers, ``editor.content`` for quiz,
flashcards and apply, markdown-it for headings and images), so a form shows exactly what the renderer
and the checker see. Writing produces the syntax of ``docs/format.md`` section 2.3; every value is
checked first (``normalised``) so a form can never break the block around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from editor import content
from editor.blocks import Block, with_block_option


class BlockKind(StrEnum):
    HEADING = "heading"
    TEXT = "text"          # one Markdown paragraph, list, table, quote, code block or HTML
    IMAGE = "image"        # a paragraph holding only ![alt](src "title")
    VIDEO = "video"
    AUDIO = "audio"
    CALLOUT = "callout"
    TAKEAWAYS = "takeaways"
    QUIZ = "quiz"
    FLASHCARDS = "flashcards"
    APPLY = "apply"
    UNKNOWN = "unknown"    # a '::: kind' this version does not know; kept as written


class FieldType(StrEnum):
    LINE = "line"            # one line of inline Markdown or plain text
    MARKDOWN = "markdown"    # several lines of Markdown
    LEVEL = "level"          # heading level 1-6
    CHOICE = "choice"        # one word from a fixed list
    ITEMS = "items"          # list of one-line texts
    ANSWERS = "answers"      # list of {"text", "correct", "feedback"}
    CARDS = "cards"          # list of {"front", "back"}


class Place(StrEnum):
    ELEMENT = "element"      # the whole Markdown element is rewritten
    WORD = "word"            # the first bare word after '::: kind'
    OPTION = "option"        # key="value" on the '::: kind' line
    BODY = "body"            # the lines between '::: kind' and ':::'


@dataclass(frozen=True)
class FieldSpec:
    type: FieldType
    place: Place
    choices: tuple[str, ...] = ()


_LINE_E, _MD_E = FieldSpec(FieldType.LINE, Place.ELEMENT), FieldSpec(FieldType.MARKDOWN, Place.ELEMENT)
_OPT, _BODY_MD = FieldSpec(FieldType.LINE, Place.OPTION), FieldSpec(FieldType.MARKDOWN, Place.BODY)
_BODY_LINE = FieldSpec(FieldType.LINE, Place.BODY)

FIELDS: dict[BlockKind, dict[str, FieldSpec]] = {
    BlockKind.HEADING: {"level": FieldSpec(FieldType.LEVEL, Place.ELEMENT), "text": _LINE_E},
    BlockKind.TEXT: {"text": _MD_E},
    BlockKind.IMAGE: {"src": _LINE_E, "alt": _LINE_E, "title": _LINE_E},
    BlockKind.VIDEO: {"src": _OPT, "captions": _OPT, "poster": _OPT, "title": _OPT, "lang": _OPT,
                      "caption": _BODY_MD},
    BlockKind.AUDIO: {"src": _OPT, "title": _OPT, "transcript": _BODY_MD},
    BlockKind.CALLOUT: {"style": FieldSpec(FieldType.CHOICE, Place.WORD, content.CALLOUT_KINDS),
                        "title": _OPT, "text": _BODY_MD},
    BlockKind.TAKEAWAYS: {"items": FieldSpec(FieldType.ITEMS, Place.BODY)},
    BlockKind.QUIZ: {"mode": FieldSpec(FieldType.CHOICE, Place.WORD, content.QUIZ_TYPES),
                     "question": _BODY_LINE, "answers": FieldSpec(FieldType.ANSWERS, Place.BODY)},
    BlockKind.FLASHCARDS: {"cards": FieldSpec(FieldType.CARDS, Place.BODY)},
    BlockKind.APPLY: {"action": _BODY_LINE, "reflect": _BODY_LINE},
    BlockKind.UNKNOWN: {"text": _BODY_MD},
}

Fields = dict[str, Any]


class FieldError(ValueError):
    """A value a block cannot hold; the message says what to change."""


# -- reading -------------------------------------------------------------------------------------------
_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]+(.*)$")
_IMAGE_DEST = re.compile(r"^!\[.*\]\(\s*(<[^<>\n]*>|\S+?)(?:\s+(?:\"|'|\().*)?\s*\)$", re.DOTALL)


def trim_blank_lines(text: str) -> str:
    """``text`` without blank lines at either end (indentation of the first line is kept)."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip("\r") for line in lines)


def container_fields(block: Block) -> tuple[BlockKind, Fields]:
    """The kind and fields of a ``::: kind`` container."""
    kind = BlockKind(block.kind) if block.known else BlockKind.UNKNOWN
    body = trim_blank_lines(block.body)
    option = block.attrs.get
    if kind is BlockKind.VIDEO:
        return kind, {name: option(name, "") for name in ("src", "captions", "poster", "title", "lang")} \
            | {"caption": body}
    if kind is BlockKind.AUDIO:
        return kind, {"src": option("src", ""), "title": option("title", ""), "transcript": body}
    if kind is BlockKind.CALLOUT:
        return kind, {"style": content.callout_kind(block), "title": option("title", ""), "text": body}
    if kind is BlockKind.TAKEAWAYS:
        return kind, {"items": _bullet_items(body)}
    if kind is BlockKind.QUIZ:
        quiz, _ = content.read_quiz(block)
        return kind, {"mode": quiz.kind, "question": quiz.question, "answers": [
            {"text": a.text, "correct": a.correct, "feedback": a.feedback} for a in quiz.options]}
    if kind is BlockKind.FLASHCARDS:
        cards, _ = content.read_cards(block)
        return kind, {"cards": [{"front": c.front, "back": c.back} for c in cards]}
    if kind is BlockKind.APPLY:
        prompt, _ = content.read_apply(block)
        return kind, {"action": prompt.action, "reflect": prompt.reflect}
    return BlockKind.UNKNOWN, {"text": body}


def _bullet_items(body: str) -> list[str]:
    items: list[str] = []
    for line in body.split("\n"):
        if match := _BULLET.match(line):
            items.append(match.group(1).strip())
        elif line.strip():
            # A continuation line belongs to the item above (or starts the list when it has no bullet).
            if items:
                items[-1] = f"{items[-1]} {line.strip()}"
            else:
                items.append(line.strip())
    return items


def image_fields(source: str, src: str, alt: str, title: str) -> Fields:
    """Fields of an image paragraph; ``src`` is taken as written, since markdown-it percent-encodes it."""
    written = _IMAGE_DEST.match(source.strip())
    if written:
        src = written.group(1).removeprefix("<").removesuffix(">")
    return {"src": src, "alt": alt, "title": title}


# -- checking values -------------------------------------------------------------------------------------
def normalised(kind: BlockKind, name: str, value: Any) -> Any:
    """``value`` as block ``kind`` stores field ``name``; raises FieldError naming the problem."""
    spec = FIELDS[kind].get(name)
    if spec is None:
        raise FieldError(f"a {kind.value} block has no field '{name}' (it has: "
                         f"{', '.join(FIELDS[kind])})")
    return _CHECKS[spec.type](name, value, spec)


def _line(name: str, value: Any, spec: FieldSpec) -> str:
    if not isinstance(value, str):
        raise FieldError(f"'{name}' must be text, not {type(value).__name__}")
    if "\n" in value or "\r" in value:
        raise FieldError(f"'{name}' is one line of text; remove the line breaks")
    if spec.place is Place.OPTION and ('"' in value or "\\" in value):
        raise FieldError(f"'{name}' cannot contain double quotes or backslashes")
    return value.strip()


def _markdown(name: str, value: Any, spec: FieldSpec) -> str:
    if not isinstance(value, str):
        raise FieldError(f"'{name}' must be text, not {type(value).__name__}")
    text = trim_blank_lines(value)
    if spec.place is Place.BODY and any(line.startswith(":::") for line in text.split("\n")):
        raise FieldError(f"'{name}' cannot contain a line starting with ':::' (it would end the block)")
    return text


def _level(name: str, value: Any, spec: FieldSpec) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        raise FieldError(f"'{name}' must be a whole number from 1 to 6")
    return value


def _choice(name: str, value: Any, spec: FieldSpec) -> str:
    if not isinstance(value, str) or value.strip().lower() not in spec.choices:
        raise FieldError(f"'{name}' must be one of: {', '.join(spec.choices)}")
    return value.strip().lower()


def _items(name: str, value: Any, spec: FieldSpec) -> list[str]:
    if not isinstance(value, list):
        raise FieldError(f"'{name}' must be a list of texts")
    items = [_line(f"{name}[{i}]", item, spec) for i, item in enumerate(value)]
    if any(not item for item in items):
        raise FieldError(f"'{name}' has an empty entry; remove it or write something")
    return items


def _records(name: str, value: Any, keys: Mapping[str, type], required: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise FieldError(f"'{name}' must be a list of objects with {', '.join(keys)}")
    records: list[dict[str, Any]] = []
    for i, entry in enumerate(value):
        where = f"{name}[{i}]"
        if not isinstance(entry, dict) or set(entry) - set(keys):
            raise FieldError(f"{where} must be an object with only: {', '.join(keys)}")
        record: dict[str, Any] = {}
        for key, key_type in keys.items():
            item = entry.get(key, key_type())
            if key_type is bool:
                if not isinstance(item, bool):
                    raise FieldError(f"{where}.{key} must be true or false")
                record[key] = item
            else:
                record[key] = _line(f"{where}.{key}", item, _BODY_LINE)
        if not record[required]:
            raise FieldError(f"{where}.{required} is empty; write it or remove the entry")
        records.append(record)
    return records


_CHECKS: dict[FieldType, Callable[[str, Any, FieldSpec], Any]] = {
    FieldType.LINE: _line, FieldType.MARKDOWN: _markdown, FieldType.LEVEL: _level,
    FieldType.CHOICE: _choice, FieldType.ITEMS: _items,
    FieldType.ANSWERS: lambda name, value, spec: _records(
        name, value, {"text": str, "correct": bool, "feedback": str}, "text"),
    FieldType.CARDS: lambda name, value, spec: _records(name, value, {"front": str, "back": str}, "front"),
}


def defaults(kind: BlockKind) -> Fields:
    """Fields of a new, empty block of ``kind``."""
    start: dict[FieldType, Any] = {FieldType.LEVEL: 2}
    return {name: (spec.choices[0] if spec.type is FieldType.CHOICE
                   else [] if spec.type in (FieldType.ITEMS, FieldType.ANSWERS, FieldType.CARDS)
                   else start.get(spec.type, ""))
            for name, spec in FIELDS[kind].items()}


# -- writing ---------------------------------------------------------------------------------------------
def element_lines(kind: BlockKind, fields: Fields) -> list[str]:
    """Source lines of a heading, text or image block."""
    if kind is BlockKind.HEADING:
        return [f"{'#' * fields['level']} {fields['text']}"]
    if kind is BlockKind.IMAGE:
        src = str(fields["src"])
        if any(c in src for c in "<>"):
            raise FieldError("'src' cannot contain '<' or '>'")
        if any(c.isspace() or c in "()" for c in src):
            src = f"<{src}>"
        title = str(fields["title"]).replace("\\", "\\\\").replace('"', '\\"')
        quoted_title = f' "{title}"' if title else ""
        return [f"![{fields['alt']}]({src}{quoted_title})"]
    return str(fields["text"]).split("\n")


def opening_line(kind: BlockKind, fields: Fields, written: Block | None = None,
                 line: str = "") -> str:
    """The '::: kind …' line with ``fields``; an existing ``line`` keeps its other words and options."""
    if written is None:
        line = f"::: {kind.value}"
    for name, spec in FIELDS[kind].items():
        value = str(fields[name])
        if spec.place is Place.WORD:
            line = _with_word(line, written, value)
        elif spec.place is Place.OPTION and value != (written.attrs.get(name, "") if written else ""):
            line = with_block_option(line, name, value)
    return line


def _with_word(line: str, written: Block | None, word: str) -> str:
    if written is not None and written.positional:
        old = re.escape(written.positional[0])
        return re.sub(rf"(?<=\s){old}(?=\s|$)", word, line, count=1)
    if written is not None and "type" in written.attrs:      # '::: quiz type="multiple"'
        return with_block_option(line, "type", word)
    head = re.match(r"^:::[ \t]*[\w-]+", line)
    end = head.end() if head else len(line)
    return f"{line[:end]} {word}{line[end:]}"


def body_lines(kind: BlockKind, fields: Fields) -> list[str]:
    """The lines between '::: kind' and ':::'."""
    lines: list[str]
    if kind is BlockKind.TAKEAWAYS:
        lines = [f"- {item}" for item in fields["items"]]
    elif kind is BlockKind.QUIZ:
        lines = [f"? {fields['question']}".rstrip()]
        for answer in fields["answers"]:
            lines.append(f"- [{'x' if answer['correct'] else ' '}] {answer['text']}")
            if answer["feedback"]:
                lines.append(f"  : {answer['feedback']}")
    elif kind is BlockKind.FLASHCARDS:
        lines = []
        for card in fields["cards"]:
            lines += [f"? {card['front']}", f": {card['back']}".rstrip()]
    elif kind is BlockKind.APPLY:
        lines = [f"{key}: {fields[key]}" for key in ("action", "reflect") if fields[key]]
    else:
        body_field = next(n for n, s in FIELDS[kind].items() if s.place is Place.BODY)
        lines = str(fields[body_field]).split("\n") if fields[body_field] else []
    return lines
