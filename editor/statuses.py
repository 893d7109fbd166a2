"""The words for an item's review status, shared by every surface (library, Review tab, details, CLI).

Kept apart from ``editor.review`` so the window can show statuses without loading the review code.
"""

from __future__ import annotations

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
