"""The headless test bench: build a package, play it in Chromium against a recording LMS with a
scripted learner, and judge what the LMS recorded.

``run_test_bench(lessons, fmt)`` returns a ``BenchReport`` (records + violations); ``on_record``
receives each record as it arrives. SCORM 1.2/2004 run in the bench's LMS page
(resources/testbench/bench.js, a recording SCORM API); cmi5 runs in a tab launched like an LMS
does (LMS.LaunchData, a one-time fetch URL) against the bench's in-process LRS. Everything binds
127.0.0.1 and is stopped at the end. Playwright and Chromium are needed: without them
``BenchUnavailable`` says what to install.
"""

from __future__ import annotations

import json
import tempfile
import threading
import urllib.parse
import uuid
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from publishing.packages import build_package
from publishing.testbench import learner
from publishing.testbench.launch import cmi5_first_au, scorm_launch
from publishing.testbench.records import BenchReport, Observation, Record
from publishing.testbench.rules import cmi5_violations, scorm_violations
from publishing.testbench.server import SESSION_ID, BenchServer, document_key, running_bench_server

BENCH_FORMATS = ("scorm12", "scorm2004", "cmi5")
CHROMIUM_PATHS = (Path("/usr/bin/chromium"), Path("/usr/bin/chromium-browser"),
                  Path("/usr/bin/google-chrome"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
ACTOR = {"objectType": "Agent", "name": "Test Learner",
         "account": {"homePage": "https://bench.tessera.invalid", "name": "bench-learner"}}
# Runs first in every page of the bench's browser: a lesson page tells the bench LMS (its parent
# frame or opener) when it is being dismissed, so calls made then are marked.
REPORT_DISMISSAL = """(() => {
  if (window === window.top && !window.opener) return;
  addEventListener("pagehide", () => {
    if (location.href === "about:blank") return;
    try { (window.opener || window.parent).bench.markDismissal(); } catch (error) { /* not the bench */ }
  }, true);
})();"""


class BenchUnavailable(RuntimeError):
    """Playwright or Chromium is missing; the message says what to install."""


def find_chromium() -> Path:
    for candidate in CHROMIUM_PATHS:
        if candidate.is_file():
            return candidate
    raise BenchUnavailable("Chromium was not found (looked for " + ", ".join(map(str, CHROMIUM_PATHS))
                           + "). Install it, e.g. `apt-get install chromium`.")


def run_test_bench(lessons: Sequence[Path], fmt: str, *, title: str | None = None,
                   on_record: Callable[[Record], None] | None = None) -> BenchReport:
    """Builds ``fmt`` from ``lessons`` and plays it; raises ``PreflightFailed``/``PackageError`` like
    ``build_package``, ``BenchUnavailable`` without Playwright or Chromium, ValueError for a format
    the bench cannot play."""
    if fmt not in BENCH_FORMATS:
        raise ValueError(f"The test bench plays {', '.join(BENCH_FORMATS)}, not {fmt!r}.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BenchUnavailable("The Python package playwright is missing: `pip install playwright` "
                               "(it uses the system's Chromium; no browser download is needed).") from exc
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="tessera-bench-") as work:
        folder = unpacked_package(lessons, fmt, Path(work), title=title)
        with running_bench_server(folder, on_record) as server:

            def play() -> None:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
                    try:
                        context = browser.new_context(viewport={"width": 1024, "height": 768})
                        context.add_init_script(REPORT_DISMISSAL)
                        if fmt == "cmi5":
                            _play_cmi5(server, context, folder)
                        else:
                            _play_scorm(server, context, folder, fmt)
                        context.close()
                    finally:
                        browser.close()

            _in_own_thread(play)
            records = list(server.records)
        if fmt == "cmi5":
            violations = cmi5_violations(records, (folder / "cmi5.xml").read_bytes())
        else:
            violations = scorm_violations(fmt, records)
    return BenchReport(fmt, records, violations)


def _in_own_thread(job: Callable[[], None]) -> None:
    """Runs ``job`` on a thread of its own and re-raises what it raised. Playwright's sync API
    refuses a thread that already runs an event loop (an asyncio program, another Playwright
    session), and a GUI must not block on it anyway."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            job()
        except BaseException as exc:  # handed to the caller's thread below
            failures.append(exc)

    worker = threading.Thread(target=run, name="tessera-test-bench-learner", daemon=True)
    worker.start()
    worker.join()
    if failures:
        raise failures[0]


def unpacked_package(lessons: Sequence[Path], fmt: str, work: Path, *, title: str | None = None) -> Path:
    """Builds ``fmt`` from ``lessons`` in the folder ``work`` and unzips it there, as an LMS does on
    import; returns the package's folder. Raises like ``build_package``."""
    built = build_package(list(lessons), fmt, work / "package.zip", title=title).path
    folder = work / "package"
    with zipfile.ZipFile(built) as archive:
        archive.extractall(folder)      # our own package: names were checked when it was written
    return folder


def _play_scorm(server: BenchServer, context: Any, folder: Path, standard: str) -> None:
    """Launch 1 in the LMS page's frame: answer, reload. Launch 2: resume, finish, Exit."""
    launch = scorm_launch(folder)
    url = f"{server.origin}/pkg/{launch.href}"
    page = context.new_page()
    page.goto(f"{server.origin}/bench/bench.html")

    def note(observation: Observation) -> None:
        page.evaluate("() => window.bench.flushed()")   # the calls before this step come first
        server.add(observation)

    def start() -> Any:
        page.evaluate("([standard, url, passing]) => window.bench.launch(standard, url, passing, false)",
                      [standard, url, launch.passing_score])
        handle = page.locator("#content").element_handle()
        content = handle.content_frame() if handle else None
        if content is None:
            raise RuntimeError("the bench LMS page has no content frame")
        return content

    frame = start()
    first = learner.first_visit(frame, 1, note)
    frame.evaluate("() => { window.tesseraOldPage = true; location.reload(); }")
    frame.wait_for_function("() => !window.tesseraOldPage && window.tesseraPlayer !== undefined")
    note(Observation(1, "reloaded"))
    learner.after_reload(frame, 1, note)
    page.evaluate("() => window.bench.close()")
    page.wait_for_timeout(300)
    frame = start()
    learner.second_visit(frame, 2, first, note)
    page.wait_for_timeout(learner.SAVE_PAUSE_MS)
    page.evaluate("() => window.bench.close()")
    page.wait_for_timeout(300)
    page.close()


def _play_cmi5(server: BenchServer, context: Any, folder: Path) -> None:
    """Launch 1: answer, reload the tab, leave. Launch 2 (a new session): resume, finish, Exit."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # present: checked by the caller
    au = cmi5_first_au(folder)
    registration = str(uuid.uuid4())
    activity_id = f"https://bench.tessera.invalid/activities/{uuid.uuid4()}"
    return_url = f"{server.origin}/bench/returned.html"
    note = server.add
    page = context.new_page()
    first: str | None = None
    for launch in (1, 2):
        server.launch = launch
        url = cmi5_launch_url(server, au.publisher_id, au.move_on, au.url, registration, activity_id,
                              return_url)
        page.goto(url)
        if launch == 1:
            first = learner.first_visit(page, 1, note)
            page.reload()
            note(Observation(1, "reloaded"))
            learner.after_reload(page, 1, note)
            page.goto("about:blank")
            page.wait_for_timeout(500)
            continue
        if learner.second_visit(page, 2, first, note):
            try:
                page.wait_for_url(return_url, timeout=learner.STEP_TIMEOUT_MS)
                note(Observation(2, "after exit", "returnURL"))
            except PlaywrightTimeout:           # the AU stayed where it was: the rule reports it
                note(Observation(2, "after exit", page.url))
        page.wait_for_timeout(500)
    page.close()


def cmi5_launch_url(server: BenchServer, publisher_id: str, move_on: str, page: str, registration: str,
                     activity_id: str, return_url: str) -> str:
    """Writes what a cmi5 LMS writes before a launch (LMS.LaunchData, learner preferences) and
    returns the launch URL with a fresh fetch URL and session."""
    agent = json.dumps(ACTOR)
    launch_data = {"contextTemplate": {"contextActivities": {"grouping": [{"id": publisher_id}]},
                                       "extensions": {SESSION_ID: str(uuid.uuid4())}},
                   "launchMode": "Normal", "moveOn": move_on, "returnURL": return_url}
    query = {"activityId": activity_id, "agent": agent, "registration": registration,
             "stateId": "LMS.LaunchData"}
    server.put_document(document_key("activities/state", query), json.dumps(launch_data).encode())
    preferences = {"agent": agent, "profileId": "cmi5LearnerPreferences"}
    server.put_document(document_key("agents/profile", preferences),
                        json.dumps({"languagePreference": "en-US", "audioPreference": "on"}).encode())
    parameters = {"endpoint": f"{server.origin}/xapi/", "fetch": server.new_fetch_url(), "actor": agent,
                  "registration": registration, "activityId": activity_id}
    return f"{server.origin}/pkg/{page}?" + urllib.parse.urlencode(parameters, quote_via=urllib.parse.quote)
