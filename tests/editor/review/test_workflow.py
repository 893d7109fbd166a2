"""The review cycle, approvals bound to exact content, roles and policy."""

from __future__ import annotations

import datetime as dt

import pytest

from editor import review
from editor.review import Policy, ReviewError, save_policy
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, SECOND_REVIEWER, Team


def test_full_cycle_from_submission_to_publication(team: Team) -> None:
    ws = team.workspace
    assert review.review_state(ws, team.item()).status == "draft"
    assert not review.can_publish(ws, team.item()).allowed

    review.submit(ws, team.item(), AUTHOR, [REVIEWER], dt.date(2030, 1, 1), "Short one")
    state = review.review_state(ws, team.item())
    assert (state.status, state.reviewers, state.due) == ("in_review", (REVIEWER,), dt.date(2030, 1, 1))
    assert [entry.item.id for entry in review.my_reviews(ws, REVIEWER)] == ["lesson0001"]

    text = team.text()
    comment = review.add_comment(ws, team.item(), REVIEWER, "Give an example here.",
                                 review.anchor_quote(text, "easier to act on"))
    review.reply(ws, team.item(), AUTHOR, comment.id, "Added one.")
    review.request_changes(ws, team.item(), REVIEWER, "Needs an example.")
    state = review.review_state(ws, team.item())
    assert state.status == "changes_requested" and state.changes_requested is not None
    assert state.changes_requested.text == "Needs an example."
    assert review.my_reviews(ws, REVIEWER) == []

    team.edit("than a verdict.", "than a verdict. Example: 'In Monday's meeting you interrupted Sam.'")
    assert review.review_state(ws, team.item()).content_changed
    review.resolve(ws, team.item(), AUTHOR, comment.id)
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    review.approve(ws, team.item(), REVIEWER, "Good now.")

    state = review.review_state(ws, team.item())
    assert state.status == "approved"
    assert [a.event.by for a in state.counting_approvals] == [REVIEWER]
    decision = review.can_publish(ws, team.item(), PUBLISHER)
    assert decision.allowed and decision.reasons == ()
    assert decision.version == state.current_version

    event = review.record_publish(ws, team.item(), PUBLISHER, decision.version, "scorm12")
    assert event.kind == "publish" and event.data["target"] == "scorm12"
    assert review.review_state(ws, team.item()).status == "published"
    threads = review.comment_threads(review.read_events(ws, "lesson0001"), team.text())
    assert [(t.resolved, [r.text for r in t.replies]) for t in threads] == [(True, ["Added one."])]
    # Nothing above touched the lesson file's own status line: the state is derived.
    assert "status: draft" in team.text()


def approved(team: Team) -> str:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    return review.review_state(team.workspace, team.item()).current_version


def test_a_text_edit_after_approval_makes_the_approval_stale(team: Team) -> None:
    version = approved(team)
    team.edit("one clear request", "one clear, kind request")
    state = review.review_state(team.workspace, team.item())
    assert state.status == "draft"
    assert [a.event.version for a in state.stale_approvals] == [version]
    decision = review.can_publish(team.workspace, team.item())
    assert not decision.allowed
    assert "changed after it was approved" in decision.reasons[0]
    with pytest.raises(ReviewError, match="not allowed"):
        review.record_publish(team.workspace, team.item(), PUBLISHER, decision.version, "scorm12")
    # Undoing the edit brings back exactly the approved content, so the approval counts again.
    team.edit("one clear, kind request", "one clear request")
    assert review.review_state(team.workspace, team.item()).status == "approved"


def test_a_media_change_after_approval_makes_the_approval_stale(team: Team) -> None:
    approved(team)
    (team.folder / "media" / "model.png").write_bytes(b"\x89PNG another picture")
    state = review.review_state(team.workspace, team.item())
    assert state.status == "draft" and len(state.stale_approvals) == 1
    assert not review.can_publish(team.workspace, team.item()).allowed


def test_internal_metadata_edits_keep_the_approval(team: Team) -> None:
    approved(team)
    team.edit("status: draft", "status: approved")
    team.edit("owner: Ana Pereira", "owner: Someone Else")
    team.edit("review_by: 2030-05-01", "review_by: 2031-05-01\nnotes_for_us: internal")
    assert review.can_publish(team.workspace, team.item()).allowed


def test_authors_may_not_approve_their_own_work_by_default(team: Team) -> None:
    ws = team.workspace
    review.add_member(ws, "Ana Pereira", AUTHOR, ["author", "reviewer"])
    with pytest.raises(ReviewError, match="own work"):
        review.submit(ws, team.item(), AUTHOR, [AUTHOR])
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    with pytest.raises(ReviewError, match="own work"):
        review.approve(ws, team.item(), AUTHOR)
    assert review.review_state(ws, team.item()).approvals == []


def test_self_approval_counts_when_the_policy_allows_it(team: Team) -> None:
    ws = team.workspace
    review.add_member(ws, "Ana Pereira", AUTHOR, ["author", "reviewer"])
    save_policy(ws, Policy(approvals_needed=1, authors_may_approve=True))
    review.submit(ws, team.item(), AUTHOR, [AUTHOR])
    review.approve(ws, team.item(), AUTHOR)
    assert review.can_publish(ws, team.item()).allowed
    # Tightening the policy later: the self-approval stays on record but no longer counts.
    save_policy(ws, Policy(approvals_needed=1, authors_may_approve=False))
    state = review.review_state(ws, team.item())
    assert state.status == "in_review"
    assert "own approval" in state.approvals[0].reason
    assert any("own approval" in reason for reason in review.can_publish(ws, team.item()).reasons)


