"""The search box language: words, "exact phrases", field filters and exclusions.

    giving feedbak "exact phrase" status:review skill:excel lang:de owner:ana type:lesson|link -retired

* Words must all appear (in any searchable field); each tolerates small typos.
* The last word, while the user is still typing it, also matches as a prefix; ``word*`` asks
  for a prefix anywhere.
* ``"…"`` matches words in that order. A missing closing quote runs to the end (still typing).
* ``name:value`` filters by a field; ``a|b`` accepts either value; quotes allow spaces
  (``skill:"time management"``). Unknown names are plain words, so "https://…" stays searchable.
* A leading ``-`` excludes a word, phrase or filter.

Parsing never fails: anything it does not understand is searched as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Name typed in the box → the filter it means.
FILTER_NAMES = {
    "status": "status", "type": "kind", "kind": "kind", "skill": "skill", "skills": "skill",
    "tag": "tag", "tags": "tag", "lang": "language", "language": "language", "owner": "owner",
    "id": "id",
}
# The name a filter is written with when the app adds one (facet chips).
CANONICAL_NAMES = {"status": "status", "kind": "type", "skill": "skill", "tag": "tag",
                   "language": "lang", "owner": "owner", "id": "id"}
# Filters on fields an item has one value of: a second value for them replaces the first.
SINGLE_VALUED = ("status", "kind", "language", "id")

_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<name>[A-Za-z]+):(?P<value>"[^"]*"?|\S*)|"(?P<phrase>[^"]*)"?|(?P<word>\S+))')


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False        # also match index terms that start with it
    negated: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    negated: bool = False


@dataclass(frozen=True)
class Filter:
    name: str                   # canonical: status, kind, skill, tag, language, owner, id
    values: tuple[str, ...]     # any of them
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[Word, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    filters: tuple[Filter, ...] = ()

    @property
    def has_text(self) -> bool:
        return any(not word.negated for word in self.words) or any(not p.negated for p in self.phrases)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.filters)


def parse(text: str, *, typing: bool = False) -> ParsedQuery:
    """Parse the search box. ``typing``: the user is still typing, so the last word is a prefix."""
    words: list[Word] = []
    phrases: list[Phrase] = []
    filters: list[Filter] = []
    last_is_word = False
    for match in _TOKEN.finditer(text):
        last_is_word = False
        negated = bool(match["neg"])
        name = (match["name"] or "").lower()
        if name in FILTER_NAMES:
            values = _values(match["value"])
            if values:
                filters.append(Filter(FILTER_NAMES[name], values, negated))
            continue   # a filter with no value yet ("status:") is still being typed
        if match["phrase"] is not None:
            if match["phrase"].strip():
                phrases.append(Phrase(match["phrase"].strip(), negated))
            continue
        raw = match[0][1:] if negated else match[0]
        if not raw:
            continue
        words.append(Word(raw.rstrip("*"), prefix=raw.endswith("*") and len(raw) > 1, negated=negated))
        last_is_word = True
    still_typing = typing and bool(text) and not text[-1].isspace()
    if still_typing and last_is_word and not words[-1].negated:
        words[-1] = Word(words[-1].text, prefix=True)
    return ParsedQuery(text, tuple(w for w in words if w.text), tuple(phrases), tuple(filters))


def _values(raw: str) -> tuple[str, ...]:
    if raw.startswith('"'):
        raw = raw.strip('"')
        return (raw.strip(),) if raw.strip() else ()
    return tuple(value.strip() for value in raw.split("|") if value.strip())


def filter_token(name: str, value: str, negated: bool = False) -> str:
    """How a filter is written in the box, e.g. ``skill:"Time management"``."""
    shown = f'"{value}"' if re.search(r'[\s|"]', value) else value
    return f"{'-' if negated else ''}{CANONICAL_NAMES.get(name, name)}:{shown}"


def has_filter(text: str, name: str, value: str) -> bool:
    wanted = value.casefold()
    return any(f.name == name and not f.negated and any(v.casefold() == wanted for v in f.values)
               for f in parse(text).filters)


def toggle_filter(text: str, name: str, value: str) -> str:
    """``text`` with the filter ``name:value`` added, or removed when it is already there.

    A status, type, language or id replaces an earlier filter on the same field (an item has one
    status, so two status filters could never both match); skills and tags accumulate.
    """
    remove_value = has_filter(text, name, value)
    kept: list[str] = []
    for match in _TOKEN.finditer(text):
        key = (match["name"] or "").lower()
        if key in FILTER_NAMES and not match["neg"]:
            field = FILTER_NAMES[key]
            values = _values(match["value"])
            same_value = any(v.casefold() == value.casefold() for v in values)
            if field == name and (same_value or (not remove_value and name in SINGLE_VALUED)):
                continue
        kept.append(match[0])
    if not remove_value:
        kept.append(filter_token(name, value))
    return " ".join(kept) + (" " if kept else "")
