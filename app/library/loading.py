"""Worker jobs of the library panel: reading the list (record, then refresh) and making thumbnails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.kit.qt import QImage, QSize
from app.library.model import PreparedRows, prepare_rows, rounded_image
from editor.item_store import ItemChanges, ItemStore, collector_paused
from editor.progress import CancelToken
from editor.statuses import NEVER_REVIEWED, review_plan
from editor.workspace import Item

THUMBNAIL_SIZE = QSize(60, 40)    # logical pixels; 3:2 like the saved thumbnails
# Beyond this many changed items a refresh replaces the whole list (made ready on the worker).
REPLACE_ALL_AT = 500


@dataclass(frozen=True)
class Listing:
    generation: int                       # which workspace it belongs to
    prepared: PreparedRows | None         # the whole list made ready, when it replaces the model's
    changes: ItemChanges | None           # None: the store's record, not yet compared with the files
    derived: dict[Path, str] = field(default_factory=dict)  # review statuses the changed items show


def as_reviewed(root: Path, items: list[Item]) -> dict[Path, str]:
    """Show the items never submitted for review as drafts, whatever their front matter says: what the
    review feature's status check finds a moment later (the whole list used to change status 1–3 s
    after start, ~100 ms of the window's time at 20,000 items). The items were made for this list alone
    and change in place (a copy each took ~30 ms at 20,000); returns those drafts by source."""
    drafts, _reviewed = review_plan(root, items)
    for item in items:
        if item.source in drafts:
            item.status = NEVER_REVIEWED
    return drafts


def cached_job(store: ItemStore, generation: int
               ) -> Callable[[Callable[[float, str], None], CancelToken], Listing]:
    def job(_progress: Callable[[float, str], None], _cancel: CancelToken) -> Listing:
        with collector_paused():
            items = store.cached()
            return Listing(generation, prepare_rows(items, as_reviewed(store.workspace.root, items)), None)
    return job


def refresh_job(store: ItemStore, generation: int
                ) -> Callable[[Callable[[float, str], None], CancelToken], Listing]:
    def job(_progress: Callable[[float, str], None], cancel: CancelToken) -> Listing:
        changes = store.refresh(cancel)
        root = store.workspace.root
        if len(changes.changed) + len(changes.removed) <= REPLACE_ALL_AT:
            return Listing(generation, None, changes, as_reviewed(root, changes.changed))
        with collector_paused():
            items = changes.items
            return Listing(generation, prepare_rows(items, as_reviewed(root, items)), changes)
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


