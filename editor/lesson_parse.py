"""One parse of a lesson's text: metadata, blocks and the problems found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editor import blocks as block_split
from editor import content, frontmatter
from editor.blocks import Block
from editor.diagnostics import Diagnostic, warning


@dataclass
class ParsedLesson:
    meta: dict[str, Any]
    blocks: list[Block]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    body_line: int = 1
    front_matter_ok: bool = True

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "").strip()


def parse_lesson(text: str) -> ParsedLesson:
    """Parse ``text`` (a whole lesson.md); never raises, whatever the input."""
    front = frontmatter.parse(text)
    body = text[front.body_start:] if front.present else text
    blocks, block_problems = block_split.split(body, front.body_line)
    parsed = ParsedLesson(front.meta, blocks, [*front.diagnostics, *front.value_problems, *block_problems],
                          front.body_line, not front.diagnostics)
    for block in blocks:
        parsed.diagnostics.extend(_block_problems(block))
    return parsed


def _block_problems(block: Block) -> list[Diagnostic]:
    if block.kind == "quiz":
        return content.read_quiz(block)[1]
    if block.kind == "flashcards":
        return content.read_cards(block)[1]
    if block.kind == "apply":
        return content.read_apply(block)[1]
    if not block.known:
        return [warning(block.line, "block-unknown",
                        f"'{block.kind}' is not a block type this version knows. It is kept as "
                        "written and shown as plain content.")]
    return []
