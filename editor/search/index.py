"""The search index of one workspace: open, keep fresh, search (``build`` makes it).

Lives in ``<workspace>/.tessera/index/`` — a cache: deleting it only costs a rebuild. A build
writes a new folder next to it and swaps it in when complete, so a half-built index is never
opened. ``open`` refuses (``IndexProblem``) an index that is missing, of an older schema, made
by the other engine (see ``engine``), damaged, or whose last update was interrupted by a crash;
the caller rebuilds and meanwhile searches with ``fallback.ScanSearch``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from editor.json_text import parse_json
from editor.progress import CancelToken
from editor.search.engine import Store, Stored, engine_name, open_store
from editor.search.extract import (
    IndexDoc,
    current_stamp,
    current_stamps,
    extract,
    is_item_source,
    relative_key,
)
from editor.search.lock import IndexLock
from editor.search.query import resolve
from editor.search.results import RECENT, RELEVANCE, SearchResults, make_hit
from editor.search.schema import SCHEMA_VERSION
from editor.search.syntax import parse
from editor.search.vocabulary import TermTable
from editor.workspace import Workspace

INDEX_FOLDER = "index"
MARKER = "tessera-index.json"
MAX_SEGMENTS = 8            # more than this many segments, and ``compact`` merges the small ones
Extractor = Callable[[Path], IndexDoc]


class IndexProblem(Exception):
    """The index cannot be used as it is; the message says why. Rebuild it."""


@dataclass(frozen=True)
class SyncReport:
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.removed)


@dataclass(frozen=True)
class Marker:
    build: str
    engine: str


def index_folder(workspace: Workspace) -> Path:
    return workspace.cache_dir / INDEX_FOLDER


class SearchIndex:
    def __init__(self, workspace: Workspace, store: Store, marker: Marker) -> None:
        self.workspace = workspace
        self.write_lock = IndexLock(workspace.cache_dir)
        self.engine = marker.engine
        self._store = store
        self._build_id = marker.build
        self._lock = threading.RLock()      # one thread at a time uses the store
        self.vocabulary = TermTable(self._load_terms, self._load_keywords)

    # -- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(cls, workspace: Workspace) -> SearchIndex:
        folder = index_folder(workspace)
        crashed = IndexLock(workspace.cache_dir).interrupted_writer()
        if crashed is not None:
            raise IndexProblem(f"The last update of the search index, by {crashed.describe()}, "
                               "did not finish.")
        marker = _read_marker(folder)
        try:
            store = open_store(marker.engine, folder)
            store.check()
        except Exception as exc:   # a damaged index fails in many ways (I/O, decoding, engine errors)
            raise _damaged(exc) from exc
        return cls(workspace, store, marker)

    def close(self) -> None:
        with self._lock:
            self._store.close()

    @property
    def segment_count(self) -> int:
        with self._lock:
            return self._store.segment_count()

    @property
    def doc_count(self) -> int:
        with self._lock:
            return self._store.doc_count()

    # -- searching --------------------------------------------------------------------------------
    def search(self, text: str, *, typing: bool = False, sort: str = RELEVANCE, limit: int = 20
               ) -> SearchResults:
        parsed = parse(text, typing=typing)
        with self._lock:
            resolved = resolve(parsed, self.vocabulary)
            sort = sort if resolved.has_text else RECENT
            try:
                found = self._store.search(resolved, sort == RECENT, max(1, limit))
            except Exception as exc:   # see open(): damage found while reading postings or stored fields
                raise _damaged(exc) from exc
        root = self.workspace.root
        hits = tuple(make_hit(root, fields, score, resolved.highlight)
                     for fields, score in found.stored[:limit])
        return SearchResults(parsed.text, hits, found.total, found.facets, resolved.problems, sort, "index")

    # -- for "similar" --------------------------------------------------------------------------------
    def doc_frequency(self, fields: Iterable[str], term: str) -> int:
        """In how many items the most frequent of ``fields`` holds ``term``."""
        with self._lock:
            return max((self._store.doc_frequency(name, term) for name in fields), default=0)

    def with_url(self, url: str, limit: int) -> list[Stored]:
        """Stored fields of the items whose normalised address is ``url``."""
        with self._lock:
            return self._store.with_url(url, limit)

    def best_for_terms(self, weighted: list[tuple[str, str, float]], limit: int) -> list[Stored]:
        """Stored fields of the items scoring best for any of (field, term, boost)."""
        with self._lock:
            return self._store.best_for_terms(weighted, limit)

    def _load_terms(self, field: str, letter: str) -> list[str]:
        with self._lock:
            try:
                return self._store.terms(field, letter)
            except Exception as exc:   # see open()
                raise _damaged(exc) from exc

    def _load_keywords(self, field: str) -> list[str]:
        with self._lock:
            try:
                return self._store.keyword_values(field)
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
            with self._lock:
                indexed = self._store.stamps()
            now = current_stamps(self.workspace, indexed)
            changed_keys = sorted(key for key, stamp in now.items() if indexed.get(key) != stamp)
            removed = sorted(set(indexed) - set(now))
        else:
            resolved = [source.resolve() for source in sources]
            keys = {relative_key(root, s) for s in resolved if is_item_source(self.workspace, s)}
            with self._lock:
                known = {key: stamp for key in keys if (stamp := self._store.stamp_of(key)) is not None}
            changed_keys, removed = self._compare(root, keys, known)
        changed = []
        for key in changed_keys:
            if cancel is not None:
                cancel.raise_if_cancelled()
            changed.append((extract_doc or self._extract)(root / key))
        if changed or removed:
            self._write(changed, removed)
        return SyncReport(len(changed), len(removed))

    @staticmethod
    def _compare(root: Path, keys: set[str], indexed: Mapping[str, str]) -> tuple[list[str], list[str]]:
        changed, removed = [], []
        for key in sorted(keys):
            if not (root / key).is_file():
                if key in indexed:
                    removed.append(key)
            elif key not in indexed or current_stamp(root, key, indexed[key]) != indexed[key]:
                changed.append(key)
        return changed, removed

    def _extract(self, source: Path) -> IndexDoc:
        return extract(self.workspace, source)

    def _write(self, docs: list[IndexDoc], removed: list[str]) -> None:
        with self.write_lock.hold(), self._lock:
            self._store.write(docs, removed)
            for doc in docs:
                self.vocabulary.add(doc)

    def compact(self) -> bool:
        """Merge the small segments left by saves once there are many; True if it did."""
        with self._lock:
            if self._store.segment_count() <= MAX_SEGMENTS:
                return False
        with self.write_lock.hold(), self._lock:
            return self._store.compact(MAX_SEGMENTS)

    def _follow_rebuild_elsewhere(self) -> None:
        """Another process may have swapped in a new index folder: read that one from now on."""
        marker = _read_marker(index_folder(self.workspace))
        if marker.build == self._build_id:
            return
        store = open_store(marker.engine, index_folder(self.workspace))
        with self._lock:
            self._store.close()
            self._store, self._build_id, self.engine = store, marker.build, marker.engine
            self.vocabulary = TermTable(self._load_terms, self._load_keywords)


def _damaged(exc: Exception) -> IndexProblem:
    return IndexProblem(f"The search index is damaged ({exc.__class__.__name__}: {exc}).")


def _read_marker(folder: Path) -> Marker:
    try:
        data = parse_json((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexProblem("There is no search index yet." if not folder.exists() else
                           "The search index was never finished.") from exc
    except (OSError, ValueError) as exc:
        raise IndexProblem("The search index is damaged (unreadable marker).") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
        raise IndexProblem("The search index was made by another version of Tessera.")
    engine = str(data.get("engine") or "")
    if engine != engine_name():
        raise IndexProblem(f"The search index was made with the {engine or 'another'} engine; "
                           f"this installation searches with {engine_name()}.")
    return Marker(str(data.get("build") or ""), engine)
