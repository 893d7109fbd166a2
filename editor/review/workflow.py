"""Review actions: submit, approve, request changes, comment, reply, resolve, retire, reopen, restore.

Each action loads the item's review context (members, policy, log, current content), checks who
may do it in the current state, and then records one event. ``by`` is always the acting
person's email (the app's preference, the CLI's ``--as``). Refusals raise ReviewError with a
message for people; nothing is written then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from editor import frontmatter
from editor.lesson_file import LoadError, SourceFile
from editor.lesson_parse import parse_lesson
from editor.placeholders import placeholder_problems
from editor.review.anchors import Anchor
from editor.review.content_hash import ContentVersion, current_version
from editor.review.events import MAX_TEXT_CHARS, Event, EventLog, read_events, write_event
from editor.review.history import restored_text
from editor.review.members import Member, Members, load_members
from editor.review.policy import Policy, load_policy
from editor.review.snapshots import load_snapshot, restore_files, save_snapshot
from editor.review.state import UNDER_REVIEW, ReviewState, derive_state
from editor.review.storage import ReviewError, checked_item_id
from editor.workspace import Item, Workspace


@dataclass
class ReviewContext:
    """Everything an action or a view needs about one item's review, read once."""

    workspace: Workspace
    item: Item
    item_id: str
    members: Members
    policy: Policy
    log: EventLog
    content: ContentVersion
    state: ReviewState

    def record(self, kind: str, by: Member, *, version: str | None = None, **data: object) -> Event:
        return write_event(self.workspace, self.log, kind, by, version=version, data=dict(data))


def open_review(workspace: Workspace, item: Item) -> ReviewContext:
    item_id = checked_item_id(item)
    members, policy = load_members(workspace), load_policy(workspace)
    log = read_events(workspace, item_id)
    content = current_version(item)
    state = derive_state(log, content.hash, policy, members, item.owner)
    return ReviewContext(workspace, item, item_id, members, policy, log, content, state)


def review_state(workspace: Workspace, item: Item) -> ReviewState:
    return open_review(workspace, item).state


def submit(workspace: Workspace, item: Item, by: str, reviewers: Sequence[str],
           due: dt.date | None = None, note: str = "", *, today: dt.date | None = None) -> Event:
    """Send the content as it is now to ``reviewers``, freezing it as a version."""
    context = open_review(workspace, item)
    author = context.members.require(by, "author", "submit for review")
    state = context.state
    if state.status == "retired":
        raise ReviewError(f"'{item.title}' is retired. Reopen it before submitting it again.")
    if state.status in ("approved", "published"):
        raise ReviewError(f"'{item.title}' is already {state.status} as it is; change it first to submit "
                          "a new version.")
    if state.status == UNDER_REVIEW and not state.content_changed:
        raise ReviewError(f"This version of '{item.title}' is already under review.")
    if frontmatter.parse(context.content.text).diagnostics:
        raise ReviewError(f"The metadata of '{item.title}' cannot be read; fix it (see 'tessera check') "
                          "before submitting.")
    if item.kind == "lesson" and (left := placeholder_problems(parse_lesson(context.content.text))):
        raise ReviewError(f"'{item.title}' is not ready for review. Line {left[0].line}: {left[0].message} "
                          f"('tessera check' lists all {len(left)} such place(s).)")
    picked = _reviewers(context, author, reviewers)
    if due is not None and due < (today or dt.date.today()):
        raise ReviewError(f"The due date {due.isoformat()} has passed; choose today or a later date.")
    save_snapshot(workspace, context.item_id, context.content)
    return context.record("submit", author, version=context.content.hash, reviewers=picked,
                          due=due.isoformat() if due else None, note=_text(note, required=False))


def approve(workspace: Workspace, item: Item, by: str, note: str = "") -> Event:
    """Approve the version under review (which must still be the content on disk)."""
    context = open_review(workspace, item)
    reviewer = context.members.require(by, "reviewer", "approve")
    state = context.state
    if state.recorded not in (UNDER_REVIEW, "approved"):
        raise ReviewError(f"'{item.title}' is not under review ({state.status}); nothing to approve.")
    if state.content_changed:
        raise ReviewError(f"'{item.title}' changed after it was submitted, so this approval would not match "
                          "what learners get. Ask the author to submit it again.")
    if reviewer.email in state.authors and not context.policy.authors_may_approve:
        raise ReviewError("Authors may not approve their own work in this workspace (policy "
                          "'authors_may_approve: false'). Ask another reviewer.")
    if any(approval.event.by == reviewer.email for approval in state.approvals):
        raise ReviewError(f"{reviewer.label} has already approved this version.")
    save_snapshot(workspace, context.item_id, context.content)
    return context.record("approve", reviewer, version=context.content.hash, note=_text(note, required=False))


