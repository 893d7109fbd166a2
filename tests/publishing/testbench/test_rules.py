"""The bench's verdict from records: each rule holds on a good run and fires on the failure it names."""

from __future__ import annotations

from typing import Any

from publishing.testbench.records import ApiCall, Commit, Observation, Record, Rule, StatementRecord
from publishing.testbench.rules import cmi5_violations, scorm_violations

SAVED = {"cmi.interactions.0.id": "q1_x", "cmi.suspend_data": '{"t":1}', "cmi.completion_status": "completed"}


def call(launch: int, page: int, name: str, result: str = "true", error: str = "0",
         dismissing: bool = False) -> ApiCall:
    return ApiCall(launch, page, name, (), result, error, dismissing)


def good_scorm_run() -> list[Record]:
    return [
        call(1, 1, "Initialize"), Commit(1, 1, dict(SAVED), False, False), call(1, 1, "Commit"),
        Observation(1, "answered", "q1"),
        call(1, 1, "SetValue", dismissing=True), call(1, 1, "Terminate", dismissing=True),
        call(1, 2, "Initialize", "false", "104"),
        Observation(1, "tracking after reload", "none"),
        Observation(1, "notice after reload", "This lesson was closed"),
        call(2, 1, "Initialize"), Observation(2, "first answer shown", "yes"),
        Commit(2, 1, dict(SAVED), False, False), call(2, 1, "Commit"), Observation(2, "complete", "yes"),
        Observation(2, "exit", "clicked"), call(2, 1, "Terminate"),
    ]


def rules(found: list[Any]) -> list[Rule]:
    return [violation.rule for violation in found]


def test_a_good_scorm_run_breaks_no_rule() -> None:
    assert scorm_violations("scorm2004", good_scorm_run()) == []


def test_a_commit_during_dismissal_is_a_violation() -> None:
    records = good_scorm_run()
    records.insert(5, call(1, 1, "Commit", dismissing=True))
    assert rules(scorm_violations("scorm2004", records)) == [Rule.NO_COMMIT_ON_DISMISSAL]


def test_a_refused_page_that_pretends_to_track_is_a_violation() -> None:
    records = [r for r in good_scorm_run() if not (isinstance(r, Observation) and "reload" in r.action)]
    records[7:7] = [call(1, 2, "SetValue", "false", "132"),
                    Observation(1, "tracking after reload", "scorm2004"),
                    Observation(1, "notice after reload", "")]
    found = scorm_violations("scorm2004", records)
    assert rules(found) == [Rule.HONEST_AFTER_RELOAD] * 3
    assert "SetValue" in found[-1].message


def test_an_answer_left_for_the_dismissal_is_a_violation() -> None:
    records = [r for r in good_scorm_run() if not (isinstance(r, Commit) and r.launch == 1)]
    assert rules(scorm_violations("scorm2004", records)) == [Rule.ANSWER_COMMITTED]


def test_a_lost_answer_and_an_exit_that_ends_nothing_are_violations() -> None:
    records = [r for r in good_scorm_run()
               if not (isinstance(r, ApiCall) and r.launch == 2 and r.name == "Terminate")]
    records = [Observation(2, "first answer shown", "no") if isinstance(r, Observation) and
               r.action == "first answer shown" else r for r in records]
    assert rules(scorm_violations("scorm2004", records)) == [Rule.RESUMES, Rule.EXIT_ENDS_SESSION]


def statement(launch: int, verb: str, at: str, session: str) -> StatementRecord:
    return StatementRecord(launch, verb, f"2026-05-01T10:00:{at}Z", session, {"verb": {"id": verb}})


STRUCTURE = (b'<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
             b'<course id="urn:c"/><au id="urn:a"/></courseStructure>')


def good_cmi5_run() -> list[Record]:
    return [
        statement(1, "initialized", "00.000", "s1"), statement(1, "answered", "01.000", "s1"),
        Observation(1, "answered", "q1"), statement(1, "terminated", "02.000", "s1"),
        Observation(1, "tracking after reload", "none"), Observation(1, "notice after reload", "closed"),
        statement(2, "initialized", "10.000", "s2"), Observation(2, "first answer shown", "yes"),
        statement(2, "answered", "11.000", "s2"), statement(2, "completed", "11.010", "s2"),
        statement(2, "failed", "11.011", "s2"), Observation(2, "exit", "clicked"),
        statement(2, "terminated", "20.000", "s2"), Observation(2, "after exit", "returnURL"),
    ]


def test_a_good_cmi5_run_breaks_no_rule() -> None:
    assert cmi5_violations(good_cmi5_run(), STRUCTURE) == []


def test_cmi5_session_rules() -> None:
    records = good_cmi5_run()
    records.insert(4, statement(1, "initialized", "03.000", "s1"))     # a reload restarting the session
    records[11] = statement(2, "failed", "19.999", "s2")              # held back until the exit
    records[-1] = Observation(2, "after exit", "http://127.0.0.1/somewhere")
    found = rules(cmi5_violations(records, STRUCTURE.replace(b"urn:c", b"urn:a")))
    assert found == [Rule.UNIQUE_IDS, Rule.SESSION_ORDER, Rule.SESSION_ORDER, Rule.VERDICT_WHEN_REACHED,
                     Rule.EXIT_ENDS_SESSION]
