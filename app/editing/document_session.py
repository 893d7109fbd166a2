"""One open lesson or curated item: dirty tracking, autosave, crash journal, conflicts.

Autosave writes the file a few seconds after the last keystroke; the crash journal is
written sooner, so a killed app loses at most a moment of typing. Before any write the
file on disk is compared with what was loaded: someone else's change is never
overwritten silently — the session reports a conflict and the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.kit.qt import QFileSystemWatcher, QObject, QTimer, Signal
from editor.atomic import WriteError
from editor.lesson_file import ConflictError, LoadError, SourceFile
from editor.recovery import RecoveryStore

# The recovery copy is written once typing pauses briefly, and at least this often while it goes on,
# so a crash loses about a second of typing at most.
JOURNAL_IDLE_MS = 250
JOURNAL_MAX_MS = 1000


class DocumentSession(QObject):
    saved = Signal(object)               # Path of the saved source
    reloaded = Signal(str)               # new text read from disk (no local edits were pending)
    conflict = Signal(object)            # other text on disk (str) or None when the file was deleted
    failed = Signal(str)                 # a save that could not be done; message for the user
    dirty_changed = Signal(bool)

    def __init__(self, source: SourceFile, text_provider: Callable[[], str], recovery: RecoveryStore,
                 autosave_seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._text = text_provider
        self.recovery = recovery
        self._dirty = False
        self.in_conflict = False
        self._journal_timer = QTimer(self, singleShot=True, interval=JOURNAL_IDLE_MS)
        self._journal_timer.timeout.connect(self.write_journal)
        self._journal_deadline = QTimer(self, singleShot=True, interval=JOURNAL_MAX_MS)
        self._journal_deadline.timeout.connect(self.write_journal)
        self._autosave_timer = QTimer(self, singleShot=True)
        self.set_autosave_seconds(autosave_seconds)
        self._autosave_timer.timeout.connect(self.autosave)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_disk_change)
        self._watcher.directoryChanged.connect(self._on_disk_change)
        self._watch()

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_autosave_seconds(self, seconds: int) -> None:
        self._autosave_timer.setInterval(max(1, seconds) * 1000)

    # -- typing ---------------------------------------------------------------------
    def text_changed(self) -> None:
        dirty = self._disk_form() != self.source.text
        self._set_dirty(dirty)
        if dirty:
            self._journal_timer.start()
            if not self._journal_deadline.isActive():    # not pushed back by further typing
                self._journal_deadline.start()
            if not self.in_conflict:
                self._autosave_timer.start()
        else:
            self._stop_journal_timers()
            self._autosave_timer.stop()
            self.recovery.discard(self.path)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _disk_form(self) -> str:
        return self.source.to_disk_form(self._text())

    def _stop_journal_timers(self) -> None:
        self._journal_timer.stop()
        self._journal_deadline.stop()

    def write_journal(self) -> None:
        self._stop_journal_timers()
        if self._dirty:
            try:
                self.recovery.record(self.path, self._text())
            except OSError as exc:
                self.failed.emit(f"Could not write the recovery copy: {exc}")

    # -- saving -----------------------------------------------------------------------
    def autosave(self) -> None:
        if self._dirty and not self.in_conflict:
            self.save()

    def save(self, *, force: bool = False) -> bool:
        """Save now; returns True when the file on disk holds the editor's text."""
        self._autosave_timer.stop()
        try:
            self.source.save(self._disk_form(), force=force)
        except ConflictError as exc:
            self.in_conflict = True
            self.write_journal()
            self.conflict.emit(exc.disk_text)
            return False
        except (WriteError, OSError) as exc:
            self.write_journal()
            self.failed.emit(str(exc))
            return False
        self.in_conflict = False
        self._stop_journal_timers()
        self.recovery.discard(self.path)
        self._set_dirty(False)
        self._watch()
        self.saved.emit(self.path)
        return True

    def take_theirs(self) -> None:
        """Drop local edits and load what is on disk now."""
        try:
            self.source.reload()
        except LoadError as exc:
            self.failed.emit(str(exc))
            return
        self.in_conflict = False
        self.recovery.discard(self.path)
        self._set_dirty(False)
        self.reloaded.emit(self.source.text)

    def close(self) -> None:
        self._stop_journal_timers()
        self._autosave_timer.stop()
        self._watcher.removePaths(self._watcher.files() + self._watcher.directories())

    # -- the file on disk ----------------------------------------------------------------
    def _watch(self) -> None:
        # Atomic saves replace the file, which ends a watch on it: watch the folder too.
        for path in (self.path, self.path.parent):
            if path.exists() and str(path) not in self._watcher.files() + self._watcher.directories():
                self._watcher.addPath(str(path))

    def _on_disk_change(self, _path: str) -> None:
        self._watch()
        try:
            digest, disk_text = self.source.disk_state()
        except LoadError as exc:
            self.failed.emit(str(exc))
            return
        if digest == self.source.disk_digest or self.in_conflict:
            return
        if not self._dirty and disk_text is not None:
            self.take_theirs()
            return
        self.in_conflict = True
        self._autosave_timer.stop()
        self.write_journal()
        self.conflict.emit(disk_text)
