"""Estimated minutes for a lesson: reading time plus media and interaction time."""

from __future__ import annotations

import math
import re
from pathlib import Path

from editor import content
from editor.lesson_parse import ParsedLesson
from editor.media_probe import duration_seconds

WORDS_PER_MINUTE = 200       # a common figure for screen reading of instructional text
SECONDS_PER_QUESTION = 30
SECONDS_PER_CARD = 10
SECONDS_FOR_APPLY = 60

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Brackets never nest in what is matched, so each try stops at the next bracket: linear time even on
# thousands of unmatched '[' or '<' (a greedy [^\]]* rescans to the end of the text on every '[').
_MARKUP = re.compile(r"!?\[([^\[\]]*)\]\([^()\[\]]*\)|<[^<>]+>|[#*_`>|]")


def count_words(text: str) -> int:
    return len(_WORD.findall(_MARKUP.sub(r" \1 ", text)))


def estimated_seconds(parsed: ParsedLesson, lesson_dir: Path | None) -> float:
    words = 0
    seconds = 0.0
    for block in parsed.blocks:
        words += count_words(block.body)
        if block.kind in ("video", "audio") and lesson_dir is not None:
            src = block.attrs.get("src", "")
            if src and "://" not in src:
                seconds += duration_seconds(lesson_dir / src) or 0.0
        elif block.kind == "quiz":
            seconds += SECONDS_PER_QUESTION
        elif block.kind == "flashcards":
            seconds += SECONDS_PER_CARD * len(content.read_cards(block)[0])
        elif block.kind == "apply":
            seconds += SECONDS_FOR_APPLY
    return seconds + words / WORDS_PER_MINUTE * 60


def estimated_minutes(parsed: ParsedLesson, lesson_dir: Path | None) -> int:
    """The author's figure when set, else the computed one (at least 1 minute)."""
    declared = parsed.meta.get("estimated_minutes")
    if isinstance(declared, (int, float)) and declared > 0:
        return int(declared)
    return max(1, math.ceil(estimated_seconds(parsed, lesson_dir) / 60))
