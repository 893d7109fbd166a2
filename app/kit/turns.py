"""Long UI-thread work split over turns of the event loop, so timers and input get theirs in between."""

from __future__ import annotations

from collections.abc import Callable

from app.kit.qt import QObject, QTimer

# A timer rather than ``QTimer.singleShot(0, …)``: that posts an event, and Qt delivers posted events
# back to back, letting timers run only every other turn; a chain of posted steps was one long freeze
# to every timer in the window (typing debounces, progress animations). Measured with a 5 ms ticker and
# ten 20 ms steps: 40–44 ms between ticks with posted steps, 20–22 ms with 1 ms timers.
TURN_MS = 1


def next_turn(receiver: QObject, step: Callable[[], None]) -> None:
    """Run ``step`` in a later turn of the event loop, after the timers and input already waiting
    (not at all once ``receiver`` is gone)."""
    QTimer.singleShot(TURN_MS, receiver, step)
