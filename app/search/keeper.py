"""The search index of the open workspace, kept usable and fresh without ever blocking the window.

``IndexKeeper`` opens the index in the background, or rebuilds it (progress + cancel) when it is
missing, damaged, of an older version or was left half-written by a crash. Until the index is
ready, searches read the files instead (``ScanSearch``): slower, never wrong. Saves from this
window and changes by other people or sync tools update the index item by item: the library notices
those (it watches the item folders, see ``app/library/disk_watch.py``) and the window passes them on
through ``notify_changed``; a periodic check compares every stamp for anything missed.

At start the index is only opened: the first full comparison waits ``first_check_ms`` (10 s). The
list's own check at start already reports the items changed since the last session, and the first
seconds are when someone picks a lesson and starts typing — at 20,000 items the comparison held the
interpreter for 0.5–0.7 s of them and made the preview lag.

Index work runs on one private worker thread, so searches and updates never race each other;
a rebuild runs on the shared pool next to it so searching goes on meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from app.kit.qt import QObject, QThreadPool, QTimer, Signal
from app.kit.tasks import Task, TaskRunner
from editor.progress import CancelToken, ProgressCallback
from editor.search.build import build_index
from editor.search.extract import is_item_source
from editor.search.fallback import ScanSearch
from editor.search.index import IndexProblem, SearchIndex, SyncReport
from editor.search.lock import IndexBusy
from editor.search.results import RELEVANCE, SearchResults
from editor.search.similar import Probe, SimilarItem, probe_for, similar_in_index, similar_in_scan
from editor.workspace import Workspace

FIRST_CHECK_MS = 10_000


class KeeperState(Enum):
    OPENING = "opening"        # looking at the index on disk
    READY = "ready"            # searches use the index
    REBUILDING = "rebuilding"  # searches read the files until the new index is ready
    SCANNING = "scanning"      # no index (rebuild failed or was cancelled): searches read the files


@dataclass(frozen=True)
class _Opened:
    index: SearchIndex | None
    problem: str


@dataclass(frozen=True)
class _Synced:
    report: SyncReport
    problem: str          # the index turned out to be unusable


@dataclass(frozen=True)
class _Answer:
    value: Any
    problem: str          # the index turned out to be damaged; the answer came from the files


class IndexKeeper(QObject):
    state_changed = Signal()     # state, progress or message changed
    index_changed = Signal()     # items were re-indexed: shown results may be out of date

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *,
                 check_seconds: float = 120.0, debounce_ms: int = 300,
                 first_check_ms: int = FIRST_CHECK_MS) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.state = KeeperState.OPENING
        self.progress = 0.0
        self.message = "Opening the search index…"
        self._index: SearchIndex | None = None
        self._scan = ScanSearch(workspace)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)        # one thread: index reads and writes never overlap
        self._serial = TaskRunner(self, self._pool)
        self._background = TaskRunner(self)
        self._rebuild: Task | None = None
        self._pending: set[Path] = set()
        self._pending_all = False
        self._closed = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._flush)
        self._check = QTimer(self)
        self._check.setInterval(max(1, int(check_seconds * 1000)))
        self._check.timeout.connect(self.check_all)
        self._first_check_ms = first_check_ms

    # -- lifecycle ------------------------------------------------------------------------------------
    def start(self) -> None:
        workspace = self.workspace

        def job(_progress: ProgressCallback, _cancel: CancelToken) -> _Opened:
            try:
                index = SearchIndex.open(workspace)
            except (IndexProblem, IndexBusy) as exc:
                return _Opened(None, str(exc))
            return _Opened(index, "")

        self._serial.start(job, self._opened, lambda message: self.rebuild(
            f"The search index could not be opened ({message}). Rebuilding it…"))
        self._check.start()

    def close(self) -> None:
        """Stop watching and working; call before the workspace is closed."""
        self._closed = True
        self._debounce.stop()
        self._check.stop()
        if self._rebuild is not None:
            self._rebuild.cancel()
        self._serial.wait(10_000)
        self._background.wait(10_000)
        if self._index is not None:
            self._index.close()
            self._index = None

    def rebuild(self, reason: str = "Rebuilding the search index…") -> None:
        if self._rebuild is not None or self._closed:
            return
        self._set(KeeperState.REBUILDING, 0.0, reason)
        workspace, scan = self.workspace, self._scan

        def job(progress: ProgressCallback, cancel: CancelToken) -> SearchIndex:
            return build_index(workspace, progress, cancel, extract_doc=scan.doc_for)

        task = self._background.start(job, self._rebuilt, self._rebuild_failed)
        task.signals.progress.connect(self._rebuild_progress)
        task.signals.cancelled.connect(lambda: self._rebuild_failed("The rebuild was cancelled."))
        self._rebuild = task

    def cancel_rebuild(self) -> None:
        if self._rebuild is not None:
            self._rebuild.cancel()

    # -- searching ------------------------------------------------------------------------------------
    def search(self, text: str, on_done: Callable[[SearchResults], None], *, typing: bool = False,
               sort: str = RELEVANCE, limit: int = 30) -> Task:
        """Search off the UI thread; ``on_done`` gets the results on the UI thread."""
        def run(index: SearchIndex | None, cancel: CancelToken) -> SearchResults:
            if index is not None:
                return index.search(text, typing=typing, sort=sort, limit=limit)
            return self._scan.search(text, typing=typing, sort=sort, limit=limit, cancel=cancel)
        return self._ask(run, on_done)

    def similar(self, probe: Probe | Path, on_done: Callable[[list[SimilarItem]], None],
                limit: int = 5) -> Task:
        """Items like ``probe`` (a draft, or the source file of an existing item)."""
        workspace = self.workspace

        def run(index: SearchIndex | None, _cancel: CancelToken) -> list[SimilarItem]:
            wanted = probe_for(workspace, probe) if isinstance(probe, Path) else probe
            if index is not None:
                return similar_in_index(index, wanted, limit)
            return similar_in_scan(self._scan, wanted, limit)
        return self._ask(run, on_done)

    def _ask(self, run: Callable[[SearchIndex | None, CancelToken], Any], on_done: Callable[[Any], None]
             ) -> Task:
        index = self._index

        def job(_progress: ProgressCallback, cancel: CancelToken) -> _Answer:
            cancel.raise_if_cancelled()     # superseded before it started: skip the work
            try:
                return _Answer(run(index, cancel), "")
            except IndexProblem as exc:
                return _Answer(run(None, cancel), str(exc))

        def done(answer: _Answer) -> None:
            if answer.problem and self._index is index:
                self._lost_index(answer.problem)
            on_done(answer.value)
        return self._serial.start(job, done, self._failed)

    # -- freshness ------------------------------------------------------------------------------------
    def notify_saved(self, source: Path) -> None:
        """This window saved ``source``: index it now rather than waiting for the watcher."""
        self.notify_changed(source)

    def notify_changed(self, path: Path) -> None:
        if is_item_source(self.workspace, path.resolve()):
            self._pending.add(path)
            self._debounce.start()

    def check_all(self) -> None:
        """Compare every item with the index (catches changes no watcher reported)."""
        self._pending_all = True
        self._debounce.start()

    def _flush(self) -> None:
        everything, sources = self._pending_all, sorted(self._pending)
        self._pending_all, self._pending = False, set()
        if self._closed:
            return
        if self._index is None:
            self.index_changed.emit()      # the file scan reads changes on the next search anyway
            return
        index = self._index

        def job(_progress: ProgressCallback, cancel: CancelToken) -> _Synced:
            try:
                report = index.sync(None if everything else sources, cancel)
                if everything:
                    index.compact()     # the periodic check is a quiet moment to merge small segments
            except IndexProblem as exc:
                return _Synced(SyncReport(), str(exc))
            return _Synced(report, "")

        # Other failures (another Tessera busy for long, a full disk) are retried by the next save
        # or periodic check, which compare every stamp again.
        self._serial.start(job, lambda synced: self._synced(index, synced), self._failed)

    def _synced(self, index: SearchIndex, synced: _Synced) -> None:
        if self._closed:   # the window went away while the job ran
            return
        if synced.problem:
            if self._index is index:
                self._lost_index(synced.problem)
        elif synced.report.changed:
            self.index_changed.emit()

    # -- state changes (UI thread) ------------------------------------------------------------------
    def _opened(self, opened: _Opened) -> None:
        if self._closed:
            if opened.index is not None:
                opened.index.close()
            return
        if opened.index is None:
            self.rebuild(f"{opened.problem} Rebuilding it…")
            return
        self._index = opened.index
        self._set(KeeperState.READY, 1.0, "")
        QTimer.singleShot(self._first_check_ms, self, self.check_all)

    def _lost_index(self, problem: str) -> None:
        if self._index is not None:
            broken, self._index = self._index, None
            self._serial.start(lambda _p, _c: broken.close())
        self.rebuild(f"{problem} Rebuilding it…")

    def _rebuilt(self, index: SearchIndex) -> None:
        self._rebuild = None
        if self._closed:
            index.close()
            return
        old, self._index = self._index, index
        if old is not None:
            self._serial.start(lambda _p, _c: old.close())
        self._scan = ScanSearch(self.workspace)     # free the files read during the rebuild
        self._set(KeeperState.READY, 1.0, "")
        self.check_all()            # items saved while the rebuild ran
        self.index_changed.emit()

    def _rebuild_failed(self, message: str) -> None:
        self._rebuild = None
        self._set(KeeperState.SCANNING, 0.0, f"The search index could not be built: {message} "
                                             "Searching the files directly instead.")

    def _rebuild_progress(self, fraction: float, message: str) -> None:
        if self.state is KeeperState.REBUILDING:
            self._set(KeeperState.REBUILDING, fraction, message)

    def _failed(self, message: str) -> None:
        self._set(self.state, self.progress, f"Search problem: {message}")

    def _set(self, state: KeeperState, progress: float, message: str) -> None:
        self.state, self.progress, self.message = state, progress, message
        self.state_changed.emit()
