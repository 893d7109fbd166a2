"""What a search returns: hits with highlighted snippets, the total, and facet counts.

Snippets are made here for both the index and the scan fallback: the stored text is analysed
again and the words whose terms the query looked for are marked, so "feedback" is highlighted
for a search for "feedbak" or "feedb" too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.search.schema import SNIPPET_FIELDS, fold, spans_of

SNIPPET_CHARS = 180
FACETS = ("kind", "status", "skill", "language")
RELEVANCE, RECENT = "relevance", "recent"

_SPACE = re.compile(r"\s+")

Segments = tuple[tuple[str, bool], ...]    # (text, is a match)


@dataclass(frozen=True)
class Snippet:
    field: str                  # the field it was cut from; "" when nothing matched
    segments: Segments = ()

    @property
    def text(self) -> str:
        return "".join(text for text, _match in self.segments)

    @property
    def matched(self) -> bool:
        return any(match for _text, match in self.segments)

    def html(self, open_tag: str = "<b>", close_tag: str = "</b>") -> str:
        return "".join(f"{open_tag}{html.escape(text)}{close_tag}" if match else html.escape(text)
                       for text, match in self.segments)


@dataclass(frozen=True)
class Hit:
    key: str                    # source relative to the workspace ("lessons/x/lesson.md")
    source: Path                # the file to open
    path: Path                  # the item: lesson folder or curated file
    id: str
    kind: str
    title: str
    summary: str
    status: str
    language: str
    owner: str
    url: str
    modified: float
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    score: float
    title_marks: Snippet
    snippet: Snippet

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "path": str(self.path), "source": str(self.source),
                "kind": self.kind, "status": self.status, "skills": list(self.skills),
                "language": self.language, "score": round(self.score, 4),
                "modified": dt.datetime.fromtimestamp(self.modified, dt.UTC).isoformat(),
                "snippet": self.snippet.text, "snippet_field": self.snippet.field}


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()     # parts of the query that cannot match, explained
    sort: str = RELEVANCE
    engine: str = "index"              # "index" or "scan" (the fallback while the index is rebuilt)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "sort": self.sort, "engine": self.engine,
                "problems": list(self.problems), "hits": [hit.as_dict() for hit in self.hits],
                "facets": {name: dict(counts) for name, counts in self.facets.items()}}


def split_keywords(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(",") if part)


def make_hit(root: Path, stored: Mapping[str, Any], score: float, highlight: frozenset[str]) -> Hit:
    """A hit from a document's stored fields (the mapping ``IndexDoc.fields()`` produces)."""
    key = str(stored["path"])
    source = root / key
    kind = str(stored.get("kind") or "lesson")
    texts = {name: str(stored.get(name) or "") for name in SNIPPET_FIELDS}
    return Hit(
        key=key, source=source, path=source.parent if kind == "lesson" else source,
        id=str(stored.get("id") or ""), kind=kind, title=str(stored.get("title") or ""),
        summary=texts["summary"], status=str(stored.get("status") or ""),
        language=str(stored.get("language") or ""), owner=str(stored.get("owner") or ""),
        url=str(stored.get("url") or ""), modified=float(stored.get("modified") or 0.0),
        skills=split_keywords(str(stored.get("skill") or "")),
        tags=split_keywords(str(stored.get("tag") or "")), score=score,
        title_marks=highlight_all(str(stored.get("title") or ""), highlight),
        snippet=best_snippet(texts, highlight))


def highlight_all(text: str, highlight: frozenset[str]) -> Snippet:
    """The whole of ``text`` with the words the query matched marked (titles)."""
    spans = _matches(text, highlight)
    return Snippet("title" if spans else "", _segments(text, 0, len(text), spans))


def best_snippet(texts: Mapping[str, str], highlight: frozenset[str]) -> Snippet:
    """The passage of at most ``SNIPPET_CHARS`` with the most distinct matched words.

    Fields are tried in ``SNIPPET_FIELDS`` order; without any match it is the start of the
    summary (or of the body), unmarked.
    """
    best: tuple[int, int, str, int, int, list[tuple[int, int]]] | None = None
    for name in SNIPPET_FIELDS:
        text = texts.get(name, "")
        if not text or not _may_contain(text, highlight):
            continue
        spans = _matches(text, highlight)
        if not spans:
            continue
        start, end, distinct = _best_window(text, spans)
        if best is None or distinct > best[0]:
            best = (distinct, -SNIPPET_FIELDS.index(name), name, start, end, spans)
    if best is None:
        name = "summary" if texts.get("summary") else "body"
        text = texts.get(name, "")
        end = _word_end(text, min(len(text), SNIPPET_CHARS))
        return Snippet("", _segments(text, 0, end, []))
    _distinct, _order, name, start, end, spans = best
    return Snippet(name, _segments(texts[name], start, end, spans))


def _may_contain(text: str, highlight: frozenset[str]) -> bool:
    # Cheap test before analysing a long text: a stem's first three letters are the word's (for an
    # identifier's whole, its first part's).
    folded = fold(text)
    return any(term[:3] in folded for term in highlight)


def _matches(text: str, highlight: frozenset[str]) -> list[tuple[int, int]]:
    if not highlight:
        return []
    return spans_of(text, highlight)


def _best_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(start, end, distinct words) of the window around the densest run of matches."""
    best = (0, 0, -1)
    for first, (start, _end) in enumerate(spans):
        inside = [s for s in spans[first:] if s[1] - start <= SNIPPET_CHARS]
        distinct = len({text[s:e].lower() for s, e in inside})
        if distinct > best[2]:
            best = (start, inside[-1][1], distinct)
    start, end, distinct = best
    # Some context before the first match, the rest of the room after it.
    room = max(0, SNIPPET_CHARS - (end - start))
    start = _word_start(text, max(0, start - min(room // 3, 50)))
    end = _word_end(text, min(len(text), start + SNIPPET_CHARS))
    return start, max(end, best[1]), distinct


def _word_start(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.rfind(" ", 0, index + 1)
    newline = text.rfind("\n", 0, index + 1)
    return max(space, newline) + 1


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    found = [i for i in (text.find(" ", index), text.find("\n", index)) if i >= 0]
    return min(found) if found else len(text)


def _segments(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Segments:
    parts: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append((text[position:span_start], False))
        parts.append((text[span_start:span_end], True))
        position = span_end
    parts.append((text[position:end], False))
    if end < len(text):
        parts.append(("…", False))
    # One line in a result list: the snippet's own line breaks become spaces.
    return tuple((_SPACE.sub(" ", part), match) for part, match in parts if part)
