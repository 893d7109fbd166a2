"""The main window's review features: the Review tab, "My reviews" and review-derived statuses.

Review code (hashing, event logs) loads on first use, not at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.actions import ActionId
from app.kit.context import Change, Notice
from app.kit.qt import QObject, QTimer
from app.kit.turns import next_turn
from editor.progress import CancelToken
from editor.statuses import reviewed_ids
from editor.workspace import MEMBERS_FILE, Item, Workspace

if TYPE_CHECKING:
    from app.kit.context import WindowContext
    from app.review.panel import ReviewPanel
    from app.review.people_dialog import IdentityDialog, PeopleDialog
    from app.review.queue import ReviewQueueDialog

# Items whose status is derived per worker job: results show up in steps and the pool stays free for
# interactive work between them.
STATUS_CHUNK = 25
STATUS_STEP = 2_000      # draft statuses shown per turn of the event loop
# The Review tab is made this long after the list is in, or after the last item opened meanwhile: the
# first preview of a lesson picked at once comes in ~300 ms, and the tab's imports and build (~100 ms) wait.
PRELOAD_AFTER_MS = 400


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
        self._run = 0                       # bumps with each load: chunks of an older one stop
        self._reload = QTimer(self, singleShot=True, interval=100)   # notices come in bursts
        self._reload.timeout.connect(self.load_statuses)
        # The library announces LIBRARY_CHANGED once its list is in, which includes opening a workspace.
        for change in (Change.LIBRARY_CHANGED, Change.PUBLISHED, Change.ITEMS_CHANGED):
            changes.on(change, lambda _n: self._reload.start(), self)
        changes.on(Change.WORKSPACE_OPENED, lambda _n: QTimer.singleShot(0, self, self.ask_identity), self)
        self._preloaded = False
        self._preload_soon = QTimer(self, singleShot=True, interval=PRELOAD_AFTER_MS)
        self._preload_soon.timeout.connect(self._preload)
        changes.on(Change.LIBRARY_CHANGED, lambda _n: self._preload_later(), self)

    def _preload_later(self) -> None:
        """Make the Review tab once the window is up and a lesson opened meanwhile is shown: made when
        the first item opened, its imports held the window (and the first preview) for ~100 ms, building
        it was still 40 of the 70 ms between picking a lesson and its opening, and made as the list came
        in, its imports and build ran beside the lesson picked at once (the tab stays out of sight until
        an item is open). Each item opened meanwhile puts it off again."""
        if not self._preloaded:
            self._preload_soon.start()

    def _preload(self) -> None:
        if not self._preloaded:
            self._preloaded = True
            self.window.runner.import_modules(["app.review.panel"], self._make_panel)

    def _make_panel(self, _modules: object) -> None:
        next_turn(self, self.ensure_panel)       # not in the turn the other start-up work is in

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
            item = window.open_item_now()
            if item is not None:        # opened before the tab was made
                panel.set_item(window.workspace, item, window.prefs.author_email)
        return self.panel

    def _saved(self, _notice: Notice) -> None:
        if self.panel is not None:
            self.panel.refresh()

    def _closed(self, _notice: Notice) -> None:
        if self.panel is not None:
            self.panel.set_item(None, None, "")

    def _item_opened(self, _notice: Notice) -> None:
        item = self.window.open_item_now()
        if item is None:
            return
        if self.panel is None:          # made (and given the item) a moment later
            self._preload_later()
            return
        self.panel.set_item(self.window.workspace, item, self.window.prefs.author_email)

    def user_changed(self, email: str) -> None:
        if self.panel is not None:
            self.panel.set_user(email)

    def load_statuses(self) -> None:
        """Show each item's status as derived from its review events: which items have a review folder
        is read on a worker; items without one are drafts at once, the others are derived (hashed) a few
        per job."""
        workspace = self.window.workspace
        if workspace is None:
            return
        self._run += 1
        run = self._run

        def plan(_progress: object, _cancel: CancelToken) -> frozenset[str]:
            return frozenset(reviewed_ids(workspace.root))

        def planned(reviewed: frozenset[str]) -> None:
            if run == self._run:
                drafts, derive = self.window.library_review_plan(reviewed)
                self._show_in_steps(run, list(drafts.items()))
                self._derive(run, workspace, derive)

        self.window.runner.start(plan, planned)

    def _show_in_steps(self, run: int, statuses: list[tuple[Path, str]]) -> None:
        """Thousands of items may turn out to be drafts: a few thousand per turn of the event loop keep
        each step of updating the library's rows well under 100 ms."""
        if run != self._run or not statuses:
            return
        self.window.set_statuses(dict(statuses[:STATUS_STEP]))
        next_turn(self, lambda: self._show_in_steps(run, statuses[STATUS_STEP:]))

    def _derive(self, run: int, workspace: Workspace, items: list[Item]) -> None:
        if run != self._run or not items:
            return
        chunk, rest = items[:STATUS_CHUNK], items[STATUS_CHUNK:]

        def job(_progress: object, _cancel: CancelToken) -> dict[Path, str]:
            from editor.review.status_cache import derived_statuses

            return derived_statuses(workspace, chunk)

        def done(statuses: dict[Path, str]) -> None:
            if run == self._run:
                self.window.set_statuses(statuses)
                self._derive(run, workspace, rest)

        self.window.runner.start(job, done)

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
        """First time in a workspace that has members, with nobody chosen yet: ask who this is. The
        members are read (and the dialog's code, with the review package, imported) on a worker."""
        workspace = self.window.workspace
        if workspace is None or self.window.prefs.author_email or workspace.root in self.asked_identity:
            return
        if not (workspace.root / MEMBERS_FILE).is_file():
            return                  # no team yet: nobody to be, and no review code to load for it
        self.asked_identity.add(workspace.root)

        def has_members(_progress: object, _cancel: object) -> bool:
            import app.review.people_dialog  # noqa: F401  (loaded here, not on the UI thread)
            from editor.review import ReviewError, load_members
            try:
                return bool(load_members(workspace).people)
            except ReviewError:
                return False

        self.window.runner.start(has_members, lambda found: self._ask_identity_in(workspace, found))

    def _ask_identity_in(self, workspace: Workspace, has_members: bool) -> None:
        window = self.window
        if not has_members or window.workspace is not workspace or window.prefs.author_email:
            return
        from app.review.people_dialog import IdentityDialog

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
