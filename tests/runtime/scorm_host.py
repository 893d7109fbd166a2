"""Drives the test LMS page (host/lms.js) from Python: launch a package, close it, read what the
SCORM runtime recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Frame, Page

from tests.runtime.servers import LmsWebServer


@dataclass(frozen=True)
class Call:
    """One SCORM API call the package made, with the runtime's answer and error code."""

    name: str
    args: list[str]
    result: str
    error: str
    dismissing: bool  # made while the lesson's page was being dismissed (after its pagehide)
    document: int     # which page of the launch made it: 1 the first, 2 after a reload...


@dataclass(frozen=True)
class Session:
    standard: str
    calls: list[Call]
    commits: list[dict[str, Any]]  # {"terminate": bool, "cmi": {element: value}}
    resumed: dict[str, str] | None  # what the LMS handed to this launch from the previous one

    @property
    def last_commit(self) -> dict[str, str]:
        assert self.commits, "the package never committed anything to the LMS"
        return dict(self.commits[-1]["cmi"])

    def names(self) -> list[str]:
        return [call.name for call in self.calls]


# Runs first in every document of the browser context: a lesson page (in the LMS's frame or in a
# popup it opened) tells the LMS when it is being dismissed, so the LMS can mark the API calls
# made during dismissal.
REPORT_DOCUMENT_LIFE = """(() => {
  // The LMS page itself is not a lesson, nor the blank document a new frame or window starts with.
  if (window === window.top && !window.opener) return;
  addEventListener("pagehide", () => {
    if (location.href === "about:blank") return;
    try { (window.opener || window.parent).lms.markDismissal(); } catch (error) { /* no LMS page */ }
  }, true);
})();"""


class ScormLms:
    """The LMS page in a browser tab."""

    def __init__(self, page: Page, web: LmsWebServer) -> None:
        self.page = page
        page.context.add_init_script(REPORT_DOCUMENT_LIFE)
        page.goto(f"{web.origin}/host/lms.html")
        page.wait_for_function("() => window.lms !== undefined")

    def launch(self, standard: str, url: str, passing_score: str = "") -> Frame:
        self.page.evaluate("([standard, url, passing]) => window.lms.launch(standard, url, passing)",
                           [standard, url, passing_score])
        frame = self.page.locator("#content").element_handle().content_frame()
        assert frame is not None, "the LMS has no content frame"
        return frame

    def launch_in_popup(self, standard: str, url: str, passing_score: str = "") -> Page:
        """Opens the lesson in a window of its own, as LMSs do for "new window" launches."""
        with self.page.expect_popup() as opened:
            self.page.evaluate(
                "([standard, url, passing]) => window.lms.launch(standard, url, passing, true)",
                [standard, url, passing_score])
        return opened.value

    def close(self) -> None:
        self.page.evaluate("() => window.lms.close()")

    def session(self, index: int = -1) -> Session:
        raw = self.page.evaluate("(index) => JSON.parse(JSON.stringify(window.lms.sessions.at(index)))",
                                 index)
        calls = [Call(**call) for call in raw["calls"]]
        return Session(raw["standard"], calls, raw["commits"], raw["resumed"])