def request_changes(workspace: Workspace, item: Item, by: str, summary: str) -> Event:
    context = open_review(workspace, item)
    reviewer = context.members.require(by, "reviewer", "request changes")
    if context.state.recorded not in (UNDER_REVIEW, "approved"):
        raise ReviewError(f"'{item.title}' is not under review ({context.state.status}); there is nothing "
                          "to request changes on. Leave a comment instead.")
    return context.record("request_changes", reviewer, version=context.state.round_version,
                          summary=_text(summary, what="summary of the changes needed"))


def add_comment(workspace: Workspace, item: Item, by: str, text: str, anchor: Anchor | None = None) -> Event:
    """Comment on the whole item, or on the passage ``anchor`` points at (see ``anchors``)."""
    context = open_review(workspace, item)
    member = context.members.require(by)
    return context.record("comment", member, version=context.content.hash, text=_text(text),
                          anchor=anchor.as_dict() if anchor else None)


def reply(workspace: Workspace, item: Item, by: str, comment_id: str, text: str) -> Event:
    context = open_review(workspace, item)
    member = context.members.require(by)
    _comment(context, comment_id)
    return context.record("reply", member, version=context.content.hash, comment=comment_id, text=_text(text))


def resolve(workspace: Workspace, item: Item, by: str, comment_id: str) -> Event:
    context = open_review(workspace, item)
    member = context.members.require(by)
    _comment(context, comment_id)
    if any(event.kind == "resolve" and event.data["comment"] == comment_id for event in context.log.events):
        raise ReviewError(f"Comment {comment_id} is already resolved.")
    return context.record("resolve", member, version=context.content.hash, comment=comment_id)


def retire(workspace: Workspace, item: Item, by: str, reason: str = "") -> Event:
    context = open_review(workspace, item)
    publisher = context.members.require(by, "publisher", "retire content")
    if context.state.status == "retired":
        raise ReviewError(f"'{item.title}' is already retired.")
    return context.record("retire", publisher, version=context.content.hash,
                          reason=_text(reason, required=False))


def reopen(workspace: Workspace, item: Item, by: str, reason: str = "") -> Event:
    """Back to draft: withdraw a submission, drop an approval round, or bring back retired content."""
    context = open_review(workspace, item)
    member = context.members.require(by)
    if not (member.has("author") or member.has("publisher")):
        raise ReviewError(f"{member.label} needs the 'author' or 'publisher' role to reopen an item.")
    if context.state.status in ("draft", "published"):
        raise ReviewError(f"'{item.title}' is {context.state.status}; edit it to start a new version "
                          "instead of reopening it.")
    return context.record("reopen", member, version=context.content.hash,
                          reason=_text(reason, required=False))


def restore(workspace: Workspace, item: Item, by: str, version: str,
            source: SourceFile | None = None) -> Event:
    """Write a kept version back as the current draft (its media too).

    ``source`` is the file as the caller loaded it (the editor's copy); a file changed on disk
    since then is not overwritten. What the restore replaces is kept in the history first.
    """
    context = open_review(workspace, item)
    author = context.members.require(by, "author", "restore a version")
    if context.state.status == "retired":
        raise ReviewError(f"'{item.title}' is retired. Reopen it before restoring a version.")
    if version == context.content.hash:
        raise ReviewError("That version is the current content already; nothing to restore.")
    snapshot = load_snapshot(workspace, context.item_id, version)
    try:
        source = source or SourceFile.load(item.source)
    except LoadError as exc:
        raise ReviewError(str(exc)) from exc
    save_snapshot(workspace, context.item_id, context.content)
    restore_files(workspace, snapshot, source, restored_text(snapshot, source.text))
    restored = current_version(item)
    return context.record("restore", author, version=restored.hash, from_version=version,
                          replaced=context.content.hash)


def _reviewers(context: ReviewContext, author: Member, emails: Sequence[str]) -> list[str]:
    picked = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    if not picked:
        raise ReviewError("Pick at least one reviewer.")
    for email in picked:
        context.members.require(email, "reviewer", "review")
    if author.email in picked and not context.policy.authors_may_approve:
        raise ReviewError("Authors may not review their own work in this workspace; pick other reviewers.")
    needed = context.policy.approvals_needed
    others = [email for email in picked if email != author.email]
    if len(picked if context.policy.authors_may_approve else others) < needed:
        raise ReviewError(f"This workspace needs {needed} approval(s) from reviewers other than the author; "
                          f"pick at least {needed} such reviewer(s).")
    return picked


def _comment(context: ReviewContext, comment_id: str) -> Event:
    event = context.log.find(comment_id)
    if event is None or event.kind != "comment":
        raise ReviewError(f"There is no comment {comment_id!r} on '{context.item.title}'. List them with "
                          "'tessera review status'.")
    return event


def _text(text: str, *, required: bool = True, what: str = "text") -> str:
    text = text.strip()
    if required and not text:
        raise ReviewError(f"The {what} is empty; write something.")
    if len(text) > MAX_TEXT_CHARS:
        raise ReviewError(f"The {what} is too long ({len(text)} characters; at most {MAX_TEXT_CHARS}).")
    return text
