"""Template and snippet text that was never replaced ("The correct answer", "Term or question", …).

The placeholder texts are not listed here: they are read from what Tessera inserts (``snippets``) and
from the lesson templates, through the block model, so a new template or snippet is covered as soon
as it exists. Section headings of templates are not placeholders (a lesson may keep "Steps"), and
neither are HTML comments (learners never see them) nor the fixed answers "True" and "False".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from editor.block_fields import FIELDS, BlockKind, FieldType
from editor.block_model import LessonBlock, blocks_of
from editor.diagnostics import Diagnostic, warning
from editor.frontmatter import BOM
from editor.lesson_parse import ParsedLesson, parse_lesson
from editor.paths import TEMPLATES
from editor.snippets import Snippet, snippet_text

_NOT_TEXT = (FieldType.CHOICE, FieldType.LEVEL)     # a quiz mode or a heading level is not prose
_FIXED = {"true", "false"}
_NOT_PROSE = {"src", "captions", "poster", "lang"}  # a file name may well be "media/image.png"


def placeholder_problems(parsed: ParsedLesson) -> list[Diagnostic]:
    """One warning per block that still holds text a template or an inserted block came with."""
    known = placeholder_texts()
    # Only blocks whose text holds a placeholder somewhere are typed in full: this runs as the user types.
    haystacks = [(block, _key(" ".join([block.body, *block.attrs.values()]))) for block in parsed.blocks]
    suspects = [block for block, haystack in haystacks if any(key in haystack for key in known)]
    problems: list[Diagnostic] = []
    for block in blocks_of(suspects):
        found = next(((name, text) for name, text in _texts(block) if _key(text) in known), None)
        if found is not None:
            problems.append(warning(
                block.line, "placeholder-text",
                f"This {block.kind.value} block still has the example {found[0]} "
                f"'{_short(found[1])}'. Replace it with your own content or delete the block."))
    return problems


@cache
def placeholder_texts() -> frozenset[str]:
    """Every text a snippet or a template body starts with, normalised for comparison."""
    texts: set[str] = set()
    sources = [(snippet_text(snippet), True) for snippet in Snippet]
    sources += [(path.read_text(encoding="utf-8"), False) for path in sorted(TEMPLATES.glob("*.md"))]
    for text, headings_too in sources:
        parsed = parse_lesson(text if text.startswith(("---", BOM)) else f"---\n---\n{text}")
        for block in blocks_of(parsed.blocks):
            if block.kind is BlockKind.HEADING and not headings_too:
                continue
            texts.update(_key(value) for _, value in _texts(block))
    return frozenset(key for key in texts if key and key not in _FIXED)


def _texts(block: LessonBlock) -> Iterator[tuple[str, str]]:
    """(field, text) of every piece of prose in ``block``."""
    for name, spec in FIELDS[block.kind].items():
        if spec.type in _NOT_TEXT or name in _NOT_PROSE:
            continue
        yield from ((name, text) for text in _strings(block.fields[name]))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if not value.lstrip().startswith("<!--"):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _short(text: str) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= 60 else f"{flat[:57]}…"
