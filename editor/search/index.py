"""The whoosh index of one workspace: open, keep fresh, search (``build`` makes it).

Lives in ``<workspace>/.tessera/index/`` — a cache: deleting it only costs a rebuild. A build
writes a new folder next to it and swaps it in when complete, so a half-built index is never
opened. ``open`` refuses (``IndexProblem``) an index that is missing, of an older schema,
damaged, or whose last update was interrupted by a crash; the caller rebuilds and meanwhile
searches with ``fallback.ScanSearch``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import whoosh.index
from whoosh import query as wq
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher

from editor.progress import CancelToken
from editor.search.extract import (
    IndexDoc,
    current_stamp,
    extract,
    is_item_source,
    relative_key,
    workspace_sources,
)
from editor.search.lock import IndexLock
from editor.search.query import resolve, to_whoosh
from editor.search.ranking import Recording, SaturatedTfIdf, SortedRecording
from editor.search.results import FACETS, RECENT, RELEVANCE, SearchResults, make_hit
from editor.search.schema import SCHEMA_VERSION
from editor.search.syntax import parse
from editor.search.vocabulary import KEYWORD_FIELDS, TermTable
from editor.workspace import Workspace

INDEX_FOLDER = "index"
MARKER = "tessera-index.json"
MAX_SEGMENTS = 8            # more than this many segments, and ``compact`` merges the small ones
TINY_SEGMENT = 8            # documents; see ``merge_tiny``
TINY_SEGMENTS_MERGED = 4
Extractor = Callable[[Path], IndexDoc]
FacetSets = dict[str, list[tuple[str, frozenset[int]]]]


class IndexProblem(Exception):
    """The index cannot be used as it is; the message says why. Rebuild it."""


@dataclass(frozen=True)
class SyncReport:
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.removed)


def index_folder(workspace: Workspace) -> Path:
    return workspace.cache_dir / INDEX_FOLDER


def merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy for saves: fold the tiny segments earlier saves left into this one.

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
    """Whoosh merge policy for ``compact``: every segment but the largest (the bulk of the library,
    which would be costly to rewrite) becomes one."""
    largest = max(segments, key=lambda segment: segment.doc_count_all(), default=None)
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest] if largest is not None else []


class SearchIndex:
    def __init__(self, workspace: Workspace, ix: Any, build_id: str) -> None:
        self.workspace = workspace
        self.write_lock = IndexLock(workspace.cache_dir)
        self._ix = ix
        self._build_id = build_id
        self._lock = threading.RLock()      # one thread at a time uses the searcher
        self._searcher: Searcher = ix.searcher(weighting=SaturatedTfIdf())
        self._facet_sets: tuple[Searcher, FacetSets] | None = None
        self.vocabulary = TermTable(self._load_terms, self._load_keywords)

    # -- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(cls, workspace: Workspace) -> SearchIndex:
        folder = index_folder(workspace)
        crashed = IndexLock(workspace.cache_dir).interrupted_writer()
        if crashed is not None:
            raise IndexProblem(f"The last update of the search index, by {crashed.describe()}, "
                               "did not finish.")
        build_id = _read_marker(folder)
        try:
            ix = whoosh.index.open_dir(str(folder))
            index = cls(workspace, ix, build_id)
            # Touch the term dictionaries and columns now, so damage shows here rather than mid-search.
            index._searcher.doc_count()
            list(index._searcher.reader().field_terms("kind"))
            index._searcher.reader().column_reader("stamp")
        except Exception as exc:   # a damaged index fails in many ways (I/O, struct, pickle, whoosh errors)
            raise _damaged(exc) from exc
        return index

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    @property
    def segment_count(self) -> int:
        with self._lock:
            return len(self._ix._segments())

    @property
    def doc_count(self) -> int:
        with self._lock:
            return int(self._searcher.doc_count())

    # -- searching --------------------------------------------------------------------------------
    def search(self, text: str, *, typing: bool = False, sort: str = RELEVANCE, limit: int = 20
               ) -> SearchResults:
        parsed = parse(text, typing=typing)
        with self._lock:
            resolved = resolve(parsed, self.vocabulary)
            scored, only = to_whoosh(resolved)
            sort = sort if resolved.has_text else RECENT
            combined = wq.And([scored, wq.ConstantScoreQuery(only, 0.0)]) if only else scored
            collector = Recording(max(1, limit)) if sort == RELEVANCE else SortedRecording(max(1, limit))
            try:
                self._searcher.search_with_collector(combined, collector)
                stored = [(hit.fields(), hit.score or 0.0) for hit in collector.results()[:limit]]
                matched = collector.matched
                facets = self._facets(matched)
            except Exception as exc:   # see open(): damage found while reading postings or stored fields
                raise _damaged(exc) from exc
        root = self.workspace.root
        hits = tuple(make_hit(root, fields, score, resolved.highlight) for fields, score in stored)
        return SearchResults(parsed.text, hits, len(matched), facets, resolved.problems, sort, "index")

    def searcher(self) -> Searcher:
        """The current searcher, for ``similar``; use it while holding ``reading()``."""
        return self._searcher

    def reading(self) -> threading.RLock:
        return self._lock

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
        counted = {name: [(value, len(docs & matched)) for value, docs in values if value]
                   for name, values in self._facet_sets[1].items()}
        return {name: tuple(sorted(((v, n) for v, n in pairs if n), key=lambda pair: (-pair[1], pair[0])))
                for name, pairs in counted.items()}

    def _load_terms(self, field: str, letter: str) -> list[str]:
        with self._lock:
            try:
                return [term.decode("utf-8") for term in self._searcher.reader().expand_prefix(field, letter)]
            except Exception as exc:   # see open()
                raise _damaged(exc) from exc

    def _load_keywords(self, field: str) -> list[str]:
        with self._lock:
            try:
                return list(self._searcher.reader().field_terms(field)) if field in KEYWORD_FIELDS else []
            except Exception as exc:   # see open()
                raise _damaged(exc) from exc

    # -- keeping fresh ----------------------------------------------------------------------------
    def sync(self, sources: Iterable[Path] | None = None, cancel: CancelToken | None = None,
             extract_doc: Extractor | None = None) -> SyncReport:
        """Re-index what changed on disk: ``sources`` (files that may have changed, been created or
        deleted), or everything when None. Items whose stamp is unchanged are skipped."""
        root = self.workspace.root
        self._follow_rebuild_elsewhere()
        if sources is None:
            indexed = self._all_stamps()
            keys = set(indexed) | {relative_key(root, s) for s in workspace_sources(self.workspace)}
        else:
            resolved = [source.resolve() for source in sources]
            keys = {relative_key(root, s) for s in resolved if is_item_source(self.workspace, s)}
            indexed = {key: stamp for key in keys if (stamp := self._stamp_of(key)) is not None}
        changed, removed = [], []
        for key in sorted(keys):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if not (root / key).is_file():
                if key in indexed:
                    removed.append(key)
            elif key not in indexed or current_stamp(root, key, indexed[key]) != indexed[key]:
                changed.append((extract_doc or self._extract)(root / key))
        if changed or removed:
            self._write(changed, removed)
        return SyncReport(len(changed), len(removed))

    def _extract(self, source: Path) -> IndexDoc:
        return extract(self.workspace, source)

    def _write(self, docs: list[IndexDoc], removed: list[str]) -> None:
        with self.write_lock.hold():
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
        self._reopen_searcher(docs)

    def compact(self) -> bool:
        """Merge the small segments left by saves once there are many; True if it did."""
        if self.segment_count <= MAX_SEGMENTS:
            return False
        with self.write_lock.hold():
            writer = self._ix.writer(timeout=5.0)
            try:
                writer.commit(mergetype=merge_into_largest)
            except BaseException:
                writer.cancel()
                raise
        self._reopen_searcher([])
        return True

    def _reopen_searcher(self, docs: list[IndexDoc]) -> None:
        with self._lock:
            # A new searcher, not ``refresh()``: refresh reuses the readers of segments it thinks
            # unchanged, and so misses documents just deleted from them.
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=SaturatedTfIdf())
            for doc in docs:
                self.vocabulary.add(doc)

    def _all_stamps(self) -> dict[str, str]:
        with self._lock:
            reader = self._searcher.reader()
            paths, stamps = reader.column_reader("path"), reader.column_reader("stamp")
            return {paths[n]: stamps[n] for n in reader.all_doc_ids()}

    def _stamp_of(self, key: str) -> str | None:
        with self._lock:
            docnum = self._searcher.document_number(path=key)
            if docnum is None:
                return None
            return str(self._searcher.reader().column_reader("stamp")[docnum])

    def _follow_rebuild_elsewhere(self) -> None:
        """Another process may have swapped in a new index folder: read that one from now on."""
        build_id = _read_marker(index_folder(self.workspace))
        if build_id == self._build_id:
            return
        with self._lock:
            self._searcher.close()
            self._ix = whoosh.index.open_dir(str(index_folder(self.workspace)))
            self._searcher = self._ix.searcher(weighting=SaturatedTfIdf())
            self._build_id = build_id
            self.vocabulary = TermTable(self._load_terms, self._load_keywords)


def _damaged(exc: Exception) -> IndexProblem:
    return IndexProblem(f"The search index is damaged ({exc.__class__.__name__}: {exc}).")


def _read_marker(folder: Path) -> str:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexProblem("There is no search index yet." if not folder.exists() else
                           "The search index was never finished.") from exc
    except (OSError, ValueError) as exc:
        raise IndexProblem("The search index is damaged (unreadable marker).") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
        raise IndexProblem("The search index was made by another version of Tessera.")
    return str(data.get("build") or "")
