"""Media references inside lesson Markdown: what the checker and the thumbnailer look at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from editor.render import markdown_parser


@dataclass(frozen=True)
class MarkdownImage:
    """One ``![alt](src "title")`` found in Markdown text."""

    line: int          # file line of the paragraph holding the image
    src: str
    alt: str


def markdown_images(markdown: str, first_line: int = 1) -> Iterator[MarkdownImage]:
    """Every image in ``markdown`` (whose first line is file line ``first_line``), in order."""
    for token in markdown_parser().parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        for child in token.children:
            if child.type == "image":
                yield MarkdownImage(line, str(child.attrs.get("src", "")), child.content)
