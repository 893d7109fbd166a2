"""The LXP connector against the local contract server: tokens, items, skills, paging, faults."""

from __future__ import annotations

import json
import time

from editor import review
from publishing.connectors import add_target, open_connector
from publishing.outbox import DONE, FAILED, Outbox, RetryPolicy
from publishing.outcomes import Cause
from publishing.targets import Target, remembered
from tests.connectors.conftest import PUBLISHER, Clock, fast_outbox, publish_then_retire
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import Fault, serving
from tests.editor.review.conftest import Team

COURSES = "/api/v2/content/courses"


def lxp_target(team: Team, lxp: FakeLxp, secret: str | None = None, **options: str) -> None:
    add_target(team.workspace, Target("lxp", "lxp", f"{lxp.origin}/api/v2", {
        "client_id": lxp.client_id, "token_url": f"{lxp.origin}/oauth/token",
        "url_template": "https://lms.example.com/lessons/{id}", **options}),
        lxp.client_secret if secret is None else secret)


def the_item(lxp: FakeLxp) -> dict:  # type: ignore[type-arg]
    [item] = lxp.with_external_id("tessera-lesson0001")
    return item


def test_publish_creates_a_course_with_metadata_and_skills_then_updates_it(approved: Team,
                                                                            lxp: FakeLxp) -> None:
    approved.edit("language: en\n", "language: en\nskills: [Feedback, Coaching]\n")
    review.submit(approved.workspace, approved.item(), "ana@example.com", ["bo@example.com"])
    review.approve(approved.workspace, approved.item(), "bo@example.com")
    lxp_target(approved, lxp)
    outbox = Outbox(approved.workspace)
    [result] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE, result.message
    item = the_item(lxp)
    assert item["type"] == "courses"
    assert item["attributes"]["title"] == "Giving feedback that lands"
    assert item["attributes"]["summary"].startswith("A three-step way")
    assert item["attributes"]["url"] == "https://lms.example.com/lessons/lesson0001"
    assert item["attributes"]["language"] == "en"
    assert item["attributes"]["duration-type"] == "Minutes" and item["attributes"]["duration"] >= 1
    assert item["skills"] == {"Feedback", "Coaching"}
    first_id = remembered(approved.workspace, "lxp", "lesson0001").id  # type: ignore[union-attr]

    approved.edit("skills: [Feedback, Coaching]", "skills: [Feedback]")
    approved.edit("title: Giving feedback that lands", "title: Feedback that lands")
    review.submit(approved.workspace, approved.item(), "ana@example.com", ["bo@example.com"])
    review.approve(approved.workspace, approved.item(), "bo@example.com")
    [again] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
    assert again.state == DONE
    assert len(lxp.items) == 1 and first_id in lxp.items
    assert the_item(lxp)["attributes"]["title"] == "Feedback that lands"
    assert the_item(lxp)["skills"] == {"Feedback"}


def test_a_create_whose_answer_was_lost_is_found_by_external_id(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp, timeout="0.5")
    lxp.inject(Fault("hang", COURSES, "POST", seconds=1.5))   # created, but the answer never comes
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE, result.message
    assert len(lxp.items) == 1
    assert [m for m, p in lxp.requests if p == COURSES].count("POST") == 1


def test_a_slow_server_times_out_and_is_tried_again(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp, timeout="0.3")
    lxp.inject(Fault("slow", "/api/v2/content", seconds=1.0))
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE and len(lxp.items) == 1
    [job] = Outbox(approved.workspace).jobs()
    assert job.attempts == 1


def test_the_lookup_pages_through_a_server_that_ignores_the_filter(approved: Team, lxp: FakeLxp) -> None:
    lxp.ignore_filter = True
    for number in range(5):
        lxp.items[f"x{number}"] = {"type": "courses", "attributes": {"title": "t", "url": "https://x",
                                                                     "external-id": f"other-{number}"},
                                   "skills": set()}
    lxp.inject(Fault("hang", COURSES, "POST", seconds=1.5))
    lxp_target(approved, lxp, timeout="0.5")
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE
    assert len(lxp.with_external_id("tessera-lesson0001")) == 1
    assert len([p for m, p in lxp.requests if m == "GET" and p == COURSES]) >= 3   # several pages read


