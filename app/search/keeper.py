"""The search index of the open workspace, kept usable and fresh without ever blocking the window.

``IndexKeeper`` opens the index in the background, or rebuilds it (progress + cancel) when it is
missing, damaged, of an older version or was left half-written by a crash. Until the index is
ready, searches read the files instead (``ScanSearch``): slower, never wrong. Saves from this
window, and changes by other people or sync tools (a file-system watcher, plus a periodic check
for network folders that send no events), update the index item by item.

Index work runs on one private worker thread, so searches and updates never race each other;
a rebuild runs on the shared pool next to it so searching goes on meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from app.kit.qt import QFileSystemWatcher, QObject, QThreadPool, QTimer, Signal, is_alive
from app.kit.tasks import Task, TaskRunner
from editor.progress import CancelToken, ProgressCallback
from editor.search.build import build_index
from editor.search.extract import is_item_source
from editor.search.fallback import ScanSearch
from editor.search.index import IndexProblem, SearchIndex, SyncReport
from editor.search.lock import IndexBusy
from editor.search.results import RELEVANCE, SearchResults
from editor.search.similar import Probe, SimilarItem, probe_for, similar_in_index, similar_in_scan
from editor.workspace import CURATED, LESSON_FILE, LESSONS, Workspace


class KeeperState(Enum):
    OPENING = "opening"        # looking at the index on disk
    READY = "ready"            # searches use the index
    REBUILDING = "rebuilding"  # searches read the files until the new index is ready
    SCANNING = "scanning"      # no index (rebuild failed or was cancelled): searches read the files


@dataclass(frozen=True)
class _Opened:
    index: SearchIndex | None
    problem: str
    watch: list[str]


@dataclass(frozen=True)
class _Synced:
    report: SyncReport
    watch: list[str]
    problem: str          # the index turned out to be unusable


@dataclass(frozen=True)
class _Answer:
    value: Any
    problem: str          # the index turned out to be damaged; the answer came from the files


class IndexKeeper(QObject):
    state_changed = Signal()     # state, progress or message changed
    index_changed = Signal()     # items were re-indexed: shown results may be out of date

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *, watch: bool = True,
                 check_seconds: float = 120.0, debounce_ms: int = 300) -> None:
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
        self._watcher = QFileSystemWatcher(self) if watch else None
        if self._watcher is not None:
            self._watcher.directoryChanged.connect(self._directory_changed)
            self._watcher.fileChanged.connect(lambda path: self.notify_changed(Path(path)))

    # -- lifecycle ------------------------------------------------------------------------------------
    def start(self) -> None:
        workspace = self.workspace

        def job(_progress: ProgressCallback, cancel: CancelToken) -> _Opened:
            try:
                index = SearchIndex.open(workspace)
                index.sync(cancel=cancel)
            except (IndexProblem, IndexBusy) as exc:
                return _Opened(None, str(exc), watch_paths(workspace))
            return _Opened(index, "", watch_paths(workspace))

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

    def _directory_changed(self, folder: str) -> None:
        path = Path(folder).resolve()
        root = self.workspace.root
        if path in (root / LESSONS, root / CURATED):
            self.check_all()       # items were added or removed
        elif path.parent == root / LESSONS:
            self.notify_changed(path / LESSON_FILE)
            # A save by rename replaced the watched file: watch the new one for in-place edits.
            if (path / LESSON_FILE).is_file():
                self._watch([str(path / LESSON_FILE)])
        elif path.parent.parent == root / LESSONS:
            self.notify_changed(path.parent / LESSON_FILE)    # media/: captions may have changed

    def _flush(self) -> None:
        everything, sources = self._pending_all, sorted(self._pending)
        self._pending_all, self._pending = False, set()
        if self._closed:
            return
        if self._index is None:
            self.index_changed.emit()      # the file scan reads changes on the next search anyway
            return
        index, workspace = self._index, self.workspace

        def job(_progress: ProgressCallback, cancel: CancelToken) -> _Synced:
            try:
                report = index.sync(None if everything else sources, cancel)
                if everything:
                    index.compact()     # the periodic check is a quiet moment to merge small segments
            except IndexProblem as exc:
                return _Synced(SyncReport(), [], str(exc))
            return _Synced(report, watch_paths(workspace) if everything else [], "")

        # Other failures (another Tessera busy for long, a full disk) are retried by the next save
        # or periodic check, which compare every stamp again.
        self._serial.start(job, lambda synced: self._synced(index, synced), self._failed)

    def _synced(self, index: SearchIndex, synced: _Synced) -> None:
        if self._closed or not is_alive(self._watcher):   # the window went away while the job ran
            return
        self._watch(synced.watch)
        if synced.problem:
            if self._index is index:
                self._lost_index(synced.problem)
        elif synced.report.changed:
            self.index_changed.emit()

    # -- state changes (UI thread) ------------------------------------------------------------------
    def _opened(self, opened: _Opened) -> None:
        self._watch(opened.watch)
        if self._closed:
            if opened.index is not None:
                opened.index.close()
            return
        if opened.index is None:
            self.rebuild(f"{opened.problem} Rebuilding it…")
            return
        self._index = opened.index
        self._set(KeeperState.READY, 1.0, "")

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

    def _watch(self, paths: list[str]) -> None:
        if self._watcher is None or not paths or self._closed:
            return
        known = set(self._watcher.directories()) | set(self._watcher.files())
        missing = [path for path in paths if path not in known]
        if missing:
            self._watcher.addPaths(missing)   # beyond the system's watch limit, the periodic check remains


def watch_paths(workspace: Workspace) -> list[str]:
    """Folders and files whose changes mean items changed (computed off the UI thread)."""
    root = workspace.root
    paths = [root / LESSONS, root / CURATED]
    for source in workspace.lesson_sources():
        paths += [source.parent, source]
        if (source.parent / "media").is_dir():
            paths.append(source.parent / "media")
    paths += workspace.curated_sources()
    return [str(path) for path in paths if path.exists()]
