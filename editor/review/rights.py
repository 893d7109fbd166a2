"""Who may do what in a review, and if not, why: the one rule table.

The workflow asks it before recording an event (and raises the refusal as a ReviewError); the GUI
asks the same table to disable a button and say why in its tooltip. One table, so what a button
predicts can never drift from what the core refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from editor import frontmatter
from editor.lesson_parse import parse_lesson
from editor.placeholders import placeholder_problems
from editor.review.context import ReviewContext
from editor.review.members import Member, Members
from editor.statuses import PUBLISHED_NEWER_DRAFT, UNDER_REVIEW


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    COMMENT = "comment"
    RETIRE = "retire"
    REOPEN = "reopen"
    RESTORE = "restore"


def _role(member: Member, role: str, doing: str) -> str:
    if member.has(role):
        return ""
    return (f"{member.label} needs the '{role}' role to {doing}. Ask a workspace admin to add it under "
            "People (CLI: 'tessera members add').")


def _submit(context: ReviewContext, member: Member) -> str:
    state, title = context.state, context.item.title
    if missing := _role(member, "author", "submit for review"):
        return missing
    if state.status == "retired":
        return f"'{title}' is retired. Reopen it before submitting it again."
    if state.status in ("approved", "published"):
        return f"'{title}' is already {state.status} as it is; change it first to submit a new version."
    if state.status == UNDER_REVIEW and not state.content_changed:
        return f"This version of '{title}' is already under review."
    if frontmatter.parse(context.content.text).diagnostics:
        return (f"The metadata of '{title}' cannot be read; fix the problems listed under Write "
                "(or see 'tessera check') before submitting.")
    if context.item.kind == "lesson" and (left := placeholder_problems(parse_lesson(context.content.text))):
        return (f"'{title}' is not ready for review. Line {left[0].line}: {left[0].message} "
                f"('tessera check' lists all {len(left)} such place(s).)")
    return ""


def _approve(context: ReviewContext, member: Member) -> str:
    state, title = context.state, context.item.title
    if missing := _role(member, "reviewer", "approve"):
        return missing
    if state.recorded not in (UNDER_REVIEW, "approved"):
        return f"'{title}' is not under review ({state.status}); nothing to approve."
    if state.content_changed:
        return (f"'{title}' changed after it was submitted, so this approval would not match what learners "
                "get. Ask the author to submit it again.")
    if member.email in state.authors and not context.policy.authors_may_approve:
        return "Authors may not approve their own work (workspace policy)."
    if any(approval.event.by == member.email for approval in state.approvals):
        return f"{member.label} has already approved this version."
    return ""


def _request_changes(context: ReviewContext, member: Member) -> str:
    if missing := _role(member, "reviewer", "request changes"):
        return missing
    if context.state.recorded not in (UNDER_REVIEW, "approved"):
        return (f"'{context.item.title}' is not under review ({context.state.status}); there is nothing to "
                "request changes on. Leave a comment instead.")
    return ""


def _comment(context: ReviewContext, member: Member) -> str:
    return ""


def _retire(context: ReviewContext, member: Member) -> str:
    if missing := _role(member, "publisher", "retire content"):
        return missing
    return f"'{context.item.title}' is already retired." if context.state.status == "retired" else ""


def _reopen(context: ReviewContext, member: Member) -> str:
    if not (member.has("author") or member.has("publisher")):
        return f"{member.label} needs the 'author' or 'publisher' role to reopen an item."
    status = context.state.status
    if status == "draft":
        return "This item is already a draft."
    if status in ("published", PUBLISHED_NEWER_DRAFT):
        return "Published items are not reopened: edit the lesson to start a new version."
    return ""


def _restore(context: ReviewContext, member: Member) -> str:
    if missing := _role(member, "author", "restore a version"):
        return missing
    if context.state.status == "retired":
        return f"'{context.item.title}' is retired. Reopen it before restoring a version."
    return ""


RULES: dict[Action, Callable[[ReviewContext, Member], str]] = {
    Action.SUBMIT: _submit,
    Action.APPROVE: _approve,
    Action.REQUEST_CHANGES: _request_changes,
    Action.COMMENT: _comment,
    Action.RETIRE: _retire,
    Action.REOPEN: _reopen,
    Action.RESTORE: _restore,
}


def refusal(context: ReviewContext, member: Member, action: Action) -> str:
    """Why ``member`` may not do ``action`` now, or "" when they may."""
    return RULES[action](context, member)


def membership_problem(members: Members, email: str) -> str:
    """Why ``email`` cannot take part in this workspace's reviews at all ("" when they can)."""
    if not email.strip():
        return "Choose who you are (Library ▸ People…, CLI: --as) to take part in reviews."
    if members.path is None:
        return ("This workspace has no members yet, so nobody can review or publish. Add people under "
                "Library ▸ People… (CLI: 'tessera members add').")
    if members.find(email) is None:
        return (f"{email} is not a member of this workspace. Choose who you are, or add yourself, under "
                "Library ▸ People… (CLI: --as, 'tessera members add').")
    return ""


def refusals(context: ReviewContext, email: str) -> dict[Action, str]:
    """For each action, why ``email`` may not do it now; "" for the actions they may do."""
    problem = membership_problem(context.members, email)
    member = context.members.find(email)
    if problem or member is None:
        return dict.fromkeys(Action, problem)
    return {action: rule(context, member) for action, rule in RULES.items()}
