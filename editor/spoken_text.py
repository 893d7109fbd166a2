"""What a presenter reads aloud from a lesson: its headings and prose as plain text.

The recorder's teleprompter shows this, so it must hold what is said and nothing a learner only sees
or does: no quiz questions or answer keys, no flashcards, no media, no Markdown or block markup.
Built on the block model (``editor.block_model``), so it reads a lesson exactly as the Blocks view does.
"""

from __future__ import annotations

from editor.block_fields import BlockKind
from editor.block_model import read_blocks
from editor.render import markdown_parser

# Blocks a presenter says; everything else (quiz, flashcards, apply, media, unknown) is for the page.
_SPOKEN = (BlockKind.HEADING, BlockKind.TEXT, BlockKind.CALLOUT, BlockKind.TAKEAWAYS)


def plain_text(markdown: str) -> str:
    """``markdown`` without its markup: emphasis, links and code marks go, their words stay; one
    line per paragraph or list item."""
    lines: list[str] = []
    for token in markdown_parser().parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        words: list[str] = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        line = " ".join("".join(words).split())
        if line:
            lines.append(line)
    return "\n".join(lines)


def spoken_paragraphs(lesson_text: str) -> list[str]:
    """The headings and prose of a lesson (or of a passage of one), in reading order, as plain text."""
    paragraphs: list[str] = []
    for block in read_blocks(lesson_text).blocks:
        if block.kind not in _SPOKEN:
            continue
        if block.kind is BlockKind.TAKEAWAYS:
            source = "\n".join(f"- {item}" for item in block.fields.get("items", []))
        else:
            source = str(block.fields.get("title") or "") + "\n\n" + str(block.fields.get("text") or "")
        if text := plain_text(source):
            paragraphs.append(text)
    return paragraphs


def spoken_text(lesson_text: str) -> str:
    """``spoken_paragraphs`` as one text, paragraphs apart by a blank line."""
    return "\n\n".join(spoken_paragraphs(lesson_text))
