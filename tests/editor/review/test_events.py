"""Event files: one per event, verified on read; damaged or edited files are reported, never trusted."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from editor import review
from editor.review.events import EventLog, read_event_file, write_event
from editor.review.members import load_members
from editor.review.storage import canonical_json, sha256_hex
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team


def events_dir(team: Team) -> Path:
    return team.workspace.root / "reviews" / "lesson0001" / "events"


def approved_and_commented(team: Team) -> tuple[review.Event, review.Event]:
    ws = team.workspace
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    comment = review.add_comment(ws, team.item(), REVIEWER, "Looks right.")
    return comment, review.approve(ws, team.item(), REVIEWER)


def test_every_event_is_its_own_readable_file(team: Team) -> None:
    _, approval = approved_and_commented(team)
    names = sorted(path.name for path in events_dir(team).iterdir())
    assert len(names) == 3
    assert [name.rsplit("-", 1)[1] for name in names] == ["submit.json", "comment.json", "approve.json"]
    record = json.loads(approval.path.read_text(encoding="utf-8"))
    assert record["by"] == REVIEWER and record["by_name"] == "Bo Lindqvist" and record["kind"] == "approve"
    assert record["version"] == review.review_state(team.workspace, team.item()).current_version
    assert len(record["digest"]) == 64
    # Re-formatting the JSON (another editor, a merge tool) changes no content and stays trusted.
    approval.path.write_text(json.dumps(record, sort_keys=False), encoding="utf-8")
    assert read_event_file(approval.path, "lesson0001").id == approval.id


def test_a_tampered_approval_is_reported_and_does_not_count(team: Team) -> None:
    _, approval = approved_and_commented(team)
    record = json.loads(approval.path.read_text(encoding="utf-8"))
    record["by"] = "cy@example.com"
    approval.path.write_text(json.dumps(record), encoding="utf-8")

    log = review.read_events(team.workspace, "lesson0001")
    assert [problem.path for problem in log.problems] == [approval.path]
    assert "digest does not match" in log.problems[0].message
    assert str(approval.path) in str(log.problems[0])
    state = review.review_state(team.workspace, team.item())
    assert state.status == "in_review" and state.approvals == []
    decision = review.can_publish(team.workspace, team.item(), PUBLISHER)
    assert not decision.allowed
    assert any(str(approval.path) in reason for reason in decision.reasons)


@pytest.mark.parametrize(("damage", "message"), [
    (lambda path: path.write_text("{not json", encoding="utf-8"), "not JSON"),
    (lambda path: path.write_text("[" * 100_000, encoding="utf-8"), "nested too deeply"),
    (lambda path: path.write_text("[1, 2]", encoding="utf-8"), "not a JSON object"),
    (lambda path: path.write_bytes(b"\xff\xfe\x00"), "unreadable"),
    (lambda path: path.rename(path.with_name("20200101T000000000000Z-aaaaaaaaaaaa-comment.json")),
     "name does not match"),
])
def test_malformed_event_files_are_reported_with_their_path(team: Team, damage: Callable[[Path], object],
                                                            message: str) -> None:
    comment, _ = approved_and_commented(team)
    damage(comment.path)
    log = review.read_events(team.workspace, "lesson0001")
    assert len(log.problems) == 1 and message in log.problems[0].message
    assert log.problems[0].path.parent == events_dir(team)
    assert [event.kind for event in log.events] == ["submit", "approve"]


def test_files_copied_from_another_item_or_with_valid_digest_but_bad_fields_are_reported(team: Team) -> None:
    comment, _ = approved_and_commented(team)
    other = team.workspace.root / "reviews" / "other0002" / "events"
    other.mkdir(parents=True)
    shutil.copy(comment.path, other / comment.path.name)
    copied = review.read_events(team.workspace, "other0002")
    assert "belongs to item 'lesson0001'" in copied.problems[0].message

    record = json.loads(comment.path.read_text(encoding="utf-8"))
    del record["digest"]
    record["data"] = {"text": 42, "anchor": None}
    record["digest"] = sha256_hex(canonical_json(record))
    comment.path.write_text(json.dumps(record), encoding="utf-8")
    problems = review.read_events(team.workspace, "lesson0001").problems
    assert "malformed" in problems[0].message and "'text'" in problems[0].message


def test_stray_files_are_reported_and_temp_files_ignored(team: Team) -> None:
    approved_and_commented(team)
    (events_dir(team) / ".20990101-abc-comment.json.x1y2.tmp").write_text("half-written", encoding="utf-8")
    (events_dir(team) / "notes.txt").write_text("hello", encoding="utf-8")
    log = review.read_events(team.workspace, "lesson0001")
    assert [problem.path.name for problem in log.problems] == ["notes.txt"]
    assert len(log.events) == 3


def test_a_reply_to_a_deleted_comment_reveals_the_deletion(team: Team) -> None:
    comment, _ = approved_and_commented(team)
    review.reply(team.workspace, team.item(), AUTHOR, comment.id, "Thanks")
    comment.path.unlink()
    problems = review.orphan_problems(review.read_events(team.workspace, "lesson0001"))
    assert len(problems) == 1 and comment.id in problems[0].message


def test_events_sort_after_what_the_writer_saw_even_with_a_clock_behind(team: Team) -> None:
    ws = team.workspace
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    submitted = review.read_events(ws, "lesson0001").events[0]
    # The submitter's clock was a year ahead: the reply must still sort after what it answers.
    future = submitted.at.replace(year=submitted.at.year + 1)
    ahead = EventLog("lesson0001", [dataclasses.replace(submitted, at=future)])
    reviewer = load_members(ws).require(REVIEWER)
    event = write_event(ws, ahead, "comment", reviewer, data={"text": "after", "anchor": None})
    assert event.at > future


def test_invalid_event_content_is_refused_before_writing(team: Team) -> None:
    with pytest.raises(review.ReviewError, match="empty"):
        review.add_comment(team.workspace, team.item(), REVIEWER, "   ")
    with pytest.raises(review.ReviewError, match="too long"):
        review.add_comment(team.workspace, team.item(), REVIEWER, "x" * 20_001)
    with pytest.raises(review.ReviewError, match="no comment"):
        review.reply(team.workspace, team.item(), AUTHOR, "20990101T000000000000Z-000000000000", "hi")
    assert not events_dir(team).exists()
