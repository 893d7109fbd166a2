"""What the current person may do in a review right now, and if not, why (for disabled buttons).

The core (``editor.review.workflow``) stays the authority: it checks again and refuses with its
own message. This module only predicts its answers so the GUI can disable an action up front and
say why in its tooltip, instead of letting people click into a refusal.
"""

from __future__ import annotations

from enum import StrEnum

from editor import frontmatter
from editor.review import Member, Members, ReviewContext
from editor.review.state import UNDER_REVIEW


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    COMMENT = "comment"
    RETIRE = "retire"
    REOPEN = "reopen"
    RESTORE = "restore"


def user_problem(members: Members, email: str) -> str:
    """Why ``email`` cannot take part in reviews of this workspace at all ("" when they can)."""
    if not email.strip():
        return "Set your email in Preferences to take part in reviews."
    if members.path is None:
        return ("This workspace has no members.yaml yet, so nobody can review. Add people with "
                "'tessera review add-member'.")
    if members.find(email) is None:
        return (f"{email} is not a member of this workspace. Check the email in Preferences, or ask to "
                "be added to members.yaml.")
    return ""


def refusals(context: ReviewContext, email: str) -> dict[Action, str]:
    """For each action, why ``email`` may not do it now; "" for the actions they may do."""
    problem = user_problem(context.members, email)
    member = context.members.find(email)
    if problem or member is None:
        return dict.fromkeys(Action, problem)
    return {
        Action.SUBMIT: _submit(context, member),
        Action.APPROVE: _approve(context, member),
        Action.REQUEST_CHANGES: _request_changes(context, member),
        Action.COMMENT: "",
        Action.RETIRE: _retire(context, member),
        Action.REOPEN: _reopen(context, member),
        Action.RESTORE: _restore(context, member),
    }


def _needs(member: Member, role: str, doing: str) -> str:
    return "" if member.has(role) else (f"You need the {role} role to {doing}. Ask a workspace admin to "
                                        "add it in members.yaml.")


def _submit(context: ReviewContext, member: Member) -> str:
    state = context.state
    if missing := _needs(member, "author", "submit for review"):
        return missing
    if state.status == "retired":
        return "This item is retired. Reopen it before submitting it again."
    if state.status in ("approved", "published"):
        return f"This version is already {state.status}. Change it first to submit a new version."
    if state.status == UNDER_REVIEW and not state.content_changed:
        return "This version is already under review."
    if frontmatter.parse(context.content.text).diagnostics:
        return "The details (front matter) cannot be read. Fix the problems listed under Write first."
    return ""


def _approve(context: ReviewContext, member: Member) -> str:
    state = context.state
    if missing := _needs(member, "reviewer", "approve"):
        return missing
    if state.recorded not in (UNDER_REVIEW, "approved"):
        return "There is nothing to approve: this item is not under review."
    if state.content_changed:
        return ("The content changed after it was submitted, so an approval would not match what "
                "learners get. The author needs to submit it again.")
    if member.email in state.authors and not context.policy.authors_may_approve:
        return "Authors may not approve their own work (workspace policy)."
    if any(approval.event.by == member.email for approval in state.approvals):
        return "You have already approved this version."
    return ""


def _request_changes(context: ReviewContext, member: Member) -> str:
    if missing := _needs(member, "reviewer", "request changes"):
        return missing
    if context.state.recorded not in (UNDER_REVIEW, "approved"):
        return "This item is not under review; leave a comment instead."
    return ""


def _retire(context: ReviewContext, member: Member) -> str:
    if missing := _needs(member, "publisher", "retire content"):
        return missing
    return "This item is already retired." if context.state.status == "retired" else ""


def _reopen(context: ReviewContext, member: Member) -> str:
    if not (member.has("author") or member.has("publisher")):
        return "You need the author or publisher role to reopen an item."
    status = context.state.status
    if status == "draft":
        return "This item is already a draft."
    if status == "published":
        return "Published items are not reopened: edit the lesson to start a new version."
    return ""


def _restore(context: ReviewContext, member: Member) -> str:
    if missing := _needs(member, "author", "restore a version"):
        return missing
    if context.state.status == "retired":
        return "This item is retired. Reopen it before restoring a version."
    return ""
