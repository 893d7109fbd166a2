"""The review status the library shows, derived like everywhere else but cached by file stats.

Deriving a status needs the content hash, which renders the item and reads its media. The library
lists many items and repaints often, so a result is reused until something it depends on changes:
the source file, the media files it used, the item's event files, members.yaml or tessera.yaml.
Comparing those costs a few ``stat`` calls. Items never submitted have no events and are drafts
without any hashing at all.

Qt-free, so it can run in a worker. A library of 20,000 items has review events for few of them:
``editor.statuses.reviewed_ids`` lists the review folders once, and only those items need
``derived_statuses``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from editor.review import ReviewError, open_review
from editor.review.storage import checked_item_id, events_folder
from editor.statuses import NEVER_REVIEWED
from editor.workspace import MARKER, MEMBERS_FILE, Item, Workspace

FileStamp = tuple[int, int, int] | None        # (inode, size, mtime in ns); None when missing


@dataclass(frozen=True)
class _Entry:
    fingerprint: tuple[object, ...]
    media: tuple[Path, ...]           # the files the status depended on when it was derived
    status: str


def _stamp(path: Path) -> FileStamp:
    try:
        info = path.stat()
    except OSError:
        return None
    # Atomic saves replace files, so the inode changes even when size and time happen to match.
    return info.st_ino, info.st_size, info.st_mtime_ns


def _event_names(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()


class StatusCache:
    """Derived statuses keyed by item source; safe to use from several threads."""

    def __init__(self) -> None:
        self._entries: dict[Path, _Entry] = {}
        self._lock = threading.Lock()

    def status(self, workspace: Workspace, item: Item) -> str:
        """draft, in_review, changes_requested, approved, published or retired.

        Review data that cannot be read (a broken members.yaml or policy) gives "draft": the
        library never claims an approval it cannot check; the review panel shows the problem.
        """
        try:
            events = events_folder(workspace, checked_item_id(item))
        except ReviewError:
            return NEVER_REVIEWED   # without a usable id nothing can have been recorded
        names = _event_names(events)
        if not names:
            return NEVER_REVIEWED
        # Taken before deriving: a file changing meanwhile makes the next call derive again.
        shared = (names, _stamp(item.source), _stamp(workspace.root / MEMBERS_FILE),
                  _stamp(workspace.root / MARKER))
        with self._lock:
            entry = self._entries.get(item.source)
        if entry is not None and entry.fingerprint == (*shared, *map(_stamp, entry.media)):
            return entry.status
        try:
            context = open_review(workspace, item)
        except ReviewError:
            return NEVER_REVIEWED
        folder = context.content.folder
        media = tuple(folder / relative for relative in context.content.media) if folder else ()
        entry = _Entry((*shared, *map(_stamp, media)), media, context.state.status)
        with self._lock:
            self._entries[item.source] = entry
        return entry.status


_SHARED = StatusCache()


def derived_status(workspace: Workspace, item: Item) -> str:
    """The item's review status now (see docs/review.md), from the app-wide cache."""
    return _SHARED.status(workspace, item)


def derived_statuses(workspace: Workspace, items: Iterable[Item]) -> dict[Path, str]:
    """Statuses of many items by source path (a worker job for a part of the library)."""
    return {item.source: _SHARED.status(workspace, item) for item in items}
