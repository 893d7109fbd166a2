"""Long UI-thread work split over turns of the event loop, so timers and input get theirs in between.

Steps wait in one queue and run one per turn, on a 1 ms timer:

* a timer rather than ``QTimer.singleShot(0, …)``: that posts an event, and Qt delivers posted events
  back to back, letting timers run only every other turn; a chain of posted steps was one long freeze to
  every timer in the window (typing debounces, progress animations). Measured with a 5 ms ticker and
  ten 20 ms steps: 40–44 ms between ticks with posted steps, 20–22 ms with 1 ms timers;
* one queue rather than a timer per step: Qt runs every timer that is due in the same turn, so steps
  of different features scheduled together (the first cards of a lesson, the web engine's start, the
  Review tab) ran back to back as one freeze again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from app.kit.qt import QObject, QTimer, is_alive

TURN_MS = 1


class _TurnQueue(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._steps: deque[tuple[QObject, Callable[[], object]]] = deque()
        self._timer = QTimer(self, singleShot=True, interval=TURN_MS)
        self._timer.timeout.connect(self._run_one)

    def add(self, receiver: QObject, step: Callable[[], object]) -> None:
        self._steps.append((receiver, step))
        if not self._timer.isActive():
            self._timer.start()

    def _run_one(self) -> None:
        try:
            while self._steps:
                receiver, step = self._steps.popleft()
                if is_alive(receiver):
                    step()
                    break
        finally:                       # a step that failed must not stop the others
            if self._steps:
                self._timer.start()


_queue: _TurnQueue | None = None


def next_turn(receiver: QObject, step: Callable[[], object]) -> None:
    """Run ``step`` in a turn of the event loop of its own, after the steps already waiting (not at all
    once ``receiver`` is gone)."""
    global _queue
    if _queue is None or not is_alive(_queue):
        _queue = _TurnQueue()
    _queue.add(receiver, step)