def test_a_revoked_token_is_renewed_once(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    connector = open_connector(approved.workspace, "lxp")
    assert "token" in connector.test_connection()
    lxp.revoke_tokens()
    connector.test_connection()
    connector.close()
    assert lxp.token_requests == 2


def test_wrong_credentials_fail_at_once_with_advice_and_without_the_secret(approved: Team,
                                                                          lxp: FakeLxp) -> None:
    wrong = "not-the-secret-" + "x" * 12
    lxp_target(approved, lxp, secret=wrong)
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == FAILED
    assert "401" in result.message and "credentials were refused" in result.message
    assert wrong not in result.message and lxp.items == {}


def test_a_429_storm_is_waited_out_as_the_server_asks(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    lxp.inject(*[Fault("status", "/api/v2/", status=429, headers={"Retry-After": "7"}) for _ in range(4)])
    clock = Clock()
    [result] = fast_outbox(approved, clock).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE
    assert clock.slept >= 4 * 7                       # never sooner than Retry-After
    assert len(lxp.items) == 1


def test_the_rate_limit_headers_are_honoured_end_to_end(approved: Team) -> None:
    with serving(FakeLxp("client", "lxp-secret-rate", rate_limit=2, window=0.5)) as lxp:
        lxp_target(approved, lxp)
        outbox = Outbox(approved.workspace, policy=RetryPolicy(first_delay=0.05, max_attempts=10))
        [result] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
        assert result.state == DONE, result.message
        # Twice as many requests as one window allows, and not one of them was refused.
        assert len(lxp.requests) >= 4 and lxp.limited == 0 and len(lxp.items) == 1


def test_server_errors_are_retried(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    lxp.inject(Fault("status", "/api/v2/", status=503), Fault("status", "/oauth/token", status=502),
               Fault("reset", COURSES, "POST"))
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE and len(lxp.items) == 1


def test_a_validation_error_stops_with_the_servers_reason(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp, url_template="not-a-url/{id}")
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == FAILED and "422" in result.message
    assert "'url' must be an absolute" in result.message


def test_retire_deletes_the_item(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    result = publish_then_retire(approved, "lxp")
    assert result.state == DONE and lxp.items == {}
    assert remembered(approved.workspace, "lxp", "lesson0001") is None


def test_a_create_slower_than_the_timeout_never_makes_a_second_item(approved: Team, lxp: FakeLxp) -> None:
    # The server takes 2 s to create the item; the client gives up waiting for the answer after 1 s.
    lxp_target(approved, lxp, timeout="1")
    lxp.inject(Fault("slow", COURSES, "POST", seconds=2.0))
    started = time.monotonic()
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    time.sleep(max(0.0, started + 2.5 - time.monotonic()))     # let the slow create land in any case
    assert result.state == DONE, result.message
    assert len(lxp.with_external_id("tessera-lesson0001")) == 1
    assert [m for m, p in lxp.requests if p == COURSES].count("POST") == 1
    assert result.remote_id == the_item_id(lxp)


def test_every_try_of_one_create_sends_the_same_idempotency_key(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    lxp.inject(Fault("reset", COURSES, "POST"))                  # the first create never reaches the API
    [result] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert result.state == DONE and len(lxp.items) == 1
    keys = [headers.get("idempotency-key") for (method, path), headers in zip(lxp.requests, lxp.headers,
                                                                               strict=True)
            if (method, path) == ("POST", COURSES)]
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]


def test_outcomes_carry_the_cause_the_status_and_the_remote_id(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp, secret="not-the-secret-" + "y" * 12)
    outbox = fast_outbox(approved)
    [refused] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
    assert (refused.state, refused.cause, refused.status) == (FAILED, Cause.AUTH, 401)
    [job] = outbox.jobs()
    saved = json.loads((outbox.folder / f"{job.id}.json").read_text(encoding="utf-8"))
    assert (saved["cause"], saved["status"]) == ("auth", 401)     # in the job file, as data

    lxp_target(approved, lxp)
    [done] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
    assert (done.state, done.cause, done.status) == (DONE, None, None)
    assert done.remote_id == the_item_id(lxp) and done.remote_id in done.url


def the_item_id(lxp: FakeLxp) -> str:
    [item_id] = [key for key, item in lxp.items.items()
                 if item["attributes"].get("external-id") == "tessera-lesson0001"]
    return item_id
