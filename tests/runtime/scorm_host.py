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


class ScormLms:
    """The LMS page in a browser tab."""

    def __init__(self, page: Page, web: LmsWebServer) -> None:
        self.page = page
        page.goto(f"{web.origin}/host/lms.html")
        page.wait_for_function("() => window.lms !== undefined")

    def launch(self, standard: str, url: str, passing_score: str = "") -> Frame:
        self.page.evaluate("([standard, url, passing]) => window.lms.launch(standard, url, passing)",
                           [standard, url, passing_score])
        frame = self.page.locator("#content").element_handle().content_frame()
        assert frame is not None, "the LMS has no content frame"
        return frame

    def close(self) -> None:
        self.page.evaluate("() => window.lms.close()")

    def session(self, index: int = -1) -> Session:
        raw = self.page.evaluate("(index) => JSON.parse(JSON.stringify(window.lms.sessions.at(index)))",
                                 index)
        calls = [Call(**call) for call in raw["calls"]]
        return Session(raw["standard"], calls, raw["commits"], raw["resumed"])
