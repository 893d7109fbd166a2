"""What the library lists about each item, remembered under ``.tessera/items.json``.

Listing a workspace (``Workspace.items()``) parses the front matter of every item: about 2 s for
20,000 items. The store lets a window show the list at once and check it afterwards:

* ``cached()`` — the items as last recorded: one file read, no item file touched. Empty when there
  is no record yet, or it is damaged or of another version (it is only a cache).
* ``refresh()`` — compares every source's modification stamp (one status read per item, see
  ``Workspace.source_stamps``) with the record, parses only the new and changed items, forgets
  removed ones, saves the record when anything changed, and returns the items now with what changed.
  Meant for a worker thread; honours a ``CancelToken``.

Both return items in the order ``Workspace.items()`` uses: lessons by folder, then curated items.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.atomic import atomic_write_text
from editor.progress import CancelToken
from editor.workspace import LESSONS, Item, Workspace

STORE_FILE = "items.json"
STORE_VERSION = 1
# One record per item: its stamp, then the Item fields below, in this order.
_FIELDS = ("id", "kind", "title", "status", "modified", "summary", "skills", "tags", "language", "owner",
           "url", "problem")


@dataclass(frozen=True)
class ItemChanges:
    items: list[Item]             # every item now, in listing order
    changed: list[Item]           # read again: new, or modified since the record
    removed: list[Path]           # sources that are gone

    @property
    def any(self) -> bool:
        return bool(self.changed or self.removed)


class ItemStore:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.path = workspace.cache_dir / STORE_FILE

    def cached(self) -> list[Item]:
        """The items as last recorded, without reading any item (the record keeps listing order)."""
        return [item for _stamp, item in self._load().values()]

    def refresh(self, cancel: CancelToken | None = None) -> ItemChanges:
        """Bring the record up to date with the files; see the module notes."""
        recorded = self._load()
        now = self.workspace.source_stamps()
        removed = [self.workspace.root / key for key in recorded if key not in now]
        current: dict[str, tuple[str, Item]] = {}
        changed: list[Item] = []
        for key, stamp in now.items():
            known = recorded.get(key)
            if known is not None and known[0] == stamp:
                current[key] = known
                continue
            if cancel is not None:
                cancel.raise_if_cancelled()
            item = self.workspace.read_item(self.workspace.root / key)
            current[key] = (stamp, item)
            changed.append(item)
        ordered = self._ordered(current)
        if changed or removed:
            self._save(ordered)
        return ItemChanges([item for _stamp, item in ordered.values()], changed, removed)

    # -- the record -------------------------------------------------------------------------------
    @staticmethod
    def _ordered(records: dict[str, tuple[str, Item]]) -> dict[str, tuple[str, Item]]:
        # Lessons before curated items, each sorted by path parts as ``Workspace.items()`` sorts (keys are
        # relative POSIX paths, so splitting at "/" gives their parts).
        lessons = f"{LESSONS}/"
        return {key: records[key]
                for key in sorted(records, key=lambda key: (not key.startswith(lessons), key.split("/")))}

    def _load(self) -> dict[str, tuple[str, Item]]:
        with collector_paused():
            return self._read()

    def _read(self) -> dict[str, tuple[str, Item]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != STORE_VERSION:
                return {}
            root = self.workspace.root
            return {key: (str(record[0]), _item(root, key, record[1:]))
                    for key, record in dict(data["items"]).items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return {}      # no record yet, or unreadable: refresh() reads the items and writes a new one

    def _save(self, records: dict[str, tuple[str, Item]]) -> None:
        items = {key: [stamp, *(getattr(item, name) for name in _FIELDS)]
                 for key, (stamp, item) in records.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps({"version": STORE_VERSION, "items": items},
                                                    ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass           # a read-only or full disk: the record is only a cache, the next refresh retries


@contextmanager
def collector_paused() -> Iterator[None]:
    """Tens of thousands of new objects in a row make Python's cycle collector run again and again over
    all of them (half the time of loading 20,000 items); items form no cycles, so it waits until the end."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _item(root: Path, key: str, values: list[Any]) -> Item:
    # Positional and without per-field lookups: this runs 20,000 times before a large library shows.
    (item_id, kind, title, status, modified, summary, skills, tags, language, owner, url, problem) = values
    source = root / key
    return Item(id=str(item_id), kind=str(kind), title=str(title), status=str(status),
                path=source.parent if kind == "lesson" else source, source=source, modified=float(modified),
                summary=str(summary), skills=[str(v) for v in skills], tags=[str(v) for v in tags],
                language=str(language), owner=str(owner), url=str(url), problem=str(problem))
