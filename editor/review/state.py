"""An item's review status, derived from its events and its content as it is now.

Nothing stores the status: it follows from the ordered events (submit, approve, request_changes,
publish, retire, reopen) and from comparing the current content hash with the hash the events
were about. So editing an approved or published lesson makes it a draft again by itself, and its
approvals show as stale; restoring exactly the approved content makes them count again.

Approvals are judged with today's members and policy: an approval from someone who is no longer a
reviewer, or the author's own approval when the policy forbids it, is listed but does not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from editor.review.events import Event, EventLog, EventProblem
from editor.review.members import Member, Members
from editor.review.policy import Policy
from editor.statuses import PUBLISHED_NEWER_DRAFT, UNDER_REVIEW


@dataclass(frozen=True)
class Approval:
    event: Event
    reason: str = ""             # why it does not count; "" when it does

    @property
    def counts(self) -> bool:
        return not self.reason


@dataclass
class ReviewState:
    item_id: str
    status: str                               # a key of STATUS_WORDS
    recorded: str                             # what the events alone say, before comparing content
    current_version: str
    approvals_needed: int
    round_version: str | None = None          # the version submitted in the current review round
    submitted_by: str = ""
    submitted_at: dt.datetime | None = None
    reviewers: tuple[str, ...] = ()
    due: dt.date | None = None
    approvals: list[Approval] = field(default_factory=list)   # of the current round
    published_version: str | None = None
    changes_requested: Event | None = None    # the request that closed the round, if any
    authors: frozenset[str] = frozenset()
    problems: list[EventProblem] = field(default_factory=list)

    @property
    def counting_approvals(self) -> list[Approval]:
        """Approvals that count towards publishing the content as it is now."""
        return [a for a in self.approvals if a.counts and a.event.version == self.current_version]

    @property
    def stale_approvals(self) -> list[Approval]:
        """Approvals of this round given to content that has changed since."""
        return [a for a in self.approvals if a.event.version != self.current_version]

    @property
    def content_changed(self) -> bool:
        """The content differs from the version under review (or last approved)."""
        return self.round_version is not None and self.round_version != self.current_version

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output and tools."""
        return {
            "item": self.item_id, "status": self.status, "recorded": self.recorded,
            "current_version": self.current_version, "submitted_version": self.round_version,
            "submitted_by": self.submitted_by, "reviewers": list(self.reviewers),
            "due": self.due.isoformat() if self.due else None, "approvals_needed": self.approvals_needed,
            "approvals": [{"by": a.event.by, "at": a.event.at.isoformat(), "version": a.event.version,
                           "counts": a.counts, "reason": a.reason,
                           "stale": a.event.version != self.current_version} for a in self.approvals],
            "changes_requested": self.changes_requested.text if self.changes_requested else None,
            "published_version": self.published_version,
            "problems": [str(problem) for problem in self.problems],
        }

    def overdue(self, today: dt.date | None = None) -> bool:
        return (self.status == UNDER_REVIEW and self.due is not None
                and self.due < (today or dt.date.today()))


def derive_state(log: EventLog, current_version: str, policy: Policy, members: Members,
                 owner: str = "") -> ReviewState:
    """Replay ``log`` (trusted events only) and compare with ``current_version``."""
    state = ReviewState(log.item_id, "draft", "draft", current_version, policy.approvals_needed,
                        problems=list(log.problems))
    round_approvals: list[Event] = []
    authors = {member.email for member in _owners(members, owner)}
    for event in log.events:
        if event.kind == "submit":
            state.recorded, state.round_version = UNDER_REVIEW, event.version
            state.submitted_by, state.submitted_at = event.by, event.at
            state.reviewers = tuple(str(email) for email in event.data["reviewers"])
            state.due = _date(event.data.get("due"))
            state.changes_requested = None
            round_approvals = []
            authors.add(event.by)
        elif event.kind == "approve":
            if state.recorded == UNDER_REVIEW and event.version == state.round_version:
                round_approvals.append(event)
        elif event.kind == "request_changes" and state.recorded == UNDER_REVIEW:
            state.recorded, state.changes_requested = "changes_requested", event
            round_approvals = []
        elif event.kind == "publish":
            state.recorded, state.published_version = "published", event.version
        elif event.kind == "retire":
            state.recorded = "retired"
        elif event.kind == "reopen":
            state.recorded, state.round_version, round_approvals = "draft", None, []
    state.authors = frozenset(authors)
    state.approvals = _judge(round_approvals, state.authors, policy, members)
    counted = sum(approval.counts for approval in state.approvals)
    if state.recorded == UNDER_REVIEW and counted >= policy.approvals_needed:
        state.recorded = "approved"
    state.status = _status_now(state)
    return state


def _status_now(state: ReviewState) -> str:
    if state.recorded == "approved" and state.content_changed:
        return "draft"
    if state.recorded == "published" and state.published_version != state.current_version:
        return PUBLISHED_NEWER_DRAFT
    return state.recorded


def _judge(approvals: list[Event], authors: frozenset[str], policy: Policy,
           members: Members) -> list[Approval]:
    judged: list[Approval] = []
    seen: set[str] = set()
    for event in approvals:
        member = members.find(event.by)
        if event.by in seen:
            reason = "the same person approved twice; it counts once"
        elif member is None or not member.has("reviewer"):
            reason = f"{event.by} is no longer a reviewer in this workspace"
        elif event.by in authors and not policy.authors_may_approve:
            reason = "an author's own approval; the workspace policy does not count it"
        else:
            reason = ""
        seen.add(event.by)
        judged.append(Approval(event, reason))
    return judged


def _owners(members: Members, owner: str) -> list[Member]:
    """Members named by the item's ``owner`` field (a name or an email)."""
    wanted = owner.strip().lower()
    if not wanted:
        return []
    return [member for member in members.people if wanted in (member.email, member.name.lower())]


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