def test_two_approvals_needed(team: Team) -> None:
    ws = team.workspace
    save_policy(ws, Policy(approvals_needed=2))
    with pytest.raises(ReviewError, match="pick at least 2"):
        review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    review.submit(ws, team.item(), AUTHOR, [REVIEWER, SECOND_REVIEWER])
    review.approve(ws, team.item(), REVIEWER)
    state = review.review_state(ws, team.item())
    assert (state.status, len(state.counting_approvals)) == ("in_review", 1)
    assert "1 of 2" in review.can_publish(ws, team.item()).reasons[0]
    with pytest.raises(ReviewError, match="already approved"):
        review.approve(ws, team.item(), REVIEWER)
    review.approve(ws, team.item(), SECOND_REVIEWER)
    assert review.review_state(ws, team.item()).status == "approved"
    assert review.can_publish(ws, team.item()).allowed


def test_an_approval_from_someone_who_left_the_reviewers_no_longer_counts(team: Team) -> None:
    approved(team)
    review.add_member(team.workspace, "Bo Lindqvist", REVIEWER, ["author"])
    decision = review.can_publish(team.workspace, team.item())
    assert not decision.allowed
    assert any("no longer a reviewer" in reason for reason in decision.reasons)


def test_roles_are_enforced(team: Team) -> None:
    ws = team.workspace
    with pytest.raises(ReviewError, match="'author' role"):
        review.submit(ws, team.item(), REVIEWER, [SECOND_REVIEWER])
    with pytest.raises(ReviewError, match="not a member"):
        review.submit(ws, team.item(), "stranger@example.com", [REVIEWER])
    with pytest.raises(ReviewError, match="'reviewer' role"):
        review.submit(ws, team.item(), AUTHOR, [PUBLISHER])
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    with pytest.raises(ReviewError, match="'reviewer' role"):
        review.approve(ws, team.item(), PUBLISHER)
    review.approve(ws, team.item(), REVIEWER)
    with pytest.raises(ReviewError, match="'publisher' role"):
        review.record_publish(ws, team.item(), REVIEWER, review.review_state(ws, team.item()).current_version,
                              "html")
    assert "publisher" in review.can_publish(ws, team.item(), REVIEWER).reasons[0]


def test_state_rules_for_actions(team: Team) -> None:
    ws = team.workspace
    with pytest.raises(ReviewError, match="not under review"):
        review.approve(ws, team.item(), REVIEWER)
    with pytest.raises(ReviewError, match="has passed"):
        review.submit(ws, team.item(), AUTHOR, [REVIEWER], dt.date(2020, 1, 1))
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    with pytest.raises(ReviewError, match="already under review"):
        review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    team.edit("Close with", "End with")
    with pytest.raises(ReviewError, match="changed after it was submitted"):
        review.approve(ws, team.item(), REVIEWER)
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])  # a new version replaces the one under review
    review.approve(ws, team.item(), REVIEWER)
    with pytest.raises(ReviewError, match="already approved"):
        review.submit(ws, team.item(), AUTHOR, [REVIEWER])


def test_retire_and_reopen(team: Team) -> None:
    ws = team.workspace
    version = approved(team)
    review.record_publish(ws, team.item(), PUBLISHER, version, "lxp")
    with pytest.raises(ReviewError, match="'publisher' role"):
        review.retire(ws, team.item(), AUTHOR)
    review.retire(ws, team.item(), PUBLISHER, "Replaced by a newer lesson")
    assert review.review_state(ws, team.item()).status == "retired"
    assert "retired" in review.can_publish(ws, team.item()).reasons[0]
    with pytest.raises(ReviewError, match="Reopen"):
        review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    review.reopen(ws, team.item(), AUTHOR, "Still needed")
    state = review.review_state(ws, team.item())
    assert state.status == "draft" and state.approvals == []
    assert not review.can_publish(ws, team.item()).allowed


def test_problems_with_setup_are_clear_errors(team: Team) -> None:
    (team.workspace.root / "members.yaml").unlink()
    with pytest.raises(ReviewError, match="no members yet"):
        review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    team.edit("id: lesson0001", "id: ../escape")
    decision = review.can_publish(team.workspace, team.item())
    assert not decision.allowed and "cannot be used for reviews" in decision.reasons[0]


def test_editing_a_published_lesson_says_a_published_version_exists(team: Team) -> None:
    from editor.statuses import is_published, status_words

    ws = team.workspace
    approved(team)
    decision = review.can_publish(ws, team.item())
    review.record_publish(ws, team.item(), PUBLISHER, decision.version, "folder")
    team.edit("one clear request", "one clear, kind request")
    state = review.review_state(ws, team.item())
    assert state.status == "published_newer_draft" and is_published(state.status)
    assert status_words(state.status) == "Published · newer draft"
    assert not review.can_publish(ws, team.item()).allowed
    # Not reopened (the published version stays what learners get); a new submission is the way on.
    refused = review.refusals(review.open_review(ws, team.item()), PUBLISHER)
    assert "not reopened" in refused[review.Action.REOPEN]
    review.submit(ws, team.item(), AUTHOR, [REVIEWER])
    assert review.review_state(ws, team.item()).status == "in_review"
