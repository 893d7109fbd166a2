"""Everything the editor shows about a lesson's text, computed in one pass off the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editor.checks import check_parsed
from editor.diagnostics import Diagnostic
from editor.estimate import count_words, estimated_minutes
from editor.lesson_parse import parse_lesson
from editor.render import Rendered, render_parsed


@dataclass
class Analysis:
    rendered: Rendered
    diagnostics: list[Diagnostic]
    minutes: int
    words: int


def analyse(text: str, base: Path, kind: str) -> Analysis:
    parsed = parse_lesson(text)
    rendered = Rendered(render_parsed(parsed), parsed)
    diagnostics = check_parsed(parsed, base if kind == "lesson" else None, kind=kind)
    words = sum(count_words(block.body) for block in parsed.blocks)
    minutes = estimated_minutes(parsed, base if kind == "lesson" else None)
    return Analysis(rendered, diagnostics, minutes, words)
