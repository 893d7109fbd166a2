"""The whoosh engine: the pure-Python fallback for platforms without a tantivy wheel.

Same fields and terms as the tantivy engine: whoosh's tokenizer here only replays ``schema.terms``
(positions included), and queries are built from the same ``Resolved``. Each save writes a tiny
segment; ``merge_tiny`` folds those together and ``compact`` merges the rest in a quiet moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import whoosh.index
from whoosh import fields
from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher

from editor.search.engine import Found, Stored, sorted_counts
from editor.search.extract import IndexDoc
from editor.search.query import Condition, Resolved
from editor.search.ranking import Recording, SaturatedTfIdf, SortedRecording
from editor.search.results import FACETS
from editor.search.schema import KEYWORD_FIELDS, TEXT_FIELDS, terms

TINY_SEGMENT = 8            # documents; see ``merge_tiny``
TINY_SEGMENTS_MERGED = 4
FacetSets = dict[str, list[tuple[str, frozenset[int]]]]


class SchemaTokenizer(Tokenizer):   # type: ignore[misc]
    """whoosh's view of ``schema.terms``: the same terms at the same positions."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for found in terms(value):
            token.text, token.boost, token.stopped = found.text, 1.0, False
            if keeporiginal:
                token.original = value[found.start:found.end]
            if positions:
                token.pos = start_pos + found.position
            if chars:
                token.startchar, token.endchar = start_char + found.start, start_char + found.end
            yield token


def make_schema() -> fields.Schema:
    analyzer = SchemaTokenizer()
    # Skills and tags are stored once, as the exact keywords below.
    text = {name: fields.TEXT(analyzer=analyzer, stored=name not in ("skills", "tags"))
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
        owner=fields.TEXT(analyzer=analyzer, stored=True),
        url=fields.ID(stored=True),
        modified=fields.STORED(),
        # Milliseconds, for sorting by recency (whoosh cannot keep float columns).
        recency=fields.NUMERIC(int, bits=64, sortable=True),
        **text,
    )


def merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy for saves: fold the tiny segments earlier saves left into this one.

    Each save writes a segment of one item. Merging those few items is cheap, while letting them
    pile up makes every later save and search open more files; merging large segments (whoosh's
    default policy) is what makes a save slow, so that is left to ``compact``.
    """
    tiny = [segment for segment in segments if segment.doc_count_all() <= TINY_SEGMENT]
    if len(tiny) < TINY_SEGMENTS_MERGED:
        return segments
    for segment in tiny:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment.doc_count_all() > TINY_SEGMENT]


def merge_into_largest(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy for ``compact``: every segment but the largest (the bulk of the library, which
    would be costly to rewrite) becomes one."""
    largest = max(segments, key=lambda segment: segment.doc_count_all(), default=None)
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest] if largest is not None else []


class WhooshBuilder:
    def __init__(self, folder: Path, *, limitmb: int = 128) -> None:
        self._ix = whoosh.index.create_in(str(folder), make_schema())
        self._writer = self._ix.writer(limitmb=limitmb)

    def add(self, doc: IndexDoc) -> None:
        self._writer.add_document(**doc.fields())

    def commit(self) -> None:
        self._writer.commit()
        self._ix.close()

    def cancel(self) -> None:
        self._writer.cancel()
        self._ix.close()


