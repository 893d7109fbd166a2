"""Cold start: the real app on a 200-lesson workspace against a bare Qt window, in the same run.

Each start is a fresh interpreter with a fresh TESSERA_HOME. The two kinds alternate (bare, app, bare,
app…) so both see the same machine state. "Usable" means the library's rows have been painted with
every item listed (the bare window: its first paint): the child notes the time right after the event
loop finished handling that paint event. Times count from the moment the parent
spawns the child (passed in the environment), so interpreter start and imports count, exactly as when
someone starts the app.

After it is usable, the app child selects the long lesson and reports when the preview shows it
(``PreviewPane.updated``): the first preview also pays for starting QtWebEngine.

Run: ``.venv/bin/python -m benchmarks.bench_startup [--repeat N]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Only the standard library is imported up front: whatever else a child loads is part of what it times.

GOAL_RATIO = 2.0
CHILD_TIMEOUT_S = 120
START_ENV = "TESSERA_BENCH_T0"   # wall-clock time the parent spawned the child, for phase timestamps


# -- child side ------------------------------------------------------------------------------------
def since_spawn_ms() -> float:
    return (time.time() - float(os.environ[START_ENV])) * 1000


def report(event: str, **fields: Any) -> None:
    at_ms = since_spawn_ms()   # taken first: measuring memory below must not count as start-up time
    if event in ("ready", "preview"):
        from benchmarks.measure import peak_rss_mb, tree_rss_mb
        fields.update(peak_rss_mb=round(peak_rss_mb(), 1), tree_rss_mb=round(tree_rss_mb(), 1))
    print(f"{event} {json.dumps({'at_ms': round(at_ms, 1), **fields})}", flush=True)


def watch_first_paint(core: Any, widget: Any, on_painted: Callable[[], None]) -> object:
    """Call ``on_painted()`` once the event loop has finished the first paint of ``widget``. The filter
    sits on the widget alone: one on the whole application ran Python for every event of every object
    before the first frame (~1,800 in Tessera's window) and had PySide make a Python class, enums and
    all, for each kind of object it saw (~20 ms), which the start-up being measured was charged with."""

    class FirstPaint(core.QObject):  # type: ignore[misc, name-defined]
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == core.QEvent.Type.Paint:
                watched.removeEventFilter(self)   # one look is enough
                report("painting")
                # The filter runs before the paint itself; report once the loop is free again.
                core.QTimer.singleShot(0, on_painted)
            return False

    watcher = FirstPaint()
    widget.installEventFilter(watcher)
    return watcher


def watch_usable(qt: Any, expected_items: int, on_usable: Callable[[Any], None]) -> None:
    """Call ``on_usable(window)`` once Tessera's window is usable: its library's rows painted with
    every item listed (the list arrives from a worker). Watches the library table of each window made
    from now on."""
    from app.library.panel import LibraryPanel

    making = LibraryPanel.__init__
    watchers: list[object] = []

    def watched(panel: Any, *args: Any, **kwargs: Any) -> None:
        making(panel, *args, **kwargs)
        rows = panel.table.viewport()

        def painted() -> None:
            if panel.model.rowCount() >= expected_items:
                on_usable(panel.window())
            else:                 # painted before the list was in: wait for the next paint
                watchers.append(watch_first_paint(qt, rows, painted))

        watchers.append(watch_first_paint(qt, rows, painted))

    LibraryPanel.__init__ = watched


def child_bare(core_module: str, widgets_module: str) -> int:
    """A plain main window of the same size: the floor any Qt desktop app starts from."""
    core = importlib.import_module(core_module)
    widgets = importlib.import_module(widgets_module)
    report("imported")
    app = widgets.QApplication([sys.argv[0]])
    window = widgets.QMainWindow()
    window.setWindowTitle("Baseline")
    window.resize(1400, 860)

    def painted() -> None:
        report("ready")
        app.quit()

    _watcher = watch_first_paint(core, window, painted)
    window.show()
    return int(app.exec())


def child_app(workspace_root: Path, expected_items: int) -> int:
    """The real entry point (``run_gui``) with a probe that reports usability and the first preview."""
    # Same order as run_gui: the Qt module imports (QtWebEngine included) come before the application.
    from app.kit import qt
    from app.shell.gui import run_gui
    report("imported")
    app = qt.QApplication([sys.argv[0]])
    state: dict[str, float] = {}

    def preview_shown() -> None:
        if "previewed" in state:
            return
        state["previewed"] = 1
        report("preview", select_to_preview_ms=round((time.perf_counter() - state["selected"]) * 1000, 1))
        qt.QTimer.singleShot(0, app.quit)   # quit() closes the window too; never from a QtWebEngine callback

    def usable(window: Any) -> None:
        report("ready", rows=window.library.model.rowCount())
        lesson = long_lesson_path_in(workspace_root)   # before the clock starts: it imports bench helpers
        state["selected"] = time.perf_counter()
        if not window.library.select_path(lesson):
            report("error", message="the long lesson is not in the library")
            app.quit()
        when_built(qt, window, lambda: window.preview.updated.connect(preview_shown))

    watch_usable(qt, expected_items, usable)
    return run_gui([], workspace_root)


def when_built(qt: Any, window: Any, then: Callable[[], None]) -> None:
    """Call ``then`` once the window has made its editor, preview and features (a started app makes
    them once its first frame is painted and its list is in; see ``MainWindow``)."""
    if window.built:
        then()
    else:
        qt.QTimer.singleShot(5, lambda: when_built(qt, window, then))


def long_lesson_path_in(root: Path) -> Path:
    """The long lesson's folder; without ``Workspace.open``, whose tidying walks every folder (seconds at
    20,000 lessons) and would be counted as the app's time."""
    from benchmarks.make_workspace import long_lesson_path
    from editor.workspace import Workspace
    return long_lesson_path(Workspace(root)).parent


