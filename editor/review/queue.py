"""A reviewer's queue: the items waiting for their decision, soonest due first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from editor.review.events import read_events
from editor.review.state import ReviewState
from editor.review.storage import ReviewError, checked_item_id
from editor.review.workflow import open_review
from editor.statuses import UNDER_REVIEW
from editor.workspace import Item, Workspace


@dataclass(frozen=True)
class QueueEntry:
    item: Item
    state: ReviewState

    def overdue(self, today: dt.date | None = None) -> bool:
        return self.state.overdue(today)


def my_reviews(workspace: Workspace, email: str) -> list[QueueEntry]:
    """Items under review that list ``email`` as a reviewer who has not approved this round yet."""
    wanted = email.strip().lower()
    entries: list[QueueEntry] = []
    for item in workspace.items():
        try:
            item_id = checked_item_id(item)
        except ReviewError:
            continue  # items without a usable id cannot have been submitted
        # Reading the log is cheap; hashing the content is not, so only candidates get a full state.
        submissions = [event for event in read_events(workspace, item_id).events if event.kind == "submit"]
        if not submissions or wanted not in submissions[-1].data["reviewers"]:
            continue
        state = open_review(workspace, item).state
        if state.recorded == UNDER_REVIEW and all(a.event.by != wanted for a in state.approvals):
            entries.append(QueueEntry(item, state))
    return sorted(entries, key=lambda entry: (entry.state.due or dt.date.max, entry.item.title.lower()))
