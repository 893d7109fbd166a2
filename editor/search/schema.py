"""What the search index holds — fields and their weight in ranking — and how text becomes terms.

Every path that matches text — either index engine, the scan fallback, snippets and "similar" —
analyses it here, in Python, so a word is found the same way wherever it is looked up, whichever
engine stores the terms. Changing a field or the analysis changes what is on disk: bump
``SCHEMA_VERSION`` so existing indexes are rebuilt instead of being read with the wrong assumptions.

A word is lower-cased, stripped of accents ("resume" finds "résumé"), dropped when it is a stop
word, and stemmed with English rules ("managing" finds "management"; other languages are stemmed
imperfectly but consistently, because queries go through the very same steps). An identifier —
``redturtle.subsites``, ``snake_case``, ``camelCase`` — gives its parts, each a term at its own
position (so phrases and single words find it), and the whole identifier as one more term, which
queries use to rank an item that has the identifier as typed first and phrases never contain.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.lang.porter import stem  # a pure-Python stemmer; no whoosh index machinery is loaded

SCHEMA_VERSION = 2

# Free-text fields and their weight: a word in the title says more about an item than one in a quiz.
TEXT_FIELDS: dict[str, float] = {
    "title": 4.0,
    "summary": 2.0,
    "skills": 2.0,
    "tags": 1.5,
    "body": 1.0,       # lesson prose, callouts, takeaways, prompts; a curated link's notes
    "quiz": 1.0,       # questions, answers and their feedback
    "cards": 1.0,      # flashcard fronts and backs
    "captions": 1.0,   # video captions (WebVTT files and caption text), audio transcripts
    "link": 1.0,       # a curated item's address and source
}
# Fields whose stored text can provide a snippet, in the order a snippet is looked for.
SNIPPET_FIELDS = ("body", "quiz", "cards", "captions", "summary", "link")
# Exact-value fields an item has one value of, and the multi-valued keyword fields.
SINGLE_VALUED = ("id", "kind", "status", "language")
KEYWORD_FIELDS = ("skill", "tag")

STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is", "it",
    "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when", "will", "with",
    "yet", "you", "your"))
# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD_EXTRA = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
                             "ł": "l", "ħ": "h", "ı": "i"})

# A word: letters, digits and underscores, dots allowed between them ("redturtle.subsites", "3.5").
_WORD = re.compile(r"\w+(?:\.\w+)*")
_SEPARATORS = re.compile(r"[._]+")


@dataclass(frozen=True)
class Term:
    """One analysed term: ``text`` is the indexed form, ``start``/``end`` its word in the source,
    ``position`` its place in the field (phrases), ``whole`` True for a whole identifier."""

    text: str
    start: int
    end: int
    position: int = 0
    whole: bool = False


def fold(text: str) -> str:
    """Lower case without accents."""
    lowered = text.lower().translate(_FOLD_EXTRA)
    if lowered.isascii():
        return lowered
    return "".join(char for char in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(char))


def _camel_pieces(piece: str) -> list[str]:
    """``camelCase`` → camel, Case; ``XMLHttpRequest`` → XML, Http, Request; digits stay attached."""
    cuts = [0]
    for index in range(1, len(piece)):
        before, char = piece[index - 1], piece[index]
        after = piece[index + 1] if index + 1 < len(piece) else ""
        if char.isupper() and (before.islower() or (before.isupper() and after.islower())):
            cuts.append(index)
    cuts.append(len(piece))
    return [piece[a:b] for a, b in itertools.pairwise(cuts) if a < b]


def _pieces(word: str) -> list[str]:
    return [camel for piece in _SEPARATORS.split(word) if piece for camel in _camel_pieces(piece)]


def _normal(piece: str) -> str:
    """The unstemmed term of one piece, or "" for a stop word or a single character."""
    folded = fold(piece)
    return "" if len(folded) < 2 or folded in STOP_WORDS else folded


@functools.lru_cache(maxsize=200_000)
def _analysed(word: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(stemmed parts, unstemmed parts, whole identifier or "") of one word."""
    pieces = _pieces(word)
    if len(pieces) <= 1:
        folded = _normal(word)
        return ((stem(folded),), (folded,), "") if folded else ((), (), "")
    folded_parts = tuple(found for piece in pieces if (found := _normal(piece)))
    if not folded_parts:    # "3.5", "a.b": no part is a term on its own, so the whole is the word
        whole = fold(word)
        return (whole,), (whole,), ""
    # The whole is stemmed like a plain word, so "iphone" finds "iPhone" and "camelcase" "camelCase".
    return tuple(stem(part) for part in folded_parts), folded_parts, stem(fold(word))


def terms(text: str) -> Iterator[Term]:
    """The terms of ``text`` in order, with offsets and positions (stop words have none)."""
    position = 0
    for match in _WORD.finditer(text):
        parts, _folded, whole = _analysed(match.group())
        start, end = match.span()
        if whole:
            yield Term(whole, start, end, position, whole=True)
        for part in parts:
            yield Term(part, start, end, position)
            position += 1


def spaced_terms(text: str) -> tuple[str, str]:
    """``text`` analysed for an engine that splits on spaces: the terms in order, identifiers' parts
    included, and then the identifiers' wholes — given to the engine as a second value of the field,
    which never joins the first in a phrase. Indexing 20,000 items is a third faster this way than
    by handing over a token object per term."""
    parts: list[str] = []
    whole_terms: list[str] = []
    for word in _WORD.findall(text):
        found, _folded, whole = _analysed(word)
        parts += found
        if whole:
            whole_terms.append(whole)
    return " ".join(parts), " ".join(whole_terms)


def term_list(text: str) -> list[str]:
    """The terms of ``text`` in order, parts of identifiers but not the wholes: what a query word
    requires and what a phrase looks for in sequence."""
    return [part for match in _WORD.finditer(text) for part in _analysed(match.group())[0]]


def indexed_terms(text: str) -> list[str]:
    """Every term the index holds for ``text``: the parts and the whole identifiers."""
    return [term.text for term in terms(text)]


def wholes(text: str) -> list[str]:
    """The whole-identifier terms of ``text`` (``redturtle.subsites``), if any."""
    return [whole for match in _WORD.finditer(text) if (whole := _analysed(match.group())[2])]


def folded_words(text: str) -> list[str]:
    """The terms of ``text`` as typed — lowercased and without accents, but not stemmed: what an
    unfinished or mistyped word is compared with (the stem of half a word means nothing)."""
    return [part for match in _WORD.finditer(text) for part in _analysed(match.group())[1]]


@functools.lru_cache(maxsize=100_000)
def stemmed(folded: str) -> str:
    """The term of one folded word (see ``folded_words``)."""
    return stem(folded)


def spans_of(text: str, wanted: frozenset[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the words are whose terms — a part or the whole — are ``wanted``."""
    occurrences, distinct = _words_of(text)
    marked = set()
    for word in distinct:
        parts, _folded, whole = _analysed(word)
        if whole in wanted or not wanted.isdisjoint(parts):
            marked.add(word)
    if not marked:
        return []
    return [(start, end) for word, start, end in occurrences if word in marked]


@functools.lru_cache(maxsize=512)
def _words_of(text: str) -> tuple[tuple[tuple[str, int, int], ...], frozenset[str]]:
    """Every word of ``text`` with its place, and the distinct words. Remembered for the texts
    of recent hits: while someone types, the same items come back keystroke after keystroke."""
    occurrences = tuple((match.group(), *match.span()) for match in _WORD.finditer(text))
    return occurrences, frozenset(word for word, _start, _end in occurrences)
