"""Publish one item to the workspace's targets: the approval gate, preflight, then the outbox.

First page: whether the item may be published (``can_publish``'s reasons and its status), the
targets from targets.yaml to choose from, and preflight for the packages those targets receive.
Publish queues one outbox job per target (the outbox builds each package once from the approved
content) and runs them one after the other off the UI thread, each with its own progress bar; a
target that is waiting to retry says until when. Results link to where the item now is. Cancel
stops the running job, which, like every job not sent yet, stays in the publishing queue.
"""

from __future__ import annotations

import html
from pathlib import Path

from app.kit.qt import (
    QDialog,
    QFont,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    Qt,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.publish.advice import QUEUE, explained, explained_failure, in_app_words
from app.publish.checks import counted
from app.publish.findings import FindingsView
from app.publish.plan import PublishPlan, load_plan
from app.publish.queue import QueueRow
from app.publish.steps import StepQueue
from editor.progress import CancelToken, ProgressCallback
from editor.workspace import Item, Workspace
from publishing.outbox import DONE, FAILED, Job, JobResult, Outbox

LOAD, PREPARE = "\0load", "\0prepare"      # step keys; job ids never start with a NUL
CHOOSE, SEND = 0, 1
_NAME_ROLE = Qt.ItemDataRole.UserRole
_NOT_SENT = f"Not sent yet: it stays in the {QUEUE} and continues when you run the queue."


class PublishDialog(QDialog):
    show_problem = Signal(object, int)     # lesson.md path, line: open it in the editor there
    open_targets = Signal()
    open_queue = Signal()
    open_preferences = Signal()
    loaded = Signal()                      # gate, targets and preflight are on screen
    published = Signal()                   # every job is done, failed or stays queued

    def __init__(self, workspace: Workspace, item: Item, by: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publish")
        self.workspace, self.item, self.by = workspace, item, by.strip()
        self.outbox = Outbox(workspace)
        self.plan: PublishPlan | None = None
        self.job_targets: dict[str, str] = {}        # job id -> target name
        self.results: dict[str, JobResult] = {}      # target name -> its outcome
        self.steps = StepQueue(self)
        self.steps.progress.connect(self._progress)
        self.steps.done.connect(self._step_done)
        self.steps.failed.connect(self._step_failed)
        self.steps.cancelled.connect(self._step_cancelled)
        self.steps.finished.connect(self._steps_finished)
        self.poll = QTimer(self)
        self.poll.setInterval(1000)
        self.poll.timeout.connect(self._show_waiting_jobs)

        heading = QLabel(f"Publish “{item.title}”")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._send_page())
        self.queue_button = QPushButton("Publishing queue…")
        self.queue_button.clicked.connect(self.open_queue)
        self.publish_button = QPushButton("Publish")
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(self.publish)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop now; unfinished jobs stay in the publishing queue for later")
        self.cancel_button.clicked.connect(self.steps.cancel)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.queue_button)
        buttons.addStretch(1)
        for button in (self.publish_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.resize(680, 600)
        self.refresh()

    # -- pages -------------------------------------------------------------------------------------
    def _choose_page(self) -> QWidget:
        self.gate_label = QLabel("Checking the approval…")
        self.reasons_label = QLabel()
        for label in (self.gate_label, self.reasons_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)      # text from files is escaped where it is set
        self.preferences_button = QPushButton("People…")
        self.preferences_button.clicked.connect(self.open_preferences)
        self.targets_list = QListWidget()
        self.targets_list.setWordWrap(True)
        self.targets_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.targets_list.setSpacing(1)
        self.targets_list.itemChanged.connect(lambda _entry: self._update())
        self.targets_hint = QLabel()
        self.targets_hint.setWordWrap(True)
        set_role(self.targets_hint, Role.HINT)
        self.targets_button = QPushButton("Targets…")
        self.targets_button.clicked.connect(self.open_targets)
        self.findings = FindingsView()
        self.findings.show_problem.connect(self.show_problem)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_section("Approval"))
        gate_row = QHBoxLayout()
        gate_row.addWidget(self.gate_label, 1)
        gate_row.addWidget(self.preferences_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(gate_row)
        layout.addWidget(self.reasons_label)
        layout.addSpacing(6)
        layout.addWidget(_section("Targets"))
        layout.addWidget(self.targets_list, 1)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.targets_hint, 1)
        hint_row.addWidget(self.targets_button)
        layout.addLayout(hint_row)
        layout.addSpacing(6)
        layout.addWidget(_section("Checks"))
        layout.addWidget(self.findings, 2)
        return page

    def _send_page(self) -> QWidget:
        self.send_heading = QLabel()
        self.send_heading.setWordWrap(True)
        self.rows_grid = QGridLayout()
        self.rows_grid.setColumnStretch(1, 2)
        self.rows_grid.setColumnStretch(2, 3)
        self.rows: dict[str, tuple[QProgressBar, QLabel]] = {}
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.send_heading)
        layout.addLayout(self.rows_grid)
        layout.addStretch(1)
        return page

    # -- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read targets, the gate and preflight again (e.g. after the targets changed)."""
        if self.steps.running:
            return
        workspace, item, by = self.workspace, self.item, self.by
        self.steps.add(LOAD, lambda _p, _c: load_plan(workspace, item, by))
        self._update()

    def _show_plan(self, plan: PublishPlan) -> None:
        self.plan = plan
        allowed, headline, reasons = plan.gate()
        self.gate_label.setText(f"{'✓' if allowed else '✖'}  <b>{_escaped(headline)}</b>")
        set_role(self.gate_label, None if allowed else Role.ERROR)
        self.reasons_label.setText("<br>".join(f"• {_escaped(reason)}" for reason in reasons))
        self.reasons_label.setVisible(bool(reasons))
        self.preferences_button.setVisible(bool(plan.person_problem))
        self.targets_list.blockSignals(True)
        self.targets_list.clear()
        ticked = set(self.selected())          # a refresh (e.g. after Targets…) keeps the choice
        for choice in plan.choices:
            entry = QListWidgetItem(choice.label)
            entry.setData(_NAME_ROLE, choice.target.name)
            entry.setToolTip(choice.problem or choice.target.endpoint)
            if choice.problem:
                entry.setFlags(Qt.ItemFlag.NoItemFlags)
                entry.setText(f"{choice.label}: cannot be used. {choice.problem}")
            else:
                entry.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                entry.setCheckState(Qt.CheckState.Checked if choice.target.name in ticked
                                    else Qt.CheckState.Unchecked)
            self.targets_list.addItem(entry)
        self.targets_list.blockSignals(False)
        if plan.targets_problem:
            self.targets_hint.setText(in_app_words(plan.targets_problem))
        elif not plan.choices:
            self.targets_hint.setText("No publishing targets yet. Add a folder, SharePoint (WebDAV), LXP or "
                                      "Canvas target in Targets… to publish.")
        else:
            self.targets_hint.setText("Tick where to publish. Each target gets its own job in the publishing "
                                      "queue.")
        self._update()

    def selected(self) -> list[str]:
        """The ticked target names, in list order."""
        return [str(entry.data(_NAME_ROLE)) for row in range(self.targets_list.count())
                if (entry := self.targets_list.item(row)) is not None
                and entry.checkState() == Qt.CheckState.Checked]

    def check_target(self, name: str) -> None:
        for row in range(self.targets_list.count()):
            entry = self.targets_list.item(row)
            usable = entry is not None and bool(entry.flags() & Qt.ItemFlag.ItemIsEnabled)
            if entry is not None and usable and entry.data(_NAME_ROLE) == name:
                entry.setCheckState(Qt.CheckState.Checked)

    def _update(self) -> None:
        """Preflight for the chosen targets, and whether Publish can start."""
        plan, running = self.plan, self.steps.running
        sending = self.pages.currentIndex() == SEND
        self.publish_button.setVisible(not sending)
        self.cancel_button.setVisible(sending and running)
        self.close_button.setVisible(not (sending and running))
        if plan is None:
            self.publish_button.setEnabled(False)
            return
        names = self.selected()
        formats = [c.package_format for c in plan.choices if c.target.name in names and c.package_format]
        report = plan.report.only(formats) if plan.report is not None else None
        if plan.report_problem:
            self.findings.clear(in_app_words(plan.report_problem), error=True)
        elif report is not None and formats:
            self.findings.show_report(report, "before publishing", "the package will work")
        else:
            self.findings.clear("Choose a target to check the package it receives." if not names
                                else "No package is built for these targets: nothing to check.")
        blocked = bool(plan.report_problem) or (report is not None and bool(report.errors))
        self.publish_button.setEnabled(not running and plan.gate()[0] and bool(names) and not blocked)

    # -- publishing ----------------------------------------------------------------------------------
    def publish(self) -> None:
        """Queue one job per chosen target and run them in order."""
        names = self.selected()
        if self.plan is None or self.steps.running or not names:
            return
        self.results.clear()
        self.job_targets.clear()
        for index, label in enumerate(["Package", *names]):
            bar, status = QProgressBar(), QLabel("Waiting")
            bar.setRange(0, 1000)
            status.setWordWrap(True)
            status.setTextFormat(Qt.TextFormat.RichText)
            status.setOpenExternalLinks(True)
            status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self.rows_grid.addWidget(QLabel(label), index, 0)
            self.rows_grid.addWidget(bar, index, 1)
            self.rows_grid.addWidget(status, index, 2)
            self.rows[PREPARE if index == 0 else label] = (bar, status)
        self.send_heading.setText(f"Publishing to {', '.join(names)}…")
        outbox, item, by = self.outbox, self.item, self.by
        self.steps.add(PREPARE, lambda progress, cancel: outbox.enqueue(item, names, by, progress, cancel))
        self.pages.setCurrentIndex(SEND)
        self.poll.start()
        self._update()

    def _row(self, key: str) -> tuple[QProgressBar, QLabel] | None:
        return self.rows.get(self.job_targets.get(key, key))

    def _progress(self, key: str, fraction: float, text: str) -> None:
        row = self._row(key)
        if row is not None:
            row[0].setValue(round(max(0.0, min(1.0, fraction)) * 1000))
            row[1].setText(_escaped(text))

    def _step_done(self, key: str, result: object) -> None:
        if key == LOAD and isinstance(result, PublishPlan):
            self._show_plan(result)
        elif key == PREPARE and isinstance(result, list):
            bar, status = self.rows[PREPARE]
            bar.setValue(bar.maximum())
            status.setText("Built and queued" if any(job.content.get("package") for job in result) else
                           "Queued (these targets need no package)")
            for job in result:
                self._queue_job(job)
        elif isinstance(result, list):
            for job_result in result:
                self._show_result(job_result)

    def _queue_job(self, job: Job) -> None:
        self.job_targets[job.id] = job.target
        self.rows[job.target][1].setText("Queued")
        outbox = self.outbox

        def send(progress: ProgressCallback, cancel: CancelToken) -> list[JobResult]:
            return outbox.run(progress, cancel, only={job.id})
        self.steps.add(job.id, send)

    def _show_result(self, result: JobResult) -> None:
        self.results[result.target] = result
        bar, status = self.rows[result.target]
        if result.state == DONE:
            bar.setValue(bar.maximum())
            link = _link(result.url)
            status.setText(f"✓  {_escaped(result.message)}{link}")
        elif result.state == FAILED:
            status.setText(f"✖  {_escaped(explained(result.message, result.cause, gave_up=True))}")
        else:
            status.setText(f"{_NOT_SENT} {_escaped(in_app_words(result.message))}")

    def _step_failed(self, key: str, message: str) -> None:
        if key == LOAD:
            self.gate_label.setText(f"✖  {_escaped(explained_failure(message, self.steps.error))}")
        elif key == PREPARE:
            self.rows[PREPARE][1].setText(
                f"✖  Nothing was queued. {_escaped(explained_failure(message, self.steps.error))}")
        elif (row := self._row(key)) is not None:
            row[1].setText(f"✖  {_escaped(explained_failure(message, self.steps.error))}")

    def _step_cancelled(self, key: str) -> None:
        if key == PREPARE:
            self.rows[PREPARE][1].setText("Cancelled before anything was queued.")
        elif (row := self._row(key)) is not None:
            row[1].setText(_NOT_SENT)

    def _show_waiting_jobs(self) -> None:
        """Targets waiting to retry say until when (the outbox keeps that in the job file)."""
        for job in self.outbox.jobs():
            if job.id in self.job_targets and job.target not in self.results:
                row = QueueRow(job, False)
                if row.waiting:
                    self.rows[job.target][1].setText(f"{_escaped(in_app_words(job.message))} — "
                                                     f"{row.state_text().capitalize()}.")

    def _steps_finished(self) -> None:
        self.poll.stop()
        if self.pages.currentIndex() == SEND:
            states = [result.state for result in self.results.values()]
            done = states.count(DONE)
            waiting = len(self.job_targets) - done - states.count(FAILED)
            later = f" {counted(waiting, 'job')} {'stays' if waiting == 1 else 'stay'} in the {QUEUE} for " \
                "later." if waiting else ""
            targets = counted(len(self.rows) - 1, "target")
            self.send_heading.setText(f"Published to {done} of {targets}.{later}")
            self.published.emit()
        else:
            self.loaded.emit()
        self._update()

    def reject(self) -> None:
        if self.steps.running:
            self.steps.cancel()
        super().reject()


def _link(url: str) -> str:
    """Where the item now is: the folder for a file on a share (opening a zip helps nobody), else the URL."""
    if not url:
        return ""
    address, text = QUrl(url), "Open"
    if address.isLocalFile():
        address, text = QUrl.fromLocalFile(str(Path(address.toLocalFile()).parent)), "Show in folder"
    return f' <a href="{html.escape(address.toString(), quote=True)}">{text}</a>'


def _escaped(text: str) -> str:
    """Plain text for a rich-text label (quotes stay as they are)."""
    return html.escape(text, quote=False)


def _section(title: str) -> QLabel:
    label = QLabel(title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
