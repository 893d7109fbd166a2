"""The words for an item's review status, shared by every surface (library, Review tab, details, CLI).

Kept apart from ``editor.review`` so the window can show statuses without loading the review code.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.workspace import Item

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


def review_plan(root: Path, items: Sequence[Item]) -> tuple[dict[Path, str], list[Item]]:
    """What the review events say about ``items`` before any hashing: the items never submitted for
    review are drafts whatever their front matter says (its ``status:`` line is never the truth), as
    source → "draft" for those whose front matter says otherwise; and the items with review events,
    whose statuses must be derived."""
    ids = reviewed_ids(root)
    drafts = {item.source: NEVER_REVIEWED for item in items
              if item.id not in ids and item.status != NEVER_REVIEWED}
    return drafts, [item for item in items if item.id in ids]
