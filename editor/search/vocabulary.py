"""The terms a collection holds, for expanding unfinished and mistyped words (see ``query.Vocabulary``).

Terms are grouped by first letter and loaded per letter on first use, so opening a large index
costs nothing until someone types. Indexing a document adds its terms; removing one leaves its
terms behind, which is harmless: a variant that no document holds matches nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator

from editor.search.extract import IndexDoc
from editor.search.schema import TEXT_FIELDS, indexed_terms

# (field, first letter) → the terms of that field starting with it
TermLoader = Callable[[str, str], Iterable[str]]
KeywordLoader = Callable[[str], Iterable[str]]


class TermTable:
    def __init__(self, load_terms: TermLoader | None = None,
                 load_keywords: KeywordLoader | None = None) -> None:
        self._load_terms = load_terms
        self._load_keywords = load_keywords
        # first letter → term → the fields holding it (frozen: handed out without copying)
        self._buckets: dict[str, dict[str, frozenset[str]]] = {}
        self._keywords: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    # -- query.Vocabulary -----------------------------------------------------------------------
    def terms_with_prefix(self, prefix: str) -> Iterator[tuple[str, frozenset[str]]]:
        if not prefix:
            return iter(())
        bucket = self._bucket(prefix[0])
        with self._lock:
            if len(prefix) == 1:
                return iter(list(bucket.items()))
            return iter([(term, fields) for term, fields in bucket.items() if term.startswith(prefix)])

    def fields_of(self, term: str) -> frozenset[str]:
        if not term:
            return frozenset()
        return self._bucket(term[0]).get(term, frozenset())

    def keyword_values(self, field: str) -> Iterable[str]:
        with self._lock:
            values = self._keywords.get(field)
            if values is None:
                loader = self._load_keywords
                values = self._keywords[field] = set(loader(field) if loader is not None else ())
            return list(values)

    # -- growing ----------------------------------------------------------------------------------
    def add(self, doc: IndexDoc, field_terms: dict[str, list[str]] | None = None) -> None:
        """Make the terms of a newly indexed document known (``field_terms``: already analysed, as
        ``indexed_terms`` gives them)."""
        if field_terms is None:
            field_terms = {field: indexed_terms(doc.text.get(field, "")) for field in TEXT_FIELDS}
        found = {(field, term) for field in TEXT_FIELDS for term in field_terms.get(field, ())}
        with self._lock:
            for field, term in found:
                bucket = self._buckets.get(term[0])
                if bucket is not None or self._load_terms is None:
                    bucket = bucket if bucket is not None else self._buckets.setdefault(term[0], {})
                    bucket[term] = bucket.get(term, frozenset()) | {field}
            for field, values in (("skill", doc.skills), ("tag", doc.tags)):
                if field in self._keywords or self._load_keywords is None:
                    self._keywords.setdefault(field, set()).update(values)

    def _bucket(self, letter: str) -> dict[str, frozenset[str]]:
        with self._lock:
            bucket = self._buckets.get(letter)
            if bucket is None:
                found: dict[str, set[str]] = {}
                loader = self._load_terms
                if loader is not None:
                    for field in TEXT_FIELDS:
                        for term in loader(field, letter):
                            found.setdefault(term, set()).add(field)
                bucket = self._buckets[letter] = {term: frozenset(fields) for term, fields in found.items()}
            return bucket
