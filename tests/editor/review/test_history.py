"""Version history: snapshots at submit/approve/publish, readable diffs, restoring text and media."""

from __future__ import annotations

import json

import pytest

from editor import review
from editor.lesson_file import SourceFile
from editor.review import ReviewError
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team


def two_versions(team: Team) -> tuple[str, str]:
    """v1 submitted and sent back; v2 (new text, new picture, one more file) approved and published."""
    ws = team.workspace
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    review.request_changes(ws, team.item(), REVIEWER, "Add a handout.")
    first = review.review_state(ws, team.item()).current_version
    (team.folder / "media" / "model.png").write_bytes(b"\x89PNG second picture")
    (team.folder / "media" / "handout.pdf").write_bytes(b"%PDF handout")
    team.edit("title: Giving feedback that lands", "title: Feedback that lands")
    team.edit("Close with one", "Close with [a handout](media/handout.pdf) and one")
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    review.approve(ws, team.item(), REVIEWER)
    second = review.review_state(ws, team.item()).current_version
    review.record_publish(ws, team.item(), PUBLISHER, second, "scorm2004")
    return first, second


def test_versions_are_listed_in_order_with_their_events(team: Team) -> None:
    first, second = two_versions(team)
    versions = review.list_versions(review.read_events(team.workspace, "lesson0001"))
    assert [(v.label, v.hash) for v in versions] == [("v1", first), ("v2", second)]
    assert [e.kind for e in versions[1].events] == ["submit", "approve", "publish"]
    assert review.resolve_version("v1", versions, second) == first
    assert review.resolve_version(second[:8], versions, second) == second
    assert review.resolve_version("current", versions, second) == second
    with pytest.raises(ValueError, match="names no single version"):
        review.resolve_version("v9", versions, second)


def test_diff_names_metadata_text_and_media_changes(team: Team) -> None:
    first, second = two_versions(team)
    ws = team.workspace
    diff = review.diff_snapshots(review.load_snapshot(ws, "lesson0001", first),
                                 review.load_snapshot(ws, "lesson0001", second), "v1", "v2")
    assert diff.metadata == [("title", "Giving feedback that lands", "Feedback that lands")]
    assert (diff.media_added, diff.media_removed, diff.media_changed) == (
        ["media/handout.pdf"], [], ["media/model.png"])
    assert "+Close with [a handout](media/handout.pdf) and one clear request so the person knows what to " \
           "do next." in diff.text
    text = review.format_diff(diff)
    assert "title: 'Giving feedback that lands' → 'Feedback that lands'" in text
    assert "added    media/handout.pdf" in text and "changed  media/model.png" in text
    reverse = review.diff_snapshots(review.load_snapshot(ws, "lesson0001", second),
                                    review.load_snapshot(ws, "lesson0001", first), "v2", "v1")
    assert reverse.media_removed == ["media/handout.pdf"]
    same = review.diff_snapshots(review.load_snapshot(ws, "lesson0001", first),
                                 review.load_snapshot(ws, "lesson0001", first), "v1", "v1")
    assert same.empty and "No differences" in review.format_diff(same)


def test_unchanged_media_are_stored_once(team: Team) -> None:
    two_versions(team)
    blobs = sorted(p for p in (team.workspace.root / "reviews" / "_blobs").rglob("*") if p.is_file())
    # Two versions of model.png plus the handout; the second submission re-used the stored copies.
    assert len(blobs) == 3
    assert {p.read_bytes() for p in blobs} == {b"\x89PNG first picture", b"\x89PNG second picture",
                                               b"%PDF handout"}


def test_restore_brings_back_text_and_media_as_a_new_draft(team: Team) -> None:
    first, second = two_versions(team)
    ws = team.workspace
    team.edit("owner: Ana Pereira", "owner: Ana Pereira-Silva")   # internal: kept through the restore
    event = review.restore(ws, team.item(), AUTHOR, first)
    assert (event.kind, event.version, event.data["from_version"]) == ("restore", first, first)
    assert event.data["replaced"] == second
    text = team.text()
    assert "title: Giving feedback that lands" in text and "owner: Ana Pereira-Silva" in text
    assert "[a handout]" not in text
    assert (team.folder / "media" / "model.png").read_bytes() == b"\x89PNG first picture"
    state = review.review_state(ws, team.item())
    assert state.current_version == first and state.status == "published_newer_draft"  # v2 still ships
    assert not review.can_publish(ws, team.item()).allowed
    # What the restore replaced is itself a version now, and can be restored in turn.
    versions = review.list_versions(review.read_events(ws, "lesson0001"))
    assert second in [v.hash for v in versions]


def test_restore_refuses_to_overwrite_a_file_changed_since_it_was_opened(team: Team) -> None:
    first, _ = two_versions(team)
    opened = SourceFile.load(team.source)
    team.edit("Close with", "Someone else typed this. Close with")
    with pytest.raises(ReviewError, match="changed since it was opened"):
        review.restore(team.workspace, team.item(), AUTHOR, first, source=opened)
    assert "Someone else typed this." in team.text()
    assert (team.folder / "media" / "model.png").read_bytes() == b"\x89PNG second picture"


def test_restore_rules(team: Team) -> None:
    first, second = two_versions(team)
    with pytest.raises(ReviewError, match="'author' role"):
        review.restore(team.workspace, team.item(), REVIEWER, first)
    with pytest.raises(ReviewError, match="current content already"):
        review.restore(team.workspace, team.item(), AUTHOR, second)


def test_an_edited_snapshot_is_not_trusted(team: Team) -> None:
    first, _ = two_versions(team)
    path = team.workspace.root / "reviews" / "lesson0001" / "versions" / f"{first}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["text"] = record["text"].replace("Feedback that names", "Praise that names")
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(ReviewError, match="does not match its content hash"):
        review.load_snapshot(team.workspace, "lesson0001", first)
    with pytest.raises(ReviewError, match="does not match"):
        review.restore(team.workspace, team.item(), AUTHOR, first)
    path.unlink()
    with pytest.raises(ReviewError, match="was not kept"):
        review.load_snapshot(team.workspace, "lesson0001", first)
