"""cmi5 session rules when the learner reloads, exits, or abandons the lesson (against ralph).

- A reload after the session ended (terminated went out when the page was left) must not start
  the session again: no second initialized, nothing after terminated (cmi5 §9.3, §9.3.8); the
  page says so and the learner reopens the AU from the LMS.
- The lesson's Exit control sends terminated, then goes to the LMS's returnURL (§10.2.6).
- A failure is sent when it is reached, so an abandoned session still records it (§9.7).
- The course structure's course id differs from the AU id (§13.1.4).
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.runtime import learner
from tests.runtime.cmi5_launch import cmi5_launch
from tests.runtime.servers import LmsWebServer, Lrs
from tests.runtime.test_lrs_runtime import ONE_WRONG, Statement, statements_after_close, verb

CMI5_NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
ARRIVAL_SECONDS = 15
# An answer and the failure it causes are one click apart; the failure must not wait for the exit.
NEAR_SECONDS = 3.0


def when(statement: Statement) -> datetime:
    return datetime.fromisoformat(statement["timestamp"])


def statements_with(lrs: Lrs, registration: str, wanted: str) -> list[Statement]:
    """The registration's statements once one with the verb ``wanted`` arrived (or the wait ran out)."""
    deadline = time.monotonic() + ARRIVAL_SECONDS
    found = lrs.statements(registration=registration)
    while not any(verb(s) == wanted for s in found) and time.monotonic() < deadline:
        time.sleep(0.2)
        found = lrs.statements(registration=registration)
    return sorted(found, key=when)


def test_a_reload_after_the_session_ended_sends_nothing_and_says_so(
        page: Page, lms_web: LmsWebServer, lrs: Lrs, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with cmi5_launch(lms_web, lrs, tmp_path, request) as launch:
        page.goto(launch.url)
        assert learner.wait_until_started(page) == "cmi5"
        learner.answer(page, "q1", ONE_WRONG["q1"])
        page.reload()
        assert learner.wait_until_started(page) == "none"
        expect(page.locator(".ts-notice")).to_have_text(re.compile("reopen it from your learning platform"))
        learner.answer(page, "q2", ONE_WRONG["q2"])    # the lesson still works, nothing is recorded
        page.goto("about:blank")
        time.sleep(1)                                   # time for anything the page might still send
        statements = statements_after_close(lrs, launch.registration)
    verbs = [verb(s) for s in statements]
    assert verbs.count("initialized") == 1 and verbs.count("terminated") == 1, verbs
    assert verbs[-1] == "terminated", f"statements after terminated in the same session: {verbs}"
    answered = [s for s in statements if verb(s) == "answered"]
    assert len(answered) == 1 and "q1" in answered[0]["object"]["id"], "the answer before the reload is kept"


def test_the_exit_control_ends_the_session_and_returns_to_the_lms(
        page: Page, lms_web: LmsWebServer, lrs: Lrs, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    return_url = f"{lms_web.origin}/host/lms.html?back-from-au=1"
    with cmi5_launch(lms_web, lrs, tmp_path, request, return_url=return_url) as launch:
        page.goto(launch.url)
        assert learner.wait_until_started(page) == "cmi5"
        learner.answer(page, "q1", ONE_WRONG["q1"])
        page.locator(".ts-exit").click()
        page.wait_for_url(return_url)
        statements = statements_after_close(lrs, launch.registration)
    verbs = [verb(s) for s in statements]
    assert verbs == ["initialized", "answered", "terminated"], verbs


def test_a_failure_is_recorded_when_reached_not_at_exit(
        page: Page, lms_web: LmsWebServer, lrs: Lrs, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    # No mastery score from the LMS: the lesson's 80 % applies, and 1 of 2 right fails.
    with cmi5_launch(lms_web, lrs, tmp_path, request) as launch:
        page.goto(launch.url)
        assert learner.wait_until_started(page) == "cmi5"
        for quiz_id, options in ONE_WRONG.items():
            learner.answer(page, quiz_id, options)
        learner.scroll_to_end(page)
        # The learner walks away with the page still open: the failure is already in the LRS.
        statements = statements_with(lrs, launch.registration, "failed")
        assert "failed" in [verb(s) for s in statements], "an abandoned session recorded no failure"
        assert "terminated" not in [verb(s) for s in statements]
        time.sleep(1.5)
        page.goto("about:blank")
        statements = statements_after_close(lrs, launch.registration)
    last_answer = max(when(s) for s in statements if verb(s) == "answered")
    failed = next(s for s in statements if verb(s) == "failed")
    terminated = next(s for s in statements if verb(s) == "terminated")
    assert 0 <= (when(failed) - last_answer).total_seconds() < NEAR_SECONDS
    assert (when(terminated) - when(failed)).total_seconds() > 1, "failed was held back until the exit"
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] == 0.5


def test_the_course_id_differs_from_the_au_id(lms_web: LmsWebServer, lrs: Lrs, tmp_path: Path,
                                              request: pytest.FixtureRequest) -> None:
    with cmi5_launch(lms_web, lrs, tmp_path, request) as launch:
        root = ET.parse(launch.folder / "cmi5.xml").getroot()
    course = root.find(f"{CMI5_NS}course")
    assert course is not None
    au_ids = [au.get("id") for au in root.iter(f"{CMI5_NS}au")]
    assert au_ids == [launch.au.publisher_id] and course.get("id") not in au_ids
