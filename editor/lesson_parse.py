"""One parse of a lesson's text: metadata, blocks and the problems found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editor import blocks as block_split
from editor import content, frontmatter
from editor.blocks import Block
from editor.diagnostics import Diagnostic, error, warning

# Far beyond a microlearning lesson (a long one is ~30,000 characters), and small enough that
# every later step (render, check, search, export) stays fast whatever the text holds.
MAX_LESSON_CHARS = 300_000
MAX_LINE_CHARS = 20_000


@dataclass
class ParsedLesson:
    meta: dict[str, Any]
    blocks: list[Block]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    body_line: int = 1
    front_matter_ok: bool = True
    body_start: int = 0          # offset of the body in the text: views need not re-parse front matter

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "").strip()


def parse_lesson(text: str) -> ParsedLesson:
    """Parse ``text`` (a whole lesson.md); never raises, whatever the input."""
    front = frontmatter.parse(text)
    body = text[front.body_start:] if front.present else text
    body, size_problems = _within_limits(body, front.body_line, len(text))
    blocks, block_problems = block_split.split(body, front.body_line)
    parsed = ParsedLesson(front.meta, blocks,
                          [*front.diagnostics, *front.value_problems, *size_problems, *block_problems],
                          front.body_line, not front.diagnostics,
                          front.body_start if front.present else 0)
    for block in blocks:
        parsed.diagnostics.extend(_block_problems(block))
    return parsed


def _within_limits(body: str, first_line: int, total: int) -> tuple[str, list[Diagnostic]]:
    """The body with over-long lines blanked (line numbers stay), or nothing if the lesson is too big.

    The source text itself is never changed: the author fixes it with the error in front of them.
    """
    if total > MAX_LESSON_CHARS:
        return "", [error(first_line, "lesson-too-large", (
            f"The lesson has {total:,} characters; the limit is {MAX_LESSON_CHARS:,}. Split it into "
            "several lessons. Until then its content is not shown or exported."))]
    if len(body) <= MAX_LINE_CHARS:
        return body, []
    lines = body.split("\n")
    problems = []
    for index, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            problems.append(error(first_line + index, "line-too-long", (
                f"This line has {len(line):,} characters; the limit is {MAX_LINE_CHARS:,}. Break it into "
                "paragraphs (with blank lines between them). Until then it is left out of the preview "
                "and packages.")))
            lines[index] = ""
    return ("\n".join(lines), problems) if problems else (body, [])


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
