"""Which index engine stores the terms, and what ``SearchIndex`` asks of it.

tantivy (a Rust library, through its Python wheel) is the engine wherever its wheel installs: it
matches, counts and sorts in native code, so a search over 20,000 items takes milliseconds. whoosh,
pure Python and much slower at that scale, is the fallback for platforms without a tantivy wheel.
Both hold the same fields and the same terms (the analysis is ours, in ``schema``), take the same
``Resolved`` queries and return the same matches; only the ranking formula differs.

The engine that built an index is recorded in its marker; an index built by the other engine is
refused and rebuilt, so a machine that gains or loses tantivy never reads the wrong format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from editor.search.extract import IndexDoc
from editor.search.query import Resolved

TANTIVY, WHOOSH = "tantivy", "whoosh"

Stored = Mapping[str, Any]          # a document's stored fields, as ``IndexDoc.fields()`` names them
Facets = dict[str, tuple[tuple[str, int], ...]]


@dataclass(frozen=True)
class Found:
    """One page of a search: the best documents, the number of all matches, facet counts of all."""

    stored: list[tuple[Stored, float]]
    total: int
    facets: Facets = field(default_factory=dict)


class Store(Protocol):
    """An open index folder of one engine. Callers serialise access (``SearchIndex`` holds a lock)."""

    def close(self) -> None: ...
    def doc_count(self) -> int: ...
    def segment_count(self) -> int: ...
    def check(self) -> None:
        """Read the structures a search needs, so damage shows now rather than mid-search."""
    def search(self, resolved: Resolved, recent_first: bool, limit: int) -> Found: ...
    def stamps(self) -> dict[str, str]:
        """Every indexed item's key and freshness stamp."""
    def stamp_of(self, key: str) -> str | None: ...
    def write(self, docs: list[IndexDoc], removed: list[str]) -> None:
        """Replace ``docs`` (by path), delete ``removed``, commit, and search the result from now on."""
    def compact(self, max_segments: int) -> bool: ...
    def terms(self, field: str, prefix: str) -> list[str]: ...
    def keyword_values(self, field: str) -> list[str]: ...
    def doc_frequency(self, field: str, term: str) -> int: ...
    def with_url(self, url: str, limit: int) -> list[Stored]: ...
    def best_for_terms(self, weighted: list[tuple[str, str, float]], limit: int) -> list[Stored]:
        """The documents scoring best for any of (field, term, boost)."""


class Builder(Protocol):
    def add(self, doc: IndexDoc) -> None: ...
    def commit(self) -> None: ...
    def cancel(self) -> None: ...


def engine_name() -> str:
    """The engine this installation uses: tantivy when its wheel can be imported."""
    try:
        import tantivy  # noqa: F401  (imported here, not found by spec: a broken wheel must fail now)
    except ImportError:
        return WHOOSH
    return TANTIVY


def open_store(engine: str, folder: Path) -> Store:
    if engine == TANTIVY:
        from editor.search.engine_tantivy import TantivyStore
        return TantivyStore.open(folder)
    from editor.search.engine_whoosh import WhooshStore
    return WhooshStore.open(folder)


def new_builder(engine: str, folder: Path) -> Builder:
    if engine == TANTIVY:
        from editor.search.engine_tantivy import TantivyBuilder
        return TantivyBuilder(folder)
    from editor.search.engine_whoosh import WhooshBuilder
    return WhooshBuilder(folder)


def sorted_counts(counts: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Facet values with a count, most frequent first, then by name."""
    return tuple(sorted(((value, n) for value, n in counts if value and n), key=lambda p: (-p[1], p[0])))
