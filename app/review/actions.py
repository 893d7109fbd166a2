"""The main window's review features: the Review tab, "My reviews" and review-derived statuses.

Review code (hashing, event logs) loads on first use, not at start-up.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.qt import QObject
from editor.progress import CancelToken
from editor.workspace import Item

if TYPE_CHECKING:
    from app.review.panel import ReviewPanel
    from app.review.queue import ReviewQueueDialog
    from app.shell.main_window import MainWindow


class ReviewActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel: ReviewPanel | None = None
        self.queue: ReviewQueueDialog | None = None
        window.editor.saved.connect(lambda _path: self.panel and self.panel.refresh())
        window.editor.closed.connect(lambda: self.panel and self.panel.set_item(None, None, ""))

    def ensure_panel(self) -> ReviewPanel:
        """The Review tab beside Write and Details, made when first needed."""
        if self.panel is None:
            from app.review.panel import ReviewPanel

            window = self.window
            panel = ReviewPanel(window.editor.source, save_first=window.editor.save)
            window.editor.tabs.addTab(panel, "Review")
            panel.show_line.connect(self._show_line)
            panel.open_preferences.connect(window.edit_preferences)
            panel.restored.connect(lambda _path: window.editor.resolve_take_theirs())
            panel.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
            panel.status_changed.connect(self._current_status_changed)
            self.panel = panel
        return self.panel

    def item_opened(self, item: Item) -> None:
        self.ensure_panel().set_item(self.window.workspace, item, self.window.prefs.author_email)

    def user_changed(self, email: str) -> None:
        if self.panel is not None:
            self.panel.set_user(email)

    def load_statuses(self) -> None:
        """Show each item's status as derived from its review events (hashing runs on a worker)."""
        workspace = self.window.workspace
        if workspace is None:
            return
        items = self.window.library.model.items()

        def job(_progress: object, _cancel: CancelToken) -> dict[Path, str]:
            from app.review.status import derived_statuses

            return derived_statuses(workspace, items)

        self.window.runner.start(job, self.apply_statuses)

    def apply_statuses(self, statuses: dict[Path, str]) -> None:
        model = self.window.library.model
        for item in model.items():
            status = statuses.get(item.source)
            if status is not None and status != item.status:
                model.update_item(dataclasses.replace(item, status=status))

    def _current_status_changed(self, status: str) -> None:
        item = self.window.editor.item
        if item is not None:
            self.apply_statuses({item.source: status})

    def _show_line(self, line: int) -> None:
        self.window.editor.source.go_to_line(line)
        self.window.preview.scroll_to_line(line)

    def show_queue(self) -> None:
        window = self.window
        if window.workspace is None:
            return
        if self.queue is None:
            from app.review.queue import ReviewQueueDialog

            self.queue = ReviewQueueDialog(window)
            self.queue.open_item.connect(self._open_from_queue)
            self.queue.open_preferences.connect(window.edit_preferences)
        self.queue.set_workspace(window.workspace, window.prefs.author_email)
        self.queue.show()
        self.queue.raise_()

    def _open_from_queue(self, item: Item) -> None:
        self.window.library.select_path(item.path)
        self.window.open_item(item)
        self.window.editor.tabs.setCurrentWidget(self.ensure_panel())
