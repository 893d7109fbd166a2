"""Run long steps one after the other off the UI thread, each reporting under its own key.

The export dialog builds one format per step and the publish dialog sends one job per step, so a
progress bar per format or target follows its own step only. Cancel stops the running step (its
core function leaves nothing half-written) and drops the steps not started yet; each of those is
reported as cancelled, so a dialog can say what happened to every row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.kit.qt import QObject, Signal
from app.kit.tasks import Task, TaskRunner
from editor.progress import CancelToken

Job = Callable[[Callable[[float, str], None], CancelToken], Any]


class StepQueue(QObject):
    progress = Signal(str, float, str)   # key, fraction done, what it is doing
    done = Signal(str, object)           # key, the step's return value
    failed = Signal(str, str)            # key, message for people
    cancelled = Signal(str)              # key: stopped, or never started because of Cancel
    finished = Signal()                  # nothing is left to run

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self._pending: list[tuple[str, Job]] = []
        self._current: tuple[str, Task] | None = None
        self.error: Exception | None = None   # while ``failed`` is delivered: what the step raised

    @property
    def running(self) -> bool:
        return self._current is not None

    def add(self, key: str, job: Job) -> None:
        """Queue ``job`` under ``key``; it starts at once when nothing else runs."""
        self._pending.append((key, job))
        if self._current is None:
            self._start_next()

    def cancel(self) -> None:
        pending, self._pending = self._pending, []
        for key, _job in pending:
            self.cancelled.emit(key)
        if self._current is not None:      # steps wait only while one runs: nothing else to stop
            self._current[1].cancel()

    def _start_next(self) -> None:
        if not self._pending:
            self._current = None
            self.finished.emit()
            return
        key, job = self._pending.pop(0)
        # Every signal is connected before the task starts (a quick job's first report would otherwise
        # be lost), and to methods of this object, so nothing is delivered once it is deleted with its
        # dialog while a job still runs.
        task = Task(job)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_done)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        self._current = (key, task)         # also keeps the task alive until it reports back
        self.runner.pool.start(task)

    # One task runs at a time, so its reports belong to the current key.
    def _on_progress(self, fraction: float, text: str) -> None:
        if self._current is not None:
            self.progress.emit(self._current[0], fraction, text)

    def _on_done(self, result: object) -> None:
        self._ended(self.done, result)

    def _on_failed(self, message: str) -> None:
        self.error = self._current[1].error if self._current is not None else None
        try:
            self._ended(self.failed, message)
        finally:
            self.error = None

    def _on_cancelled(self) -> None:
        self._ended(self.cancelled)

    def _ended(self, signal: Any, *args: object) -> None:
        if self._current is None:
            return
        key = self._current[0]
        signal.emit(key, *args)     # its handlers may add steps: they queue behind, nothing runs twice
        self._current = None
        self._start_next()
