"""The main window's review features: the Review tab, "My reviews" and review-derived statuses.

Review code (hashing, event logs) loads on first use, not at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.actions import ActionId
from app.kit.context import Change, Notice
from app.kit.qt import QObject, QTimer
from editor.progress import CancelToken
from editor.workspace import Item

if TYPE_CHECKING:
    from app.kit.context import WindowContext
    from app.review.panel import ReviewPanel
    from app.review.people_dialog import IdentityDialog, PeopleDialog
    from app.review.queue import ReviewQueueDialog

# Hashing for review statuses competes with the window's first paint for the interpreter: wait a moment.
STATUS_DELAY_MS = 400


class ReviewActions(QObject):
    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        self.panel: ReviewPanel | None = None
        self.queue: ReviewQueueDialog | None = None
        self.people_dialog: PeopleDialog | None = None
        self.identity_dialog: IdentityDialog | None = None
        window.registry.bind(ActionId.MY_REVIEWS, self.show_queue)
        window.registry.bind(ActionId.PEOPLE, self.show_people)
        window.registry.bind(ActionId.COMMENT, self.comment_here)
        self.asked_identity: set[Path] = set()      # workspaces whose "Who are you?" step was shown
        changes = window.changes
        changes.on(Change.ITEM_SAVED, self._saved, self)
        changes.on(Change.ITEM_CLOSED, self._closed, self)
        changes.on(Change.ITEM_OPENED, self._item_opened, self)
        changes.on(Change.PREFERENCES_CHANGED, lambda _n: self.user_changed(window.prefs.author_email), self)
        for change in (Change.LIBRARY_CHANGED, Change.PUBLISHED):
            changes.on(change, lambda _n: self.load_statuses(), self)
        changes.on(Change.WORKSPACE_OPENED,
                   lambda _n: QTimer.singleShot(STATUS_DELAY_MS, self, self.load_statuses), self)
        changes.on(Change.WORKSPACE_OPENED, lambda _n: QTimer.singleShot(0, self, self.ask_identity), self)

    def ensure_panel(self) -> ReviewPanel:
        """The Review tab beside Write and Details, made when first needed."""
        if self.panel is None:
            from app.review.panel import ReviewPanel

            window = self.window
            panel = ReviewPanel(window.document(), save_first=window.save_open_item)
            window.add_editor_tab(panel, "Review")
            panel.show_line.connect(window.show_line)
            panel.open_preferences.connect(self.show_people)
            panel.restored.connect(lambda path: window.changes.notify(Change.ITEM_RESTORED, path))
            panel.message.connect(window.show_status)
            panel.status_changed.connect(self._current_status_changed)
            self.panel = panel
        return self.panel

    def _saved(self, _notice: Notice) -> None:
        if self.panel is not None:
            self.panel.refresh()

    def _closed(self, _notice: Notice) -> None:
        if self.panel is not None:
            self.panel.set_item(None, None, "")

    def _item_opened(self, _notice: Notice) -> None:
        item = self.window.open_item_now()
        if item is not None:
            self.ensure_panel().set_item(self.window.workspace, item, self.window.prefs.author_email)

    def user_changed(self, email: str) -> None:
        if self.panel is not None:
            self.panel.set_user(email)

    def load_statuses(self) -> None:
        """Show each item's status as derived from its review events (hashing runs on a worker)."""
        workspace = self.window.workspace
        if workspace is None:
            return
        items = self.window.library_items()

        def job(_progress: object, _cancel: CancelToken) -> dict[Path, str]:
            from editor.review.status_cache import derived_statuses

            return derived_statuses(workspace, items)

        self.window.runner.start(job, self.window.set_statuses)

    def _current_status_changed(self, status: str) -> None:
        item = self.window.open_item_now()
        if item is not None:
            self.window.set_statuses({item.source: status})
            self.window.changes.notify(Change.REVIEW_CHANGED, item.source)

    def show_queue(self) -> None:
        window = self.window
        if window.workspace is None:
            return
        if self.queue is None:
            from app.review.queue import ReviewQueueDialog

            self.queue = ReviewQueueDialog(window.dialog_parent())
            self.queue.open_item.connect(self._open_from_queue)
            self.queue.open_preferences.connect(self.show_people)
        self.queue.set_workspace(window.workspace, window.prefs.author_email)
        self.queue.show()
        self.queue.raise_()

    def _open_from_queue(self, item: Item) -> None:
        self.window.open_source(item.source)
        self.window.show_editor_tab(self.ensure_panel())

    # -- people and who you are -----------------------------------------------------------------
    def show_people(self) -> None:
        window = self.window
        if window.workspace is None:
            return
        from app.review.people_dialog import PeopleDialog

        dialog = PeopleDialog(window.workspace, window.prefs.author_email, window.dialog_parent())
        dialog.identity_chosen.connect(window.set_identity)
        dialog.finished.connect(lambda _result: self._people_changed())
        dialog.open()
        self.people_dialog = dialog

    def _people_changed(self) -> None:
        if self.panel is not None:
            self.panel.refresh()
        self.load_statuses()

    def ask_identity(self) -> None:
        """First time in a workspace that has members, with nobody chosen yet: ask who this is."""
        window = self.window
        workspace = window.workspace
        if workspace is None or window.prefs.author_email or workspace.root in self.asked_identity:
            return
        from app.review.people_dialog import IdentityDialog
        from editor.review import ReviewError, load_members

        try:
            if not load_members(workspace).people:
                return
        except ReviewError:
            return
        self.asked_identity.add(workspace.root)
        dialog = IdentityDialog(workspace, window.dialog_parent())
        dialog.identity_chosen.connect(window.set_identity)
        dialog.open()
        self.identity_dialog = dialog

    # -- commenting from anywhere ------------------------------------------------------------------
    def comment_here(self) -> None:
        """Comment on the selection (editor, else preview) or the block at the cursor, in the Review tab."""
        if self.window.open_item_now() is None:
            return
        panel = self.ensure_panel()
        self.window.show_editor_tab(panel)
        panel.comment_here(self.window.preview_selection())