class WhooshStore:
    def __init__(self, ix: Any) -> None:
        self._ix = ix
        self._searcher: Searcher = ix.searcher(weighting=SaturatedTfIdf())
        self._facet_sets: tuple[Searcher, FacetSets] | None = None

    @classmethod
    def open(cls, folder: Path) -> WhooshStore:
        return cls(whoosh.index.open_dir(str(folder)))

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    def segment_count(self) -> int:
        return len(self._ix._segments())

    def check(self) -> None:
        self._searcher.doc_count()
        list(self._searcher.reader().field_terms("kind"))
        self._searcher.reader().column_reader("stamp")

    # -- searching --------------------------------------------------------------------------------
    def search(self, resolved: Resolved, recent_first: bool, limit: int) -> Found:
        scored, only = to_whoosh(resolved)
        combined = wq.And([scored, wq.ConstantScoreQuery(only, 0.0)]) if only else scored
        collector = SortedRecording(max(1, limit)) if recent_first else Recording(max(1, limit))
        self._searcher.search_with_collector(combined, collector)
        stored = [(hit.fields(), hit.score or 0.0) for hit in collector.results()[:limit]]
        return Found(stored, len(collector.matched), self._facets(collector.matched))

    def _facets(self, matched: set[int]) -> dict[str, tuple[tuple[str, int], ...]]:
        if self._facet_sets is None or self._facet_sets[0] is not self._searcher:
            reader = self._searcher.reader()
            sets: FacetSets = {name: [] for name in FACETS}
            for name in FACETS:
                for value in reader.field_terms(name):
                    docs = frozenset(self._searcher.docs_for_query(wq.Term(name, value)))
                    if docs:
                        sets[name].append((value, docs))
            self._facet_sets = (self._searcher, sets)
        return {name: sorted_counts((value, len(docs & matched)) for value, docs in values)
                for name, values in self._facet_sets[1].items()}

    # -- freshness --------------------------------------------------------------------------------
    def stamps(self) -> dict[str, str]:
        reader = self._searcher.reader()
        paths, stamps = reader.column_reader("path"), reader.column_reader("stamp")
        return {paths[n]: stamps[n] for n in reader.all_doc_ids()}

    def stamp_of(self, key: str) -> str | None:
        docnum = self._searcher.document_number(path=key)
        if docnum is None:
            return None
        return str(self._searcher.reader().column_reader("stamp")[docnum])

    def write(self, docs: list[IndexDoc], removed: list[str]) -> None:
        writer = self._ix.writer(timeout=5.0)
        try:
            for key in removed:
                writer.delete_by_term("path", key)
            for doc in docs:
                writer.update_document(**doc.fields())
            writer.commit(mergetype=merge_tiny)
        except BaseException:
            writer.cancel()
            raise
        self._reopen()

    def compact(self, max_segments: int) -> bool:
        if self.segment_count() <= max_segments:
            return False
        writer = self._ix.writer(timeout=5.0)
        try:
            writer.commit(mergetype=merge_into_largest)
        except BaseException:
            writer.cancel()
            raise
        self._reopen()
        return True

    def _reopen(self) -> None:
        # A new searcher, not ``refresh()``: refresh reuses the readers of segments it thinks
        # unchanged, and so misses documents just deleted from them.
        self._searcher.close()
        self._searcher = self._ix.searcher(weighting=SaturatedTfIdf())

    # -- vocabulary and "similar" -------------------------------------------------------------------
    def terms(self, field: str, prefix: str) -> list[str]:
        return [term.decode("utf-8") for term in self._searcher.reader().expand_prefix(field, prefix)]

    def keyword_values(self, field: str) -> list[str]:
        return list(self._searcher.reader().field_terms(field)) if field in KEYWORD_FIELDS else []

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._searcher.doc_frequency(field, term))

    def with_url(self, url: str, limit: int) -> list[Stored]:
        return [hit.fields() for hit in self._searcher.search(wq.Term("url", url), limit=limit)]

    def best_for_terms(self, weighted: list[tuple[str, str, float]], limit: int) -> list[Stored]:
        query = wq.Or([wq.Term(field, term, boost=boost) for field, term, boost in weighted])
        return [hit.fields() for hit in self._searcher.search(query, limit=limit)]


# -- queries ----------------------------------------------------------------------------------------
def to_whoosh(resolved: Resolved) -> tuple[wq.Query, wq.Query | None]:
    """(scored text query, filter query or None)."""
    text: list[wq.Query] = []
    for requirement in resolved.words:
        alternatives = wq.Or([wq.Term(name, v.term, boost=TEXT_FIELDS[name] * v.weight)
                              for v in requirement.variants for name in (v.fields or TEXT_FIELDS)])
        text.append(wq.Not(alternatives) if requirement.negated else alternatives)
    for phrase_terms, negated in resolved.phrases:
        phrase = _text_phrase(list(TEXT_FIELDS), phrase_terms)
        text.append(wq.Not(phrase) if negated else phrase)
    filters = [_filter_query(condition) for condition in resolved.conditions]
    positive = [q for q in text if not isinstance(q, wq.Not)]
    scored: wq.Query = wq.And([*text]) if positive else wq.And([wq.Every(), *text])
    return scored, (wq.And(filters) if filters else None)


def _text_phrase(field_names: list[str], phrase_terms: tuple[str, ...]) -> wq.Query:
    if len(phrase_terms) == 1:
        return wq.Or([wq.Term(name, phrase_terms[0], boost=TEXT_FIELDS.get(name, 1.0))
                      for name in field_names])
    return wq.Or([wq.Phrase(name, list(phrase_terms), boost=TEXT_FIELDS.get(name, 1.0))
                  for name in field_names])


def _filter_query(condition: Condition) -> wq.Query:
    options: list[wq.Query] = [wq.Term(condition.field, value) for value in condition.exact]
    options += [wq.Prefix(condition.field, prefix) for prefix in condition.prefixes]
    options += [_text_phrase([condition.field], phrase_terms) for phrase_terms in condition.phrases]
    matched: wq.Query = wq.Or(options) if options else wq.NullQuery
    return wq.Not(matched) if condition.negated else matched
