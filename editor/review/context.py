"""One item's review, read once: members, policy, event log, current content and derived state."""

from __future__ import annotations

from dataclasses import dataclass

from editor.review.content_hash import ContentVersion, current_version
from editor.review.events import Event, EventLog, read_events, write_event
from editor.review.members import Member, Members, load_members
from editor.review.policy import Policy, load_policy
from editor.review.state import ReviewState, derive_state
from editor.review.storage import checked_item_id
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
