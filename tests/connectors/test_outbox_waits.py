"""How long the outbox waits: Retry-After capped, long waits left queued, persistent 5xx given up."""

from __future__ import annotations

from publishing.outbox import DONE, FAILED, QUEUED, Outbox, RetryPolicy, Waiting
from publishing.outcomes import Cause
from tests.connectors.conftest import PUBLISHER, Clock, fast_outbox
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import Fault
from tests.connectors.test_lxp import lxp_target
from tests.editor.review.conftest import Team

API = "/api/v2/"


def test_a_long_retry_after_is_capped_and_left_in_the_outbox(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    lxp.inject(Fault("status", API, status=429, headers={"Retry-After": "3600"}))
    clock = Clock()
    outbox = fast_outbox(approved, clock)
    [result] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
    # The call returns at once: an hour (capped to the policy's 15 minutes) is not waited in-process.
    assert clock.slept == 0
    assert (result.state, result.cause, result.status) == (QUEUED, Cause.RATE_LIMITED, 429)
    assert result.next_try - clock.now == outbox.policy.max_retry_after == 900
    assert lxp.items == {}
    clock.now = result.next_try                           # later, once the server recovered
    [later] = outbox.run()
    assert later.state == DONE and clock.slept == 0 and len(lxp.items) == 1


def test_short_waits_are_waited_and_announced_first(approved: Team, lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    lxp.inject(Fault("status", API, status=503, headers={"Retry-After": "7"}))
    clock = Clock()
    heard: list[tuple[Waiting, float]] = []
    [result] = fast_outbox(approved, clock).publish(
        approved.item(), ["lxp"], PUBLISHER, on_wait=lambda waiting: heard.append((waiting, clock.now)))
    assert result.state == DONE and clock.slept >= 7
    [(waiting, when)] = heard
    assert (waiting.target, waiting.cause, waiting.status) == ("lxp", Cause.SERVER, 503)
    assert waiting.until >= when + 7 and "HTTP 503" in waiting.message


def test_persistent_server_errors_give_up_after_a_bounded_time_with_one_message(approved: Team,
                                                                                lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    lxp.inject(*[Fault("status", API, status=503) for _ in range(60)])
    clock = Clock()
    policy = RetryPolicy(first_delay=1.0, max_attempts=50, give_up_after=120.0, wait_cap=1000.0)
    outbox = Outbox(approved.workspace, policy=policy, sleep=clock.sleep, clock=clock.time)
    [result] = outbox.publish(approved.item(), ["lxp"], PUBLISHER)
    assert (result.state, result.cause, result.status) == (FAILED, Cause.SERVER, 503)
    assert 120 <= clock.slept < 120 + 2 * 64 * 1.2                 # bounded by time, not by 50 attempts
    assert result.message.startswith("Gave up after ") and "HTTP 503" in result.message
    assert "tried again" not in result.message                       # no promise that contradicts it
    [job] = outbox.jobs()
    assert job.attempts < 50


def test_a_job_resumed_long_after_its_retry_was_due_is_not_given_up_at_once(approved: Team,
                                                                             lxp: FakeLxp) -> None:
    lxp_target(approved, lxp)
    clock = Clock()
    outbox = fast_outbox(approved, clock)
    [job] = outbox.enqueue(approved.item(), ["lxp"], PUBLISHER)
    # Two days ago it failed once; the app was closed until now.
    job.attempts, job.first_failure, job.next_try = 1, clock.now - 2 * 86400, clock.now - 2 * 86400 + 4
    outbox.store.save(job)
    lxp.inject(Fault("status", API, status=503))
    [result] = outbox.run()
    assert result.state == DONE
    assert [j.attempts for j in outbox.jobs()] == [2]
