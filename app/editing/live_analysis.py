"""Keystrokes → analysis (render, checks, estimate) on a worker, newest text wins.

Debounced briefly and coalesced: at most one analysis runs at a time; while it runs,
only the newest text waits, so a fast typist never queues up stale work. A result that newer keys
overtook while it ran is still offered for the preview (``interim``): it shows all but the last keys,
and the preview follows a fast typist instead of waiting for a pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.qt import QObject, QThreadPool, QTimer, Signal
from app.kit.tasks import TaskRunner
from editor.progress import CancelToken

if TYPE_CHECKING:   # the renderer (markdown-it, nh3) loads on the worker, after the window is up
    from editor.analysis import Analysis

# Coalescing already keeps at most one analysis running; the pause only spares work in a burst. At 60 ms
# it was two thirds of a steady typist's keystroke → preview time (p50 87 ms; 58 ms at 30).
DEBOUNCE_MS = 30


@dataclass
class Request:
    generation: int
    base: Path
    text: str
    kind: str


class LiveAnalysis(QObject):
    finished = Signal(object, object)   # (Request, Analysis) for the newest text only
    interim = Signal(object, object)    # (Request, Analysis) for a text newer keys have changed since
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        # A pool of its own: someone is waiting for this result, so it must never queue behind background
        # jobs (thumbnails, review hashing, index work, media copies) on the shared pool.
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)
        self.runner = TaskRunner(self, pool)
        self._generation = 0
        self._running = False
        self._pending: Request | None = None
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self._start)

    def request(self, base: Path, text: str, kind: str, *, immediately: bool = False) -> None:
        self._generation += 1
        self._pending = Request(self._generation, base, text, kind)
        if immediately:
            self._timer.stop()
            self._start()
        elif not self._timer.isActive():
            # Not restarted on every key: a fast typist still sees the preview follow along.
            self._timer.start()

    def cancel(self) -> None:
        """Forget pending and running work (e.g. the document was closed)."""
        self._generation += 1
        self._pending = None
        self._timer.stop()

    @property
    def idle(self) -> bool:
        return not self._running and self._pending is None

    def _start(self) -> None:
        if self._running or self._pending is None:
            return
        job, self._pending = self._pending, None
        self._running = True

        def work(_progress: object, _cancel: CancelToken) -> tuple[Request, Analysis]:
            from editor.analysis import analyse

            return job, analyse(job.text, job.base, job.kind)

        self.runner.start(work, self._done, self._error)

    def _done(self, result: tuple[Request, Analysis]) -> None:
        self._running = False
        request, analysis = result
        if request.generation == self._generation:
            self.finished.emit(request, analysis)
        else:
            self.interim.emit(request, analysis)
        self._start()

    def _error(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)
        self._start()
