"""What the library lists about each item, remembered under ``.tessera/items.json``.

Listing a workspace (``Workspace.items()``) parses the front matter of every item: about 2 s for
20,000 items. The store lets a window show the list at once and check it afterwards:

* ``cached()`` — the items as last recorded: one file read, no item file touched, no ``Item`` made
  until asked for (``RecordedItems``). Empty when there is no record yet, or it is damaged or of another
  version (it is only a cache).
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
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from pathlib import Path
from sys import intern
from typing import Any, TypeGuard, overload

from editor.atomic import atomic_write_text
from editor.json_text import parse_json
from editor.progress import CancelToken
from editor.workspace import CURATED, LESSONS, Item, Workspace, lesson_file_order

STORE_FILE = "items.json"
# 2: language variants (lesson.<lang>.md) are listed, with what they translate. 3: one column per field,
# values many items share stored once: a row per item (a list, a stamp and repeated strings each) left
# ~19 MB free but held inside Python's memory pools at 20,000 items, between the strings the items keep.
# 4: a line per column, each parsed on its own: one parse of the whole record held the interpreter ~25 ms
# at 20,000 items, and the window's first frame waited for it. 5: skills and tags lists stored once each
# (20,000 items had ~2,300 different skill lists): reading them was a third of reading the record.
STORE_VERSION = 5
# A record larger than this is taken as damage, not read (it lies in a shared folder): 20,000 items make
# ~4.5 MB, so this is room for ~400,000.
RECORD_MOST_BYTES = 100 * 2**20
# One record per item: its stamp, then the Item fields below, in this order.
_FIELDS = ("id", "kind", "title", "status", "modified", "summary", "skills", "tags", "language", "owner",
           "url", "problem", "translation_of")
_SHARED = frozenset({"kind", "status", "language", "owner"})   # on disk: an index into "values"
_SHARED_LISTS = frozenset({"skills", "tags"})                  # on disk: an index into "lists"


Record = list[Any]    # [stamp, *the _FIELDS values]
# "version", "keys", "stamp", one list per field, "values" the shared strings and "lists" the shared lists
# of them (as lists of indexes into "values"); items.json holds each as a line of its own, {name: value}.
Columns = dict[str, Any]


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
            return _items(self.root, self.records.items())


class ItemStore:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.path = workspace.cache_dir / STORE_FILE
        # The record ``cached()`` read: the ``refresh()`` that follows starts from it instead of parsing the
        # file again (60 ms at 20,000 items). Stale is harmless: the files' stamps decide what is re-read.
        self._last_read: Columns | None = None

    def cached(self) -> RecordedItems:
        """The items as last recorded, without reading any item (the record keeps listing order)."""
        self._last_read = self._read()
        return RecordedItems(self.workspace.root, self._last_read)

    def refresh(self, cancel: CancelToken | None = None) -> ItemChanges:
        """Bring the record up to date with the files; see the module notes."""
        root = self.workspace.root
        columns, self._last_read = self._last_read if self._last_read is not None else self._read(), None
        recorded = dict(_rows(columns))
        now = self.workspace.source_stamps(cancel)
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
            folder, _, name = key.rpartition("/")
            return not key.startswith(lessons), folder.split("/"), *lesson_file_order(name)

        return {key: records[key] for key in sorted(records, key=place)}

    def _read(self) -> Columns:
        """The record as saved; empty when there is none, or it is damaged or of another version
        (``refresh`` then reads the items and writes a new record)."""
        try:
            if self.path.stat().st_size > RECORD_MOST_BYTES:
                return _EMPTY          # not one this app wrote for any library it could list
            data: dict[str, Any] = {}
            with collector_paused():
                for line in self.path.read_text(encoding="utf-8").split("\n"):
                    part = parse_json(line)
                    if not isinstance(part, dict):
                        return _EMPTY
                    data.update(part)
            return data if _sound(data) else _EMPTY
        except (OSError, ValueError):
            return _EMPTY

    def _save(self, records: dict[str, Record]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = "\n".join(json.dumps({name: column}, ensure_ascii=False, separators=(",", ":"))
                             for name, column in _columns(records).items())
            atomic_write_text(self.path, text)
        except OSError:
            pass           # a read-only or full disk: the record is only a cache, the next refresh retries


_EMPTY: Columns = {"keys": [], "stamp": [], "values": [], "lists": [], **{name: [] for name in _FIELDS}}


def _columns(records: dict[str, Record]) -> Columns:
    """``records`` as items.json holds them (see ``Columns``)."""
    shared: dict[str, int] = {}
    shared_lists: dict[tuple[int, ...], int] = {}

    def index(value: str) -> int:
        return shared.setdefault(value, len(shared))

    def list_index(values: Iterable[str]) -> int:
        return shared_lists.setdefault(tuple(map(index, values)), len(shared_lists))

    rows = list(records.values())
    columns: Columns = {"version": STORE_VERSION, "keys": list(records), "stamp": [row[0] for row in rows]}
    for position, name in enumerate(_FIELDS, start=1):
        column = [row[position] for row in rows]
        if name in _SHARED:
            column = [index(value) for value in column]
        elif name in _SHARED_LISTS:
            column = [list_index(values) for values in column]
        columns[name] = column
    columns["values"] = list(shared)
    columns["lists"] = [list(indexes) for indexes in shared_lists]
    return columns


def _sound(data: object) -> bool:
    """Whether ``data`` is a record of this version, with a value of the right type in every place, that
    leads nowhere outside the workspace. Checked a column at a time (the set of the types in it; one
    pattern over all keys): ~8 ms at 20,000 items, where a check per value took ~30."""
    if not isinstance(data, dict) or data.get("version") != STORE_VERSION:
        return False
    keys, values, lists = data.get("keys"), data.get("values"), data.get("lists")
    if not (_texts(keys) and _texts(values) and isinstance(lists, list)):
        return False
    if len(set(keys)) != len(keys) or (keys and not _KEYS_SHAPE.fullmatch("\n".join(keys))):
        return False
    if not (_all_of(lists, list) and _indexes(list(chain.from_iterable(lists)), len(values))):
        return False
    for name in ("stamp", *_FIELDS):
        column = data.get(name)
        if not isinstance(column, list) or len(column) != len(keys):
            return False
        if name in _SHARED:
            sound = _indexes(column, len(values))
        elif name in _SHARED_LISTS:
            sound = _indexes(column, len(lists))
        elif name == "modified":
            sound = _numbers(column)
        else:
            sound = _texts(column)
        if not sound:
            return False
    return True


def _texts(values: object) -> TypeGuard[list[str]]:
    return _all_of(values, str)


def _numbers(values: object) -> bool:
    return _all_of(values, int, float)


def _indexes(values: object, size: int) -> bool:
    """Whether ``values`` is a list of positions in a table of ``size`` entries."""
    return _all_of(values, int) and (not values or (min(values) >= 0 and max(values) < size))


def _all_of(values: object, *kinds: type) -> TypeGuard[list[Any]]:
    """Whether ``values`` is a list of values exactly of ``kinds`` (so ``True`` is no number here)."""
    return isinstance(values, list) and set(map(type, values)) <= set(kinds)


def _shared_values(columns: Columns) -> list[str]:
    """The record's shared strings, interned: the items keep them."""
    return [intern(value) for value in columns["values"]]


