"""What the library lists about each item, remembered under ``.tessera/items.json``.

Listing a workspace (``Workspace.items()``) parses the front matter of every item: about 2 s for
20,000 items. The store lets a window show the list at once and check it afterwards:

* ``cached()`` — the items as last recorded: one file read, no item file touched. Empty when there
  is no record yet, or it is damaged or of another version (it is only a cache).
* ``refresh()`` — compares every source's modification stamp (one status read per item, see
  ``Workspace.source_stamps``) with the record, parses only the new and changed items, forgets
  removed ones, saves the record when anything changed, and returns what changed (and the items now,
  made only when asked for).
  Meant for a worker thread; honours a ``CancelToken``.

Both return items in the order ``Workspace.items()`` uses: lessons by folder, then curated items.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from sys import intern
from typing import Any

from editor.atomic import atomic_write_text
from editor.progress import CancelToken
from editor.workspace import CURATED, LESSON_FILE, LESSONS, Item, Workspace

STORE_FILE = "items.json"
STORE_VERSION = 2      # 2: language variants (lesson.<lang>.md) are listed, with what they translate
# One record per item: its stamp, then the Item fields below, in this order.
_FIELDS = ("id", "kind", "title", "status", "modified", "summary", "skills", "tags", "language", "owner",
           "url", "problem", "translation_of")
_RECORD_LENGTH = 1 + len(_FIELDS)


Record = list[Any]    # [stamp, *the _FIELDS values], as items.json holds it


@dataclass(frozen=True)
class ItemChanges:
    changed: list[Item]           # read again: new, or modified since the record
    removed: list[Path]           # sources that are gone
    root: Path
    records: dict[str, Record]    # every item now, in listing order (relative source → record)

    @property
    def any(self) -> bool:
        return bool(self.changed or self.removed)

    @cached_property
    def items(self) -> list[Item]:
        """Every item now, in listing order; made on first use (a refresh that finds nothing changed
        never builds 20,000 ``Item`` s it would throw away)."""
        with collector_paused():
            return _items(self.root, self.records)


class ItemStore:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.path = workspace.cache_dir / STORE_FILE
        # The record ``cached()`` read: the ``refresh()`` that follows starts from it instead of parsing the
        # file again (60 ms at 20,000 items). Stale is harmless: the files' stamps decide what is re-read.
        self._last_read: dict[str, Record] | None = None

    def cached(self) -> list[Item]:
        """The items as last recorded, without reading any item (the record keeps listing order)."""
        self._last_read = self._read()
        with collector_paused():
            return _items(self.workspace.root, self._last_read)

    def refresh(self, cancel: CancelToken | None = None) -> ItemChanges:
        """Bring the record up to date with the files; see the module notes."""
        root = self.workspace.root
        recorded, self._last_read = self._last_read if self._last_read is not None else self._read(), None
        now = self.workspace.source_stamps()
        removed = [root / key for key in recorded if key not in now]
        current: dict[str, Record] = {}
        changed: list[Item] = []
        for key, stamp in now.items():
            known = recorded.get(key)
            if known is not None and known[0] == stamp:
                current[key] = known
                continue
            if cancel is not None:
                cancel.raise_if_cancelled()
            item = self.workspace.read_item(root / key)
            current[key] = [stamp, *(getattr(item, name) for name in _FIELDS)]
            changed.append(item)
        if not (changed or removed):   # the record as read: saved in listing order, nothing to sort
            return ItemChanges(changed, removed, root, recorded)
        ordered = self._ordered(current)
        self._save(ordered)
        return ItemChanges(changed, removed, root, ordered)

    # -- the record -------------------------------------------------------------------------------
    @staticmethod
    def _ordered(records: dict[str, Record]) -> dict[str, Record]:
        # Lessons before curated items, each sorted by path parts as ``Workspace.items()`` sorts (keys are
        # relative POSIX paths, so splitting at "/" gives their parts).
        lessons = f"{LESSONS}/"

        def place(key: str) -> tuple[bool, list[str], bool, str]:
            folder, _, name = key.rpartition("/")      # a lesson's own file before its variants
            return not key.startswith(lessons), folder.split("/"), name != LESSON_FILE, name

        return {key: records[key] for key in sorted(records, key=place)}

    def _read(self) -> dict[str, Record]:
        """The records as saved; empty when there are none, or they are damaged or of another version
        (``refresh`` then reads the items and writes a new record)."""
        try:
            with collector_paused():
                data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != STORE_VERSION:
                return {}
            records = data["items"]
            if not isinstance(records, dict) or not all(
                    _plausible_key(key) for key in records) or not all(
                    isinstance(record, list) and len(record) == _RECORD_LENGTH and isinstance(record[0], str)
                    and isinstance(record[5], int | float)                 # modified
                    and isinstance(record[7], list) and isinstance(record[8], list)   # skills, tags
                    for record in records.values()):
                return {}
            return records
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def _save(self, records: dict[str, Record]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps({"version": STORE_VERSION, "items": records},
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


# A key as ``Workspace.source_stamps`` makes them: "lessons/<folder>/lesson….md" or "curated/<name>.md", with
# no empty, "." or ".." part and no backslash.
_KEY_SHAPE = re.compile(rf"{re.escape(LESSONS)}/(?!\.\.?/)[^/\\]+/lesson[^/\\]*\.md"
                        rf"|{re.escape(CURATED)}/[^/\\]+\.md")


def _plausible_key(key: object) -> bool:
    """The record lies in the workspace, which others share: a key leading elsewhere ("../…") must never
    become a source the window lists and opens, even before the next refresh drops it."""
    return isinstance(key, str) and _KEY_SHAPE.fullmatch(key) is not None


def _items(root: Path, records: dict[str, Record]) -> list[Item]:
    return [_item(root, key, record) for key, record in records.items()]


def _item(root: Path, key: str, record: Record) -> Item:
    # Positional and without per-field lookups: this runs 20,000 times before a large library shows.
    # Values many items share (kind, status, language, owner, skills, tags) are interned: the JSON parser
    # makes a new string for every occurrence (8 MB of copies at 20,000 items).
    (_stamp, item_id, kind, title, status, modified, summary, skills, tags, language, owner, url,
     problem, translation_of) = record
    return Item(id=str(item_id), kind=intern(str(kind)), title=str(title), status=intern(str(status)),
                source=root / key, modified=float(modified), summary=str(summary),
                skills=[intern(str(v)) for v in skills],
                tags=[intern(str(v)) for v in tags], language=intern(str(language)),
                owner=intern(str(owner)), url=str(url), problem=str(problem),
                translation_of=str(translation_of))
