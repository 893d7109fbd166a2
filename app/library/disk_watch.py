"""Notice when the library's files change, without watching every file.

Watching each of 20,000 lessons (60,000 paths with their folders) froze the window for 3.6 s and can
exceed the system's watch limit. Three folders and one file say nearly everything: ``lessons/`` and
``curated/`` change when an item is added, removed or renamed (and when a curated file is saved by
replacing it), and the open item's file and folder change when someone edits what is on screen. A
lesson edited in place elsewhere is caught by a periodic check, which only compares modification
stamps (``ItemStore.refresh`` on a worker), as are folders on network drives that send no events.
"""

from __future__ import annotations

from pathlib import Path

from app.kit.qt import QFileSystemWatcher, QObject, QTimer, Signal
from editor.workspace import CURATED, LESSONS, Workspace

CHECK_SECONDS = 30.0
DEBOUNCE_MS = 300


class FolderWatch(QObject):
    changed = Signal()          # something may have changed on disk: compare the stamps (debounced)

    def __init__(self, parent: QObject | None = None, *, check_seconds: float = CHECK_SECONDS,
                 debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._noticed)
        self._watcher.fileChanged.connect(self._noticed)
        self._folders: list[str] = []
        self._item: list[str] = []
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self.changed.emit)
        self._check = QTimer(self, interval=max(1, int(check_seconds * 1000)))
        self._check.timeout.connect(self.changed.emit)

    def watch(self, workspace: Workspace | None) -> None:
        """Watch this workspace's item folders (none: stop watching)."""
        self._folders = [str(workspace.root / name) for name in (LESSONS, CURATED)] if workspace else []
        self._item = []
        self._rewatch()
        if workspace is None:
            self._check.stop()
        else:
            self._check.start()

    def watch_item(self, source: Path | None) -> None:
        """Also watch the open item: its file, and its folder, since saves by others replace the file."""
        self._item = [str(source), str(source.parent)] if source is not None else []
        self._rewatch()

    def watched(self) -> list[str]:
        return sorted(self._watcher.directories() + self._watcher.files())

    def _noticed(self, _path: str) -> None:
        self._rewatch()         # a replaced file or a re-created folder is no longer watched
        self._debounce.start()

    def _rewatch(self) -> None:
        wanted = [path for path in [*self._folders, *self._item] if Path(path).exists()]
        current = set(self._watcher.directories() + self._watcher.files())
        stale = [path for path in current if path not in wanted]
        if stale:
            self._watcher.removePaths(stale)
        missing = [path for path in wanted if path not in current]
        if missing:
            self._watcher.addPaths(missing)
