"""The tantivy engine: the index in native code, fed with terms analysed by ``schema``.

Text fields receive our terms joined by spaces (``schema.spaced_terms``) and tantivy's whitespace
tokenizer only splits them again, so tantivy holds exactly the terms the query layer, the scan
fallback and the snippets expect. The display fields a hit needs
are stored together as one JSON value. Totals come from tantivy's count of every match and facet
counts from its term dictionary restricted to the matching documents, so both cover all matches,
not only the page shown.
"""

from __future__ import annotations

import ctypes
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tantivy

from editor.search.engine import Found, Stored, sorted_counts
from editor.search.extract import IndexDoc
from editor.search.query import Condition, Resolved
from editor.search.results import FACETS
from editor.search.schema import KEYWORD_FIELDS, SINGLE_VALUED, TEXT_FIELDS, spaced_terms

WRITER_HEAP = 15_000_000        # bytes: the least tantivy accepts for one indexing thread
BUILD_HEAP = 128_000_000
_PATH_STAMP = "\x1d"            # between path and stamp in the "pathstamp" term: no file name has it
_STORED_OUT = ("stamp", "recency", "skills", "tags")   # fields() entries the JSON does not need
Q = tantivy.Query


def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", tokenizer_name="raw", index_option="basic")
    # "path<GS>stamp" as one term: every item's stamp read from the term dictionary in one call.
    builder.add_text_field("pathstamp", tokenizer_name="raw", index_option="basic")
    for name in (*SINGLE_VALUED, *KEYWORD_FIELDS, "url"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in (*TEXT_FIELDS, "owner"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("recency", fast=True)
    builder.add_bytes_field("stored", stored=True, indexed=False)
    return builder.build()


def _add_text(document: tantivy.Document, name: str, text: str) -> None:
    parts, whole_terms = spaced_terms(text)
    if parts:
        document.add_text(name, parts)
    if whole_terms:
        document.add_text(name, whole_terms)


def to_document(doc: IndexDoc) -> tantivy.Document:
    fields = doc.fields()
    document = tantivy.Document()
    document.add_text("path", doc.path)
    document.add_text("pathstamp", f"{doc.path}{_PATH_STAMP}{doc.stamp}")
    for name in SINGLE_VALUED:
        document.add_text(name, str(fields[name]))
    for value in doc.skills:
        document.add_text("skill", value)
    for value in doc.tags:
        document.add_text("tag", value)
    document.add_text("url", fields["url"])
    for name in TEXT_FIELDS:
        _add_text(document, name, fields[name])
    _add_text(document, "owner", doc.owner)
    document.add_integer("recency", fields["recency"])
    shown = {key: value for key, value in fields.items() if key not in _STORED_OUT}
    document.add_bytes("stored", json.dumps(shown, ensure_ascii=False).encode("utf-8"))
    return document


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)    # glibc; absent from musl
    except OSError:
        return None


def _release_freed_memory() -> None:
    """Return what a save's writer freed to the system. Each writer runs on a thread of its own,
    and glibc keeps every thread's freed memory for reuse: without this the process grows by
    ~100 MB over the first few dozen saves (measured at 20,000 items), with it stays at ~55 MB."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class TantivyBuilder:
    """A new index in an empty folder."""

    def __init__(self, folder: Path) -> None:
        self._index = tantivy.Index(make_schema(), path=str(folder))
        # One indexing thread (Python feeding it is the bottleneck anyway) writes one large segment
        # rather than one per thread: tantivy's merge policy then merges the small segments saves
        # add among themselves, instead of rewriting the whole library on some save.
        self._writer: Any = self._index.writer(heap_size=BUILD_HEAP, num_threads=1)

    def add(self, doc: IndexDoc) -> None:
        self._writer.add_document(to_document(doc))

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()

    def cancel(self) -> None:
        self._writer.rollback()


class TantivyStore:
    def __init__(self, index: tantivy.Index) -> None:
        self._index = index
        self._schema = index.schema
        self._searcher = index.searcher()

    @classmethod
    def open(cls, folder: Path) -> TantivyStore:
        if not tantivy.Index.is_compatible(str(folder)):
            raise ValueError("written by another version of tantivy")
        return cls(tantivy.Index.open(str(folder)))

    def close(self) -> None:
        # tantivy reads its files memory-mapped until its objects go: drop them now, not at the next
        # garbage collection, so a folder being replaced or repaired is no longer read.
        del self._searcher, self._index

    def doc_count(self) -> int:
        return int(self._searcher.num_docs)

    def segment_count(self) -> int:
        return int(self._searcher.num_segments)

    def check(self) -> None:
        everything = Q.all_query()
        self._searcher.search(everything, 1, count=True)
        self._searcher.terms_with_prefix("kind", "", filter_query=everything)
        for _score, address in self._searcher.search(everything, 1).hits:
            self._stored(address)

    # -- searching --------------------------------------------------------------------------------
    def search(self, resolved: Resolved, recent_first: bool, limit: int) -> Found:
        query = self._query(resolved)
        if recent_first:
            result = self._searcher.search(query, limit, count=True, order_by_field="recency",
                                           order=tantivy.Order.Desc)
        else:
            result = self._searcher.search(query, limit, count=True)
        stored = [(self._stored(address), 0.0 if recent_first else float(score))
                  for score, address in result.hits]
        facets = {name: sorted_counts(self._searcher.terms_with_prefix(name, "", filter_query=query))
                  for name in FACETS}
        return Found(stored, int(getattr(result, "count", 0) or 0), facets)

    def _stored(self, address: Any) -> Stored:
        document = self._searcher.doc(address)
        return dict(json.loads(bytes(document.get_first("stored") or b"{}").decode("utf-8")))

    def _query(self, resolved: Resolved) -> Any:
        must: list[Any] = []
        must_not: list[Any] = []
        for requirement in resolved.words:
            alternatives = [Q.boost_query(self._term(name, v.term), TEXT_FIELDS[name] * v.weight)
                            for v in requirement.variants for name in (v.fields or TEXT_FIELDS)]
            (must_not if requirement.negated else must).append(self._any(alternatives))
        for phrase_terms, negated in resolved.phrases:
            (must_not if negated else must).append(self._phrase(list(TEXT_FIELDS), phrase_terms))
        filters: list[Any] = []
        for condition in resolved.conditions:
            matched = self._condition(condition)
            (must_not if condition.negated else filters).append(matched)
        if not must:
            must.append(Q.all_query())
        clauses = [(tantivy.Occur.Must, q) for q in must]
        clauses += [(tantivy.Occur.Must, Q.const_score_query(q, 0.0)) for q in filters]
        clauses += [(tantivy.Occur.MustNot, q) for q in must_not]
        return Q.boolean_query(clauses)

    def _term(self, field: str, term: str) -> Any:
        return Q.term_query(self._schema, field, term)

    @staticmethod
    def _any(queries: list[Any]) -> Any:
        if not queries:
            return Q.empty_query()
        return Q.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _phrase(self, fields: list[str], phrase_terms: tuple[str, ...]) -> Any:
        if len(phrase_terms) == 1:
            return self._any([Q.boost_query(self._term(name, phrase_terms[0]), TEXT_FIELDS.get(name, 1.0))
                              for name in fields])
        return self._any([Q.boost_query(Q.phrase_query(self._schema, name, list(phrase_terms)),
                                        TEXT_FIELDS.get(name, 1.0)) for name in fields])

    def _condition(self, condition: Condition) -> Any:
        options = [self._term(condition.field, value) for value in condition.exact]
        for prefix in condition.prefixes:
            options += [self._term(condition.field, value)
                        for value, _count in self._searcher.terms_with_prefix(condition.field, prefix)]
        options += [self._phrase([condition.field], phrase_terms) for phrase_terms in condition.phrases]
        return self._any(options)

    # -- freshness --------------------------------------------------------------------------------
    def stamps(self) -> dict[str, str]:
        # Terms of deleted documents stay in the dictionary until a merge: count live ones only.
        live = self._searcher.terms_with_prefix("pathstamp", "", filter_query=Q.all_query())
        return dict(term.split(_PATH_STAMP, 1) for term, count in live if count)

    def stamp_of(self, key: str) -> str | None:
        prefix = f"{key}{_PATH_STAMP}"
        live = self._searcher.terms_with_prefix("pathstamp", prefix, filter_query=Q.all_query())
        return next((term[len(prefix):] for term, count in live if count), None)

    def write(self, docs: list[IndexDoc], removed: list[str]) -> None:
        writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
        try:
            for key in [*removed, *(doc.path for doc in docs)]:
                writer.delete_documents_by_term("path", key)
            for doc in docs:
                writer.add_document(to_document(doc))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
            _release_freed_memory()
        self._index.reload()
        self._searcher = self._index.searcher()

    def compact(self, max_segments: int) -> bool:
        """tantivy merges small segments on its own after each commit: nothing to do."""
        del max_segments
        return False

    # -- vocabulary and "similar" -------------------------------------------------------------------
    def terms(self, field: str, prefix: str) -> list[str]:
        return [term for term, _count in self._searcher.terms_with_prefix(field, prefix)]

    def keyword_values(self, field: str) -> list[str]:
        return self.terms(field, "")

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._searcher.doc_freq(field, term))

    def with_url(self, url: str, limit: int) -> list[Stored]:
        found = self._searcher.search(self._term("url", url), limit, count=False)
        return [self._stored(address) for _score, address in found.hits]

    def best_for_terms(self, weighted: list[tuple[str, str, float]], limit: int) -> list[Stored]:
        query = self._any([Q.boost_query(self._term(field, term), boost) for field, term, boost in weighted])
        return [self._stored(address) for _score, address in self._searcher.search(query, limit).hits]

