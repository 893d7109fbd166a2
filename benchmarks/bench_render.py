"""Core speed without Qt: one lesson analysed (render + checks + estimate), and the library listing.

``analyse`` is what the live preview runs on a worker after each pause in typing, so its time is a
floor for keystroke → preview. A keystroke in a Blocks-view card adds one block edit (``apply_edit``)
on the UI thread before that. ``Workspace.items()`` is what the library reads on the UI thread when a
workspace opens or changes.

Run: ``.venv/bin/python -m benchmarks.bench_render [--repeat N]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from benchmarks.make_workspace import long_lesson_path, make_workspace
from benchmarks.measure import Summary, isolated_home, machine_summary, peak_rss_mb, summarise
from editor.analysis import analyse
from editor.block_edits import SetField, apply_edit
from editor.block_fields import BlockKind
from editor.block_model import read_blocks
from editor.checks import check_parsed
from editor.estimate import count_words, estimated_minutes
from editor.lesson_parse import parse_lesson
from editor.render import render_parsed

WARM_UP = 3


def time_ms(job: Callable[[], object], repeat: int) -> Summary:
    for _ in range(WARM_UP):   # first calls pay for imports, regex compilation and parser setup
        job()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        samples.append((time.perf_counter() - start) * 1000)
    return summarise(samples)


def run(repeat: int) -> None:
    print(machine_summary())
    with isolated_home("tessera-bench-render-") as home:
        workspace = make_workspace(home / "workspace")
        source = long_lesson_path(workspace)
        text = source.read_text(encoding="utf-8")
        base = source.parent
        parsed = parse_lesson(text)
        words = sum(count_words(block.body) for block in parsed.blocks)
        print(f"Long lesson: {words} words, {len(parsed.blocks)} blocks, {len(text):,} characters")
        blocks = read_blocks(text, parsed)
        quiz = next(block.index for block in blocks.blocks if block.kind is BlockKind.QUIZ)
        question = blocks[quiz].fields["question"]

        start = time.perf_counter()
        analyse(text, base, "lesson")
        first_ms = (time.perf_counter() - start) * 1000
        print(f"  {'first analyse (media durations not cached yet)':<46} {first_ms:.1f} ms")
        rows: list[tuple[str, Summary]] = [
            ("analyse (parse+render+check+estimate)", time_ms(lambda: analyse(text, base, "lesson"), repeat)),
            ("  parse only", time_ms(lambda: parse_lesson(text), repeat)),
            ("  render only (parsed)", time_ms(lambda: render_parsed(parsed), repeat)),
            ("  checks only (parsed)", time_ms(lambda: check_parsed(parsed, base), repeat)),
            ("  estimate only (parsed)", time_ms(lambda: estimated_minutes(parsed, base), repeat)),
            ("block model: read_blocks (parsed)", time_ms(lambda: read_blocks(text, parsed), repeat)),
            ("block model: one card edit (quiz question)", time_ms(lambda: apply_edit(
                text, SetField(quiz, "question", f"{question} x"), blocks=blocks), repeat)),
        ]
        item_count = len(workspace.items())
        rows.append((f"Workspace.items() ({item_count} items)",
                     time_ms(workspace.items, max(5, repeat // 5))))
        for label, summary in rows:
            print(f"  {label:<46} {summary}  ms")
        print(f"Peak RSS: {peak_rss_mb():.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time lesson analysis and the library listing (no Qt).")
    parser.add_argument("--repeat", type=int, default=100, help="timed repetitions (default 100)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    run(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

