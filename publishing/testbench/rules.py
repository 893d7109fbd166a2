"""The verdict: which rules a package broke, from the records of one bench run.

The scripted learner (``learner.py``) plays two launches: in the first it answers the first
question and reloads the page; in the second it finds its answer again, answers the rest,
reaches the end and leaves through the lesson's Exit control. The rules are those of
docs/packages.md ("Reloads, leaving and exiting"), checked on what the LMS recorded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from publishing.packages.manifest_checks import cmi5_id_problems
from publishing.testbench.records import (
    ApiCall,
    Commit,
    Observation,
    Record,
    Rule,
    StatementRecord,
    Violation,
)


@dataclass(frozen=True)
class ScormNames:
    initialize: str
    finish: str
    commit: str
    writes: tuple[str, ...]
    status: str              # the element that says the lesson is finished


SCORM_NAMES = {
    "scorm12": ScormNames("LMSInitialize", "LMSFinish", "LMSCommit",
                          ("LMSSetValue", "LMSCommit", "LMSFinish"), "cmi.core.lesson_status"),
    "scorm2004": ScormNames("Initialize", "Terminate", "Commit", ("SetValue", "Commit", "Terminate"),
                            "cmi.completion_status"),
}
FINISHED = frozenset({"passed", "failed", "completed"})
VERDICT_DELAY_SECONDS = 5.0   # an answer and the verdict it causes are one click apart
NOT_COMMITTED = ("the answer given before the reload was not committed with the saved state while the page "
                 "was open")
NOT_RESUMED = "the relaunch did not show the answer given in the first launch"
NOT_TOLD = "the reloaded page does not tell the learner that their progress is no longer recorded"


def observed(records: Sequence[Record], launch: int, action: str) -> str | None:
    """What the learner noted for ``action`` in ``launch`` (the last such note), or None."""
    notes = [r for r in records if isinstance(r, Observation) and r.launch == launch]
    found = [note.detail for note in notes if note.action == action]
    return found[-1] if found else None


def scorm_violations(standard: str, records: Sequence[Record]) -> list[Violation]:
    return list(_scorm(SCORM_NAMES[standard], records))


def _scorm(names: ScormNames, records: Sequence[Record]) -> Iterator[Violation]:
    calls = [r for r in records if isinstance(r, ApiCall)]
    commits = [r for r in records if isinstance(r, Commit)]
    for launch in sorted({call.launch for call in calls}):
        mine = [call for call in calls if call.launch == launch]
        if mine[0].name != names.initialize or mine[0].result != "true":
            yield Violation(Rule.STARTS_FIRST, f"launch {launch}: the first call was {mine[0]}")
        refused = [call for call in mine
                   if call.page == 1 and call.name in names.writes and call.error != "0"]
        for call in refused[:5]:
            yield Violation(Rule.CALLS_SUCCEED, f"launch {launch}: {call}")
    for call in calls:
        if call.dismissing and call.name == names.commit:
            yield Violation(Rule.NO_COMMIT_ON_DISMISSAL, f"launch {call.launch}: {call}; browsers refuse the "
                            "synchronous request of many LMS APIs while a page is dismissed")
    if observed(records, 1, "answered"):
        kept = [c.values for c in commits if c.launch == 1 and c.page == 1 and not c.dismissing]
        if not any("cmi.interactions.0.id" in values and values.get("cmi.suspend_data") for values in kept):
            yield Violation(Rule.ANSWER_COMMITTED, NOT_COMMITTED)
    reloaded = [call for call in calls if call.launch == 1 and call.page >= 2]
    yield from _reload_honesty(records, reloaded, names.initialize)
    if observed(records, 1, "answered") and observed(records, 2, "first answer shown") != "yes":
        yield Violation(Rule.RESUMES, NOT_RESUMED)
    ends = [call for call in calls if call.launch == 2 and call.name == names.finish]
    clean_end = len(ends) == 1 and not ends[0].dismissing and ends[0].result == "true"
    if observed(records, 2, "exit") == "clicked" and not clean_end:
        yield Violation(Rule.EXIT_ENDS_SESSION,
                        f"the lesson's Exit did not end the session once: {[str(c) for c in ends]}")
    last = [c.values for c in commits if c.launch == 2]
    if observed(records, 2, "complete") == "yes" and (not last or last[-1].get(names.status) not in FINISHED):
        yield Violation(Rule.FINAL_RECORD, "the finished lesson's status did not reach the LMS")


def _reload_honesty(records: Sequence[Record], after: list[ApiCall], initialize: str) -> Iterator[Violation]:
    tracking = observed(records, 1, "tracking after reload")
    if tracking is None or any(call.name == initialize and call.result == "true" for call in after):
        return
    if tracking != "none":
        yield Violation(Rule.HONEST_AFTER_RELOAD, f"the LMS refused the reloaded page, which still claims to "
                        f"track ({tracking})")
    if not observed(records, 1, "notice after reload"):
        yield Violation(Rule.HONEST_AFTER_RELOAD, NOT_TOLD)
    others = [str(call) for call in after if call.name != initialize]
    if others:
        yield Violation(Rule.HONEST_AFTER_RELOAD, f"the refused page kept calling the LMS: {others[:3]}")


def cmi5_violations(records: Sequence[Record], structure: bytes) -> list[Violation]:
    found = [Violation(Rule.UNIQUE_IDS, d.message) for d in cmi5_id_problems(structure)]
    return found + list(_cmi5(records))


def _when(record: StatementRecord) -> datetime:
    return datetime.fromisoformat(record.timestamp.replace("Z", "+00:00"))


def _cmi5(records: Sequence[Record]) -> Iterator[Violation]:
    statements = [r for r in records if isinstance(r, StatementRecord)]
    for session in sorted({s.session for s in statements}):
        mine = sorted((s for s in statements if s.session == session), key=_when)
        verbs = [s.verb for s in mine]
        if verbs[0] != "initialized" or verbs.count("initialized") != 1:
            yield Violation(Rule.SESSION_ORDER, f"session {session}: initialized must come first, once: "
                            f"{verbs}")
        if "terminated" in verbs and verbs.index("terminated") != len(verbs) - 1:
            yield Violation(Rule.SESSION_ORDER, f"session {session}: statements after terminated (an LMS "
                            f"rejects them, cmi5 §9.3.8): {verbs}")
        for verdict in (s for s in mine if s.verb in ("passed", "failed")):
            answers = [_when(s) for s in mine if s.verb == "answered" and _when(s) <= _when(verdict)]
            delay = (_when(verdict) - max(answers)).total_seconds() if answers else 0.0
            if delay > VERDICT_DELAY_SECONDS:
                yield Violation(Rule.VERDICT_WHEN_REACHED, f"session {session}: {verdict.verb} came "
                                f"{delay:.1f} s after the last answer; an abandoned session would record "
                                "nothing (cmi5 §9.7)")
    tracking = observed(records, 1, "tracking after reload")
    if tracking not in (None, "cmi5") and not observed(records, 1, "notice after reload"):
        yield Violation(Rule.HONEST_AFTER_RELOAD, NOT_TOLD)
    if observed(records, 1, "answered") and observed(records, 2, "first answer shown") != "yes":
        yield Violation(Rule.RESUMES, NOT_RESUMED)
    if observed(records, 2, "exit") == "clicked" and observed(records, 2, "after exit") != "returnURL":
        yield Violation(Rule.EXIT_ENDS_SESSION, "after the lesson's Exit the AU did not go to the LMS's "
                        "returnURL (cmi5 §10.2.6)")
    if observed(records, 2, "exit") == "missing":
        yield Violation(Rule.EXIT_ENDS_SESSION, "the lesson has no exit control, so learners in an LMS that "
                        "launches in the same window are stranded (cmi5 §10.2.6)")
