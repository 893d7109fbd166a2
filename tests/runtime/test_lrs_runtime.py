"""cmi5 and xAPI (Tin Can) packages against a real LRS (ralph) in a real browser.

The test plays the LMS: it launches the package page with the launch parameters of its standard,
a learner answers the demo lesson's two questions and scrolls to the end, closes the page, and
the test reads from the LRS what arrived. cmi5 launches go through the LMS's listener
(tests/runtime/lms_listener.py: State and Agent Profile documents, statements forwarded to ralph);
Tin Can launches talk to ralph directly.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from playwright.sync_api import Page

from tests.runtime import learner
from tests.runtime.cmi5_launch import ACTOR, SESSION_ID, cmi5_launch, launch_url
from tests.runtime.packages import DEMO_LESSON, build_unzipped, tincan_activity
from tests.runtime.servers import LmsWebServer, Lrs

Statement = dict[str, Any]

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
CMI5_DEFINED = ("initialized", "completed", "passed", "failed", "terminated")
ARRIVAL_SECONDS = 15

# The demo lesson "Spotting phishing emails": q1 right, q2 wrong gives a score of 0.5.
ONE_WRONG = {"q1": [0, 1, 3], "q2": [0]}
RIGHT = {"q1": True, "q2": False}
REFLECTION = "Check the sender's domain first."


def verb(statement: Statement) -> str:
    return str(statement["verb"]["id"]).rsplit("/", 1)[-1]


def categories(statement: Statement) -> set[str]:
    found = statement.get("context", {}).get("contextActivities", {}).get("category", [])
    return {activity["id"] for activity in found}


def statements_after_close(lrs: Lrs, registration: str) -> list[Statement]:
    """Everything the LRS holds for the registration once "terminated" arrived, in time order."""
    deadline = time.monotonic() + ARRIVAL_SECONDS
    while True:
        found = lrs.statements(registration=registration)
        if any(verb(s) == "terminated" for s in found) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert any(verb(s) == "terminated" for s in found), \
        f"no terminated statement reached the LRS after the page closed; got {[verb(s) for s in found]}"
    return sorted(found, key=lambda s: datetime.fromisoformat(s["timestamp"]))


def learn(page: Page, tracking: str, answers: dict[str, list[int]]) -> None:
    assert learner.wait_until_started(page) == tracking, f"the package did not start its {tracking} adapter"
    for quiz_id, options in answers.items():
        learner.answer(page, quiz_id, options)
    learner.write_reflection(page, REFLECTION)
    learner.scroll_to_end(page)
    page.goto("about:blank")  # the learner closes the lesson


def check_answered(statements: list[Statement], right: dict[str, bool]) -> None:
    answered = [s for s in statements if verb(s) == "answered"]
    assert len(answered) == len(right), f"expected one answered statement per question: {len(answered)}"
    for statement, (quiz_id, correct) in zip(answered, right.items(), strict=True):
        definition = statement["object"].get("definition", {})
        assert definition.get("interactionType") == "choice"
        object_id = str(statement["object"]["id"])
        assert quiz_id in object_id, f"{object_id} does not name {quiz_id}"
        result = statement["result"]
        assert result["success"] is correct and result.get("response"), f"{quiz_id}: {result}"


def check_common(statements: list[Statement], actor: dict[str, Any], registration: str) -> list[str]:
    verbs = [verb(s) for s in statements]
    assert verbs[0] == "initialized" and verbs[-1] == "terminated", f"statements in order: {verbs}"
    for statement in statements:
        UUID(statement["id"])
        name = verb(statement)
        for ifi in ("mbox", "account"):
            assert statement["actor"].get(ifi) == actor.get(ifi), f"{name}: wrong actor {statement['actor']}"
        assert statement["context"]["registration"] == registration, f"{name}: wrong registration"
    return verbs


def test_cmi5_package_reports_a_session_to_the_lrs(page: Page, lms_web: LmsWebServer, lrs: Lrs,
                                                   tmp_path: Path, request: pytest.FixtureRequest) -> None:
    actor = ACTOR
    # The LMS may set its own mastery score (cmi5 §10): 0.5 here, so this learner's 0.5 passes.
    with cmi5_launch(lms_web, lrs, tmp_path, request, mastery_score=0.5) as launch:
        au, fetch, registration, session_id = launch.au, launch.fetch, launch.registration, launch.session_id
        activity_id, listener = launch.activity_id, launch.listener
        page.goto(launch.url)
        learn(page, "cmi5", ONE_WRONG)
        statements = statements_after_close(lrs, registration)
        reads = [line for line in listener.requests if line.startswith("GET ")]
        assert any("LMS.LaunchData" in line for line in reads), "the AU never read LMS.LaunchData (cmi5 §10)"
        assert any("LearnerPreferences" in line for line in reads), "the AU never read cmi5LearnerPreferences"
        kept = listener.document(listener.key("activities/state", launch.state_query)) or b"{}"
        assert json.loads(kept) == launch.launch_data, "the AU must not change LMS.LaunchData"
    assert sum(f"POST /cmi5-fetch/{fetch.rsplit('/', 1)[1]}" in line for line in lms_web.log) == 1, \
        "the AU must POST to the fetch URL exactly once"

    verbs = check_common(statements, actor, registration)
    defined_verbs = sorted(v for v in verbs if v in CMI5_DEFINED)
    assert defined_verbs == sorted(["initialized", "completed", "passed", "terminated"]), verbs
    for statement in statements:
        context = statement["context"]
        assert context["extensions"][SESSION_ID] == session_id, f"{verb(statement)}: no session id"
        assert au.publisher_id in {a["id"] for a in context["contextActivities"]["grouping"]}, \
            f"{verb(statement)}: the context template's publisher id was dropped"
        defined = verb(statement) in CMI5_DEFINED
        assert (CMI5_CATEGORY in categories(statement)) is defined, f"{verb(statement)}: cmi5 category"
        if defined:
            assert statement["object"]["id"] == activity_id
    by_verb = {verb(s): s for s in statements}
    completed, passed = by_verb["completed"]["result"], by_verb["passed"]["result"]
    assert completed["completion"] is True and "duration" in completed and "success" not in completed
    assert passed["success"] is True and passed["score"]["scaled"] == 0.5 and "duration" in passed
    assert by_verb["passed"]["context"]["extensions"][MASTERY_SCORE] == 0.5
    assert MOVEON_CATEGORY in categories(by_verb["completed"]) & categories(by_verb["passed"])
    assert "duration" in by_verb["terminated"]["result"]
    check_answered(statements, RIGHT)


def test_statements_queued_when_the_learner_closes_the_page_still_reach_the_lrs(
        page: Page, lms_web: LmsWebServer, lrs: Lrs, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    # A slow LMS answers each State write after a second, so the answers and the verdict are still
    # waiting their turn behind a state save when the learner closes the page at the end.
    with cmi5_launch(lms_web, lrs, tmp_path, request, mastery_score=0.5) as launch:
        launch.listener.state_write_seconds = 1.0
        page.goto(launch.url)
        learn(page, "cmi5", ONE_WRONG)
        statements = statements_after_close(lrs, launch.registration)
    verbs = check_common(statements, ACTOR, launch.registration)
    everything = ["initialized", "answered", "answered", "completed", "passed", "terminated"]
    assert sorted(verbs) == sorted(everything), verbs
    check_answered(statements, RIGHT)


def test_xapi_package_reports_a_session_to_the_lrs(page: Page, lms_web: LmsWebServer, lrs: Lrs,
                                                   tmp_path: Path) -> None:
    folder = build_unzipped("xapi", DEMO_LESSON, tmp_path)
    activity = tincan_activity(folder)
    page_url = lms_web.mount(f"{tmp_path.name}-xapi", folder) + activity.launch
    actor = {"objectType": "Agent", "name": "Sam Learner", "mbox": "mailto:sam@example.org"}
    registration = str(uuid4())
    page.goto(launch_url(page_url, endpoint=lrs.endpoint, auth=f"Basic {lrs.basic_token}",
                         actor=json.dumps(actor), registration=registration, activity_id=activity.id))
    learn(page, "xapi", ONE_WRONG)  # 0.5 is below the lesson's mastery score (the default 0.8)

    statements = statements_after_close(lrs, registration)
    verbs = check_common(statements, actor, registration)
    assert {"completed", "failed"} <= set(verbs) and "passed" not in verbs, verbs
    by_verb = {verb(s): s for s in statements}
    for name in ("initialized", "completed", "failed", "terminated"):
        assert by_verb[name]["object"]["id"] == activity.id, f"{name} is not about the launched activity"
    assert by_verb["completed"]["result"]["completion"] is True
    failed = by_verb["failed"]["result"]
    assert failed["success"] is False and failed["score"]["scaled"] == 0.5
    check_answered(statements, RIGHT)