def _shared_lists(columns: Columns, values: list[str]) -> list[tuple[str, ...]]:
    return [tuple(values[index] for index in indexes) for indexes in columns["lists"]]


def _column(columns: Columns, name: str, values: list[str], lists: list[tuple[str, ...]]) -> list[Any]:
    """The Item field ``name`` of every item in the record (a new list)."""
    column = columns[name]
    if name in _SHARED:
        return [values[index] for index in column]
    if name in _SHARED_LISTS:
        return [lists[index] for index in column]
    return list(column)


def _rows(columns: Columns) -> Iterator[tuple[str, Record]]:
    """(key, record) of each item in a record read from disk, made one at a time: all at once, 20,000
    short-lived lists would sit between the strings the items keep."""
    values = _shared_values(columns)
    lists = _shared_lists(columns, values)
    fields = [_column(columns, name, values, lists) for name in _FIELDS]
    for key, stamp, *row in zip(columns["keys"], columns["stamp"], *fields, strict=True):
        yield key, [stamp, *row]


class RecordedItems(Sequence[Item]):
    """The items of a record read from disk, each made when asked for: a window shows 20,000 rows
    after making the few it paints (making every ``Item`` first took ~100 ms). Read-only, so workers
    may read it too; ``column`` gives one field of every item at once, for filters and sorts."""

    def __init__(self, root: Path, columns: Columns) -> None:
        self.root = root
        self._columns = columns
        self._values = _shared_values(columns)

    @cached_property
    def _lists(self) -> list[tuple[str, ...]]:
        """Skills and tags: made when first asked for (rarely before the first filter or painted row)."""
        return _shared_lists(self._columns, self._values)

    def __len__(self) -> int:
        return len(self._columns["keys"])

    @overload
    def __getitem__(self, row: int) -> Item: ...
    @overload
    def __getitem__(self, rows: slice) -> list[Item]: ...

    def __getitem__(self, row: int | slice) -> Item | list[Item]:
        if isinstance(row, slice):
            return [self[one] for one in range(*row.indices(len(self)))]
        columns = self._columns
        record: Record = [columns["stamp"][row]]
        for name in _FIELDS:
            value = columns[name][row]
            if name in _SHARED:
                value = self._values[value]
            elif name in _SHARED_LISTS:
                value = self._lists[value]
            record.append(value)
        return _item(self.root, columns["keys"][row], record)

    def column(self, name: str) -> list[Any]:
        """The value of the Item field ``name`` for every item, in listing order (a new list; skills and
        tags are tuples, shared between items)."""
        return _column(self._columns, name, self._values, self._lists)

    def sources(self) -> list[str]:
        """Each item's source as ``str(item.source)`` gives it, without making the paths (a third of the
        cost of making the items): keys are relative POSIX paths with no empty, "." or ".." part."""
        prefix = os.path.join(self.root, "")
        keys = self._columns["keys"]
        if os.sep != "/":
            return [prefix + key.replace("/", os.sep) for key in keys]
        return [prefix + key for key in keys]


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


