"""Media references inside lesson Markdown: what the checker and the thumbnailer look at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor.render import markdown_parser

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(frozen=True)
class MarkdownImage:
    """One ``![alt](src "title")`` found in Markdown text."""

    line: int          # file line the image starts on
    src: str
    alt: str


def _inline_tokens(markdown: str, first_line: int) -> Iterator[tuple[int, Token]]:
    """Every inline child token of ``markdown`` with the file line it is on.

    A paragraph is one inline token however many lines it spans; its line breaks are child tokens, so
    counting them gives each image its own line rather than the paragraph's first.
    """
    for token in markdown_parser().parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        for child in token.children:
            yield line, child
            # An image's alt text may itself span lines: its breaks are its own children.
            line += sum(1 for part in (child, *(child.children or ()))
                        if part.type in ("softbreak", "hardbreak"))


def markdown_images(markdown: str, first_line: int = 1) -> Iterator[MarkdownImage]:
    """Every image in ``markdown`` (whose first line is file line ``first_line``), in order."""
    for line, child in _inline_tokens(markdown, first_line):
        if child.type == "image":
            yield MarkdownImage(line, str(child.attrs.get("src", "")), child.content)


def broken_images(markdown: str, first_line: int = 1) -> Iterator[int]:
    """Lines where ``![`` starts an image that Markdown does not read as one (learners see the raw text).

    This is what pressing Enter inside an image reference leaves, e.g. ``![alt](media/pic`` / ``.png)``.
    """
    lines = markdown.split("\n")
    for line, child in _inline_tokens(markdown, first_line):
        if child.type == "text" and "![" in child.content:
            source = lines[line - first_line] if 0 <= line - first_line < len(lines) else ""
            if "\\![" not in source:        # an escaped \![ is meant literally
                yield line
