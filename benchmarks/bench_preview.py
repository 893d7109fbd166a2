"""Typing in the real main window: keystroke → live preview, and how long the UI thread is ever blocked.

The long lesson (~2,000 words, every block type) is opened in ``MainWindow``. Key press and release
events go to the source editor at a steady typing pace (one key every 120 ms), then as a fast burst.
For each keystroke the time until the preview shows a render that contains it is recorded: the
analysis results that reach the preview are matched to the number of typed characters in the text
they were computed from, and ``PreviewPane.updated`` (emitted in order) says when each is on screen.
Meanwhile a 5 ms timer on the UI thread records the longest gap between its ticks.

Run: ``.venv/bin/python -m benchmarks.bench_preview [--keys 40] [--burst 20]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from benchmarks.measure import (
    QT_HEADLESS,
    isolated_home,
    machine_summary,
    peak_rss_mb,
    summarise,
    tree_rss_mb,
)

TICK_MS = 5
STEADY_INTERVAL_MS = 120
BURST_INTERVAL_MS = 30
GOAL_PREVIEW_MS = 100
GOAL_BLOCK_MS = 50
SETTLE_TIMEOUT_MS = 10_000
SENTENCE = ("Keep the weekly handover notes short and name one owner for every open task before Friday "
            "so nothing gets lost between shifts and everyone knows who follows up on what")


class UiBlockMeter:
    """Longest gap between ticks of a fast timer on the UI thread: how long the UI was unresponsive."""

    def __init__(self, qt: Any) -> None:
        self.timer = qt.QTimer(interval=TICK_MS, timerType=qt.Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self.last = 0.0          # when the timer last ticked

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000)
        self.last = now


class TypingSession:
    """Types ``text`` into the editor on a schedule and matches each key to the preview that shows it."""

    def __init__(self, qt: Any, window: Any, text: str, intervals_ms: list[int],
                 done: Callable[[], None], target: Any = None) -> None:
        self.qt, self.window, self.text, self.intervals, self.done = qt, window, text, intervals_ms, done
        self.target = target if target is not None else window.editor.source   # the widget typed into
        self.base_length = len(window.editor.source.toPlainText())
        self.sent: list[float] = []              # perf_counter when each key press was sent
        self.handled_ms: list[float] = []        # time the editor took to handle each key press
        self.changed: list[bool] = []            # whether each key changed the lesson text at once
        self.latency_ms: dict[int, float] = {}   # key index → keystroke-to-preview time
        self.analysed_ms: dict[int, float] = {}  # key index → keystroke-to-analysis-result time
        self.in_flight: deque[int] = deque()     # typed-character counts of renders sent to the preview
        window.editor.live.finished.connect(self._rendered)
        window.editor.live.interim.connect(self._rendered)
        window.preview.updated.connect(self._shown)

    def start(self) -> None:
        self._next_key()

    def _next_key(self) -> None:
        index = len(self.sent)
        char = self.text[index]
        key = self.qt.Qt.Key(ord(char.upper()))
        modifiers = self.qt.Qt.KeyboardModifier.ShiftModifier if char.isupper() \
            else self.qt.Qt.KeyboardModifier.NoModifier
        length = self.window.editor.source.document().characterCount()
        self.sent.append(time.perf_counter())
        for kind in (self.qt.QEvent.Type.KeyPress, self.qt.QEvent.Type.KeyRelease):
            self.qt.QApplication.sendEvent(self.target, self.qt.QKeyEvent(kind, key, modifiers, char))
        self.handled_ms.append((time.perf_counter() - self.sent[-1]) * 1000)
        self.changed.append(self.window.editor.source.document().characterCount() != length)
        if index + 1 < len(self.text):
            self.qt.QTimer.singleShot(self.intervals[index], self._next_key)

    def _rendered(self, request: Any, _analysis: Any) -> None:
        # Connected after the window's own handler, so this render is already on its way to the page.
        typed = len(request.text) - self.base_length
        self.in_flight.append(typed)
        self._stamp(self.analysed_ms, typed)

    def _shown(self) -> None:
        if not self.in_flight:
            return
        self._stamp(self.latency_ms, self.in_flight.popleft())
        if len(self.latency_ms) == len(self.text):
            self.stop()
            self.done()

    def stop(self) -> None:
        """Stop listening (another session may type next in the same window)."""
        self.window.editor.live.finished.disconnect(self._rendered)
        self.window.editor.live.interim.disconnect(self._rendered)
        self.window.preview.updated.disconnect(self._shown)

    def _stamp(self, times: dict[int, float], typed: int) -> None:
        """Record now for the first ``typed`` keys that have no time yet: they are all in this render."""
        now = time.perf_counter()
        for index in range(typed):
            times.setdefault(index, (now - self.sent[index]) * 1000)


def place_cursor(qt: Any, source: Any) -> None:
    """Cursor at the end of the first paragraph after the "Putting it together" heading, mid-document."""
    document = source.document()
    block = document.find("## Putting it together").block().next().next()
    cursor = source.textCursor()
    cursor.setPosition(block.position() + block.length() - 1)
    source.setTextCursor(cursor)
    source.setFocus(qt.Qt.FocusReason.OtherFocusReason)


def run(keys: int, burst: int) -> int:
    from app.kit import qt
    from app.kit.settings import Settings
    from app.shell.main_window import MainWindow
    from benchmarks.make_workspace import long_lesson_path, make_workspace

    print(machine_summary())
    text = (" " + SENTENCE)[:keys + burst]
    intervals = [STEADY_INTERVAL_MS] * keys + [BURST_INTERVAL_MS] * burst
    with isolated_home("tessera-bench-preview-") as home:
        workspace = make_workspace(home / "workspace")
        app = qt.QApplication([sys.argv[0]])
        window = MainWindow(Settings())
        window.open_workspace(workspace)
        window.show()
        meter = UiBlockMeter(qt)
        sessions: list[TypingSession] = []
        texts: list[str] = []   # the editor's text before and after typing

        # One event loop for the whole run: leaving it shuts QtWebEngine down for good.
        def all_shown() -> None:
            meter.stop()
            texts.append(window.editor.source.toPlainText())
            qt.QTimer.singleShot(0, app.quit)   # not from inside the QtWebEngine callback that got here

        def first_load() -> None:
            window.preview.updated.disconnect(first_load)
            place_cursor(qt, window.editor.source)
            texts.append(window.editor.source.toPlainText())
            sessions.append(TypingSession(qt, window, text, intervals, all_shown))
            meter.start()
            sessions[0].start()

        window.preview.updated.connect(first_load)
        window.library.reload(long_lesson_path(workspace).parent)   # selected once the list is read
        qt.QTimer.singleShot(sum(intervals) + SETTLE_TIMEOUT_MS, app.quit)
        app.exec()
        if len(texts) < 2:
            raise SystemExit("bench_preview: timed out before every keystroke reached the preview")
        original, final = texts
        if len(final) != len(original) + len(text) or text not in final:
            raise SystemExit("bench_preview: the editor changed the typed text (auto-indent or pairing?); "
                             "the figures would not mean what they say")
        report(sessions[0], meter, keys, burst)
    return 0


def report(session: TypingSession, meter: UiBlockMeter, keys: int, burst: int) -> None:
    latencies = [session.latency_ms[index] for index in sorted(session.latency_ms)]
    steady, fast = summarise(latencies[:keys]), summarise(latencies[keys:]) if burst else None
    every = summarise(latencies)
    blocked = max(meter.gaps)
    print(f"Typed {len(latencies)} keys into a {session.base_length:,}-character lesson "
          f"({keys} at {STEADY_INTERVAL_MS} ms, then {burst} at {BURST_INTERVAL_MS} ms).")
    print("Keystroke → preview updated (ms):")
    print(f"  steady typing   {steady}")
    if fast is not None:
        print(f"  burst           {fast}")
    print(f"  all keys        {every}   goal p95 ≤ {GOAL_PREVIEW_MS} ms: "
          f"{'met' if every.p95 <= GOAL_PREVIEW_MS else 'missed'}")
    analysed = [session.analysed_ms[index] for index in sorted(session.analysed_ms)]
    print(f"  of which keystroke → analysis result on the UI thread (debounce + worker): "
          f"{summarise(analysed)}")
    print(f"Editor handling one key press + release (UI thread): {summarise(session.handled_ms)} ms")
    print(f"UI thread: longest gap between {TICK_MS} ms ticks {blocked:.1f} ms "
          f"(goal ≤ {GOAL_BLOCK_MS} ms: {'met' if blocked <= GOAL_BLOCK_MS else 'missed'}); "
          f"gaps over {GOAL_BLOCK_MS} ms: {sum(gap > GOAL_BLOCK_MS for gap in meter.gaps)} "
          f"of {len(meter.gaps)} ticks")
    print(f"Memory after: main process peak RSS {peak_rss_mb():.0f} MB, with QtWebEngine helpers "
          f"{tree_rss_mb():.0f} MB now")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time keystroke → live preview in the real main window.")
    parser.add_argument("--keys", type=int, default=40, help=f"keys at {STEADY_INTERVAL_MS} ms (default 40)")
    parser.add_argument("--burst", type=int, default=20, help=f"keys at {BURST_INTERVAL_MS} ms (default 20)")
    args = parser.parse_args(argv)
    if args.keys < 1 or args.burst < 0 or args.keys + args.burst > len(SENTENCE) + 1:
        parser.error(f"--keys must be at least 1, --burst 0 or more, together at most {len(SENTENCE) + 1}")
    os.environ.update(QT_HEADLESS)   # before Qt is imported
    return run(args.keys, args.burst)


if __name__ == "__main__":
    raise SystemExit(main())
