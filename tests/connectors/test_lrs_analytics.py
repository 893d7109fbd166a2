"""The LRS connector and lesson analytics against a real ralph LRS."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from publishing.analytics import lesson_stats
from publishing.connectors import add_target
from publishing.packages.course import load_unit
from publishing.targets import Target
from tests.connectors.conftest import cli
from tests.editor.review.conftest import Team
from tests.runtime.servers import Lrs

ADL = "http://adlnet.gov/expapi/verbs/"


def lrs_target(team: Team, lrs: Lrs, password: str) -> None:
    add_target(team.workspace, Target("lrs", "lrs", lrs.endpoint, {"username": lrs.username}), password)


def statement(learner: str, verb: str, activity: str, stamp: int, **result: Any) -> dict[str, Any]:
    made: dict[str, Any] = {"id": str(uuid.uuid4()), "actor": {"mbox": f"mailto:{learner}@example.com"},
                            "verb": {"id": ADL + verb}, "timestamp": f"2030-01-01T10:00:{stamp:02d}Z",
                            "object": {"objectType": "Activity", "id": activity}}
    if result:
        made["result"] = result
    return made


def answer(learner: str, activity: str, quiz: str, correct: bool, stamp: int) -> dict[str, Any]:
    made = statement(learner, "answered", f"{activity}/quiz/{quiz}", stamp, success=correct)
    made["object"]["definition"] = {"name": {"en": f"Question {quiz}"}}
    return made


def learner_statements(lesson: str) -> list[dict[str, Any]]:
    return [
        statement("ana", "initialized", lesson, 1), answer("ana", lesson, "q1", True, 2),
        answer("ana", lesson, "q2", False, 3), answer("ana", lesson, "q2", True, 4),
        statement("ana", "completed", lesson, 5, completion=True),
        statement("ana", "passed", lesson, 6, success=True, score={"scaled": 1.0}),
        statement("bo", "initialized", lesson, 1), answer("bo", lesson, "q1", False, 2),
        answer("bo", lesson, "q2", False, 3), statement("bo", "completed", lesson, 4, completion=True),
        statement("bo", "failed", lesson, 5, success=False, score={"scaled": 0.25}),
        statement("bo", "passed", lesson, 9, success=True, score={"scaled": 0.75}),   # a later, better try
        statement("cy", "initialized", lesson, 1),
        statement("dee", "completed", "urn:tessera:lesson:another", 1),             # another lesson
    ]


def test_analytics_reads_completion_scores_and_question_difficulty(
        approved: Team, lrs: Lrs, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = load_unit(approved.folder).iri
    stored = httpx.post(lrs.endpoint + "statements", json=learner_statements(lesson), timeout=10,
                        auth=(lrs.username, lrs.password), headers={"X-Experience-API-Version": "1.0.3"})
    assert stored.status_code == 200, stored.text
    lrs_target(approved, lrs, lrs.password)
    ws = str(approved.workspace.root)
    assert cli(["targets", "test", "lrs", "--workspace", ws]) == 0
    assert "accepted the credentials" in capsys.readouterr().out

    assert cli(["analytics", str(approved.folder), "--target", "lrs", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["learners"], stats["completed"]) == (3, 2)
    assert stats["completion_rate"] == pytest.approx(2 / 3)
    assert stats["average_score"] == pytest.approx((1.0 + 0.75) / 2)
    assert [(q["id"], q["answers"], q["wrong"]) for q in stats["questions"]] == [("q1", 2, 1), ("q2", 3, 2)]
    assert stats["questions"][1]["question"] == "Question q2"

    assert cli(["analytics", str(approved.folder), "--target", "lrs"]) == 0
    text = capsys.readouterr().out
    assert "3 learner(s), 2 completed (67%)" in text and "67% wrong  (2/3)  Question q2" in text


def test_a_wrong_lrs_password_is_reported_without_it(approved: Team, lrs: Lrs,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    lrs_target(approved, lrs, "wrong-lrs-password-42")
    assert cli(["targets", "test", "lrs", "--workspace", str(approved.workspace.root)]) == 1
    err = capsys.readouterr().err
    assert "401" in err and "wrong-lrs-password-42" not in err


def test_publishing_to_an_lrs_says_what_it_is_for(approved: Team, lrs: Lrs, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    lrs_target(approved, lrs, lrs.password)
    assert cli(["publish", str(approved.folder), "--target", "lrs", "--as", "pat@example.com"]) == 1
    assert "learning record store" in capsys.readouterr().out


def test_statistics_of_a_lesson_nobody_opened_are_empty() -> None:
    stats = lesson_stats([], "urn:tessera:lesson:x")
    assert (stats.learners, stats.completion_rate, stats.average_score) == (0, None, None)
    assert stats.questions == ()