# -- parent side -----------------------------------------------------------------------------------
def qt_modules() -> tuple[str, str]:
    """The modules that hold QTimer and QMainWindow, as app/kit/qt.py (the one place naming Qt) imports them.

    The baseline imports only these two, so it carries none of the app's other Qt modules (QtWebEngine).
    """
    from app.kit.qt import QMainWindow, QTimer
    return QTimer.__module__, QMainWindow.__module__


def run_child(args: list[str], module: str = "benchmarks.bench_startup") -> dict[str, dict[str, Any]]:
    """Start ``module --child args`` in a fresh TESSERA_HOME and collect the events it reports (times
    are since the spawn)."""
    from benchmarks.measure import QT_HEADLESS
    with tempfile.TemporaryDirectory(prefix="tessera-bench-home-") as home:
        env = {**os.environ, **QT_HEADLESS, "TESSERA_HOME": home, START_ENV: repr(time.time())}
        # An installed app starts from cached bytecode; a shell that forbids writing it would make
        # every start compile each source file again (~110 ms). The uncounted warm-up start writes it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # Qt and Chromium log freely on stderr: a file, so a full pipe can never stall the child.
        with (Path(home) / "stderr.txt").open("w+", encoding="utf-8", errors="replace") as errors:
            child = subprocess.Popen([sys.executable, "-m", module, "--child", *args],
                                     stdout=subprocess.PIPE, stderr=errors, text=True, env=env,
                                     cwd=Path(__file__).resolve().parent.parent)
            events: dict[str, dict[str, Any]] = {}
            assert child.stdout is not None
            for line in child.stdout:
                name, _, payload = line.partition(" ")
                if payload.startswith("{"):
                    events[name] = json.loads(payload)
            code = child.wait(timeout=CHILD_TIMEOUT_S)
            errors.seek(0)
            log_tail = errors.read()[-2000:]
    if code != 0 or "error" in events or "ready" not in events:
        raise SystemExit(f"The {args[0]} start failed (exit code {code}, events {events}). End of its "
                         f"error output:\n{log_tail}")
    return events


def run(repeat: int) -> None:
    from benchmarks.make_workspace import make_workspace
    from benchmarks.measure import isolated_home, machine_summary
    print(machine_summary())
    with isolated_home("tessera-bench-startup-") as home:
        workspace = make_workspace(home / "workspace")
        expected = len(workspace.items())
        core_module, widgets_module = qt_modules()
        kinds = {"bare": ["bare", core_module, widgets_module],
                 "app": ["app", str(workspace.root), str(expected)]}
        print(f"Workspace: {expected} items. Warm-up (not counted): one start of each, which also fills "
              "the thumbnail cache and the OS file cache.")
        for args in kinds.values():
            run_child(args)
        results: dict[str, list[dict[str, dict[str, Any]]]] = {"bare": [], "app": []}
        for number in range(repeat):
            for kind, args in kinds.items():
                results[kind].append(run_child(args))
            print(f"  run {number + 1}/{repeat}: bare {results['bare'][-1]['ready']['at_ms']:.0f} ms, "
                  f"app {results['app'][-1]['ready']['at_ms']:.0f} ms")
        print_report(results)


def figures(runs: list[dict[str, dict[str, Any]]], event: str, key: str) -> list[float]:
    return [float(run[event][key]) for run in runs]


def print_report(results: dict[str, list[dict[str, dict[str, Any]]]]) -> None:
    from benchmarks.measure import summarise

    def median(kind: str, event: str, key: str = "at_ms") -> float:
        return summarise(figures(results[kind], event, key)).p50

    bare, app = (summarise(figures(results[kind], "ready", "at_ms")) for kind in ("bare", "app"))
    first_preview = summarise(figures(results["app"], "preview", "select_to_preview_ms"))
    ratio = app.p50 / bare.p50
    verdict = "met" if ratio <= GOAL_RATIO else "missed"
    print("\nSpawn → usable window (ms):")
    print(f"  bare Qt window           {bare}")
    print(f"  Tessera, {results['app'][0]['ready']['rows']} items      {app}")
    print(f"  ratio of medians         {ratio:.2f}× (goal ≤ {GOAL_RATIO}×: {verdict}); "
          f"ratio of minimums {app.minimum / bare.minimum:.2f}×")
    print("Where the time goes (medians, ms since spawn): imports done / first paint starts / usable")
    for kind in ("bare", "app"):
        print(f"  {kind:<5} {median(kind, 'imported'):6.0f} / {median(kind, 'painting'):6.0f} / "
              f"{median(kind, 'ready'):6.0f}")
    print("First preview (the long lesson selected as soon as the window is usable):")
    print(f"  select → preview updated {first_preview}")
    print(f"  spawn → preview updated  {summarise(figures(results['app'], 'preview', 'at_ms'))}")
    print(f"Memory (medians, MB): main process peak RSS when usable: bare "
          f"{median('bare', 'ready', 'peak_rss_mb'):.0f}, app {median('app', 'ready', 'peak_rss_mb'):.0f}")
    print(f"  after the first preview: main process {median('app', 'preview', 'peak_rss_mb'):.0f}, "
          f"with the QtWebEngine helper processes {median('app', 'preview', 'tree_rss_mb'):.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time a cold start of the app against a bare Qt window.")
    parser.add_argument("--repeat", type=int, default=5, help="measured starts of each kind (default 5)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)   # used by the benchmark itself
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        return child_bare(*rest) if kind == "bare" else child_app(Path(rest[0]), int(rest[1]))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    run(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