# A key as ``Workspace.source_stamps`` makes them: "lessons/<folder>/lesson….md" or "curated/<name>.md",
# with no empty, "." or ".." part and no backslash. The record lies in the workspace, which others share: a
# key leading elsewhere ("../…") must never become a source the window lists and opens. Checked for all
# keys at once, one per line (so no part may hold a line break either).
_KEY = (rf"{re.escape(LESSONS)}/(?!\.\.?/)[^/\\\n]+/lesson[^/\\\n]*\.md"
        rf"|{re.escape(CURATED)}/[^/\\\n]+\.md")
_KEYS_SHAPE = re.compile(rf"(?:(?:{_KEY})\n)*(?:{_KEY})")


def _items(root: Path, records: Iterable[tuple[str, Record]]) -> list[Item]:
    return [_item(root, key, record) for key, record in records]


def _item(root: Path, key: str, record: Record) -> Item:
    # Positional and without per-field lookups: this runs 20,000 times before a large library shows.
    # Values many items share (kind, status, language, owner, skills, tags) are interned: those read from
    # the record come from its table of shared values, those of items just read are new strings each.
    (_stamp, item_id, kind, title, status, modified, summary, skills, tags, language, owner, url,
     problem, translation_of) = record
    return Item(id=str(item_id), kind=intern(str(kind)), title=str(title), status=intern(str(status)),
                source=root / key, modified=float(modified), summary=str(summary),
                skills=[intern(str(v)) for v in skills],
                tags=[intern(str(v)) for v in tags], language=intern(str(language)),
                owner=intern(str(owner)), url=str(url), problem=str(problem),
                translation_of=str(translation_of))
