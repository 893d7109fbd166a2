"""Timed words into readable captions: ≤ 2 lines of ≤ 42 characters, 1–7 s each, cut where speech pauses.

Caption style guides (BBC, Netflix, DCMP) agree on these limits: longer lines or more lines cannot be read
while watching, shorter or faster cues flicker. Where to cut is chosen for the whole stretch of speech at
once (dynamic programming over word boundaries), not greedily: a greedy fill cuts mid-phrase whenever
the box happens to be full, while the cheapest layout ends cues at sentence ends, then at commas and
pauses, and uses as few cues as the limits allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from editor.media.captions import Captions, Cue

MAX_LINE_CHARS = 42
MAX_LINES = 2
MIN_CUE_MS = 1000
MAX_CUE_MS = 7000
HARD_PAUSE_MS = 2000        # silence this long always ends a cue: nobody reads a caption over silence
SOFT_PAUSE_MS = 500         # a breath: a good place to cut
_SENTENCE_END = (".", "?", "!", "…")
_CLAUSE_END = (",", ";", ":", "—", "–")

# Costs of a layout; only their order matters. A cue costs 1, so the layout uses as few as possible,
# unless a cut at a worse place would have to be paid for.
_CUT_AFTER_SENTENCE = 0.0
_CUT_AFTER_CLAUSE = 0.3
_CUT_AT_PAUSE = 0.4
_CUT_MID_PHRASE = 1.0
_SENTENCE_INSIDE = 1.2      # two sentences in one cue cost more than a cue of their own…
_SHORTER_THAN_MIN = 2.0     # …unless that cue would have to flash by in under a second


@dataclass(frozen=True)
class Word:
    start: int      # milliseconds
    end: int
    text: str       # without surrounding spaces; punctuation attached as spoken ("knees,")


def layout_cues(words: Sequence[Word], duration: int | None = None) -> Captions:
    """Captions for ``words`` in time order; ``duration`` (ms) of the media keeps every cue inside it."""
    cleaned = _cleaned(words, duration)
    cues: list[Cue] = []
    for stretch in _stretches(cleaned):
        cues += [Cue(piece[0].start, piece[-1].end, "\n".join(wrap_lines([w.text for w in piece]) or []))
                 for piece in _best_pieces(stretch)]
    return Captions(tuple(_timed(cues, duration)))


def wrap_lines(words: Sequence[str]) -> list[str] | None:
    """``words`` as at most two balanced lines of at most 42 characters, or None when they do not fit.

    A single word longer than a line (a long URL) is allowed alone, since it cannot be cut anywhere.
    """
    one = " ".join(words)
    if len(one) <= MAX_LINE_CHARS or len(words) == 1:
        return [one]
    best: list[str] | None = None
    for cut in range(1, len(words)):
        top, bottom = " ".join(words[:cut]), " ".join(words[cut:])
        if len(top) > MAX_LINE_CHARS or len(bottom) > MAX_LINE_CHARS:
            continue
        # The most even pair reads best; on a tie prefer the shorter top line (a pyramid).
        if best is None or (max(len(top), len(bottom)), len(top)) < (max(map(len, best)), len(best[0])):
            best = [top, bottom]
    return best


def _cleaned(words: Sequence[Word], duration: int | None) -> list[Word]:
    """Words with text, times that never go backwards and stay inside the media."""
    found: list[Word] = []
    for word in words:
        text = " ".join(word.text.split())
        if not text:
            continue
        start = max(word.start, found[-1].start if found else 0, 0)
        end = max(word.end, start)
        if duration is not None:
            start, end = min(start, duration), min(end, duration)
        found.append(Word(start, end, text))
    return found


def _stretches(words: list[Word]) -> list[list[Word]]:
    """Runs of speech separated by long silences; no cue spans one."""
    runs: list[list[Word]] = []
    for word in words:
        if runs and word.start - runs[-1][-1].end < HARD_PAUSE_MS:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _best_pieces(words: list[Word]) -> list[list[Word]]:
    """The cheapest cut of ``words`` into cues that each fit the line and time limits."""
    count = len(words)
    best_cost = [0.0] + [float("inf")] * count     # best_cost[i]: cheapest layout of words[:i]
    cut_before = [0] * (count + 1)
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            piece = words[start:end]
            single = end - start == 1
            if not single and (piece[-1].end - piece[0].start > MAX_CUE_MS or wrap_lines(
                    [w.text for w in piece]) is None):
                break   # a longer piece (smaller start) only gets longer
            cost = best_cost[start] + _piece_cost(piece, words[end] if end < count else None)
            if cost < best_cost[end]:
                best_cost[end], cut_before[end] = cost, start
    pieces: list[list[Word]] = []
    end = count
    while end > 0:
        pieces.append(words[cut_before[end]:end])
        end = cut_before[end]
    return pieces[::-1]


def _piece_cost(piece: list[Word], following: Word | None) -> float:
    cost = 1.0 + sum(_SENTENCE_INSIDE for word in piece[:-1] if word.text.endswith(_SENTENCE_END))
    # A short cue is fine when it can stay up for a second, into the silence before the next words.
    if following is not None and following.start - piece[0].start < MIN_CUE_MS:
        cost += _SHORTER_THAN_MIN
    if following is None or piece[-1].text.endswith(_SENTENCE_END):
        return cost + _CUT_AFTER_SENTENCE
    if piece[-1].text.endswith(_CLAUSE_END):
        return cost + _CUT_AFTER_CLAUSE
    if following.start - piece[-1].end >= SOFT_PAUSE_MS:
        return cost + _CUT_AT_PAUSE
    return cost + _CUT_MID_PHRASE


def _timed(cues: list[Cue], duration: int | None) -> list[Cue]:
    """Cues ordered, apart, at most 7 s and, where the silence around them allows, at least 1 s."""
    limit = duration if duration is not None else max((cue.end for cue in cues), default=0) + MIN_CUE_MS
    timed: list[Cue] = []
    for index, cue in enumerate(cues):
        earliest = timed[-1].end if timed else 0
        start = max(cue.start, earliest)
        latest = max(cues[index + 1].start, start + 1) if index + 1 < len(cues) else limit
        end = min(max(cue.end, start + MIN_CUE_MS), latest, start + MAX_CUE_MS)
        if end - start < MIN_CUE_MS:
            # No room after it: start it earlier, into the silence before, as far as that goes.
            start = max(earliest, end - MIN_CUE_MS)
        if end > start:
            timed.append(Cue(start, end, cue.text))
        elif timed:
            # Words stamped past the end of the media: shown with the cue before rather than lost.
            timed[-1] = Cue(timed[-1].start, timed[-1].end, f"{timed[-1].text}\n{cue.text}")
    return timed
