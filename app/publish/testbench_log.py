"""What the simulated LMS saw, shown as it happens: a log table of every SCORM call, stored commit,
xAPI statement and bench step, the full data of the selected row, and the verdict against the rules.

Records arrive as data (``publishing/testbench/records.py``); this only presents them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from app.kit.qt import (
    QAbstractItemView,
    QColor,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.kit.theme import Role, set_role
from publishing.testbench.records import ApiCall, Commit, Record, StatementRecord, Violation

COLUMNS = ("Launch", "Page", "Kind", "What happened", "What the LMS stores")
STORED_PREVIEW_CHARS = 160
VERDICT_LIST_HEIGHT = 110
REFUSED = QColor("#a15c00")          # the LMS said no: often right (a reloaded page), worth a look
BROKEN = QColor("#b3261e")           # what a rule forbids
WRITES = ("LMSSetValue", "SetValue")
COMMITS = ("LMSCommit", "Commit")


def record_kind(record: Record) -> str:
    if isinstance(record, ApiCall):
        return "API call"
    if isinstance(record, Commit):
        return "Stored"
    if isinstance(record, StatementRecord):
        return "Statement"
    return "Step"


def stored_summary(record: Record) -> str:
    """The values an LMS keeps because of ``record``, on one line."""
    if isinstance(record, ApiCall) and record.name in WRITES and record.error == "0" \
            and len(record.args) == 2:
        return f"{record.args[0]} = {record.args[1]}"
    if isinstance(record, Commit):
        return "; ".join(f"{key} = {value}" for key, value in sorted(record.values.items()))
    if isinstance(record, StatementRecord):
        result = record.statement.get("result")
        return json.dumps(result, sort_keys=True) if result else ""
    return ""


def record_details(record: Record) -> str:
    """Everything about ``record``, for the details pane."""
    if isinstance(record, Commit):
        return f"{record}\n\n" + "\n".join(f"{key} = {value}" for key, value in sorted(record.values.items()))
    if isinstance(record, StatementRecord):
        return f"{record}\n\n{json.dumps(record.statement, indent=2, sort_keys=True)}"
    return str(record)


class BenchLog(QWidget):
    """Log table over details over verdict; ``add`` a record, ``show_verdict`` the rules' judgement."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[Record] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 300)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a row to see everything the LMS received and stores.")
        # The verdict comes first: it is what the author wants to know; the log says why.
        self.verdict_title = QLabel()
        self.verdict_title.setWordWrap(True)
        font = self.verdict_title.font()
        font.setBold(True)
        self.verdict_title.setFont(font)
        self.verdict = QListWidget()
        self.verdict.setWordWrap(True)
        self.verdict.setMaximumHeight(VERDICT_LIST_HEIGHT)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([520, 180])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict_title)
        layout.addWidget(self.verdict)
        layout.addWidget(split, 1)
        self.show_verdict([], finished=False)

    def clear(self) -> None:
        self.records.clear()
        self.table.setRowCount(0)
        self.details.clear()
        self.show_verdict([], finished=False)

    def add(self, record: Record) -> None:
        self.records.append(record)
        row = self.table.rowCount()
        self.table.insertRow(row)
        stored = stored_summary(record)
        launch = str(record.launch)
        page = str(record.page) if isinstance(record, (ApiCall, Commit)) else ""
        cells = (launch, page, record_kind(record), str(record),
                 stored if len(stored) <= STORED_PREVIEW_CHARS else stored[:STORED_PREVIEW_CHARS] + "…")
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(stored if column == 4 and stored else text)
            colour = _colour(record)
            if colour is not None:
                cell.setForeground(colour)
            self.table.setItem(row, column, cell)
        at_end = self.table.verticalScrollBar().value() >= self.table.verticalScrollBar().maximum() - 2
        if at_end:
            self.table.scrollToBottom()     # follow the log unless the author scrolled up to read

    def show_verdict(self, violations: Sequence[Violation], *, finished: bool) -> None:
        """The rules' judgement of the records so far (``finished``: the run is over)."""
        self.verdict.clear()
        for violation in violations:
            self.verdict.addItem(f"✗ {violation.rule.value}: {violation.message}")
        if violations:
            set_role(self.verdict_title, Role.ERROR)
            self.verdict_title.setText(f"{len(violations)} rule{'s' if len(violations) > 1 else ''} broken — "
                                       "an LMS would lose or refuse what is listed below.")
        elif not self.records:
            set_role(self.verdict_title, Role.HINT)
            self.verdict_title.setText("Verdict: nothing recorded yet.")
        else:
            set_role(self.verdict_title, Role.HINT)
            self.verdict_title.setText("✓ No rule broken." if finished else
                                       "✓ No rule broken so far. Reload, relaunch or finish the lesson to "
                                       "test more.")
        self.verdict.setVisible(bool(violations))

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.details.setPlainText(record_details(self.records[rows[0].row()]) if rows else "")


def _colour(record: Record) -> QColor | None:
    """Red for a commit made while the page was dismissed (rule ``no-commit-on-dismissal``), amber for a
    call the LMS refused; None for the rest."""
    if not isinstance(record, ApiCall):
        return None
    if record.dismissing and record.name in COMMITS:
        return BROKEN
    return REFUSED if record.error not in ("0", "") else None
