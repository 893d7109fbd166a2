"""The library panel: find, filter and pick the workspace's lessons and links.

The list appears from the item store's record (``ItemStore.cached``, read on a worker), then a
worker compares it with the files (``ItemStore.refresh``: one status read per item, parsing only what
changed) and only changed rows are touched. The same refresh runs after library commands and whenever
``FolderWatch`` notices a change. Thumbnails are made on a worker for the rows that get painted. So
neither the size of the library nor a slow shared folder ever holds up the window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from app.kit.collector import keep_long_lived
from app.kit.format import KIND_LABELS, STATUS_LABELS
from app.kit.qt import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QByteArray,
    QComboBox,
    QFont,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QLabel,
    QLineEdit,
    QMenu,
    QModelIndex,
    QPalette,
    QPixmap,
    QPoint,
    QPushButton,
    QResizeEvent,
    QSize,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.tasks import Task, TaskRunner
from app.kit.theme import follow_theme, theme_palette
from app.kit.turns import next_turn
from app.kit.widgets import is_dark
from app.library.delegates import StatusBadgeDelegate, TitleDelegate, badge_font, badge_width
from app.library.disk_watch import FolderWatch
from app.library.filter_proxy import LibraryFilterProxy
from app.library.loading import (
    THUMBNAIL_SIZE,
    Listing,
    ThumbnailBatch,
    cached_job,
    refresh_job,
    thumbnail_job,
)
from app.library.model import Column, LibraryModel, placeholder_pixmap
from editor.item_store import ItemStore
from editor.workspace import Item, Workspace

_THUMBNAIL_BATCH = 8              # items per worker job: results show up in small, steady steps
_COLUMN_WIDTHS = {Column.KIND: 64, Column.SKILLS: 160, Column.MODIFIED: 110}   # Status: its badges
# In a narrow panel the title matters most: these columns step aside, in this order, to keep it readable,
# and then the status badge shrinks to its dot.
_DROP_ORDER = (Column.SKILLS, Column.KIND, Column.MODIFIED)
_MIN_TITLE_WIDTH = 300
_DOT_BELOW_TITLE_WIDTH = 240     # narrower than this, the status badge becomes a dot
_STATUS_DOT_WIDTH = 30
_STATUS_MAX_WIDTH = 118
_FILTERS_IN_ONE_ROW = 420         # narrower than this, the status and type filters go below the box
_SMALL_THUMBNAIL = QSize(30, 20)   # in a narrow panel the title needs the room more than the picture
# Once the recorded list shows, its check against the files waits this long: at 20,000 items the check
# holds the interpreter ~250 ms, which the lesson a user picks at once needs more. Asking for a reload,
# or a change seen on disk, starts it at once. Typing or opening an item postpones it to the next pause of
# that length (stopping it if it runs: it starts over then), for at most CHECK_RECORD_WITHIN_MS: beside
# steady typing at 20,000 items it doubled keystroke → preview, and a lesson opened while it ran took
# ~330 instead of ~250 ms to show.
CHECK_RECORD_AFTER_MS = 1000
CHECK_RECORD_WITHIN_MS = 15_000
_TABLE, _EMPTY, _NO_MATCH = 0, 1, 2


class _EmptyState(QFrame):
    """A centred message with a hint and up to two buttons, framed like the table it replaces."""

    def __init__(self, picture: QPixmap | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if picture is not None:
            self.picture.setPixmap(picture)
        self.picture.setVisible(picture is not None)
        self.title = QLabel()
        self.hint = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        for label in (self.title, self.hint):
            label.setWordWrap(True)      # long messages wrap: they must not widen the library
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.title, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        self.buttons.addStretch()
        self.buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 24, 12, 24)
        layout.setSpacing(10)
        layout.addStretch(2)
        layout.addWidget(self.picture)
        layout.addSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addLayout(self.buttons)
        layout.addStretch(3)

    def add_button(self, text: str, slot: Callable[[], None], *, default: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setDefault(default)
        button.clicked.connect(slot)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button


class LibraryPanel(QWidget):
    """Filter box, status/type filters and the item table, with empty states.

    ``item_selected`` fires when the selected item changes to another one (or to none),
    not when the same item is refreshed after a save.
    """

    item_selected = Signal(object)        # Item | None
    item_activated = Signal(object)       # Item (double-click, Enter, context menu "Open")
    new_lesson_requested = Signal()
    new_link_requested = Signal()
    duplicate_requested = Signal(object)  # Item
    rename_requested = Signal(object)     # Item
    trash_requested = Signal(object)      # Item
    translate_requested = Signal(object)  # Item: a source lesson
    loaded = Signal()                     # the list now matches the files (after a load or a refresh)
    listed = Signal()                     # a list was read and shown (or why it could not be)
    items_changed = Signal(object)        # ItemChanges found by a refresh: items changed on disk

    def __init__(self, parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.runner = runner or TaskRunner(self)
        self._generation = 0          # bumps with each workspace: late results for another one are dropped
        self._thumbnail_tasks: set[Task] = set()
        self._selected: Path | None = None
        self._filtering = False                  # rows come and go: not the user picking another item
        self._store: ItemStore | None = None
        self._listing: Task | None = None         # the cached list or a refresh being read
        self._yielding: Task | None = None        # that refresh, when it is the start-up check
        self._again = False                       # a refresh was asked for while one ran
        self._check_soon = QTimer(self, singleShot=True, interval=CHECK_RECORD_AFTER_MS)
        self._check_soon.timeout.connect(lambda: self._check_disk(yielding=True))
        self._check_due: float | None = None      # the latest moment typing can put the check off to
        self._select_after: Path | None = None    # what to select once the refresh is in
        self._shown = False                       # whether a list of this workspace has been shown
        self.model = LibraryModel(self, THUMBNAIL_SIZE)
        self.model.thumbnails_wanted.connect(self._make_thumbnails)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.disk_watch = FolderWatch(self)
        self.disk_watch.changed.connect(self._check_disk)
        self._announce = False                    # emit ``loaded`` when the refresh running now is done
        self._build_filters()
        self._build_table()
        self._build_empty_states()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(self._filters)
        layout.addWidget(self.stack, 1)
        self._update_state()
        follow_theme(self, self._restyle)

    # -- construction --------------------------------------------------------------
    def _build_filters(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter library")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show items whose title, summary, skills, tags or owner contain "
                                    "every word typed here")
        self.filter_edit.textChanged.connect(self._on_filter_text)
        self.filter_edit.returnPressed.connect(self._focus_table)
        self.status_combo = QComboBox()
        self.status_combo.addItem("All statuses", None)
        for key, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, key)
        self.status_combo.setToolTip("Show only items with this status")
        self.status_combo.currentIndexChanged.connect(self._on_status_filter)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("All types", None)
        for key, label in KIND_LABELS.items():
            self.kind_combo.addItem(f"{label}s", key)
        self.kind_combo.setToolTip("Show only lessons or only links")
        self.kind_combo.currentIndexChanged.connect(self._on_kind_filter)
        # In a narrow library the filters shrink (and go below the box) instead of widening it.
        for widget, least in ((self.filter_edit, 60), (self.status_combo, 64), (self.kind_combo, 64)):
            widget.setMinimumWidth(least)
        combos = QHBoxLayout()
        combos.setSpacing(6)
        combos.addWidget(self.status_combo, 1)
        combos.addWidget(self.kind_combo, 1)
        self._filters = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._filters.setSpacing(6)
        self._filters.addWidget(self.filter_edit, 1)
        self._filters.addLayout(combos)

    def _build_table(self) -> None:
        view = self.table = QTableView()
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setIconSize(THUMBNAIL_SIZE)
        view.setSortingEnabled(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.setItemDelegateForColumn(Column.TITLE, TitleDelegate(view))
        view.setItemDelegateForColumn(Column.STATUS, StatusBadgeDelegate(view))
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(THUMBNAIL_SIZE.height() + 12)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in self._widths().items():
            header.resizeSection(column, width)
        view.sortByColumn(Column.MODIFIED, Qt.SortOrder.DescendingOrder)
        view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        view.activated.connect(self._on_activated)
        view.customContextMenuRequested.connect(self._show_context_menu)

    def _build_empty_states(self) -> None:
        self.empty_state = _EmptyState(placeholder_pixmap("lesson", QSize(96, 64)))  # restyled for the theme
        self.new_lesson_button = self.empty_state.add_button(
            "New lesson", self.new_lesson_requested.emit, default=True)
        self.add_link_button = self.empty_state.add_button("Add link", self.new_link_requested.emit)
        self.no_match_state = _EmptyState()
        self.clear_filter_button = self.no_match_state.add_button("Clear filter", self.clear_filters)
        self.stack = QStackedWidget()
        for page in (self.table, self.empty_state, self.no_match_state):
            self.stack.addWidget(page)

    def _restyle(self) -> None:
        dark = is_dark(theme_palette())
        self.model.set_dark(dark)
        self.empty_state.picture.setPixmap(placeholder_pixmap("lesson", QSize(96, 64), dark))

    # -- public API --------------------------------------------------------------------
    def set_workspace(self, workspace: Workspace | None) -> None:
        """Show ``workspace``'s items: the recorded list at once, then what changed on disk."""
        self.workspace = workspace
        self._selected = self._select_after = None
        self._generation += 1
        for task in [*self._thumbnail_tasks, *([self._listing] if self._listing else [])]:
            task.cancel()
        self._thumbnail_tasks, self._listing, self._again = set(), None, False
        self._shown = False
        self._check_soon.stop()
        self._store = ItemStore(workspace) if workspace is not None else None
        self.disk_watch.watch(workspace)
        self.model.set_items([])
        if self._store is not None:
            self._announce = True
            self._listing = self.runner.start(cached_job(self._store, self._generation), self._listed,
                                              self._listing_failed)
        self._update_state()
        self._on_selection_changed()

    def wait_for_list(self, seconds: float) -> None:
        """Before the window's first frame: wait up to ``seconds`` for the recorded list, so that frame
        shows it (a small library's comes in a few ms) instead of an empty table painted again a moment
        later. A large or slow one is shown when it comes, as always."""
        task = self._listing
        if task is not None and not self._shown and task.done.wait(seconds):
            QApplication.sendPostedEvents()    # its result, queued for this thread: shown now

    def reload(self, select: Path | None = None) -> None:
        """Compare the list with the files on a worker and apply what changed; then select ``select``
        (or keep the current item). ``loaded`` fires when the list is up to date."""
        if select is not None:
            self._select_after = select
        self._announce = True
        self._check_disk()

    def _check_disk(self, *, yielding: bool = False) -> None:
        """Compare the list with the files on a worker; ``yielding``: the start-up check, which
        ``postpone_check`` may stop and put off."""
        self._check_soon.stop()
        if self._store is None:
            return
        if self._listing is not None:
            self._again = True
            return
        task = self._listing = self.runner.start(refresh_job(self._store, self._generation), self._listed,
                                                 self._listing_failed)
        self._yielding = task if yielding else None
        task.signals.cancelled.connect(lambda: self._check_put_off(task))

    def postpone_check(self) -> None:
        """Someone is typing or opening an item: the start-up check against the files waits for a pause,
        and stops if it is running (to start over then); both at most until the check is due."""
        if self._check_due is None or time.monotonic() + CHECK_RECORD_AFTER_MS / 1000 >= self._check_due:
            return
        if self._check_soon.isActive():
            self._check_soon.start()
        elif self._listing is not None and self._listing is self._yielding and not self._again:
            self._listing.cancel()            # _check_put_off follows

    def _check_put_off(self, task: Task) -> None:
        if task is self._listing:
            self._listing = self._yielding = None
            self._check_soon.start()

    def reading(self) -> bool:
        """Whether the list is being read or compared with the files (now, or in a moment)."""
        return self._listing is not None or self._check_soon.isActive()

    def watch_item(self, source: Path | None) -> None:
        """Watch the open item's file too, so edits made elsewhere reach the list and the index."""
        self.disk_watch.watch_item(source)

    def _listed(self, listing: Listing) -> None:
        if listing.generation != self._generation:
            return
        self._listing = None
        changes = listing.changes
        if listing.prepared is not None:
            self.model.set_items(listing.prepared)
            # A large list would make every full collection a long freeze; once it is on screen, it is
            # exempted (one collection, ~6 ms at 20,000 items: not before the list shows).
            next_turn(self, keep_long_lived)
        elif changes is not None:
            self.model.apply_changes(changes.changed, changes.removed, listing.reviewed)
        final = changes is not None and not self._again
        keep = self._select_after or self._selected
        current = self.current_item()
        if keep is not None and (current is None or keep not in (current.path, current.source)) \
                and (self.select_path(keep) or final):
            self._select_after = None     # else it may be among the items the next refresh reads
        self._update_state()
        self._on_selection_changed()
        if changes is not None and changes.any:
            self.items_changed.emit(changes)
        if not final:
            recorded_list_shown = changes is None and not self._again and self.model.rowCount() > 0
            self._again = False
            # The record is shown (or more changed meanwhile): compare with the files.
            if recorded_list_shown:
                self._check_due = time.monotonic() + CHECK_RECORD_WITHIN_MS / 1000
                self._check_soon.start()
            else:
                self._check_disk()
        elif self._announce:
            self._announce = False
            self.loaded.emit()
        self._shown = True
        if listing.prepared is not None:
            # On screen before those listening start more work: the window's features are imported on a
            # worker once the list is in, and beside them its paint waited ~100 ms at 20,000 items.
            self.stack.repaint()
        self.listed.emit()

    def _listing_failed(self, message: str) -> None:
        self._listing = None
        self.no_match_state.title.setText("The library could not be read")
        self.no_match_state.hint.setText(f"{message} Check that the workspace folder is reachable; the list "
                                         "is read again when its files change.")
        self.stack.setCurrentIndex(_NO_MATCH)
        self._shown = True
        self.listed.emit()

    def has_listed(self) -> bool:
        """Whether the list of the workspace (the recorded one at least) is on screen."""
        return self._shown

    def current_item(self) -> Item | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.item_at(self.proxy.mapToSource(rows[0]).row())

    def select_path(self, path: Path) -> bool:
        """Select the item at ``path`` (its folder, file or source); False if it is not shown.

        While the list is still being read, the item is selected as soon as it is in.
        """
        index = self._shown_index(path)
        if not index.isValid():
            if self.reading():
                self._select_after = Path(path)
            return False
        self._select_index(index)
        return True

    def refresh_item(self, source: Path) -> None:
        """Re-read one item (after a save); keeps the selection where it is."""
        if self.workspace is None:
            return
        if not Path(source).exists() or self.model.row_of(source) < 0:
            self.reload()
            return
        item = self.workspace.read_item(Path(source))      # one file, just saved: still in the OS cache
        self.model.update_item(item)
        self._make_thumbnails([item])
        self._update_state()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def clear_filters(self) -> None:
        self.filter_edit.clear()
        self.status_combo.setCurrentIndex(0)
        self.kind_combo.setCurrentIndex(0)

    def header_state(self) -> QByteArray:
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray) -> bool:
        return bool(self.table.horizontalHeader().restoreState(state))

    def context_menu(self, item: Item) -> QMenu:
        """The row menu for ``item``; its actions emit this panel's request signals."""
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.item_activated.emit(item))
        menu.addSeparator()
        menu.addAction("Duplicate", lambda: self.duplicate_requested.emit(item))
        menu.addAction("Rename…", lambda: self.rename_requested.emit(item))
        if item.kind == "lesson" and not item.translation_of:
            menu.addAction("Translate…", lambda: self.translate_requested.emit(item))
        menu.addSeparator()
        menu.addAction("Move to trash", lambda: self.trash_requested.emit(item))
        return menu

    def _widths(self) -> dict[Column, int]:
        """Column widths other than the title's; the status column fits its longest badge."""
        metrics = QFontMetrics(badge_font(self.table.font()))
        badge = max(badge_width(metrics, status) for status in STATUS_LABELS) + 8
        # Long statuses ("Changes requested") are elided in their badge, the tooltip says them whole.
        return {**_COLUMN_WIDTHS, Column.STATUS: min(badge, _STATUS_MAX_WIDTH)}

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        stacked = event.size().width() < _FILTERS_IN_ONE_ROW
        self._filters.setDirection(QBoxLayout.Direction.TopToBottom if stacked
                                   else QBoxLayout.Direction.LeftToRight)
        widths = self._widths()
        title_room = event.size().width() - 24 - sum(widths.values())   # 24: margins, frame, scroll bar
        for column in _DROP_ORDER:
            hide = title_room < _MIN_TITLE_WIDTH
            self.table.setColumnHidden(column, hide)
            if hide:
                title_room += widths[column]
        narrow = title_room < _DOT_BELOW_TITLE_WIDTH
        self.table.horizontalHeader().resizeSection(
            Column.STATUS, _STATUS_DOT_WIDTH if narrow else widths[Column.STATUS])
        picture = _SMALL_THUMBNAIL if narrow else THUMBNAIL_SIZE
        if self.table.iconSize() != picture:
            self.table.setIconSize(picture)
            self.table.verticalHeader().setDefaultSectionSize(max(picture.height() + 12, 36))

    # -- reactions ------------------------------------------------------------------------
    def _on_filter_text(self, text: str) -> None:
        self._refilter(lambda: self.proxy.set_text(text))

    def _on_status_filter(self) -> None:
        self._refilter(lambda: self.proxy.set_status(self.status_combo.currentData()))

    def _on_kind_filter(self) -> None:
        self._refilter(lambda: self.proxy.set_kind(self.kind_combo.currentData()))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Filtering only shows and hides rows: it never opens another item or leaves the open one.

        The chosen item stays chosen while hidden and is selected again when it shows.
        """
        self._filtering = True
        try:
            change()
            self.table.clearSelection()
            if self._selected is not None:
                self.select_path(self._selected)
        finally:
            self._filtering = False
        self._update_state()

    def _on_selection_changed(self) -> None:
        if self._filtering:
            return
        item = self.current_item()
        if item is None and self._selected is not None and self._hidden(self._selected):
            return          # the list changed while the filter hides the chosen item: still chosen
        path = item.source if item else None
        if path != self._selected:
            self._selected = path
            self.item_selected.emit(item)

    def _hidden(self, path: Path) -> bool:
        """Whether the item at ``path`` is in the list but the filters do not show it."""
        return self.model.row_of(path) >= 0 and not self._shown_index(path).isValid()

    def _shown_index(self, path: Path) -> QModelIndex:
        """The table's index of the item at ``path``; invalid when it is not listed or filtered out."""
        row = self.model.row_of(path)
        return self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()

    def _on_activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(self.proxy.mapToSource(index).row())
        if item is not None:
            self.item_activated.emit(item)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        item = self.model.item_at(self.proxy.mapToSource(index).row()) if index.isValid() else None
        if item is None:
            return
        self.select_path(item.source)
        self.context_menu(item).exec(self.table.viewport().mapToGlobal(position))

    def _focus_table(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        if self.current_item() is None:
            self._select_index(self.proxy.index(0, 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _select_index(self, index: QModelIndex) -> None:
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _update_state(self) -> None:
        has_items = self.model.rowCount() > 0
        for widget in (self.filter_edit, self.status_combo, self.kind_combo):
            widget.setEnabled(has_items or self.proxy.is_filtering())
        if not has_items:
            self._show_empty_workspace()
        elif self.proxy.rowCount() == 0:
            text = self.proxy.text.strip()
            self.no_match_state.title.setText(f"Nothing matches '{text}'" if text
                                              else "Nothing matches these filters")
            self.no_match_state.hint.setText("Try fewer or other words, or show every status and type.")
            self.stack.setCurrentIndex(_NO_MATCH)
        else:
            self.stack.setCurrentIndex(_TABLE)

    def _show_empty_workspace(self) -> None:
        page = self.empty_state
        if self.workspace is None:
            page.title.setText("No workspace is open")
            page.hint.setText("Open or create a workspace to see its lessons and links here.")
        elif self._listing is not None:
            page.title.setText("Reading the library…")
            page.hint.setText("Its lessons and links appear here in a moment.")
        else:
            page.title.setText("This workspace has no lessons or links yet")
            page.hint.setText("Write a short lesson, or add a link to something good that already "
                              "exists.")
        offer = self.workspace is not None and self._listing is None
        self.new_lesson_button.setVisible(offer)
        self.add_link_button.setVisible(offer)
        self.stack.setCurrentIndex(_EMPTY)

    # -- thumbnails -------------------------------------------------------------------------
    def _make_thumbnails(self, items: list[Item]) -> None:
        lessons = [item for item in items if item.kind == "lesson" and not item.problem]
        if self.workspace is None or not lessons:
            return
        for start in range(0, len(lessons), _THUMBNAIL_BATCH):
            batch = ThumbnailBatch(self._generation, self.devicePixelRatioF())
            job = thumbnail_job(lessons[start:start + _THUMBNAIL_BATCH], self.workspace.cache_dir, batch)
            # A bound method: Qt drops the connection if the panel is gone before the worker is done.
            task = self.runner.start(job, on_done=self._apply_thumbnails)
            self._thumbnail_tasks.add(task)
            for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
                signal.connect(lambda *_args, t=task: self._thumbnail_tasks.discard(t))

    def _apply_thumbnails(self, batch: ThumbnailBatch) -> None:
        if batch.generation != self._generation:
            return
        for source, image in batch.images:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(batch.ratio)
            self.model.set_thumbnail(source, pixmap)
