"""Where review data lives in a workspace, and the small helpers every review module shares.

Layout (all plain files, shared with the team like the lessons themselves)::

    members.yaml                               who may write, review and publish
    reviews/<item-id>/events/<id>-<kind>.json  one file per event, never rewritten
    reviews/<item-id>/versions/<hash>.json     snapshots: lesson text + media manifest
    reviews/_blobs/<ab>/<sha256>               media content, stored once per distinct file

Item ids start with a letter or digit, so no item folder can be mistaken for ``_blobs``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from editor.statuses import REVIEWS
from editor.workspace import Item, Workspace

EVENTS = "events"
VERSIONS = "versions"
BLOBS = "_blobs"

_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class ReviewError(Exception):
    """A review action that cannot be done (role, policy, state or damaged files); says what to do."""


def canonical_json(value: Any) -> bytes:
    """One byte form per value (sorted keys, no spaces), so equal data always hashes equal.

    Values JSON has no type for (dates in front matter) are written as their text.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False, default=str).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checked_item_id(item: Item) -> str:
    """The item's id if it can name a folder safely; otherwise a ReviewError saying how to fix it."""
    if not item.id:
        raise ReviewError(f"'{item.title}' has no id, so its reviews cannot be recorded. Add an 'id:' "
                          "line to its metadata (Tessera assigns one to every new item).")
    if not _ITEM_ID.fullmatch(item.id):
        raise ReviewError(f"The id '{item.id}' of '{item.title}' cannot be used for reviews: use only "
                          "letters, digits, '-', '_' and '.', starting with a letter or digit (at most 64).")
    return item.id


def reviews_root(workspace: Workspace) -> Path:
    return workspace.root / REVIEWS


def item_folder(workspace: Workspace, item_id: str) -> Path:
    return reviews_root(workspace) / item_id


def events_folder(workspace: Workspace, item_id: str) -> Path:
    return item_folder(workspace, item_id) / EVENTS


def versions_folder(workspace: Workspace, item_id: str) -> Path:
    return item_folder(workspace, item_id) / VERSIONS


def blob_path(workspace: Workspace, sha: str) -> Path:
    return reviews_root(workspace) / BLOBS / sha[:2] / sha


def reviewed_item_ids(workspace: Workspace) -> list[str]:
    """Ids of every item that has a review folder, sorted."""
    root = reviews_root(workspace)
    if not root.is_dir():
        return []
    return sorted(path.name for path in root.iterdir() if path.is_dir() and _ITEM_ID.fullmatch(path.name))
