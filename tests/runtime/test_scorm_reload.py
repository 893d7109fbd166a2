"""SCORM packages when the learner reloads the lesson or leaves it (issue: reloads silently
stopped tracking, and the last commit was made while the page was dismissed, where browsers
refuse the synchronous request many LMS APIs make).

What must hold: everything the LMS needs (answers, suspend data, exit, session time) is committed
while the page is alive; leaving commits nothing, it only ends the session; a reload after the
session ended says so in the page and records nothing; a relaunch from the LMS resumes; the
lesson's own Exit control ends the session while the page is alive.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.runtime import learner
from tests.runtime.scorm_host import Session
from tests.runtime.servers import LmsWebServer
from tests.runtime.test_scorm_runtime import (
    ALL_RIGHT,
    SCORM12,
    SCORM2004,
    InstalledPackage,
    Standard,
    install,
    interactions,
    refers_to,
)

SESSION_TIME = {"scorm12": "cmi.core.session_time", "scorm2004": "cmi.session_time"}
COMMIT = {"scorm12": "LMSCommit", "scorm2004": "Commit"}
CLOSED = re.compile(r"reopen it from your learning platform")
STANDARDS = [pytest.param(SCORM12, id="scorm12"), pytest.param(SCORM2004, id="scorm2004")]


def open_lesson(package: InstalledPackage, where: str) -> Frame | Page:
    if where == "popup":
        return package.lms.launch_in_popup(package.standard.name, package.url, package.passing_score)
    return package.open()


def reload(lesson: Frame | Page) -> None:
    """F5 in the popup; a frame reload (the frame's own location.reload()) in the LMS page."""
    if isinstance(lesson, Page):
        lesson.reload()
        return
    lesson.evaluate("() => { window.tesseraOldDocument = true; location.reload(); }")
    lesson.wait_for_function("() => !window.tesseraOldDocument && window.tesseraPlayer !== undefined")


def committed_while_open(session: Session) -> dict[str, Any]:
    alive = [commit for commit in session.commits if not commit["dismissing"]]
    assert alive, "nothing was committed while the lesson was open"
    return dict(alive[-1]["cmi"])


def check_nothing_committed_on_leaving(session: Session, standard: Standard) -> None:
    during = [call.name for call in session.calls if call.dismissing]
    assert COMMIT[standard.name] not in during, f"a commit was made while the page was dismissed: {during}"
    assert during[-1:] == [standard.terminate], f"leaving must end the session: {during}"


@pytest.mark.parametrize("where", ["frame", "popup"])
@pytest.mark.parametrize("standard", STANDARDS)
def test_a_reload_keeps_the_answer_and_says_the_session_ended(
        page: Page, lms_web: LmsWebServer, tmp_path: Path, standard: Standard, where: str) -> None:
    package = install(page, lms_web, tmp_path, standard)
    lesson = open_lesson(package, where)
    assert learner.wait_until_started(lesson) == standard.name
    learner.answer(lesson, "q1", ALL_RIGHT["q1"])
    page.wait_for_function("() => window.lms.session.commits.some((c) => 'cmi.interactions.0.id' in c.cmi)")

    reload(lesson)
    assert learner.wait_until_started(lesson) == "none", "after the session ended the page must not track"
    expect(lesson.locator(".ts-notice")).to_have_text(CLOSED)
    session = package.lms.session()
    after_reload = [(call.name, call.result) for call in session.calls if call.document >= 2]
    assert after_reload == [(standard.initialize, "false")], \
        f"the reloaded page may only try to start, and must record nothing: {after_reload}"
    check_nothing_committed_on_leaving(session, standard)

    cmi = committed_while_open(session)
    answered = [each for each in interactions(cmi, standard) if refers_to(each.id, "q1")]
    assert answered and answered[-1].result == "correct", "the answer given before the reload was lost"
    assert cmi[standard.exit] == "suspend" and cmi[SESSION_TIME[standard.name]], \
        "exit and session time must be committed before the learner leaves"
    assert '"q1"' in cmi[standard.suspend_data]

    package.lms.close()
    relaunched = package.open()
    assert learner.wait_until_started(relaunched) == standard.name
    assert learner.chosen_options(relaunched, "q1") == ALL_RIGHT["q1"], "the relaunch lost the answer"
    expect(relaunched.locator(".ts-notice")).to_have_count(0)


@pytest.mark.parametrize("standard", STANDARDS)
def test_closing_commits_nothing_and_the_exit_control_ends_the_session(
        page: Page, lms_web: LmsWebServer, tmp_path: Path, standard: Standard) -> None:
    package = install(page, lms_web, tmp_path, standard)
    lesson = package.open()
    learner.wait_until_started(lesson)
    for quiz_id, options in ALL_RIGHT.items():
        learner.answer(lesson, quiz_id, options)
    learner.write_reflection(lesson, "Hover over links first.")
    learner.scroll_to_end(lesson)
    page.wait_for_timeout(600)        # the reflection's save (debounced 0.4 s) is committed at once
    package.lms.close()
    session = package.lms.session()
    check_nothing_committed_on_leaving(session, standard)
    final, alive = session.last_commit, committed_while_open(session)
    for element in (standard.suspend_data, standard.location, standard.exit):
        assert alive.get(element) == final.get(element), \
            f"{element} changed while the page was dismissed: an LMS that commits synchronously loses it"

    lesson = package.open()
    learner.wait_until_started(lesson)
    lesson.locator(".ts-exit").click()
    expect(lesson.locator(".ts-notice")).to_have_text(re.compile("progress is saved"))
    second = package.lms.session()
    ends = [call for call in second.calls if call.name == standard.terminate]
    assert len(ends) == 1 and not ends[0].dismissing and ends[0].result == "true"
    package.lms.close()
    assert [call.name for call in package.lms.session().calls].count(standard.terminate) == 1


def test_a_session_ended_by_the_lms_stops_tracking_and_says_so(
        page: Page, lms_web: LmsWebServer, tmp_path: Path) -> None:
    # SCORM 2004 only: scorm-again's 1.2 API keeps answering "true" (error 0) after LMSFinish, so in
    # this LMS a 1.2 page cannot see that the session was ended under it.
    standard = SCORM2004
    package = install(page, lms_web, tmp_path, standard)
    lesson = package.open()
    assert learner.wait_until_started(lesson) == standard.name
    # The LMS ends the session under the lesson (its own timeout, another window…).
    page.evaluate("() => window.API_1484_11.Terminate('')")
    learner.answer(lesson, "q1", ALL_RIGHT["q1"])
    expect(lesson.locator(".ts-notice")).to_have_text(CLOSED)
    assert lesson.evaluate("() => window.tesseraPlayer.tracking") == "none"
    ended_at = max(i for i, call in enumerate(package.lms.session().calls) if call.name == standard.terminate)
    learner.answer(lesson, "q2", ALL_RIGHT["q2"])
    page.wait_for_timeout(600)
    calls_after = package.lms.session().calls[ended_at + 1:]
    assert all(call.args[:1] != ["cmi.interactions.1.id"] for call in calls_after), \
        "the page kept recording after the LMS ended the session"


def test_a_package_page_outside_an_lms_says_progress_is_not_recorded(
        page: Page, lms_web: LmsWebServer, tmp_path: Path) -> None:
    package = install(page, lms_web, tmp_path, SCORM2004)
    page.goto(package.url)              # no LMS page around it: no API to find
    assert learner.wait_until_started(page) == "none"
    expect(page.locator(".ts-notice")).to_have_text(re.compile("not recorded here"))
