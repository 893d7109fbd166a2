"""The one rule every publishing path shares: only approved content, exactly as approved, goes out.

``can_publish`` is what the GUI, the CLI and the package builders ask before publishing;
``record_publish`` is what they call after a successful publication.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.review.events import Event
from editor.review.snapshots import save_snapshot
from editor.review.state import ReviewState
from editor.review.storage import ReviewError
from editor.review.workflow import open_review
from editor.statuses import UNDER_REVIEW
from editor.workspace import Item, Workspace


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[str, ...] = ()   # why not, for people; empty when allowed
    version: str = ""               # the content hash the decision is about


def can_publish(workspace: Workspace, item: Item, by: str | None = None) -> Decision:
    """May ``item`` be published as it is on disk now (by ``by``, when given)?"""
    try:
        context = open_review(workspace, item)
    except ReviewError as exc:
        return Decision(False, (str(exc),))
    reasons = _refusals(context.state, context.content.hash)
    if by is not None:
        member = context.members.find(by)
        if member is None or not member.has("publisher"):
            reasons.insert(0, f"{by} does not have the 'publisher' role in this workspace.")
    return Decision(not reasons, tuple(reasons), context.content.hash)


def record_publish(workspace: Workspace, item: Item, by: str, version: str, target: str,
                   note: str = "") -> Event:
    """Record that ``version`` (the content hash that was shipped) went to ``target``.

    Refused unless ``version`` is approved per policy and ``by`` is a publisher.
    """
    context = open_review(workspace, item)
    publisher = context.members.require(by, "publisher", "publish")
    reasons = _refusals(context.state, version)
    if reasons:
        raise ReviewError("Publishing is not allowed: " + " ".join(reasons))
    if not target.strip():
        raise ReviewError("Say where the content was published (a connector or package name).")
    if version == context.content.hash:
        save_snapshot(workspace, context.item_id, context.content)
    return context.record("publish", publisher, version=version, target=target.strip(), note=note.strip())


def _refusals(state: ReviewState, version: str) -> list[str]:
    """Why ``version`` may not be published, given the item's review state (empty: it may)."""
    reasons = [f"A review record cannot be trusted: {problem}. Restore or remove it first."
               for problem in state.problems]
    if state.recorded == "retired":
        return [*reasons, "The item is retired. Reopen it and have it reviewed again."]
    counting = [a for a in state.approvals if a.counts and a.event.version == version]
    if state.recorded in ("draft", UNDER_REVIEW, "changes_requested"):
        reasons.append(_not_approved(state))
    elif len(counting) < state.approvals_needed:
        reasons.append("The content changed after it was approved; submit it for review again."
                       if state.round_version != version else
                       f"It has {len(counting)} of the {state.approvals_needed} approvals the policy needs.")
    if reasons:
        reasons += [f"Not counted: the approval by {a.event.by} ({a.reason})." for a in state.approvals
                    if not a.counts and a.event.version == version]
    return reasons


def _not_approved(state: ReviewState) -> str:
    if state.recorded == UNDER_REVIEW:
        counted = len(state.counting_approvals)
        return (f"It is still under review: {counted} of {state.approvals_needed} approval(s) so far"
                f"{' (the content changed since it was submitted)' if state.content_changed else ''}.")
    if state.recorded == "changes_requested":
        return "A reviewer requested changes; make them and submit it again."
    return "It has not been submitted for review yet."
