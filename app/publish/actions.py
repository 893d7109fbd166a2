"""The main window's publishing features: Export, Publish, the publishing queue, Targets, analytics.

The dialogs (and the package builders, connectors and lxml behind them) load on first use, not at
start-up. Each dialog opens without blocking the window; "Go to line" from preflight opens the
lesson in the editor at the problem; a change in Targets reaches an open publish or analytics view.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.kit.actions import ActionId
from app.kit.context import Change
from app.kit.qt import QDialog, QObject, Qt, QTimer, QWidget
from editor.progress import CancelToken
from editor.workspace import Item, Workspace

if TYPE_CHECKING:
    from app.kit.context import WindowContext
    from app.publish.analytics_view import AnalyticsDialog
    from app.publish.dialog import PublishDialog
    from app.publish.outbox_view import OutboxDialog
    from app.publish.targets_dialog import TargetsDialog
    from publishing.outbox import JobResult

DialogT = TypeVar("DialogT", bound=QDialog)
# Sending jobs left in the queue waits until the window has painted.
RESUME_DELAY_MS = 400


class PublishActions(QObject):
    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        self.export_folder: Path | None = None       # the folder of the last export, offered again
        self.queue: OutboxDialog | None = None
        self.targets: TargetsDialog | None = None
        self.publishing: PublishDialog | None = None
        self.analytics: AnalyticsDialog | None = None
        bind = window.registry.bind
        bind(ActionId.EXPORT, self.export)
        bind(ActionId.TEST_BENCH, self.test_bench)
        bind(ActionId.PUBLISH, self.publish)
        bind(ActionId.PUBLISHING_QUEUE, self.show_queue)
        bind(ActionId.TARGETS, self.edit_targets)
        bind(ActionId.ANALYTICS, self.show_analytics)
        window.changes.on(Change.WORKSPACE_OPENED, lambda _n: self._workspace_opened(), self)

    def _workspace_opened(self) -> None:
        self.close_workspace()
        QTimer.singleShot(RESUME_DELAY_MS, self, self.resume_pending)

    def _ready(self, item: Item | None, doing: str) -> tuple[Workspace, Item] | None:
        """The workspace and selected item, or None after saying what is missing."""
        window = self.window
        if window.workspace is None or item is None:
            window.show_status(f"Select a lesson or link in the library to {doing}.")
            return None
        open_now = window.open_item_now()
        if open_now is not None and open_now.source == item.source:
            window.save_open_item()         # what is checked and shipped is what the editor shows
        return window.workspace, window.workspace.read_item(item.source)

    def _keep(self, name: str, dialog: DialogT) -> DialogT:
        """Remember ``dialog`` as ``self.<name>`` until it closes (it is deleted then)."""
        def forget(_result: int) -> None:
            if getattr(self, name) is dialog:
                setattr(self, name, None)
        dialog.finished.connect(forget)
        return dialog

    def _show(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()

    def export(self) -> None:
        from app.publish.export_dialog import ExportDialog

        window = self.window
        if window.workspace is None:
            return
        item = window.selected_item()       # none: the dialog starts empty, lessons can be added
        ready = self._ready(item, "export") if item is not None else None
        dialog = ExportDialog(window.workspace, [ready[1]] if ready else [],
                              window.prefs.default_export_formats, self.export_folder,
                              window.dialog_parent())
        dialog.show_problem.connect(self.show_problem)
        dialog.built.connect(lambda: setattr(self, "export_folder", dialog.folder))
        self._show(dialog)

    def test_bench(self) -> None:
        from app.publish.testbench_dialog import TestBenchDialog

        ready = self._ready(self.window.selected_item(), "test it in a simulated LMS")
        if ready is None:
            return
        item = ready[1]
        if item.kind != "lesson":
            self.window.show_status("Only lessons are tracked by an LMS: select a lesson.")
            return
        self._show(TestBenchDialog([item.folder], item.title, self.window.dialog_parent()))

    def publish(self) -> None:
        from app.publish.dialog import PublishDialog

        ready = self._ready(self.window.selected_item(), "publish")
        if ready is None:
            return
        dialog = PublishDialog(*ready, self.window.prefs.author_email, self.window.dialog_parent())
        dialog.show_problem.connect(self.show_problem)
        dialog.open_targets.connect(self.edit_targets)
        dialog.open_queue.connect(self.show_queue)
        dialog.open_preferences.connect(self.window.registry.action(ActionId.PEOPLE).trigger)
        dialog.published.connect(lambda *_: self.window.changes.notify(Change.PUBLISHED))
        self.publishing = self._keep("publishing", dialog)
        self._show(dialog)

    def show_queue(self) -> None:
        from app.publish.outbox_view import OutboxDialog

        if self.window.workspace is None:
            return
        if self.queue is None:
            self.queue = self._keep("queue", OutboxDialog(self.window.workspace,
                                                            self.window.dialog_parent()))
        self._show(self.queue)

    def edit_targets(self) -> None:
        from app.publish.targets_dialog import TargetsDialog

        if self.window.workspace is None:
            return
        if self.targets is None:
            self.targets = self._keep("targets", TargetsDialog(self.window.workspace,
                                                                self.window.dialog_parent()))
            self.targets.targets_changed.connect(self._targets_changed)
        self._show(self.targets)

    def show_analytics(self) -> None:
        from app.publish.analytics_view import AnalyticsDialog

        ready = self._ready(self.window.selected_item(), "see how learners do")
        if ready is None:
            return
        dialog = AnalyticsDialog(*ready, self.window.dialog_parent())
        dialog.open_targets.connect(self.edit_targets)
        self.analytics = self._keep("analytics", dialog)
        self._show(dialog)

    def show_problem(self, source: Path, line: int) -> None:
        """Open the lesson at ``source`` in the editor with the cursor on ``line``."""
        self.window.open_source(source, line)

    def close_workspace(self) -> None:
        """The views belong to one workspace: close them when another opens."""
        for dialog in (self.queue, self.targets, self.publishing, self.analytics):
            if dialog is not None:
                dialog.close()

    def resume_pending(self) -> None:
        """Send the jobs left queued (by a Cancel, a crash or a closed window) that are due now."""
        workspace = self.window.workspace
        if workspace is None:
            return

        def job(_progress: object, cancel: CancelToken) -> list[JobResult]:
            from publishing.outbox_folder import has_queued_jobs

            if not has_queued_jobs(workspace):   # the usual case: nothing to send, nothing more to load
                return []
            from publishing.outbox import Outbox

            return Outbox(workspace).run(cancel=cancel, wait=False)

        self.window.runner.start(job, self._resumed)

    def _resumed(self, results: list[JobResult]) -> None:
        if results:
            done = sum(result.state == "done" for result in results)
            self.window.show_status(
                f"Publishing queue: {done} of {len(results)} waiting job(s) sent. See Publish ▸ Publishing "
                "queue.", 10000)
            self.window.changes.notify(Change.PUBLISHED)

    def _targets_changed(self) -> None:
        if self.publishing is not None:
            self.publishing.refresh()
        if self.analytics is not None:
            self.analytics.reload_targets()
