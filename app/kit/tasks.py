"""Run core jobs off the UI thread: QThreadPool workers, results delivered on the main thread.

Core functions take ``(progress, cancel)``; this adapts them to Qt signals. Widgets are
never touched from a worker: the worker only emits signals, which Qt queues to the
receiver's (main) thread.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from app.kit.qt import QObject, QRunnable, QThreadPool, Signal
from editor.progress import Cancelled, CancelToken

log = logging.getLogger("tessera.tasks")
# Errors raised on purpose with a message for people (a missing folder, a refused review, a bad
# target): the user is told, so the log gets one line. Anything else is a bug and keeps its traceback.
_HANDLED_PACKAGES = ("editor.", "publishing.", "app.")
_HANDLED_BUILTINS = (OSError, ValueError)


def is_handled(exc: BaseException) -> bool:
    return isinstance(exc, _HANDLED_BUILTINS) or type(exc).__module__.startswith(_HANDLED_PACKAGES)


class TaskSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)        # the job's return value
    failed = Signal(str)             # a message for the user
    cancelled = Signal()


class Task(QRunnable):
    """One job. ``job(progress, cancel)`` runs on a pool thread."""

    def __init__(self, job: Callable[[Callable[[float, str], None], CancelToken], Any]) -> None:
        super().__init__()
        self.job = job
        self.token = CancelToken()
        self.signals = TaskSignals()
        self.error: Exception | None = None    # what the job raised, for callers that tell causes apart
        self.done = threading.Event()          # set once its outcome has been sent (see LibraryPanel)
        self.setAutoDelete(False)  # we keep a reference; Python owns its lifetime

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:
        try:
            result = self.job(self._progress, self.token)
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:  # any failure is reported to the user instead of killing the thread
            if is_handled(exc):
                log.warning("%s: %s", type(exc).__name__, " ".join(str(exc).split()))
            else:
                log.exception("A background job failed unexpectedly")
            self.error = exc
            self._emit(self.signals.failed, str(exc) or exc.__class__.__name__)
        else:
            self._emit(self.signals.finished, result)
        finally:
            self.done.set()

    def _progress(self, fraction: float, message: str) -> None:
        self._emit(self.signals.progress, fraction, message)

    def _emit(self, signal: Any, *args: object) -> None:
        # At application exit the receiving objects may already be gone; nobody is waiting then.
        try:
            signal.emit(*args)
        except RuntimeError:
            self.token.cancel()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they report back."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def start(self, job: Callable[[Callable[[float, str], None], CancelToken], Any],
              on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[str], None] | None = None) -> Task:
        task = Task(job)
        self._running.add(task)
        if on_done is not None:
            task.signals.finished.connect(on_done)
        if on_error is not None:
            task.signals.failed.connect(on_error)
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_args, t=task: self._running.discard(t))
        self.pool.start(task)
        return task

    def wait(self, msecs: int = 5000) -> bool:
        return bool(self.pool.waitForDone(msecs))

    def import_modules(self, names: Sequence[str], on_done: Callable[[Any], None] | None = None) -> Task:
        """Import ``names`` on a worker: code the window will need soon, loaded without holding the UI
        thread (the imports share the interpreter, but the window keeps painting between them)."""
        def load(_progress: Callable[[float, str], None], _cancel: CancelToken) -> list[ModuleType]:
            return [importlib.import_module(name) for name in names]
        return self.start(load, on_done)
