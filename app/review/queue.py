"""My reviews: items waiting for the current person's decision, soonest due first, overdue ones marked.

A non-modal dialog; double-click (or Enter, or Open) asks to open the item. The list is read in a
worker, because deciding whether an item is still waiting hashes its content.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from app.kit.format import human_time
from app.kit.qt import (
    QAbstractItemView,
    QColor,
    QDialog,
    QDialogButtonBox,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPalette,
    QPushButton,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.tasks import TaskRunner
from app.kit.theme import Role, set_role
from app.kit.widgets import is_dark
from app.review.threads import person
from editor.review import Members, QueueEntry, load_members, my_reviews
from editor.review.rights import membership_problem
from editor.workspace import Workspace

COLUMNS = ("Title", "Submitted by", "Submitted", "Due", "Approvals")
EMPTY_TITLE = "Nothing waits for your review"
EMPTY_HINT = ("Items appear here when an author picks you as a reviewer. They leave the list once you "
              "approve them or the review round ends.")
_ENTRY_ROLE = Qt.ItemDataRole.UserRole
_OVERDUE = {"light": ("#fdecec", "#b3261e"), "dark": ("#3a1f22", "#ffb4ab")}   # (row tint, due text)


@dataclass
class Queue:
    entries: list[QueueEntry]
    members: Members
    problem: str          # why the person has no queue at all ("" normally)


def load_queue(workspace: Workspace, email: str) -> Queue:
    members = load_members(workspace)
    problem = membership_problem(members, email)
    return Queue([] if problem else my_reviews(workspace, email), members, problem)


def due_text(entry: QueueEntry, today: dt.date | None = None) -> str:
    due = entry.state.due
    if due is None:
        return "No due date"
    today = today or dt.date.today()
    days = (due - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"{due:%a %d %b}"
    if days < 0:
        return f"{due:%a %d %b} · overdue by {-days} day{'s' if days < -1 else ''}"
    return when[:1].upper() + when[1:]


class ReviewQueueDialog(QDialog):
    open_item = Signal(object)        # Item the person wants to review
    open_preferences = Signal()
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("My reviews")
        self.runner = TaskRunner(self)
        self.workspace: Workspace | None = None
        self.email = ""
        self.queue: Queue | None = None
        self.heading = QLabel("Waiting for your review")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open_row(row))
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.empty_title = QLabel(EMPTY_TITLE)
        self.empty_title.setFont(font)
        self.empty_hint = QLabel(EMPTY_HINT)
        self.empty_hint.setWordWrap(True)
        set_role(self.empty_hint, Role.HINT)
        self.preferences_button = QPushButton("Choose who you are…")
        self.preferences_button.clicked.connect(self.open_preferences)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        for widget in (self.empty_title, self.empty_hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty_layout.addWidget(widget)
        empty_layout.addWidget(self.preferences_button, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty)

        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.resize(820, 420)
        self._update_buttons()

    def set_workspace(self, workspace: Workspace | None, email: str) -> None:
        self.workspace, self.email = workspace, email.strip().lower()
        self.refresh()

    def refresh(self) -> None:
        if self.workspace is None:
            self._show(None, "Open a workspace first.")
            return
        workspace, email = self.workspace, self.email
        self.refresh_button.setEnabled(False)
        self.subtitle.setText("Looking for items…")
        self.runner.start(lambda _p, _c: load_queue(workspace, email), lambda queue: self._show(queue, ""),
                          lambda text: self._show(None, f"The review queue cannot be read: {text}"))

    def entry_at(self, row: int) -> QueueEntry | None:
        cell = self.table.item(row, 0)
        entry = cell.data(_ENTRY_ROLE) if cell is not None else None
        return entry if isinstance(entry, QueueEntry) else None

    def _show(self, queue: Queue | None, problem: str) -> None:
        self.queue = queue
        self.refresh_button.setEnabled(True)
        entries = queue.entries if queue else []
        problem = problem or (queue.problem if queue else "")
        self.table.setRowCount(0)
        tint, warning = _OVERDUE["dark" if is_dark(self.palette()) else "light"]
        for entry in entries:
            self._add_row(queue.members if queue else Members(), entry, QColor(tint), QColor(warning))
        overdue = sum(entry.overdue() for entry in entries)
        self.subtitle.setText(f"{len(entries)} item{'s' if len(entries) != 1 else ''}"
                              + (f" · {overdue} overdue" if overdue else "") + " · soonest due first"
                              if entries else "")
        self.empty_title.setText("Reviews are not set up for you" if problem else EMPTY_TITLE)
        self.empty_hint.setText(html.escape(problem) if problem else EMPTY_HINT)
        self.preferences_button.setVisible(bool(problem))
        self.stack.setCurrentIndex(0 if entries else 1)
        self._update_buttons()
        self.loaded.emit()

    def _add_row(self, members: Members, entry: QueueEntry, tint: QColor, warning: QColor) -> None:
        state = entry.state
        row = self.table.rowCount()
        self.table.insertRow(row)
        submitted = human_time(state.submitted_at.timestamp()) if state.submitted_at else "—"
        counted = len(state.counting_approvals)
        values = (entry.item.title, person(members, state.submitted_by), submitted, due_text(entry),
                  f"{counted} of {state.approvals_needed}")
        for column, text in enumerate(values):
            cell = QTableWidgetItem(text)
            if column == 0:
                cell.setData(_ENTRY_ROLE, entry)
                cell.setToolTip(entry.item.summary or entry.item.title)
            if entry.overdue():
                cell.setBackground(tint)
                if column == COLUMNS.index("Due"):
                    cell.setForeground(warning)
                    bold = cell.font()
                    bold.setBold(True)
                    cell.setFont(bold)
            self.table.setItem(row, column, cell)

    def _open_row(self, row: int) -> None:
        entry = self.entry_at(row)
        if entry is not None:
            self.open_item.emit(entry.item)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.entry_at(self.table.currentRow()) is not None)
