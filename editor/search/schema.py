"""What the search index holds: fields, their weight in ranking, and how text becomes terms.

Every path that matches text — the whoosh index, the scan fallback, snippets and "similar" —
analyses it with ``analyzer()``, so a word is found the same way wherever it is looked up.
Changing a field or the analyzer changes what is on disk: bump ``SCHEMA_VERSION`` so existing
indexes are rebuilt instead of being read with the wrong assumptions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 1

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


@dataclass(frozen=True)
class Term:
    """One analysed word: ``text`` is the indexed form, ``start``/``end`` its place in the source."""

    text: str
    start: int
    end: int


# Words for the tokenizer. The analyzer then works word by word, so analysing each word alone
# and remembering the result (``terms``) gives exactly what analysing the whole text would.
_WORD = re.compile(r"\w+(?:\.?\w+)*")


@functools.cache
def analyzer() -> Analyzer:
    # Accent folding lets "resume" find "résumé"; English stemming lets "managing" find
    # "management". Stemming other languages with English rules is imperfect but consistent,
    # because queries go through the very same chain.
    return (RegexTokenizer(expression=_WORD) | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter()
            | StemFilter(cachesize=100_000))


@functools.cache
def _folding_analyzer() -> Analyzer:
    return RegexTokenizer(expression=_WORD) | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter()


def folded_words(text: str) -> list[str]:
    """The words of ``text`` as typed, lowercased and without accents, but not stemmed: what an
    unfinished word is compared with (the stem of half a word means nothing)."""
    return [token.text for token in _folding_analyzer()(text)]


@functools.lru_cache(maxsize=200_000)
def _term_of(word: str) -> str:
    found = [token.text for token in analyzer()(word)]
    return found[0] if found else ""


def terms(text: str) -> Iterator[Term]:
    """The terms of ``text`` in order, with their character offsets (stop words have none)."""
    for match in _WORD.finditer(text):
        term = _term_of(match.group())
        if term:
            yield Term(term, match.start(), match.end())


def spans_of(text: str, wanted: frozenset[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the words are whose terms are ``wanted`` (for highlighting)."""
    return [match.span() for match in _WORD.finditer(text) if _term_of(match.group()) in wanted]


def term_list(text: str) -> list[str]:
    """The terms of ``text`` in order: what the index holds for it."""
    return [term for match in _WORD.finditer(text) if (term := _term_of(match.group()))]


def make_schema() -> fields.Schema:
    # Skills and tags are stored once, as the exact keywords below.
    text = {name: fields.TEXT(analyzer=analyzer(), stored=name not in ("skills", "tags"))
            for name in TEXT_FIELDS}
    return fields.Schema(
        # The source file relative to the workspace, with "/" separators: the one key of a document.
        path=fields.ID(stored=True, unique=True, sortable=True),
        # mtime and size of the source and of the files it includes (captions): see extract.stamp().
        stamp=fields.ID(stored=False, sortable=True),
        id=fields.ID(stored=True),
        kind=fields.ID(stored=True),
        status=fields.ID(stored=True),
        language=fields.ID(stored=True),
        # Exact values, original case, for facets and exact filters; the TEXT fields above match words.
        skill=fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        tag=fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        owner=fields.TEXT(analyzer=analyzer(), stored=True),
        url=fields.ID(stored=True),
        modified=fields.STORED(),
        # Milliseconds, for sorting by recency (whoosh cannot keep float columns).
        recency=fields.NUMERIC(int, bits=64, sortable=True),
        **text,
    )
