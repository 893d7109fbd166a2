"""Fixtures that run packages in real runtimes: Debian's Chromium driven by Playwright, a web server
playing the LMS (with the scorm-again runtime), and a ralph LRS. All bind 127.0.0.1 only and are
always stopped. Nothing here is skipped when a tool is missing: tests/runtime/setup.sh installs
them (CI runs it), and a missing one fails with that advice. When a test fails, its browser
console, the web server's requests and the LRS log are added to the report."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pluggy import Result

from tests.runtime.reports import DIAGNOSTICS, NODE_MODULES, RUNTIME, attach_diagnostics
from tests.runtime.servers import LmsWebServer, Lrs, running_lrs, running_web_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ACTION_TIMEOUT_MS = 15_000
SETUP_ADVICE = "run `bash tests/runtime/setup.sh` (CI runs it before the tests)"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, Result[pytest.TestReport]]:
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for title, source in item.stash.get(DIAGNOSTICS, {}).items():
            report.sections.append((title, source()[-20_000:] or "(nothing)"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium. Playwright gives it a fresh, temporary user data folder."""
    assert CHROMIUM.is_file(), f"Chromium is not installed at {CHROMIUM}: {SETUP_ADVICE}"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def lms_web() -> Iterator[LmsWebServer]:
    """The LMS's web server: host page at /host/, runtimes at /vendor/, packages mounted by tests."""
    for package in ("scorm-again", "axe-core"):
        assert (NODE_MODULES / package / "package.json").is_file(), \
            f"the npm package {package} is not installed in {NODE_MODULES.parent}: {SETUP_ADVICE}"
    with running_web_server() as server:
        server.mount("host", RUNTIME / "host")
        server.mount("vendor", NODE_MODULES)
        yield server


@pytest.fixture(scope="session")
def lrs_server(lms_web: LmsWebServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    with running_lrs(tmp_path_factory.mktemp("lrs"), allowed_origin=lms_web.origin) as running:
        yield running


@pytest.fixture
def lrs(lrs_server: Lrs, request: pytest.FixtureRequest) -> Lrs:
    attach_diagnostics(request, "LRS log", lrs_server.log)
    return lrs_server


@pytest.fixture
def page(browser: Browser, lms_web: LmsWebServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in its own browser context (nothing shared with other tests), console recorded."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    console: list[str] = []
    web_log_start = len(lms_web.log)
    attach_diagnostics(request, "browser console", lambda: "\n".join(console))
    attach_diagnostics(request, "LMS web server requests", lambda: "\n".join(lms_web.log[web_log_start:]))
    new_page = context.new_page()
    new_page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    new_page.on("pageerror", lambda error: console.append(f"[page error] {error}"))
    try:
        yield new_page
    finally:
        context.close()
