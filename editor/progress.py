"""The plain progress/cancel protocol every long core function accepts.

``app/`` adapts it to Qt; the CLI and tests pass plain callables.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

# fraction done in [0, 1] and a short human-readable step description
ProgressCallback = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised inside a job when its cancel token was set; the job leaves nothing behind."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(fraction: float, message: str) -> None:
    """Progress sink for callers that do not display progress."""


def scaled(progress: ProgressCallback, start: float, end: float) -> ProgressCallback:
    """A callback reporting 0…1 of one step as ``start…end`` of the whole job."""
    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(1.0, max(0.0, fraction)), message)
    return report
