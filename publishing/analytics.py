"""How a lesson performs, from the xAPI statements its packages sent to a learning record store.

The player (resources/player/adapters/lrs.js) reports, per lesson activity (the package's
activity IRI, ``publishing.packages.course.Unit.iri``): initialized, answered (object
``<lesson activity>/quiz/<quiz id>``, ``result.success``), completed, passed or failed (with
``result.score.scaled``) and terminated.
From those:

- **learners**: distinct actors with any statement on the lesson or its questions;
- **completion rate**: share of those learners with a ``completed`` or ``passed`` statement;
- **average score**: mean over learners of their latest passed/failed score (0–1);
- **difficulty** of a question: share of its answers that were wrong.

Statements are filtered here, not by the LRS (see ``LrsConnector.statements``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
_QUIZ = "/quiz/"


@dataclass(frozen=True)
class QuestionStats:
    id: str                      # the quiz id inside the lesson
    question: str
    answers: int
    wrong: int

    @property
    def difficulty(self) -> float:
        return self.wrong / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class LessonStats:
    activity: str
    learners: int
    completed: int
    scores: tuple[float, ...]
    questions: tuple[QuestionStats, ...] = field(default=())

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.learners if self.learners else None

    @property
    def average_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    def as_dict(self) -> dict[str, Any]:
        return {"activity": self.activity, "learners": self.learners, "completed": self.completed,
                "completion_rate": self.completion_rate, "average_score": self.average_score,
                "scored_learners": len(self.scores),
                "questions": [{"id": q.id, "question": q.question, "answers": q.answers, "wrong": q.wrong,
                               "difficulty": q.difficulty} for q in self.questions]}


def lesson_stats(statements: Iterable[dict[str, Any]], activity: str) -> LessonStats:
    learners: set[str] = set()
    completed: set[str] = set()
    verdicts: dict[str, tuple[str, float]] = {}            # learner -> (timestamp, scaled score)
    answers: dict[str, list[bool]] = {}
    names: dict[str, str] = {}
    for statement in statements:
        object_id = str((statement.get("object") or {}).get("id") or "")
        if object_id != activity and not object_id.startswith(activity + _QUIZ):
            continue
        learner = _actor_key(statement.get("actor"))
        if not learner:
            continue
        learners.add(learner)
        verb = str((statement.get("verb") or {}).get("id") or "").removeprefix(ADL)
        result = statement.get("result") or {}
        if object_id != activity:
            if verb == "answered" and isinstance(result.get("success"), bool):
                quiz = object_id[len(activity) + len(_QUIZ):]
                answers.setdefault(quiz, []).append(result["success"])
                names.setdefault(quiz, _name(statement.get("object") or {}) or quiz)
            continue
        if verb in ("completed", "passed"):
            completed.add(learner)
        scaled = (result.get("score") or {}).get("scaled")
        if verb in ("passed", "failed") and isinstance(scaled, int | float) and not isinstance(scaled, bool):
            stamp = str(statement.get("timestamp") or "")
            if learner not in verdicts or stamp >= verdicts[learner][0]:
                verdicts[learner] = (stamp, float(scaled))
    questions = tuple(QuestionStats(quiz, names[quiz], len(results), results.count(False))
                      for quiz, results in sorted(answers.items()))
    return LessonStats(activity, len(learners), len(completed),
                       tuple(score for _, score in verdicts.values()), questions)


def _actor_key(actor: Any) -> str:
    """One learner, however the LRS names them (mbox, account, openid, hashed mbox)."""
    if not isinstance(actor, dict):
        return ""
    for key in ("mbox", "mbox_sha1sum", "openid"):
        if actor.get(key):
            return f"{key}:{actor[key]}"
    account = actor.get("account")
    if isinstance(account, dict) and account.get("name"):
        return "account:" + json.dumps([account.get("homePage", ""), account["name"]])
    return ""


def _name(activity: dict[str, Any]) -> str:
    names = (activity.get("definition") or {}).get("name") or {}
    return str(next(iter(names.values()), "")) if isinstance(names, dict) else ""
