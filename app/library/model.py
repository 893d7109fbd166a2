"""The library as a table: one row per lesson or curated link, with the keys its filter and sort use."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from sys import intern
from typing import Any

from app.kit.format import KIND_LABELS, human_time, status_label
from app.kit.qt import (
    QAbstractTableModel,
    QApplication,
    QColor,
    QImage,
    QModelIndex,
    QObject,
    QPainter,
    QPainterPath,
    QPen,
    QPersistentModelIndex,
    QPixmap,
    QSize,
    QStyle,
    Qt,
    QTimer,
    Signal,
)
from editor.item_store import RecordedItems
from editor.statuses import NEVER_REVIEWED, STATUS_WORDS, review_plan, shown_status
from editor.workspace import LESSON_FILE, Item

ModelIndex = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1     # the value a column sorts by (e.g. a real timestamp)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2     # the row's Item
SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 3  # what tells items with the same title apart, else ""



class Column(IntEnum):
    TITLE = 0
    KIND = 1
    STATUS = 2
    SKILLS = 3
    MODIFIED = 4


HEADERS = {Column.TITLE: "Title", Column.KIND: "Type", Column.STATUS: "Status", Column.SKILLS: "Skills",
           Column.MODIFIED: "Last edited"}


def corner_radius(height: float) -> float:
    """Rounded corners for every picture in the table, proportional so HiDPI looks the same."""
    return height / 7


def placeholder_pixmap(kind: str, size: QSize, dark: bool = False) -> QPixmap:
    """The picture shown until (or instead of) a thumbnail: a page for lessons, a chain for links.

    ``dark``: drawn for the dark theme, where a light card would glare.
    """
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width, height = size.width(), size.height()
    link = kind == "link"
    painter.setPen(Qt.PenStyle.NoPen)
    card = ("#1e3a5f" if link else "#3a414b") if dark else ("#dbeafe" if link else "#e5e7eb")
    painter.setBrush(QColor(card))
    painter.drawRoundedRect(0, 0, width, height, corner_radius(height), corner_radius(height))
    ink = QColor(("#93c5fd" if link else "#8b95a3") if dark else ("#2563eb" if link else "#9ca3af"))
    if link:
        # Two interlocking rounded links, drawn around the centre.
        painter.setPen(QPen(ink, max(2.0, height / 18)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.translate(width / 2, height / 2)
        painter.rotate(-35)
        unit = height / 6
        painter.drawRoundedRect(int(-2.6 * unit), int(-unit), int(3 * unit), int(2 * unit), unit, unit)
        painter.drawRoundedRect(int(-0.4 * unit), int(-unit), int(3 * unit), int(2 * unit), unit, unit)
    else:
        # A few "text lines" suggest a page with no picture.
        painter.setBrush(ink)
        left, line_height = width * 0.2, max(2, height // 14)
        for number, fraction in enumerate((0.6, 0.5, 0.55)):
            top = height * (0.3 + 0.17 * number)
            painter.drawRoundedRect(int(left), int(top), int(width * fraction), line_height, 1, 1)
    painter.end()
    return pixmap


def rounded_image(image: QImage) -> QImage:
    """``image`` with the same soft corners as the placeholders (QImage: safe on worker threads)."""
    result = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    clip = QPainterPath()
    radius = corner_radius(image.height())
    clip.addRoundedRect(0, 0, image.width(), image.height(), radius, radius)
    painter.setClipPath(clip)
    painter.drawImage(0, 0, image)
    painter.end()
    return result


STATUS_ORDER = tuple(STATUS_WORDS)      # workflow order, draft → retired


def status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def haystack_key(title: str, summary: str, skills: list[str], tags: list[str], owner: str) -> str:
    """Where the words typed in the filter are sought."""
    return " ".join([title, summary, *skills, *tags, owner]).casefold()


def kind_key(kind: str) -> str:
    # Kinds and skill lists repeat across thousands of items: one shared string each.
    return intern(KIND_LABELS.get(kind, kind.capitalize()).casefold())


def skills_key(skills: list[str]) -> str:
    return intern(", ".join(skills).casefold())


def title_sort_key(source_titles: dict[str, str]) -> Callable[[str, str, str], str]:
    """How titles sort: a translation right after its source lesson (``source_titles``: id → title of
    every item that is not a translation), by language."""
    def key(title: str, translation_of: str, language: str) -> str:
        if translation_of:
            return f"{source_titles.get(translation_of, title).casefold()}\x00{language}"
        return title.casefold()
    return key


# What filtering and sorting compare, by name: the Item fields each key is made of, and how (the title's
# "how" depends on the list: ``title_sort_key``).
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "haystack": ("title", "summary", "skills", "tags", "owner"),
    "title": ("title", "translation_of", "language"),
    "kind": ("kind",), "status": ("status",), "skills": ("skills",), "modified": ("modified",)}
KEY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "haystack": haystack_key, "kind": kind_key, "status": status_rank, "skills": skills_key,
    "modified": float}
SORT_KEYS = {Column.TITLE: "title", Column.KIND: "kind", Column.STATUS: "status", Column.SKILLS: "skills",
             Column.MODIFIED: "modified"}


@dataclass
class PreparedRows:
    """A whole list made ready for the model: plain Python, so a worker can build it for 20,000 items
    and the UI thread only swaps it in. Items of the record are made when first shown."""

    items: Sequence[Item]            # a list, or ``RecordedItems`` (made on demand)
    rows: dict[str, int]             # str(source) → row, for O(1) lookups (folders: see row_of)
    title_counts: Counter[str]       # case-folded titles two or more items share: how many share each
    source_titles: dict[str, str]    # id → title of every item that is not a translation
    reviewed: frozenset[str] | None  # ids of the items with review events when listed; None: not known


def title_key(title: str) -> str:
    """Titles that differ only in case or surrounding spaces count as the same."""
    return title.strip().casefold()


def title_counts(titles: Iterable[str]) -> Counter[str]:
    """How many items share each title that two or more items share (a title not in it is one item's:
    kept for every title, the counter and its case-folded copies were ~2.5 MB at 20,000 items)."""
    counts = Counter(map(str.casefold, map(str.strip, titles)))    # title_key of each, without a call each
    return Counter({title: count for title, count in counts.items() if count > 1})


def column_of(items: Sequence[Item], name: str) -> list[Any]:
    """The Item field ``name`` of every item; from the record's columns when its items are not made."""
    return items.column(name) if isinstance(items, RecordedItems) else [getattr(item, name) for item in items]


