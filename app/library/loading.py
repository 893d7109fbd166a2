"""Worker jobs of the library panel: reading the list (record, then refresh) and making thumbnails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.kit.qt import QImage, QSize
from app.library.model import PreparedRows, prepare_rows, rounded_image
from editor.item_store import ItemChanges, ItemStore, collector_paused
from editor.progress import CancelToken
from editor.statuses import reviewed_ids, shown_status
from editor.workspace import Item

THUMBNAIL_SIZE = QSize(60, 40)    # logical pixels; 3:2 like the saved thumbnails
# Beyond this many changed items a refresh replaces the whole list (made ready on the worker).
REPLACE_ALL_AT = 500


@dataclass(frozen=True)
class Listing:
    generation: int                       # which workspace it belongs to
    prepared: PreparedRows | None         # the whole list made ready, when it replaces the model's
    changes: ItemChanges | None           # None: the store's record, not yet compared with the files
    reviewed: frozenset[str]              # ids of the items with review events (``reviewed_ids``)


def as_reviewed(items: list[Item], reviewed: frozenset[str]) -> None:
    """Show the items never submitted for review as drafts, whatever their front matter says: what the
    review feature's status check finds a moment later (the whole list used to change status 1–3 s
    after start, ~100 ms of the window's time at 20,000 items). The items were made for this list alone
    and change in place (a copy each took ~30 ms at 20,000)."""
    for item in items:
        item.status = shown_status(item.id, item.status, reviewed)


def cached_job(store: ItemStore, generation: int
               ) -> Callable[[Callable[[float, str], None], CancelToken], Listing]:
    def job(_progress: Callable[[float, str], None], _cancel: CancelToken) -> Listing:
        reviewed = frozenset(reviewed_ids(store.workspace.root))
        return Listing(generation, prepare_rows(store.cached(), reviewed), None, reviewed)
    return job


def refresh_job(store: ItemStore, generation: int
                ) -> Callable[[Callable[[float, str], None], CancelToken], Listing]:
    def job(_progress: Callable[[float, str], None], cancel: CancelToken) -> Listing:
        changes = store.refresh(cancel)
        reviewed = frozenset(reviewed_ids(store.workspace.root))
        if len(changes.changed) + len(changes.removed) <= REPLACE_ALL_AT:
            return Listing(generation, None, changes, reviewed)   # the model shows them as reviewed says
        with collector_paused():
            items = changes.items
            as_reviewed(items, reviewed)
            return Listing(generation, prepare_rows(items, reviewed), changes, reviewed)
    return job


@dataclass
class ThumbnailBatch:
    generation: int                       # which reload asked for them
    ratio: float                          # device pixels per logical pixel they were made for
    images: list[tuple[Path, QImage]] = field(default_factory=list)   # item source → picture


def thumbnail_job(items: list[Item], cache_dir: Path, batch: ThumbnailBatch
                  ) -> Callable[[Callable[[float, str], None], CancelToken], ThumbnailBatch]:
    size = (round(THUMBNAIL_SIZE.width() * batch.ratio), round(THUMBNAIL_SIZE.height() * batch.ratio))

    def job(_progress: Callable[[float, str], None], cancel: CancelToken) -> ThumbnailBatch:
        from editor.thumbnails import thumbnail_for  # Pillow loads on the worker, not at start-up

        for item in items:
            cancel.raise_if_cancelled()
            thumbnail = thumbnail_for(item, cache_dir, size)
            image = QImage(str(thumbnail)) if thumbnail else QImage()
            if not image.isNull():  # QImage (unlike QPixmap) may be loaded and painted off the UI thread
                batch.images.append((item.source, rounded_image(image)))
        return batch
    return job


