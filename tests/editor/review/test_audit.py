"""The audit trail: who did what, when, to which version; damaged files show up, formulas are defused."""

from __future__ import annotations

import csv
import io

from editor import review
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_audit_csv_lists_every_event_with_its_version(team: Team) -> None:
    ws = team.workspace
    review.submit(ws, team.item(), AUTHOR, [REVIEWER], note="Please check the quiz")
    comment = review.add_comment(ws, team.item(), REVIEWER, "=HYPERLINK(\"http://x\")")
    review.resolve(ws, team.item(), AUTHOR, comment.id)
    review.approve(ws, team.item(), REVIEWER)
    version = review.review_state(ws, team.item()).current_version
    review.record_publish(ws, team.item(), PUBLISHER, version, "cmi5", "first release")

    text = review.audit_csv(review.audit_rows(ws))
    assert text.splitlines()[0] == "time,item,title,event,by,name,version,details,event_id,integrity,file"
    assert tuple(text.splitlines()[0].split(",")) == review.AUDIT_COLUMNS
    rows = rows_of(text)
    assert [row["event"] for row in rows] == ["submit", "comment", "resolve", "approve", "publish"]
    assert {row["item"] for row in rows} == {"lesson0001"}
    assert {row["title"] for row in rows} == {"Giving feedback that lands"}
    assert {row["version"] for row in rows} == {version}
    assert {row["integrity"] for row in rows} == {"ok"}
    assert rows[0]["details"] == f"reviewers: {REVIEWER}; Please check the quiz"
    assert rows[1]["details"] == "'=HYPERLINK(\"http://x\")"     # defused for spreadsheet programs
    assert rows[2]["details"] == f"on comment {comment.id}"
    assert rows[4]["details"] == "to cmi5; first release"
    assert (rows[3]["by"], rows[3]["name"]) == (REVIEWER, "Bo Lindqvist")
    assert rows[3]["file"].endswith("-approve.json")
    assert [row["time"] for row in rows] == sorted(row["time"] for row in rows)


def test_audit_shows_untrusted_files_and_filters_by_item(team: Team) -> None:
    ws = team.workspace
    event = review.add_comment(ws, team.item(), REVIEWER, "Fine")
    edited = event.path.read_text(encoding="utf-8").replace("Fine", "Terrible")
    event.path.write_text(edited, encoding="utf-8")
    other = ws.read_item(ws.new_lesson("Another lesson") / "lesson.md")
    review.add_comment(ws, other, AUTHOR, "Draft notes")

    everything = rows_of(review.audit_csv(review.audit_rows(ws)))
    assert len(everything) == 2
    assert everything[-1]["integrity"].startswith("NOT TRUSTED: the digest does not match")
    assert everything[-1]["file"] == str(event.path)
    only_other = review.audit_rows(ws, other.id)
    assert [(row["item"], row["details"]) for row in only_other] == [(other.id, "Draft notes")]