def prepare_rows(items: Sequence[Item], reviewed: frozenset[str] | None = None) -> PreparedRows:
    """The rows of ``items``; ``reviewed``: the ids with review events, every other item shows as a draft
    (see ``shown_status``)."""
    ids, titles, translations = (column_of(items, name) for name in ("id", "title", "translation_of"))
    # Translations sort under their source lesson and name it (the library's nesting).
    source_titles = {item_id: title
                     for item_id, title, translation_of in zip(ids, titles, translations, strict=True)
                     if not translation_of}
    sources = items.sources() if isinstance(items, RecordedItems) else [str(item.source) for item in items]
    rows = {source: row for row, source in enumerate(sources)}
    return PreparedRows(items, rows, title_counts(titles), source_titles, reviewed)


class LibraryModel(QAbstractTableModel):
    """Items as rows; thumbnails are asked for when a row is first painted and arrive later.

    A list read from the record makes each row's ``Item`` when the row is first asked for, and the keys
    filters and sorts compare a column at a time when first compared (``key_values``): 20,000 rows show
    after a few are made.
    """

    thumbnails_wanted = Signal(list)     # list[Item]: rows painted without a thumbnail yet

    def __init__(self, parent: QObject | None = None, icon_size: QSize | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item | None] = []     # None: not made yet, ``_recorded`` makes it
        self._recorded: RecordedItems | None = None
        self._origin: list[int] | None = None   # each row's place in the record, once rows moved
        self._keys: dict[str, list[Any]] = {}   # KEY_FIELDS name → the key of every row, once compared
        self._source_titles: dict[str, str] = {}
        self._rows: dict[str, int] = {}         # str(source) → row, for O(1) lookups (folders: see row_of)
        self._thumbnails: dict[Path, QPixmap] = {}
        self._asked: set[Path] = set()          # sources whose thumbnail was asked for
        self._wanted: list[Item] = []
        self._want_timer = QTimer(self, singleShot=True, interval=0)
        self._want_timer.timeout.connect(self._ask_thumbnails)
        self._title_counts: Counter[str] = Counter()
        self._icon_size = icon_size or QSize(48, 32)
        self._placeholders: dict[str, QPixmap] = {}
        self.set_dark(False)
        # Statuses derived from review events, by source: they outlive re-reads of the front matter
        # (whose own ``status:`` line is never the truth), so a save cannot turn "In review" into "Draft".
        self._derived: dict[Path, str] = {}
        self._reviewed: frozenset[str] | None = None   # see PreparedRows.reviewed
        style = QApplication.style()
        self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def set_dark(self, dark: bool) -> None:
        """Redraw the stand-in pictures for the theme (called on every theme change)."""
        self._placeholders = {kind: placeholder_pixmap(kind, self._icon_size, dark) for kind in KIND_LABELS}
        if self._items:
            self.dataChanged.emit(self.index(0, Column.TITLE), self.index(len(self._items) - 1, Column.TITLE),
                                  [Qt.ItemDataRole.DecorationRole])

    # -- data access -----------------------------------------------------------
    def set_items(self, items: Sequence[Item] | PreparedRows) -> None:
        """Show ``items``; a large list comes prepared from a worker (``prepare_rows``)."""
        prepared = items if isinstance(items, PreparedRows) else prepare_rows(items)
        self.beginResetModel()
        recorded = prepared.items if isinstance(prepared.items, RecordedItems) else None
        self._recorded, self._origin = recorded, None
        self._items = [None] * len(recorded) if recorded is not None else list(prepared.items)
        self._rows, self._title_counts = prepared.rows, prepared.title_counts
        self._source_titles, self._reviewed = prepared.source_titles, prepared.reviewed
        self._keys = {}
        self._restate(self._derived)              # statuses derived before this list was read
        if self._thumbnails:
            self._thumbnails = {source: pixmap for source, pixmap in self._thumbnails.items()
                                if str(source) in self._rows}
        self._asked = set()
        self.endResetModel()

    def apply_changes(self, changed: list[Item], removed: list[Path], reviewed: frozenset[str] | None = None
                      ) -> None:
        """Rows of items read again are replaced, removed sources leave, new items are appended:
        one layout change, so the selection and the scroll position stay where they are. ``reviewed``:
        the ids with review events now (see ``PreparedRows``)."""
        if reviewed is not None and reviewed != self._reviewed:
            self._reviewed = reviewed
            self._keys.pop("status", None)    # rows not made yet show statuses by the new set
        if not changed and not removed:
            return
        gone = {str(Path(path)) for path in removed}
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [str(self._item(index.row()).source) if 0 <= index.row() < len(self._items) else None
                  for index in persistent]
        left = [self._item(row) for row in (self._rows.get(source, -1) for source in gone) if row >= 0]
        if gone:
            self._remove_rows({self._rows[source] for source in gone if source in self._rows})
        for item in map(self._with_derived, changed):
            row = self._rows.get(str(item.source), -1)
            if row < 0:
                row = self._rows[str(item.source)] = len(self._items)
                self._items.append(item)
                if self._origin is not None:
                    self._origin.append(-1)       # not from the record
            else:
                self._items[row] = item
            self._rekey(row)
            self._thumbnails.pop(item.source, None)
            self._asked.discard(item.source)
        self._note_sources(changed, left)
        self._count_titles()
        after = [self.index(self._rows[source], index.column()) if source in self._rows else QModelIndex()
                 for source, index in zip(before, persistent, strict=True)]
        self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()

    def item_at(self, row: int) -> Item | None:
        return self._item(row) if 0 <= row < len(self._items) else None

    def _item(self, row: int) -> Item:
        item = self._items[row]
        if item is None:
            assert self._recorded is not None     # rows wait to be made only in a list from the record
            at = row if self._origin is None else self._origin[row]
            item = self._items[row] = self._with_derived(self._recorded[at])
        return item

    def _remove_rows(self, rows: set[int]) -> None:
        """Drop these rows; those after them move up, made or not (making every row of a list from the
        record first took ~100 ms at 20,000)."""
        kept = [row for row in range(len(self._items)) if row not in rows]
        origin = self._origin if self._origin is not None else range(len(self._items))
        self._items = [self._items[row] for row in kept]
        self._origin = [origin[row] for row in kept]
        moved_to = {old: new for new, old in enumerate(kept)}
        self._rows = {source: moved_to[row] for source, row in self._rows.items() if row not in rows}
        self._keys = {name: [values[row] for row in kept] for name, values in self._keys.items()}

    def field_values(self, name: str) -> list[Any]:
        """The Item field ``name`` of every row as shown, without making the rows' items."""
        if self._recorded is None:
            return [getattr(item, name) for item in self._items]
        recorded = self._recorded.column(name)
        if name == "status" and self._reviewed is not None:
            reviewed = self._reviewed
            recorded = [shown_status(item_id, status, reviewed)
                        for item_id, status in zip(self._recorded.column("id"), recorded, strict=True)]
        origin = self._origin if self._origin is not None else range(len(self._items))
        return [recorded[at] if item is None else getattr(item, name)
                for at, item in zip(origin, self._items, strict=True)]

    def key_values(self, name: str) -> list[Any]:
        """The key ``name`` (see KEY_FIELDS) of every row: worked out when first asked for, then kept in
        step with each change."""
        values = self._keys.get(name)
        if values is None:
            key = self._key_function(name)
            fields = [self.field_values(field) for field in KEY_FIELDS[name]]
            values = self._keys[name] = list(map(key, *fields))
        return values

    def sort_values(self, column: Column) -> list[Any]:
        return self.key_values(SORT_KEYS[column])

    def _key_function(self, name: str) -> Callable[..., Any]:
        return title_sort_key(self._source_titles) if name == "title" else KEY_FUNCTIONS[name]

    def _key_of(self, name: str, item: Item) -> Any:
        return self._key_function(name)(*(getattr(item, field) for field in KEY_FIELDS[name]))

    def _rekey(self, row: int) -> None:
        """Bring the keys kept so far in step with the item of ``row`` (changed, or just appended)."""
        item = self._item(row)
        for name, values in self._keys.items():
            if row == len(values):
                values.append(self._key_of(name, item))
            else:
                values[row] = self._key_of(name, item)

    def row_of(self, path: Path) -> int:
        """The row of the item whose folder, file or source is ``path``; -1 if none."""
        source = str(Path(path))
        row = self._rows.get(source, -1)
        return row if row >= 0 else self._rows.get(os.path.join(source, LESSON_FILE), -1)  # a lesson's folder

    def review_plan(self, reviewed: Set[str]) -> tuple[dict[Path, str], list[Item]]:
        """With ``reviewed`` the ids that have review events now: the items shown otherwise though never
        submitted for review (by source → "draft"), and the items whose statuses must be derived. Makes
        only those rows' items."""
        drafts, derive = review_plan(reviewed, self.field_values("id"), self.field_values("status"))
        return ({self._item(row).source: NEVER_REVIEWED for row in drafts},
                [self._item(row) for row in derive])

    def set_derived_statuses(self, statuses: dict[Path, str]) -> None:
        """Show these review-derived statuses (by source path), now and after every re-read.

        Thousands may come at once: rows change in place and one signal covers them all.
        """
        rows = self._restate(statuses)     # before they are kept: a row made now shows its status so far
        self._derived.update(statuses)
        if rows:
            self.dataChanged.emit(self.index(min(rows), Column.STATUS), self.index(max(rows), Column.STATUS))

    def _restate(self, statuses: dict[Path, str]) -> list[int]:
        """Give the rows of these sources their statuses; the rows that changed."""
        rows = []
        for source, status in statuses.items():
            row = self._rows.get(str(source), -1)
            if row >= 0 and self._item(row).status != status:
                self._items[row] = self._item(row).with_status(status)
                self._rekey(row)
                rows.append(row)
        return rows

    def _with_derived(self, item: Item) -> Item:
        status = self._derived.get(item.source)
        if status is None and self._reviewed is not None:
            status = shown_status(item.id, item.status, self._reviewed)
        return item if status is None or status == item.status else item.with_status(status)

    def _note_sources(self, changed: list[Item], removed: list[Item]) -> None:
        """Keep the titles translations sort under in step with lessons added, retitled or removed."""
        moved: set[str] = set()
        for item in removed:
            if not item.translation_of and self._source_titles.pop(item.id, None) is not None:
                moved.add(item.id)
        for item in changed:
            if not item.translation_of and self._source_titles.get(item.id) != item.title:
                self._source_titles[item.id] = item.title
                moved.add(item.id)
        if moved and self._keys:
            for row, translation_of in enumerate(self.field_values("translation_of")):
                if translation_of in moved:
                    self._rekey(row)

    def update_item(self, item: Item) -> None:
        row = self.row_of(item.source)
        if row < 0:
            return
        item = self._with_derived(item)
        if item == self._item(row):
            return
        self._items[row] = item
        self._rekey(row)
        self._note_sources([item], [])
        before = self._title_counts
        self._count_titles()
        if before != self._title_counts:      # a retitle may make or end a collision in other rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(Column) - 1))
        else:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _count_titles(self) -> None:
        self._title_counts = title_counts(self.field_values("title"))

    def secondary_line(self, item: Item) -> str:
        """'Lesson · ana@example.org · safety-2' for items sharing their title with another, else ""."""
        if self._title_counts[title_key(item.title)] < 2:
            return ""
        parts = [KIND_LABELS.get(item.kind, item.kind.capitalize()), item.owner,
                 item.path.name if item.kind == "lesson" else item.path.stem]
        return "  ·  ".join(part for part in parts if part)

    def _ask_thumbnails(self) -> None:
        wanted, self._wanted = self._wanted, []
        if wanted:
            self.thumbnails_wanted.emit(wanted)

    def set_thumbnail(self, path: Path, pixmap: QPixmap) -> None:
        row = self.row_of(path)
        if row < 0:
            return
        self._thumbnails[self._item(row).source] = pixmap
        index = self.index(row, Column.TITLE)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = Column(index.column())
        if role == ITEM_ROLE:
            return item
        if role == SECONDARY_ROLE:
            return self.secondary_line(item) if column == Column.TITLE else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == SORT_ROLE:
            return self._sort_key(item, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != Column.TITLE:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, item: Item, column: Column) -> str:
        if column == Column.TITLE:
            return item.title
        if column == Column.KIND and item.translation_of:
            return f"Translation · {item.language}"
        if column == Column.KIND:
            return KIND_LABELS.get(item.kind, item.kind.capitalize())
        if column == Column.STATUS:
            return status_label(item.status)
        if column == Column.SKILLS:
            return ", ".join(item.skills)
        return human_time(item.modified)

    def _sort_key(self, item: Item, column: Column) -> Any:
        return self._key_of(SORT_KEYS[column], item)

    def _decoration(self, item: Item, column: Column) -> Any:
        if column == Column.TITLE:
            if item.problem:
                return self._warning
            thumbnail = self._thumbnails.get(item.source)
            if thumbnail is None and item.kind == "lesson" and item.source not in self._asked:
                # Painted for the first time: make its thumbnail (a worker does, for a batch of rows).
                self._asked.add(item.source)
                self._wanted.append(item)
                self._want_timer.start()
            return thumbnail or self._placeholders.get(item.kind)
        return None

    def _tooltip(self, item: Item, column: Column) -> str:
        if item.problem:
            return f"This item could not be read: {item.problem}"
        if column == Column.MODIFIED and item.modified > 0:
            return dt.datetime.fromtimestamp(item.modified).strftime("%d %B %Y, %H:%M")
        if column == Column.TITLE:
            kind = KIND_LABELS.get(item.kind, item.kind)
            lines = [f"{kind}: {item.title}", item.summary or "No summary yet."]
            if item.translation_of:
                source = self._source_titles.get(item.translation_of, item.translation_of)
                lines.insert(1, f"Translation of “{source}” ({item.language})")
            if item.kind == "link" and item.url:
                lines.append(item.url)
            if item.owner:
                lines.append(f"Owner: {item.owner}")
            return "\n".join(lines)
        return self._display(item, column)

