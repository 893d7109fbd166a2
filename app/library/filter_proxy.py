"""The rows the library table shows: the model's items filtered and sorted on their cached keys.

``QSortFilterProxyModel`` asks Python once per row to filter and twice per comparison to sort: at
20,000 items clearing the filter took about a second and sorting by title 2.5 s. This proxy works out
the shown rows in one pass over the model's key columns (a list comprehension and a sort), and
tells the views with one layout change, which keeps the selection and the current row.
"""

from __future__ import annotations

from typing import Any

from app.kit.qt import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from app.library.model import Column, LibraryModel, ModelIndex
from editor.statuses import is_published


class LibraryFilterProxy(QAbstractProxyModel):
    """Free-text, status and kind filters and a sort column, over a ``LibraryModel``.

    Every word typed must appear somewhere in title, summary, skills, tags or owner. Rows that sort
    equal keep the model's order (as before: a stable sort).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._text = ""
        self._status: str | None = None
        self._kind: str | None = None
        self._column = -1
        self._order = Qt.SortOrder.AscendingOrder
        self._shown: list[int] = []         # proxy row → model row
        self._position: list[int] = []      # model row → proxy row, -1 when filtered out
        self._saved: list[tuple[QModelIndex, QPersistentModelIndex]] = []

    # -- filters and sorting --------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self._words = text.casefold().split()
        self._relayout()

    def set_status(self, status: str | None) -> None:
        self._status = status or None
        self._relayout()

    def set_kind(self, kind: str | None) -> None:
        self._kind = kind or None
        self._relayout()

    def is_filtering(self) -> bool:
        return bool(self._words or self._status or self._kind)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column, self._order = column, order
        self._relayout()

    def _library(self) -> LibraryModel | None:
        model = self.sourceModel()
        return model if isinstance(model, LibraryModel) else None

    def _compute(self) -> None:
        model = self._library()
        if model is None:
            self._shown, self._position = [], []
            return
        count = model.rowCount()
        rows: list[int] = list(range(count))
        if self._status:
            status, statuses = self._status, model.field_values("status")
            rows = [row for row in rows if _status_matches(statuses[row], status)]
        if self._kind:
            kind, kinds = self._kind, model.field_values("kind")
            rows = [row for row in rows if kinds[row] == kind]
        if self._words:
            words, haystacks = self._words, model.key_values("haystack")
            rows = [row for row in rows if all(word in haystacks[row] for word in words)]
        if 0 <= self._column < len(Column):
            rows.sort(key=model.sort_values(Column(self._column)).__getitem__,
                      reverse=self._order == Qt.SortOrder.DescendingOrder)
        self._shown = rows
        self._position = [-1] * count
        for position, row in enumerate(rows):
            self._position[row] = position

    # -- keeping views in step ------------------------------------------------------------------------
    def _about_to_change(self) -> None:
        """Before the shown rows change: remember where each persistent index (selection) points."""
        self.layoutAboutToBeChanged.emit()
        self._saved = [(index, QPersistentModelIndex(self.mapToSource(index)))
                       for index in self.persistentIndexList()]

    def _changed(self) -> None:
        self._compute()
        saved, self._saved = self._saved, []
        self.changePersistentIndexList([mine for mine, _ in saved],
                                       [self.mapFromSource(theirs) for _, theirs in saved])
        self.layoutChanged.emit()

    def _relayout(self) -> None:
        self._about_to_change()
        self._changed()

    def _reset(self) -> None:
        self.beginResetModel()
        self._compute()
        self.endResetModel()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                             roles: list[int] | None = None) -> None:
        columns = set(range(top_left.column(), bottom_right.column() + 1))
        compared = self._column in columns or bool(self._status and Column.STATUS in columns) \
            or bool((self._words or self._kind) and columns - {Column.STATUS})   # text and kind: not status
        if roles == [Qt.ItemDataRole.DecorationRole] or not compared:
            # Nothing the filters or the sort compare changed: repaint the rows in place.
            if top_left.row() == bottom_right.row():
                first = last = self.mapFromSource(top_left).row()
            else:
                first, last = 0, len(self._shown) - 1
            if first >= 0 and last >= 0:
                self.dataChanged.emit(self.index(first, top_left.column()),
                                      self.index(last, bottom_right.column()), roles or [])
            return
        self._relayout()     # the changed rows may now sort elsewhere or no longer match

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self.beginResetModel()
        previous = self.sourceModel()
        if previous is not None:
            previous.disconnect(self)
        super().setSourceModel(model)
        model.modelReset.connect(self._reset)
        model.layoutAboutToBeChanged.connect(self._about_to_change)
        model.layoutChanged.connect(self._changed)
        for about, done in ((model.rowsAboutToBeInserted, model.rowsInserted),
                            (model.rowsAboutToBeRemoved, model.rowsRemoved),
                            (model.rowsAboutToBeMoved, model.rowsMoved)):
            about.connect(self._about_to_change)
            done.connect(self._changed)
        model.dataChanged.connect(self._source_data_changed)
        self._compute()
        self.endResetModel()

    # -- Qt proxy interface ---------------------------------------------------------------------------
    def mapToSource(self, proxy_index: ModelIndex) -> QModelIndex:
        model = self.sourceModel()
        if model is None or not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._shown):
            return QModelIndex()
        return model.index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: ModelIndex) -> QModelIndex:
        if not source_index.isValid() or not 0 <= source_index.row() < len(self._position):
            return QModelIndex()
        position = self._position[source_index.row()]
        return self.index(position, source_index.column()) if position >= 0 else QModelIndex()

    # Painting a cell asks for up to seven roles. Qt's proxy makes two calls into Python for each
    # (``mapToSource``, then the model's ``data``), and every call into Python from Qt waits for the
    # interpreter lock while a worker holds it: a repaint of the library beside a busy worker took ~80 ms.
    # Here a cell's roles come in one call (``multiData``, what views and delegates use) and a single role
    # in one call (``data``).
    def _source_index(self, proxy_index: ModelIndex) -> QModelIndex:
        model = self.sourceModel()
        if model is None or not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._shown):
            return QModelIndex()
        return model.index(self._shown[proxy_index.row()], proxy_index.column())

    def data(self, proxy_index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source_index(proxy_index)
        return source.model().data(source, role) if source.isValid() else None

    def multiData(self, proxy_index: ModelIndex, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        source = self._source_index(proxy_index)
        model = source.model() if source.isValid() else None
        asked = [roles] if isinstance(roles, QModelRoleData) else \
            [roles[position] for position in range(roles.size())]  # type: ignore[index]  # stubs lack []
        for wanted in asked:
            value = model.data(source, wanted.role()) if model is not None else None
            if value is None:
                wanted.clearData()
            else:
                wanted.setData(value)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < len(Column)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _child: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        model = self.sourceModel()
        if orientation == Qt.Orientation.Horizontal and model is not None:
            return model.headerData(section, orientation, role)
        return None


def _status_matches(status: str, wanted: str) -> bool:
    """The Published filter also finds items whose published version has a newer draft."""
    return is_published(status) if wanted == "published" else status == wanted
