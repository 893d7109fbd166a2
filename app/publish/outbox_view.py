"""The publishing queue: every outbox job of the workspace, what state it is in, and what to do.

Rows show the item, the target, the action and the state (queued, running, waiting to retry until
HH:MM, failed with the reason and what to fix, done). The list is read in a worker every couple of
seconds while the dialog is open, so jobs run by the publish dialog or another Tessera move live.
"Run queue" runs every queued job (waiting for retries as the outbox schedules them), "Retry now"
runs one at once (a failed one is queued afresh), "Remove" takes one out; Stop leaves jobs queued.
"""

from __future__ import annotations

import datetime as dt
import html

from app.kit.format import human_time
from app.kit.qt import (
    QAbstractItemView,
    QColor,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QShowEvent,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.kit.widgets import is_dark
from app.publish.advice import QUEUE
from app.publish.checks import counted
from app.publish.queue import QueueRow, queue_rows
from app.publish.steps import StepQueue
from editor.workspace import Workspace
from publishing.outbox import DONE, FAILED, QUEUED, JobResult, Outbox, PublishError

COLUMNS = ("Item", "Target", "Action", "State", "Queued")
STATE_COLUMN = COLUMNS.index("State")
EMPTY = "The publishing queue is empty. Jobs appear here when you publish an item to a target."
REFRESH_MS = 2000
_ROW_ROLE = Qt.ItemDataRole.UserRole
_FAILED_COLOURS = {"light": "#b3261e", "dark": "#ffb4ab"}


class OutboxDialog(QDialog):
    loaded = Signal()            # the table shows the queue as it is now
    ran = Signal()               # a run or retry started here has finished

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QUEUE.split(" ▸ ")[-1])
        self.outbox = Outbox(workspace)
        self.rows: list[QueueRow] = []
        self._reading = False
        self.steps = StepQueue(self)
        self.steps.progress.connect(lambda _key, fraction, text: self._show_progress(fraction, text))
        self.steps.done.connect(lambda _key, results: self._ran(results))
        self.steps.failed.connect(lambda _key, message: self._say(message, error=True))
        self.steps.cancelled.connect(lambda _key: self._say("Stopped. Unfinished jobs stay queued."))
        self.steps.finished.connect(self._finished)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(EMPTY)
        set_role(self.empty, Role.EMPTY_STATE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()
        self.run_button = QPushButton("Run queue")
        self.run_button.setToolTip("Send every queued job now; jobs waiting to retry are sent when due")
        self.run_button.clicked.connect(self.run_queue)
        self.retry_button = QPushButton("Retry now")
        self.retry_button.clicked.connect(self.retry_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop sending; unfinished jobs stay in the queue")
        self.stop_button.clicked.connect(self.steps.cancel)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.retry_button, self.remove_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(860, 420)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    # -- reading -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the queue again (in a worker); a read already under way is not doubled."""
        if self._reading:
            return
        self._reading = True
        outbox = self.outbox
        self.steps.runner.start(lambda _p, _c: queue_rows(outbox), self._show_rows, self._read_failed)

    def _read_failed(self, message: str) -> None:
        self._reading = False
        self._say(f"The queue cannot be read: {message}", error=True)

    def _show_rows(self, rows: list[QueueRow]) -> None:
        self._reading = False
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(0)
        failed = QColor(_FAILED_COLOURS["dark" if is_dark(self.palette()) else "light"])
        for row in rows:
            number = self.table.rowCount()
            self.table.insertRow(number)
            created = _timestamp(row.job.created)
            values = (row.title, row.job.target, row.job.action.capitalize(), row.state_text(),
                      human_time(created) if created else "—")
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setData(_ROW_ROLE, row)
                cell.setToolTip(row.job.message or text)
                if column == STATE_COLUMN and row.job.state == FAILED:
                    cell.setForeground(failed)
                self.table.setItem(number, column, cell)
            if selected is not None and row.job.id == selected.job.id:
                self.table.selectRow(number)
        self.stack.setCurrentIndex(0 if rows else 1)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> QueueRow | None:
        cells = self.table.selectedItems()
        row = cells[0].data(_ROW_ROLE) if cells else None
        return row if isinstance(row, QueueRow) else None

    # -- actions ---------------------------------------------------------------------------------------
    def run_queue(self) -> None:
        if self.steps.running:
            return
        outbox = self.outbox
        self._say("Sending the queued jobs…")
        self.steps.add("run", lambda progress, cancel: outbox.run(progress, cancel))
        self._update_buttons()

    def retry_selected(self) -> None:
        row = self.selected()
        if row is None or self.steps.running:
            return
        outbox, job_id = self.outbox, row.job.id
        self._say(f"Sending “{row.title}” to {row.job.target} now…")
        self.steps.add("retry", lambda progress, cancel: outbox.retry_now(job_id, progress, cancel))
        self._update_buttons()

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            self.outbox.remove(row.job.id)
        except (PublishError, OSError) as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"Removed “{row.title}” → {row.job.target} from the queue."
                  + (" Publish it again to send it." if row.job.state == QUEUED else ""))
        self.refresh()

    # -- reports -----------------------------------------------------------------------------------------
    def _show_progress(self, fraction: float, text: str) -> None:
        self.bar.show()
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        self._say(text)
        self.refresh()

    def _ran(self, results: object) -> None:
        if not isinstance(results, list):
            return
        states = [result.state for result in results if isinstance(result, JobResult)]
        if not states:
            self._say("Nothing was due: jobs waiting to retry are sent when their time comes.")
            return
        parts = [counted(states.count(DONE), "job") + " done"]
        if states.count(FAILED):
            parts.append(f"{states.count(FAILED)} failed (see their state)")
        if states.count(QUEUED):
            parts.append(f"{states.count(QUEUED)} still queued")
        self._say(", ".join(parts) + ".", error=bool(states.count(FAILED)))

    def _finished(self) -> None:
        self.bar.hide()
        self.refresh()
        self._update_buttons()
        self.ran.emit()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        set_role(self.status, Role.ERROR if error else None)

    def _update_buttons(self) -> None:
        running, row = self.steps.running, self.selected()
        self.detail.setText(f"<b>{_escaped(row.title)} → {_escaped(row.job.target)}:</b> "
                            f"{_escaped(row.state_text())}" if row is not None else "")
        self.detail.setVisible(row is not None)
        self.stop_button.setVisible(running)
        queued = any(r.job.state == QUEUED and not r.running for r in self.rows)
        self.run_button.setEnabled(not running and queued)
        self.retry_button.setEnabled(not running and row is not None and not row.running
                                     and row.job.state in (QUEUED, FAILED))
        self.remove_button.setEnabled(row is not None and not row.running)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()          # live only while someone looks
        self.refresh()

    def reject(self) -> None:
        self.timer.stop()
        if self.steps.running:
            self.steps.cancel()
        super().reject()


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _timestamp(iso: str) -> float:
    try:
        return dt.datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0
