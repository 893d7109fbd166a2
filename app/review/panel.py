"""The Review tab of the open item: status, reviewers, approvals, comment threads and the actions.

Reading and recording run in workers (``TaskRunner``): deriving the status hashes the rendered
content and its media. Each action saves the editor first (``save_first``), so what is submitted,
approved or commented on is exactly what the author sees, then records one event and refreshes.
The core decides; its rule table (``editor.review.rights``) also disables buttons here and says why.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from app.kit.context import OpenDocument
from app.kit.qt import (
    QAction,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QShowEvent,
    QStackedWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    is_alive,
)
from app.kit.tasks import TaskRunner
from app.kit.theme import Role, set_role
from app.review.comments import CommentsSection, Target, anchor_for
from app.review.dialogs import SubmitDialog, TextDialog
from app.review.history_dialog import HistoryDialog
from app.review.summary import ReviewData, ReviewSummary, load_review, notice_box
from app.review.threads import ThreadCard, anchor_lines
from editor import review
from editor.review import Anchor
from editor.review.rights import Action
from editor.workspace import Item, Workspace

EMPTY_TEXT = "Open a lesson or link to see its review: status, reviewers and comments."
# Reading an item's review renders the lesson (to find its media) on a worker, beside the live analysis
# for the preview of the item just opened: at once, the two shared the interpreter and the first
# preview waited ~35 ms longer. Out of sight, the panel reads it this much later (or when shown).
LOAD_HIDDEN_AFTER_MS = 400
TOOLTIPS = {
    Action.SUBMIT: "Send this version to reviewers",
    Action.APPROVE: "Approve the version under review",
    Action.REQUEST_CHANGES: "Ask the author for changes; this closes the review round",
    Action.COMMENT: "Comment on the selected text, the block at the cursor or the whole item",
    Action.RETIRE: "Take this content out of use",
    Action.REOPEN: "Back to draft: withdraw the submission or bring retired content back",
}
Job = Callable[[Workspace, Item, str], object]                 # (workspace, item, acting email)
TextAction = Callable[[Workspace, Item, str, str], object]     # … plus the words from a dialog


class ReviewPanel(QWidget):
    show_line = Signal(int)           # a comment was clicked: show this lesson line (preview, editor)
    open_preferences = Signal()       # the current person is not set up: let them fix their email
    status_changed = Signal(str)      # the derived status after a refresh (library, window title)
    restored = Signal(object)         # Path of a source file a restore rewrote: reload the editor
    message = Signal(str)             # what the status bar should say after an action
    refreshed = Signal()              # the panel shows the latest review state
    failed = Signal(str)              # an action or a refresh failed (also shown in the panel)

    def __init__(self, editor: OpenDocument | None = None, save_first: Callable[[], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.save_first = save_first or (lambda: True)
        self.runner = TaskRunner(self)
        self.workspace: Workspace | None = None
        self.item: Item | None = None
        self.email = ""
        self.data: ReviewData | None = None
        self.dialog: SubmitDialog | TextDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self._generation = 0
        self._loading = False
        self._again = False
        self._busy = False
        self._load_later = QTimer(self, singleShot=True, interval=LOAD_HIDDEN_AFTER_MS)
        self._load_later.timeout.connect(self.refresh)
        self._build()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.user_frame, self.user_label = notice_box("info")
        self.preferences_button = QPushButton("Choose who you are…")
        self.preferences_button.clicked.connect(self.open_preferences)
        self.user_frame.layout().addWidget(self.preferences_button)  # type: ignore[union-attr]
        self.error_frame, self.error_label = notice_box("error")
        dismiss = QPushButton("Dismiss")
        dismiss.clicked.connect(self.error_frame.hide)
        self.error_frame.layout().addWidget(dismiss)  # type: ignore[union-attr]
        self.summary = ReviewSummary()

        self.submit_button = QPushButton("Submit for review…")
        self.approve_button = QPushButton("Approve…")
        self.changes_button = QPushButton("Request changes…")
        self.comment_button = QPushButton("Comment")
        self.history_button = QPushButton("History…")
        self.history_button.setToolTip("Every submitted, approved and published version: compare and restore")
        self.more_button = QPushButton("More")
        self.submit_button.clicked.connect(self.start_submit)
        self.approve_button.clicked.connect(self.start_approve)
        self.changes_button.clicked.connect(self.start_request_changes)
        self.history_button.clicked.connect(self.show_history)
        comment_menu = QMenu(self)
        comment_menu.setToolTipsVisible(True)
        for text, target in (("On the selected text", Target.SELECTION),
                             ("On the block at the cursor", Target.BLOCK),
                             ("On the whole item", Target.ITEM)):
            comment_menu.addAction(text).triggered.connect(lambda _c=False, t=target: self.start_comment(t))
        self.comment_button.setMenu(comment_menu)
        more_menu = QMenu(self)
        more_menu.setToolTipsVisible(True)
        self.reopen_action = more_menu.addAction("Reopen as draft…")
        self.reopen_action.triggered.connect(self.start_reopen)
        self.retire_action = more_menu.addAction("Retire…")
        self.retire_action.triggered.connect(self.start_retire)
        self.more_button.setMenu(more_menu)
        self.busy_label = QLabel("Working…")
        set_role(self.busy_label, Role.HINT)
        self.busy_label.hide()
        first_row = QHBoxLayout()
        for button in (self.submit_button, self.approve_button, self.changes_button):
            first_row.addWidget(button)
        first_row.addStretch(1)
        second_row = QHBoxLayout()
        for button in (self.comment_button, self.history_button, self.more_button):
            second_row.addWidget(button)
        second_row.addStretch(1)
        second_row.addWidget(self.busy_label)

        self.comments = CommentsSection()
        self.comments.line_requested.connect(self.show_line)
        self.comments.reply_requested.connect(self.reply)
        self.comments.resolve_requested.connect(self.resolve)
        self.comments.post_requested.connect(self.post_comment)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(10)
        for widget in (self.user_frame, self.error_frame, self.summary):
            layout.addWidget(widget)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.comments)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.empty = QLabel(EMPTY_TEXT)
        set_role(self.empty, Role.EMPTY_STATE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        for frame in (self.user_frame, self.error_frame):
            frame.hide()
        self._apply_rights()

    # -- what is shown --------------------------------------------------------------------
    def set_item(self, workspace: Workspace | None, item: Item | None, email: str) -> None:
        """Show the review of ``item`` for the person ``email`` (Preferences → Email)."""
        self.workspace, self.item, self.email = workspace, item, email.strip().lower()
        self._generation += 1
        self.data = None
        self.comments.composer.hide()
        self.error_frame.hide()
        self.stack.setCurrentIndex(1 if workspace is not None and item is not None else 0)
        self._apply_rights()
        if self.isVisible():
            self.refresh()
        else:
            self._load_later.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._load_later.isActive():
            self._load_later.stop()
            self.refresh()

    def set_user(self, email: str) -> None:
        self.set_item(self.workspace, self.item, email)

    def refresh(self) -> None:
        """Read the review state again (after a save, or when someone else may have acted)."""
        self._load_later.stop()
        if self.workspace is None or self.item is None:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        generation, workspace, source, email = self._generation, self.workspace, self.item.source, self.email
        self.runner.start(lambda _progress, _cancel: load_review(workspace, source, email),
                          lambda data: self._loaded(generation, data),
                          lambda text: self._load_failed(generation, text))

    def anchor_lines(self) -> list[int]:
        """Lesson lines that open comments point at (for markers in the editor or the preview)."""
        return anchor_lines(self.data.threads) if self.data else []

    def _loaded(self, generation: int, data: ReviewData) -> None:
        if self._finish_loading(generation):
            self.data = data
            self.summary.show_data(data)
            self.user_frame.setVisible(bool(data.user_problem))
            self.user_label.setText(html.escape(data.user_problem))
            self._apply_rights()
            self.comments.show_threads(data.threads, data.context.members, data.refusals[Action.COMMENT])
            # Every time: the library and Details re-read the front matter after a save.
            self.status_changed.emit(data.context.state.status)
            self.refreshed.emit()

    def _load_failed(self, generation: int, text: str) -> None:
        if self._finish_loading(generation):
            self.data = None
            self._apply_rights()
            self.show_error(f"The review of this item cannot be shown: {text}")

    def _finish_loading(self, generation: int) -> bool:
        """True when a finished load is for the item shown now; starts the next load if one is due."""
        if not is_alive(self):
            return False        # the window closed while the worker read: nothing to show it in
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()
            return False
        return generation == self._generation

    def show_error(self, text: str) -> None:
        self.error_label.setText(f"<b>That did not work.</b> {html.escape(text)}")
        self.error_frame.show()
        self.failed.emit(text)

    def _apply_rights(self) -> None:
        reasons = self.data.refusals if self.data else {}
        unknown = "The review state is not loaded yet." if self.item is not None else EMPTY_TEXT
        controls: list[tuple[Action, QPushButton | QAction]] = [
            (Action.SUBMIT, self.submit_button), (Action.APPROVE, self.approve_button),
            (Action.REQUEST_CHANGES, self.changes_button), (Action.COMMENT, self.comment_button),
            (Action.RETIRE, self.retire_action), (Action.REOPEN, self.reopen_action)]
        for action, control in controls:
            reason = reasons.get(action, unknown)
            control.setEnabled(not reason and not self._busy)
            control.setToolTip(reason or TOOLTIPS[action])
        self.more_button.setEnabled(not self._busy and self.data is not None)
        self.history_button.setEnabled(self.data is not None)
        self.comments.set_busy(self._busy)

    def thread_cards(self) -> list[ThreadCard]:
        return self.comments.cards()

    # -- actions ------------------------------------------------------------------------------
    def _run(self, job: Job, done: str, after: Callable[[], None] | None = None) -> None:
        """Save the editor, then record one event in a worker; refresh and report either way.

        ``after`` runs only when the event was recorded (e.g. to clear the comment box).
        """
        if self.workspace is None or self.item is None:
            return
        if not self.save_first():
            self.show_error("Your latest edits could not be saved, so nothing was recorded. Resolve the "
                            "saving problem first (see the Write tab), then try again.")
            return
        workspace, source, email = self.workspace, self.item.source, self.email
        self._set_busy(True)
        self.runner.start(lambda _p, _c: job(workspace, workspace.read_item(source), email),
                          lambda _result: self._acted(done, after), self._act_failed)

    def _acted(self, done: str, after: Callable[[], None] | None) -> None:
        self._set_busy(False)
        if after is not None:
            after()
        self.error_frame.hide()
        self.message.emit(done)
        self.refresh()

    def _act_failed(self, text: str) -> None:
        self._set_busy(False)
        self.show_error(text)
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_label.setVisible(busy)
        self._apply_rights()

    def _open(self, dialog: SubmitDialog | TextDialog, on_accept: Callable[[], None]) -> None:
        """Show ``dialog`` without blocking; ``on_accept`` reads its values (on this thread) and acts."""
        def finished(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
        self.dialog = dialog
        dialog.finished.connect(finished)
        dialog.accepted.connect(on_accept)
        dialog.open()

    def _ask(self, dialog: TextDialog, action: TextAction, done: str) -> None:
        def accepted() -> None:
            text = dialog.text()    # widgets are read here; the worker only gets the words
            self._run(lambda workspace, item, by: action(workspace, item, by, text), done)
        self._open(dialog, accepted)

    def start_submit(self) -> None:
        if self.data is None or self.item is None:
            return
        state, title = self.data.context.state, self.item.title
        dialog = SubmitDialog(title, self.data.context.members, self.data.context.policy,
                              state.authors | {self.email}, state.reviewers, self)

        def accepted() -> None:
            reviewers, due, note = dialog.values()
            self._run(lambda workspace, item, by: review.submit(workspace, item, by, reviewers, due, note),
                      f"Submitted “{title}” for review.")
        self._open(dialog, accepted)

    def start_approve(self) -> None:
        if self.item is None:
            return
        self._ask(TextDialog("Approve", f"Approve “{self.item.title}” exactly as it is now. Add a note for "
                             "the author if you like.", "Approve", required=False,
                             placeholder="A note for the author (optional)", parent=self),
                  review.approve, "Approved.")

    def start_request_changes(self) -> None:
        self._ask(TextDialog("Request changes", "Say what needs to change before you can approve it. This "
                             "closes the review round; the author submits again after the changes.",
                             "Request changes", required=True, placeholder="e.g. The quiz answers need "
                             "feedback; the video is missing captions.", parent=self),
                  review.request_changes, "Changes requested.")

    def start_retire(self) -> None:
        self._ask(TextDialog("Retire", "Retired content is taken out of use. It can be reopened later.",
                             "Retire", required=False, placeholder="Why (optional)", parent=self),
                  review.retire, "Retired.")

    def start_reopen(self) -> None:
        self._ask(TextDialog("Reopen as draft", "The item goes back to draft: a submission is withdrawn, "
                             "approvals of this round are dropped, retired content comes back.",
                             "Reopen", required=False, placeholder="Why (optional)", parent=self),
                  review.reopen, "Reopened as a draft.")

    def start_comment(self, target: Target) -> None:
        """Open the comment box for the editor's selection, the block at its cursor, or the whole item."""
        refusal = self.data.refusals[Action.COMMENT] if self.data else "The review is still loading."
        if target is not Target.ITEM and self.editor is None:
            refusal = "There is no text editor to take the passage from."
        if refusal:
            self.show_error(refusal)
            return
        try:
            anchor = anchor_for(self.editor, target) if self.editor is not None else None
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.comments.open_composer(anchor)

    def comment_here(self, preview_quote: str = "") -> None:
        """Comment from a context menu or the shortcut: on the editor's selection, else on the text
        selected in the preview, else on the block at the cursor."""
        editor = self.editor
        if editor is not None and not editor.textCursor().hasSelection() and preview_quote.strip():
            refusal = self.data.refusals[Action.COMMENT] if self.data else "The review is still loading."
            try:
                anchor = review.anchor_quote(editor.text(), preview_quote.strip(),
                                             editor.textCursor().blockNumber() + 1)
            except ValueError:
                # Preview text that spans formatting is not in the source as such: the block will do.
                self.start_comment(Target.BLOCK)
                return
            if refusal:
                self.show_error(refusal)
            else:
                self.comments.open_composer(anchor)
            return
        self.start_comment(Target.SELECTION if editor is not None and editor.textCursor().hasSelection()
                           else Target.BLOCK)

    def post_comment(self, text: str, anchor: Anchor | None) -> None:
        self._run(lambda ws, item, by: review.add_comment(ws, item, by, text, anchor), "Comment posted.",
                  self.comments.close_composer)

    def reply(self, comment_id: str, text: str) -> None:
        self._run(lambda ws, item, by: review.reply(ws, item, by, comment_id, text), "Reply posted.")

    def resolve(self, comment_id: str) -> None:
        self._run(lambda ws, item, by: review.resolve(ws, item, by, comment_id), "Comment resolved.")

    def show_history(self) -> None:
        if self.workspace is None or self.item is None:
            return
        if self.history_dialog is not None:
            self.history_dialog.close()
            self.history_dialog.deleteLater()
        dialog = HistoryDialog(self.workspace, self.item, self.email, save_first=self.save_first, parent=self)
        dialog.restored.connect(self._restored)
        self.history_dialog = dialog
        dialog.show()

    def _restored(self, source: Path) -> None:
        self.restored.emit(source)
        self.message.emit("Restored the version as the current draft.")
        self.refresh()
