"""Typing in a card of the Blocks view: keystroke → live preview, with the source editor as reference.

The long lesson (~2,000 words, every block type) is opened in ``MainWindow``. The same paragraph (the
one after "Putting it together") is typed into twice, at the same pace as ``bench_preview``: first in
the Source view (the reference, same run, same machine load), then in its text card in the Blocks
view, where every key is a block edit (``editor.block_edits``) applied to the source document as one
undoable change. Latency is matched to renders exactly as in ``bench_preview``.

Run: ``.venv/bin/python -m benchmarks.bench_blocks [--keys 40] [--burst 20]``
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from benchmarks.bench_preview import (
    BURST_INTERVAL_MS,
    GOAL_PREVIEW_MS,
    SENTENCE,
    SETTLE_TIMEOUT_MS,
    STEADY_INTERVAL_MS,
    TypingSession,
    UiBlockMeter,
    place_cursor,
)
from benchmarks.measure import QT_HEADLESS, isolated_home, machine_summary, summarise

STARTUP_SETTLE_MS = 4000


def card_field(qt: Any, window: Any) -> Any:
    """The text field of the card holding the paragraph ``place_cursor`` picks, cursor at its end."""
    source = window.editor.source
    place_cursor(qt, source)
    line = source.textCursor().blockNumber() + 1
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.blocks)
    card = next(c for c in editor.blocks.cards if c.block.line <= line <= c.block.end_line)
    field = card.first_field()
    field.setFocus(qt.Qt.FocusReason.OtherFocusReason)
    cursor = field.textCursor()
    cursor.movePosition(qt.QTextCursor.MoveOperation.End)
    field.setTextCursor(cursor)
    return field


def run(keys: int, burst: int) -> int:
    from app.kit import qt
    from app.kit.settings import Settings
    from app.shell.main_window import MainWindow
    from benchmarks.make_workspace import long_lesson_path, make_workspace

    print(machine_summary())
    text = (" " + SENTENCE)[:keys + burst]
    intervals = [STEADY_INTERVAL_MS] * keys + [BURST_INTERVAL_MS] * burst
    with isolated_home("tessera-bench-blocks-") as home:
        workspace = make_workspace(home / "workspace")
        app = qt.QApplication([sys.argv[0]])
        window = MainWindow(Settings())
        window.open_workspace(workspace)
        window.show()
        sessions: dict[str, TypingSession] = {}
        meters: dict[str, UiBlockMeter] = {}
        finals: dict[str, str] = {}

        def start(name: str, target: Any, then: Any) -> None:
            finals[f"{name} before"] = window.editor.source.text()

            def finished() -> None:
                meters[name].stop()
                finals[name] = window.editor.source.text()
                qt.QTimer.singleShot(300, then)    # let the last render settle before the next run

            meters[name] = UiBlockMeter(qt)
            sessions[name] = TypingSession(qt, window, text, intervals, finished, target)
            meters[name].start()
            sessions[name].start()

        def first_preview() -> None:
            window.preview.updated.disconnect(first_preview)
            # The window's start-up work (search index, review statuses) runs in its first seconds.
            qt.QTimer.singleShot(STARTUP_SETTLE_MS, source_run)

        def source_run() -> None:
            window.editor.tabs.setCurrentWidget(window.editor.source)
            place_cursor(qt, window.editor.source)
            start("source", window.editor.source, blocks_run)

        def blocks_run() -> None:
            start("blocks", card_field(qt, window), lambda: app.quit())

        window.preview.updated.connect(first_preview)
        window.library.reload(long_lesson_path(workspace).parent)   # selected once the list is read
        qt.QTimer.singleShot(STARTUP_SETTLE_MS + 2 * sum(intervals) + 2 * SETTLE_TIMEOUT_MS, app.quit)
        app.exec()
        if "blocks" not in finals:
            raise SystemExit("bench_blocks: timed out before every keystroke reached the preview")
        for name in ("source", "blocks"):
            if text.strip() not in finals[name] or finals[name] == finals[f"{name} before"]:
                raise SystemExit(f"bench_blocks: the {name} run did not type the sentence into the lesson")
        report(sessions, meters, keys, burst)
    return 0


def report(sessions: dict[str, TypingSession], meters: dict[str, UiBlockMeter], keys: int,
           burst: int) -> None:
    print(f"Typed {keys + burst} keys per run ({keys} at {STEADY_INTERVAL_MS} ms, then {burst} at "
          f"{BURST_INTERVAL_MS} ms) into the same paragraph of the long lesson.")
    print("Keystroke → preview updated (ms):")
    for name, title in (("source", "Source view (reference)"), ("blocks", "Blocks view, text card")):
        session = sessions[name]
        # A space typed at the end of a paragraph in a card changes nothing yet (Markdown keeps no
        # trailing space): the preview has nothing new to show until the next letter, so such keys are
        # counted apart instead of being timed to that next letter's preview.
        counted = [index for index in sorted(session.latency_ms) if session.changed[index]]
        latencies = [session.latency_ms[index] for index in counted]
        every = summarise(latencies)
        print(f"  {title}")
        print(f"    steady        {summarise([session.latency_ms[i] for i in counted if i < keys])}")
        if burst:
            print(f"    burst         {summarise([session.latency_ms[i] for i in counted if i >= keys])}")
        unchanged = len(session.changed) - sum(session.changed)
        if unchanged:
            print(f"    {unchanged} keys (spaces at the end of the paragraph) left the lesson text unchanged "
                  "until the next letter; not counted above")
        print(f"    all keys      {every}   goal p95 ≤ {GOAL_PREVIEW_MS} ms: "
              f"{'met' if every.p95 <= GOAL_PREVIEW_MS else 'missed'}")
        print(f"    one key press + release on the UI thread: {summarise(session.handled_ms)}")
        print(f"    longest UI-thread gap: {max(meters[name].gaps):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time keystroke in a card → live preview, with the source editor as reference.")
    parser.add_argument("--keys", type=int, default=40, help=f"keys at {STEADY_INTERVAL_MS} ms (default 40)")
    parser.add_argument("--burst", type=int, default=20, help=f"keys at {BURST_INTERVAL_MS} ms (default 20)")
    args = parser.parse_args(argv)
    if args.keys < 1 or args.burst < 0 or args.keys + args.burst > len(SENTENCE) + 1:
        parser.error(f"--keys must be at least 1, --burst 0 or more, together at most {len(SENTENCE) + 1}")
    os.environ.update(QT_HEADLESS)   # before Qt is imported
    return run(args.keys, args.burst)


if __name__ == "__main__":
    raise SystemExit(main())
