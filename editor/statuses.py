"""The words for an item's review status, shared by every surface (library, Review tab, details, CLI).

Kept apart from ``editor.review`` so the window can show statuses without loading the review code.
"""

from __future__ import annotations

import os
from collections.abc import Sequence, Set
from pathlib import Path

REVIEWS = "reviews"            # the workspace folder with one folder of review events per item reviewed
NEVER_REVIEWED = "draft"
UNDER_REVIEW = "in_review"
# Learners still get the published version while a changed draft waits: both facts in one status.
PUBLISHED_NEWER_DRAFT = "published_newer_draft"
STATUS_WORDS = {"draft": "Draft", UNDER_REVIEW: "In review", "changes_requested": "Changes requested",
                "approved": "Approved", "published": "Published",
                PUBLISHED_NEWER_DRAFT: "Published · newer draft", "retired": "Retired"}


def status_words(status: str) -> str:
    """How people read ``status``: 'Changes requested', 'Published · newer draft'…"""
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize() or "Draft")


def is_published(status: str) -> bool:
    """A published version exists (perhaps with a newer draft): what the Published filter finds."""
    return status in ("published", PUBLISHED_NEWER_DRAFT)


def reviewed_ids(root: Path) -> set[str]:
    """Ids of the items with a review folder in the workspace at ``root`` (one listing): every other
    item is a draft."""
    try:
        return set(os.listdir(root / REVIEWS))
    except OSError:
        return set()


def shown_status(item_id: str, status: str, reviewed: Set[str]) -> str:
    """The status an item shows before its review events are read: ``status`` (from its front matter) if
    it has review events (its id in ``reviewed``), else a draft, whatever the front matter says (its
    ``status:`` line is never the truth)."""
    return status if item_id in reviewed else NEVER_REVIEWED


def review_plan(reviewed: Set[str], ids: Sequence[str], statuses: Sequence[str]
                ) -> tuple[list[int], list[int]]:
    """What the review events say about items (``ids`` and the ``statuses`` they show, in one order) before
    any hashing: which positions show another status though never submitted for review (they are drafts),
    and which have review events (their statuses must be derived). ``reviewed``: see ``reviewed_ids``."""
    drafts = [position for position, (item_id, status) in enumerate(zip(ids, statuses, strict=True))
              if shown_status(item_id, status, reviewed) != status]
    return drafts, [position for position, item_id in enumerate(ids) if item_id in reviewed]
