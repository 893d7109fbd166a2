"""Where a comment points, kept in a form that survives edits around it.

An anchor stores the quoted text, some context before and after it, the kind of block it was in
and a line hint. To find it again in a later text: the exact quote wins (the occurrence whose
context fits best, nearest the line hint); if the quote itself was edited, a fuzzy search
(difflib) accepts a passage that still mostly matches; otherwise the comment is *outdated*.

Texts are expected with '\\n' line endings (what editors hand over); callers normalise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any

from editor.lesson_parse import parse_lesson

CONTEXT_CHARS = 40
MIN_FUZZY_CHARS = 12      # shorter quotes match too many places to be found approximately
FUZZY_THRESHOLD = 0.75    # share of the quote that must still be there
MAX_QUOTE_CHARS = 4000
_CANDIDATE_WINDOWS = 24   # windows compared character by character, best word overlap first
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Anchor:
    quote: str
    before: str
    after: str
    line: int               # 1-based line where the quote started when the comment was made
    block_kind: str         # "metadata", "markdown" or a container kind (quiz, video…)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Anchor:
        """Read a stored anchor; ValueError says which part is wrong."""
        if not isinstance(data, dict):
            raise ValueError("the anchor is not an object")
        texts = {key: data.get(key) for key in ("quote", "before", "after", "block_kind")}
        wrong = [key for key, value in texts.items() if not isinstance(value, str)]
        line = data.get("line")
        if wrong or type(line) is not int or not texts["quote"]:
            raise ValueError(f"the anchor has missing or wrong fields ({', '.join(wrong) or 'line/quote'})")
        return cls(str(texts["quote"]), str(texts["before"]), str(texts["after"]), int(line),
                   str(texts["block_kind"]))


@dataclass(frozen=True)
class AnchorMatch:
    start: int              # character offsets of the passage in the text searched
    end: int
    line: int
    exact: bool             # False when the quote was found only approximately (it was edited)
    block_kind: str


def block_kind_at(text: str, line: int) -> str:
    parsed = parse_lesson(text)
    if line < parsed.body_line:
        return "metadata"
    return next((block.kind for block in parsed.blocks if block.line <= line <= block.end_line), "markdown")


def anchor_selection(text: str, start: int, end: int) -> Anchor:
    """An anchor for the characters ``text[start:end]`` (a selection in the editor)."""
    if not 0 <= start < end <= len(text):
        raise ValueError("Select some text to comment on.")
    if end - start > MAX_QUOTE_CHARS:
        raise ValueError(f"The selection is too long to comment on (over {MAX_QUOTE_CHARS} characters); "
                         "select a shorter passage.")
    line = text.count("\n", 0, start) + 1
    return Anchor(text[start:end], text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS],
                  line, block_kind_at(text, line))


def anchor_block(text: str, line: int) -> Anchor:
    """An anchor for what holds file line ``line``: a whole ``:::`` block, a paragraph, or a metadata line."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        raise ValueError(f"Line {line} is empty or outside the text; choose a line with content.")
    parsed = parse_lesson(text)
    first = last = line
    container = next((block for block in parsed.blocks if block.kind != "markdown"
                      and block.line <= line <= block.end_line), None)
    if container is not None:
        first, last = container.line, container.end_line
    elif line >= parsed.body_line:
        # A paragraph: the run of non-empty lines around ``line``.
        while first > parsed.body_line and lines[first - 2].strip():
            first -= 1
        while last < len(lines) and lines[last].strip():
            last += 1
    start = sum(len(part) + 1 for part in lines[:first - 1])
    end = start + len("\n".join(lines[first - 1:last]))
    return anchor_selection(text, start, min(end, start + MAX_QUOTE_CHARS))


def anchor_quote(text: str, quote: str, near_line: int | None = None) -> Anchor:
    """An anchor for the occurrence of ``quote`` (nearest ``near_line`` when it occurs more than once)."""
    starts = _occurrences(text, quote) if quote else []
    if not starts:
        raise ValueError("The quoted text is not in the lesson; copy it exactly from the source.")
    if near_line is not None:
        starts.sort(key=lambda start: abs(text.count("\n", 0, start) + 1 - near_line))
    return anchor_selection(text, starts[0], starts[0] + len(quote))


def locate(anchor: Anchor, text: str) -> AnchorMatch | None:
    """Where ``anchor`` is in ``text`` now, or None when its passage is gone (the comment is outdated)."""
    starts = _occurrences(text, anchor.quote)
    if starts:
        best = max(starts, key=lambda start: _fit(anchor, text, start, start + len(anchor.quote)))
        return _match(text, best, best + len(anchor.quote), exact=True)
    if len(anchor.quote.strip()) < MIN_FUZZY_CHARS:
        return None
    found = _fuzzy(anchor, text)
    return _match(text, found[0], found[1], exact=False) if found else None


def _occurrences(text: str, quote: str) -> list[int]:
    starts: list[int] = []
    position = text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def _fit(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How well the surroundings of ``text[start:end]`` match the anchor's context (higher is better)."""
    before = text[max(0, start - len(anchor.before)):start]
    after = text[end:end + len(anchor.after)]
    line = text.count("\n", 0, start) + 1
    distance = abs(line - anchor.line) / (text.count("\n") + 1)
    return _similarity(anchor.before, before) + _similarity(anchor.after, after) - distance


def _fuzzy(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The best approximate passage for an edited quote: windows of about as many lines as the quote.

    Comparing the quote with every window costs too much on long lessons, so windows are first
    ranked by the words they share with the quote and only the best few are compared closely.
    """
    lines = text.split("\n")
    offsets = [0]
    for part in lines:
        offsets.append(offsets[-1] + len(part) + 1)
    quote_words = Counter(_WORD.findall(anchor.quote.lower()))
    shared_before = [0]  # shared_before[n]: words shared with the quote by the lines before line n
    for part in lines:
        shared_before.append(shared_before[-1] + sum((Counter(_WORD.findall(part.lower())) & quote_words)
                                                     .values()))
    height = anchor.quote.count("\n") + 1
    windows = {(first, min(first + size, len(lines))) for size in {max(1, height - 1), height, height + 1}
               for first in range(max(1, len(lines) - size + 1))}
    ranked_windows = sorted(windows, key=lambda w: (shared_before[w[0]] - shared_before[w[1]],
                                                     abs(w[0] + 1 - anchor.line)))
    best: tuple[float, int, int] | None = None
    for first, last in ranked_windows[:_CANDIDATE_WINDOWS]:
        window_start = offsets[first]
        window = text[window_start:offsets[last] - 1]
        blocks = [block for block in SequenceMatcher(None, anchor.quote, window, autojunk=False)
                  .get_matching_blocks() if block.size]
        if not blocks:
            continue
        span_start, span_end = blocks[0].b, blocks[-1].b + blocks[-1].size
        matched = sum(block.size for block in blocks)
        score = 2 * matched / (len(anchor.quote) + span_end - span_start)
        if score < FUZZY_THRESHOLD:
            continue
        start, end = window_start + span_start, window_start + span_end
        ranked = score + 0.1 * _fit(anchor, text, start, end)
        if best is None or ranked > best[0]:
            best = (ranked, start, end)
    return (best[1], best[2]) if best else None


def _match(text: str, start: int, end: int, *, exact: bool) -> AnchorMatch:
    line = text.count("\n", 0, start) + 1
    return AnchorMatch(start, end, line, exact, block_kind_at(text, line))
