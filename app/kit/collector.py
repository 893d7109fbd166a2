"""Python's cycle collector runs on the UI thread only.

Left automatic, it runs in whichever thread crosses its allocation threshold — often a worker (live
analysis, imports, index jobs). A cycle that holds Qt objects (a widget and a lambda connected to it)
is then destroyed on that worker, which Qt does not allow: the process dies with a segmentation fault
"while garbage-collecting" (seen in the test suite, in a worker rendering a package). So the automatic
collector is switched off and the UI thread collects on a timer, keeping Python's own thresholds.
"""

from __future__ import annotations

import gc

from app.kit.qt import QObject, QTimer

CHECK_MS = 250


class UiThreadCollector(QObject):
    """While it lives, cycles are collected by this object's (the UI) thread, a generation at a time."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold, as the automatic one would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
        if due:
            gc.collect(due[-1])

    def stop(self) -> None:
        """Hand collecting back to Python (after everything with Qt objects has been collected here)."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def keep_long_lived() -> None:
    """Exempt every object alive now from later collections (call it once a large list is in).

    The young generations are collected first, so little garbage is kept; a cycle among the objects
    kept here that becomes garbage later stays in memory until ``UiThreadCollector.stop``.
    """
    gc.collect(1)
    gc.freeze()
