"""The window with a small and a large library: start-up, first preview, typing, filter, sort, stalls, memory.

Three kinds of start alternate in one run, each a fresh process with a fresh TESSERA_HOME: a bare Qt
window (the floor, as in ``bench_startup``), Tessera on the 221-item benchmark workspace and Tessera on
the same workspace grown to 20,000 items with ``scale_corpus`` lessons. The large workspace is opened
"open and indexed": the parent builds its search index and its item record once, and one uncounted
warm-up start of each kind fills the thumbnail cache and the OS file cache.

Each app child, from the moment it is usable (the library's rows painted with every item listed):

1. selects the long lesson and times select → preview shown (at once; and, in starts of their own,
   1.5 s later, as a user who looks at the window before clicking);
2. types 40 keys at a steady 120 ms while the start-up work (index, review statuses, thumbnails, the
   preview copy of the lesson's video) still runs, timing keystroke → preview as ``bench_preview`` does;
3. filters the library by a word, clears the filter and sorts by title, timing each call on the UI thread
   including the repaint;
4. waits until the search index is open and the list checked against the files, then reports memory.

A 5 ms timer on the UI thread runs from "usable" to the end: its longest gap is the longest stall.
Every worker job is logged (queued, started, finished), which shows what runs beside the live preview
and whether its analysis waits in a queue or runs slowly (the interpreter lock).

Run: ``.venv/bin/python -m benchmarks.bench_library_scale [--items 20000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.bench_startup import report, run_child, since_spawn_ms, watch_usable, when_built

MODULE = "benchmarks.bench_library_scale"
KEYS = 40
STEADY_MS = 120
LATER_CLICK_MS = 1500     # a user who looks at the window before picking a lesson
FILTER_WORD = "weekly"
GOALS = {"ratio_small": (2.0, "×"), "ratio_large": (2.5, "×"), "preview_ms": (300, " ms"),
         "typing_p95_ms": (100, " ms"), "stall_ms": (100, " ms"), "rss_mb": (300, " MB"),
         "filter_ms": (100, " ms")}


# -- child side ------------------------------------------------------------------------------------
class JobLog:
    """Wraps ``Task`` so every worker job records when it was queued, started and finished."""

    def __init__(self) -> None:
        from app.kit import tasks
        self.jobs: list[dict[str, Any]] = []
        log, original_init, original_run = self.jobs, tasks.Task.__init__, tasks.Task.run

        def init(task: Any, job: Any) -> None:
            original_init(task, job)
            name = job.__qualname__.replace(".<locals>", "")
            task.bench_entry = {"name": name, "queued": time.perf_counter()}

        def run(task: Any) -> None:
            entry = task.bench_entry
            entry["started"] = time.perf_counter()
            log.append(entry)           # logged when it starts: a summary counts it while it runs
            try:
                original_run(task)
            finally:
                entry["ended"] = time.perf_counter()

        tasks.Task.__init__, tasks.Task.run = init, run   # type: ignore[method-assign]

    def summary(self, since: float, until: float) -> dict[str, Any]:
        """Per kind of job: how many ran (partly) within [since, until] and for how long in all."""
        kinds: dict[str, dict[str, float]] = defaultdict(lambda: {"count": 0, "busy_ms": 0.0})
        for entry in list(self.jobs):
            start, end = max(entry["started"], since), min(entry.get("ended", until), until)
            if end > start:
                kinds[entry["name"]]["count"] += 1
                kinds[entry["name"]]["busy_ms"] += round((end - start) * 1000, 1)
        return dict(kinds)

    def analysis(self) -> list[tuple[float, float]]:
        """(queue wait, run time) in ms of every live-analysis job."""
        done = [entry for entry in list(self.jobs) if "ended" in entry]
        return [((entry["started"] - entry["queued"]) * 1000, (entry["ended"] - entry["started"]) * 1000)
                for entry in done if entry["name"].startswith("LiveAnalysis.")]


class StallSampler:
    """Names what the UI thread was doing during each stall: a helper thread looks at the UI thread's
    Python stack whenever the 5 ms timer has not ticked for a while (the stall is still going on)."""

    def __init__(self, meter: Any, threshold_ms: float = 60) -> None:
        import threading
        self.meter, self.threshold = meter, threshold_ms / 1000
        self.samples: dict[str, int] = defaultdict(int)     # innermost app frames → times seen
        self._ui = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            if not self.meter.timer.isActive() or time.perf_counter() - self.meter.last < self.threshold:
                continue
            frame = sys._current_frames().get(self._ui)
            ours: list[str] = []       # innermost first; frames walked by hand: ``traceback`` would read
            while frame is not None:   # each file's source into linecache, counted as the app's memory
                code = frame.f_code
                if "/app/" in code.co_filename or "/editor/" in code.co_filename:
                    ours.append(f"{Path(code.co_filename).stem}.{code.co_name}:{frame.f_lineno}")
                frame = frame.f_back
            self.samples[" < ".join(ours[:4]) or "Qt (no Python frame)"] += 1


def child_app(workspace_root: Path, expected_items: int, click_after_ms: int = 0) -> int:
    """``click_after_ms`` > 0: select the lesson that long after the window is usable (as a user who
    looks before clicking), report the first preview and stop."""
    from app.kit import qt
    from app.library.model import Column
    from app.shell.gui import run_gui
    from benchmarks.bench_preview import SENTENCE, TypingSession, UiBlockMeter, place_cursor
    from benchmarks.bench_startup import long_lesson_path_in
    report("imported")
    jobs = JobLog()
    app = qt.QApplication([sys.argv[0]])
    meter = UiBlockMeter(qt)
    sampler = StallSampler(meter)
    state: dict[str, Any] = {}

    def usable(window: Any) -> None:
        report("ready", rows=window.library.model.rowCount())
        state["window"] = window
        if click_after_ms:
            qt.QTimer.singleShot(click_after_ms, select)
            return
        meter.start()
        sampler.start()
        select()

    def select() -> None:
        window = state["window"]
        lesson = long_lesson_path_in(workspace_root)   # before the clock starts: it imports bench helpers
        state["selected"] = time.perf_counter()
        if not window.library.select_path(lesson):
            report("error", message="the long lesson is not in the library")
            app.quit()
        when_built(qt, window, lambda: window.preview.updated.connect(first_preview))

    def first_preview() -> None:
        window = state["window"]
        window.preview.updated.disconnect(first_preview)
        now = time.perf_counter()
        report("preview", select_to_preview_ms=round((now - state["selected"]) * 1000, 1),
               beside=jobs.summary(state["selected"], now))
        if click_after_ms:
            app.quit()
            return
        place_cursor(qt, window.editor.source)
        text = (" " + SENTENCE)[:KEYS]
        state["typing"] = TypingSession(qt, window, text, [STEADY_MS] * KEYS, typed)
        state["typing_started"] = time.perf_counter()
        state["typing"].start()

    def typed() -> None:
        session = state["typing"]
        latencies = [session.latency_ms[index] for index in sorted(session.latency_ms)]
        now = time.perf_counter()
        waits = jobs.analysis()
        report("typing", latencies_ms=[round(value, 1) for value in latencies],
               analysis_wait_ms=[round(wait, 1) for wait, _ in waits],
               analysis_run_ms=[round(run, 1) for _, run in waits],
               beside=jobs.summary(state["typing_started"], now))
        qt.QTimer.singleShot(0, library_work)     # not from inside the QtWebEngine callback that got here

    def library_work() -> None:
        panel = state["window"].library
        timings: dict[str, float] = {}
        up, down = qt.Qt.SortOrder.AscendingOrder, qt.Qt.SortOrder.DescendingOrder
        steps = [("filter", lambda: panel.filter_edit.setText(FILTER_WORD)),
                 ("clear_filter", lambda: panel.filter_edit.setText("")),
                 ("sort_title", lambda: panel.table.sortByColumn(Column.TITLE, up)),
                 ("sort_modified", lambda: panel.table.sortByColumn(Column.MODIFIED, down))]

        def next_step() -> None:
            if not steps:
                report("library", **timings)
                settle()
                return
            name, action = steps.pop(0)
            started = time.perf_counter()
            action()
            panel.table.viewport().repaint()
            timings[f"{name}_ms"] = round((time.perf_counter() - started) * 1000, 1)
            # One user action per turn of the event loop, as clicks come: four in one turn read as one stall.
            qt.QTimer.singleShot(0, next_step)

        next_step()

    def settle() -> None:
        from app.search.keeper import KeeperState
        from benchmarks.measure import peak_rss_mb, tree_rss_mb
        window = state["window"]
        keeper = window.search.keeper
        if keeper is None or keeper.state is not KeeperState.READY or window.library.reading():
            qt.QTimer.singleShot(50, settle)
            return
        if "settled" not in state:
            state["settled"] = time.perf_counter()
            qt.QTimer.singleShot(1000, settle)    # let the last jobs finish
            return
        meter.stop()
        sampler.stop()
        import psutil
        rss_now = psutil.Process().memory_info().rss / 2**20
        report("settled", since_spawn_ms=round(since_spawn_ms(), 1), rss_mb=round(rss_now, 1),
               peak_rss_mb=round(peak_rss_mb(), 1), tree_rss_mb=round(tree_rss_mb(), 1),
               longest_stall_ms=round(max(meter.gaps), 1),
               stalls_over_100=sum(gap > 100 for gap in meter.gaps),
               ticks=len(meter.gaps), jobs=jobs.summary(0, time.perf_counter()), stall_stacks=sampler.samples)
        app.quit()

    watch_usable(qt, expected_items, usable)
    qt.QTimer.singleShot(120_000, app.quit)
    return run_gui([], workspace_root)


# -- parent side -----------------------------------------------------------------------------------
def prepare(home: Path, items: int) -> dict[str, tuple[Path, int]]:
    """The 221-item workspace and a copy grown to ``items``, indexed and with its item record."""
    import shutil

    from benchmarks.make_workspace import make_workspace
    from benchmarks.scale_corpus import add_lessons
    from editor.item_store import ItemStore
    from editor.search.build import build_index
    from editor.workspace import Workspace

    small = make_workspace(home / "small")
    small_count = len(small.items())
    shutil.copytree(small.root, home / "large", ignore=shutil.ignore_patterns(".tessera"))
    large = Workspace.open(home / "large")
    started = time.perf_counter()
    add_lessons(large, items - small_count)
    print(f"Generated {items - small_count:,} more lessons in {time.perf_counter() - started:.0f} s",
          flush=True)
    for workspace in (small, large):
        started = time.perf_counter()
        build_index(workspace).close()
        ItemStore(workspace).refresh()
        print(f"  {workspace.root.name}: index and item record in {time.perf_counter() - started:.0f} s",
              flush=True)
    return {"small": (small.root, small_count), "large": (large.root, len(ItemStore(large).cached()))}


def run(items: int, repeat: int) -> None:
    from benchmarks.bench_startup import qt_modules
    from benchmarks.measure import isolated_home, machine_summary
    print(machine_summary())
    with isolated_home("tessera-bench-library-") as home:
        workspaces = prepare(home, items)
        core_module, widgets_module = qt_modules()
        kinds = {"bare": ["bare", core_module, widgets_module],
                 **{name: ["app", str(root), str(count)] for name, (root, count) in workspaces.items()},
                 **{f"{name}_later": ["app", str(root), str(count), str(LATER_CLICK_MS)]
                    for name, (root, count) in workspaces.items()}}
        print("Warm-up (not counted): one start of each.", flush=True)
        for args in kinds.values():
            run_child(args, MODULE)
        results: dict[str, list[dict[str, dict[str, Any]]]] = {kind: [] for kind in kinds}
        for number in range(repeat):
            for kind, args in kinds.items():
                results[kind].append(run_child(args, MODULE))
            print(f"  run {number + 1}/{repeat}: " + ", ".join(
                f"{kind} {results[kind][-1]['ready']['at_ms']:.0f} ms" for kind in kinds), flush=True)
        print_report(results, {name: count for name, (_root, count) in workspaces.items()})
        with (home / "results.json").open("w", encoding="utf-8") as raw:
            json.dump(results, raw)


def print_report(results: dict[str, list[dict[str, dict[str, Any]]]], counts: dict[str, int]) -> None:
    from benchmarks.measure import summarise

    def values(kind: str, event: str, key: str) -> list[float]:
        return [float(run[event][key]) for run in results[kind]]

    def verdict(value: float, name: str) -> str:
        goal, unit = GOALS[name]
        return f"goal ≤ {goal:g}{unit}: {'met' if value <= goal else 'missed'}"

    bare = summarise(values("bare", "ready", "at_ms"))
    print("\nSpawn → usable window (ms; usable = the library's rows painted with every item listed):")
    print(f"  bare Qt window            {bare}")
    for kind, goal in (("small", "ratio_small"), ("large", "ratio_large")):
        app = summarise(values(kind, "ready", "at_ms"))
        print(f"  Tessera, {counts[kind]:>6,} items   {app}")
        ratio = app.p50 / bare.p50
        print(f"      ratio of medians {ratio:.2f}× ({verdict(round(ratio, 2), goal)})")
    for kind in ("small", "large"):
        runs = results[kind]
        print(f"\n{counts[kind]:,} items:")
        preview = summarise(values(kind, "preview", "select_to_preview_ms"))
        print(f"  select → first preview    {preview}  ({verdict(preview.p50, 'preview_ms')} p50)")
        later = summarise(values(f"{kind}_later", "preview", "select_to_preview_ms"))
        print(f"    clicked {LATER_CLICK_MS / 1000:g} s after usable {later}  "
              f"({verdict(later.p50, 'preview_ms')} p50)")
        for case, label in ((kind, "at once"), (f"{kind}_later", "later")):
            print(f"    worker jobs until the preview, {label} (per run: count, busy ms): "
                  + jobs_per_run([run["preview"]["beside"] for run in results[case]]))
        typing = summarise([value for run in runs for value in run["typing"]["latencies_ms"]])
        print(f"  keystroke → preview       {typing}  ({verdict(typing.p95, 'typing_p95_ms')} p95)")
        waits = [value for run in runs for value in run["typing"]["analysis_wait_ms"]]
        runs_ms = [value for run in runs for value in run["typing"]["analysis_run_ms"]]
        print(f"    analysis job queued     {summarise(waits)}")
        print(f"    analysis job running    {summarise(runs_ms)}")
        print("    worker jobs while typing (per run: count, busy ms): "
              + jobs_per_run([run["typing"]["beside"] for run in runs]))
        for key, label in (("filter_ms", f"filter by '{FILTER_WORD}'"),
                           ("clear_filter_ms", "clear the filter"), ("sort_title_ms", "sort by title"),
                           ("sort_modified_ms", "sort by last edited")):
            figure = summarise(values(kind, "library", key))
            print(f"  {label:<25} {figure}  ({verdict(figure.maximum, 'filter_ms')} max)")
        stall = max(values(kind, "settled", "longest_stall_ms"))
        over = sum(values(kind, "settled", "stalls_over_100"))
        print(f"  longest UI stall (5 ms ticks, usable → settled) {stall:.0f} ms in {len(runs)} runs; "
              f"{over:.0f} over 100 ms ({verdict(stall, 'stall_ms')})")
        stacks: dict[str, int] = defaultdict(int)
        for run in runs:
            for where, count in run["settled"]["stall_stacks"].items():
                stacks[where] += count
        for where, count in sorted(stacks.items(), key=lambda entry: -entry[1])[:6]:
            print(f"    UI thread during stalls ({count * 20} ms sampled): {where}")
        rss = summarise(values(kind, "settled", "rss_mb"))
        print(f"  main-process RSS, open and indexed: {rss} MB ({verdict(rss.p50, 'rss_mb')}); "
              f"with QtWebEngine helpers {summarise(values(kind, 'settled', 'tree_rss_mb')).p50:.0f} MB")
        settled = summarise(values(kind, "settled", "since_spawn_ms"))
        print(f"  spawn → settled (index open, list checked) {settled}")


def jobs_per_run(summaries: list[dict[str, dict[str, float]]]) -> str:
    """``JobLog.summary`` of several runs as one line: each kind's mean count and busy time, busiest first."""
    beside: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for summary in summaries:
        for name, figures in summary.items():
            beside[name][0] += figures["count"] / len(summaries)
            beside[name][1] += figures["busy_ms"] / len(summaries)
    return "; ".join(f"{name} {count:.1f}, {busy:.0f}" for name, (count, busy) in
                     sorted(beside.items(), key=lambda entry: -entry[1][1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The window, 221 and 20,000 items, against a bare window.")
    parser.add_argument("--items", type=int, default=20_000,
                        help="items in the large workspace (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="measured starts of each kind (default 3)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        from benchmarks.bench_startup import child_bare
        kind, *rest = args.child
        return child_bare(*rest) if kind == "bare" else child_app(Path(rest[0]), *map(int, rest[1:]))
    if args.items < 500 or args.repeat < 1:
        parser.error("--items must be at least 500 and --repeat at least 1")
    run(args.items, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
