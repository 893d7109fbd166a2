"""The main window: library | editor | live preview, menus from the action registry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from app.editing.conflict_dialog import Choice, ConflictDialog
from app.editing.panel import EditorPanel
from app.kit.job_indicator import JobIndicator
from app.kit.qt import (
    QApplication,
    QCloseEvent,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QShowEvent,
    QSplitter,
    Qt,
    QTimer,
    QToolBar,
    QUndoStack,
)
from app.kit.settings import Preferences, Settings
from app.kit.tasks import TaskRunner
from app.kit.theme import ThemeFollower, apply_theme
from app.library import commands as commands
from app.library.item_dialogs import NewLessonDialog, NewLinkDialog, ask_rename
from app.library.panel import LibraryPanel
from app.media.actions import MediaActions
from app.preview.media import PreviewMedia
from app.preview.pane import PreviewPane
from app.publish.actions import PublishActions
from app.review.actions import ReviewActions
from app.search.actions import STARTUP_DELAY_MS, SearchActions
from app.shell.actions import PREVIEW_WIDTH_ACTIONS, ActionId, ActionRegistry
from app.shell.preferences_dialog import PreferencesDialog
from editor.lesson_file import LoadError, SourceFile
from editor.recovery import RecoveryStore
from editor.snippets import Snippet
from editor.workspace import Item, Workspace, WorkspaceError, template_names

if TYPE_CHECKING:
    from editor.analysis import Analysis

_INSERTS = {
    ActionId.INSERT_HEADING: Snippet.HEADING, ActionId.INSERT_SUBHEADING: Snippet.SUBHEADING,
    ActionId.INSERT_IMAGE: Snippet.IMAGE, ActionId.INSERT_VIDEO: Snippet.VIDEO,
    ActionId.INSERT_AUDIO: Snippet.AUDIO, ActionId.INSERT_CALLOUT: Snippet.CALLOUT,
    ActionId.INSERT_TAKEAWAYS: Snippet.TAKEAWAYS, ActionId.INSERT_QUIZ_SINGLE: Snippet.QUIZ_SINGLE,
    ActionId.INSERT_QUIZ_MULTIPLE: Snippet.QUIZ_MULTIPLE,
    ActionId.INSERT_QUIZ_TRUE_FALSE: Snippet.QUIZ_TRUEFALSE,
    ActionId.INSERT_FLASHCARDS: Snippet.FLASHCARDS, ActionId.INSERT_APPLY: Snippet.APPLY,
}
_EDITOR_ONLY = [*_INSERTS, ActionId.BOLD, ActionId.ITALIC, ActionId.LINK, ActionId.SAVE,
                ActionId.CHECK_LESSON, ActionId.CLOSE_LESSON, ActionId.RECORD_VIDEO, ActionId.TRIM_VIDEO,
                ActionId.EDIT_CAPTIONS, ActionId.MAKE_CAPTIONS]


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.prefs: Preferences = settings.load_preferences()
        self.workspace: Workspace | None = None
        self.recovery = RecoveryStore()
        self.library_undo = QUndoStack(self)
        self.actions_ = ActionRegistry(self)
        self._splitters_restored = False
        self.setWindowTitle("Tessera[*]")
        self.resize(1400, 860)

        self.library = LibraryPanel()
        self.editor = EditorPanel(self.recovery)
        self.preview = PreviewPane()
        self.preview_media = PreviewMedia(self)
        self.preview_media.ready.connect(self._show_last_analysis)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        for widget, stretch in ((self.library, 3), (self.editor, 4), (self.preview, 4)):
            self.split.addWidget(widget)
            self.split.setStretchFactor(self.split.count() - 1, stretch)
        self.split.setSizes([420, 520, 460])
        self.setCentralWidget(self.split)
        self.status_label = QLabel()
        self.jobs = JobIndicator()
        self.runner = TaskRunner(self)
        self.statusBar().addPermanentWidget(self.jobs)
        self.statusBar().addPermanentWidget(self.status_label)

        self.review = ReviewActions(self)
        self.search = SearchActions(self)
        self.media = MediaActions(self)
        self.publishing = PublishActions(self)
        self._build_menus()
        self._connect()
        self._apply_preferences()
        self._restore_layout()

    # -- construction ------------------------------------------------------------------
    def _build_menus(self) -> None:
        registry = self.actions_
        for title, entries in registry.menu_structure():
            menu = self.menuBar().addMenu(title)
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                    continue
                menu.addAction(registry.action(entry))
                if entry is ActionId.OPEN_WORKSPACE:
                    self.recent_menu = menu.addMenu("Open &recent")
                    self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        toolbar = QToolBar("Insert")
        toolbar.setObjectName("insertToolbar")   # saveState() needs a name
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action_id in (ActionId.NEW_LESSON, ActionId.SAVE, None, ActionId.INSERT_SUBHEADING,
                          ActionId.INSERT_IMAGE, ActionId.INSERT_VIDEO, ActionId.INSERT_CALLOUT,
                          ActionId.INSERT_TAKEAWAYS, ActionId.INSERT_QUIZ_SINGLE,
                          ActionId.INSERT_FLASHCARDS, ActionId.INSERT_APPLY):
            if action_id is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(registry.action(action_id))
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        connect = self.actions_.connect
        connect(ActionId.NEW_LESSON, self.new_lesson)
        connect(ActionId.NEW_LINK, self.new_link)
        connect(ActionId.OPEN_WORKSPACE, self.choose_workspace)
        connect(ActionId.SAVE, self.save)
        connect(ActionId.CLOSE_LESSON, self.close_item)
        connect(ActionId.PREFERENCES, self.edit_preferences)
        connect(ActionId.QUIT, self.close)
        connect(ActionId.UNDO, lambda: self._undo_redo(undo=True))
        connect(ActionId.REDO, lambda: self._undo_redo(undo=False))
        for action_id, method in ((ActionId.CUT, "cut"), (ActionId.COPY, "copy"),
                                  (ActionId.PASTE, "paste"), (ActionId.SELECT_ALL, "selectAll")):
            connect(action_id, lambda _c=False, m=method: self._forward_to_focus(m))
        connect(ActionId.FIND, self.library.focus_filter)
        connect(ActionId.SEARCH, self.search.show_popup)
        connect(ActionId.FIND_SIMILAR, lambda: self.search.find_similar(self.library.current_item()))
        connect(ActionId.DUPLICATE, lambda: self.duplicate(self.library.current_item()))
        connect(ActionId.RENAME, lambda: self.rename(self.library.current_item()))
        connect(ActionId.MOVE_TO_TRASH, lambda: self.trash(self.library.current_item()))
        connect(ActionId.CHECK_LESSON, self.show_problems)
        connect(ActionId.RECORD_VIDEO, self.media.record_video)
        connect(ActionId.TRIM_VIDEO, self.media.trim_video)
        connect(ActionId.EDIT_CAPTIONS, self.media.edit_captions)
        connect(ActionId.MAKE_CAPTIONS, self.media.captions.make_at_cursor)
        connect(ActionId.MY_REVIEWS, self.review.show_queue)
        connect(ActionId.EXPORT, self.publishing.export)
        connect(ActionId.TEST_BENCH, self.publishing.test_bench)
        connect(ActionId.PUBLISH, self.publishing.publish)
        connect(ActionId.PUBLISHING_QUEUE, self.publishing.show_queue)
        connect(ActionId.TARGETS, self.publishing.edit_targets)
        connect(ActionId.ANALYTICS, self.publishing.show_analytics)
        for action_id, snippet in _INSERTS.items():
            connect(action_id, lambda _c=False, s=snippet: self.editor.source.insert_snippet(s))
        connect(ActionId.BOLD, lambda: self.editor.source.wrap_selection("**", "**", "bold text"))
        connect(ActionId.ITALIC, lambda: self.editor.source.wrap_selection("_", "_", "italic text"))
        connect(ActionId.LINK, lambda: self.editor.source.wrap_selection("[", "](https://)", "link text"))
        connect(ActionId.TOGGLE_LIBRARY, self.library.setVisible)
        connect(ActionId.TOGGLE_PREVIEW, self.preview.setVisible)
        for name, action_id in PREVIEW_WIDTH_ACTIONS.items():
            connect(action_id, lambda _c=False, n=name: self.preview.set_width(n))
        connect(ActionId.ZOOM_IN, lambda: self._zoom(1))
        connect(ActionId.ZOOM_OUT, lambda: self._zoom(-1))
        connect(ActionId.ABOUT, self.about)

        self.library.item_selected.connect(self.open_item)
        self.library.item_activated.connect(self.open_item)
        self.library.new_lesson_requested.connect(self.new_lesson)
        self.library.new_link_requested.connect(self.new_link)
        self.library.duplicate_requested.connect(self.duplicate)
        self.library.rename_requested.connect(self.rename)
        self.library.trash_requested.connect(self.trash)
        self.editor.analysed.connect(self._analysed)
        self.editor.saved.connect(self._saved)
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.editor.conflict.connect(self._resolve_conflict)
        self.editor.closed.connect(lambda: self.preview.show_message(
            "Select a lesson to see it as learners will."))
        self.editor.source.files_dropped.connect(self.media.add_files)
        self.editor.offer_fix("video-no-captions", "Make captions")
        self.editor.fix_requested.connect(lambda _code, line: self.media.captions.make_for_line(line))

        self.editor.source.cursorPositionChanged.connect(self._sync_preview_scroll)
        self.preview.width_changed.connect(self._preview_width_changed)
        ThemeFollower.of(QApplication.instance()).effective_theme_changed.connect(  # type: ignore[arg-type]
            self._theme_changed)
        self._update_actions()

    # -- workspace -----------------------------------------------------------------------
    def open_workspace(self, workspace: Workspace) -> None:
        if not self._leave_current():
            return
        self.editor.close_item()
        self.library_undo.clear()
        self.publishing.close_workspace()
        self.workspace = workspace
        self.search.open_workspace(workspace)
        QTimer.singleShot(STARTUP_DELAY_MS, self.publishing, self.publishing.resume_pending)
        self.library.set_workspace(workspace)
        # Hashing for review statuses competes with the first paint for the interpreter: wait a moment.
        QTimer.singleShot(STARTUP_DELAY_MS, self.review, self.review.load_statuses)
        self.settings.set_last_workspace(workspace.root)
        self.settings.add_recent_workspace(workspace.root)
        self.setWindowTitle(f"{workspace.name} — Tessera[*]")
        self._update_actions()

    def choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a workspace folder")
        if not folder:
            return
        try:
            self.open_workspace(Workspace.open(Path(folder)))
        except WorkspaceError:
            answer = QMessageBox.question(
                self, "Create a workspace?", f"{folder} is not a Tessera workspace yet. Create one "
                "there? Existing files in the folder are left as they are.")
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    self.open_workspace(Workspace.create(Path(folder)))
                except (WorkspaceError, OSError) as exc:
                    self.show_error("Could not create the workspace", str(exc))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [path for path in self.settings.recent_workspaces()
                  if self.workspace is None or path != self.workspace.root]
        for path in recent:
            action = self.recent_menu.addAction(f"{path.name}  —  {path.parent}")
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        if not recent:
            self.recent_menu.addAction("No other workspaces yet").setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        try:
            self.open_workspace(Workspace.open(path))
        except WorkspaceError as exc:
            self.show_error("Cannot open the workspace", str(exc))

    def after_start(self) -> None:
        """Once the window is up: offer edits recovered from a crash."""
        if self.workspace is None:
            return
        root = self.workspace.root
        for edit in self.recovery.pending():
            if not edit.source.is_relative_to(root):
                continue
            when = dt.datetime.fromtimestamp(edit.saved_at).strftime("%d %b %H:%M")
            item = self.workspace.read_item(edit.source) if edit.source.exists() else None
            title = item.title if item else edit.source.parent.name
            box = QMessageBox(self)
            box.setWindowTitle("Recover unsaved changes?")
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(f"Tessera closed before your changes to “{title}” were saved (last typed "
                        f"{when}).")
            box.setInformativeText("Restore them to continue where you left off, or discard them.")
            box.setDetailedText(edit.text)
            restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
            box.exec()
            if box.clickedButton() is restore and item is not None:
                self.library.select_path(item.path)
                self.open_item(item, recovered=edit.text)
            else:
                self.recovery.discard(edit.source)

    # -- items ----------------------------------------------------------------------------
    def open_item(self, item: Item | None, recovered: str | None = None) -> None:
        current = self.editor.item
        if item is None or (current is not None and current.source == item.source and recovered is None):
            return
        if not self._leave_current():
            if current is not None:
                self.library.select_path(current.path)
            return
        try:
            source = SourceFile.load(item.source)
        except LoadError as exc:
            self.editor.close_item()
            self.editor.show_empty(str(exc))
            return
        self.editor.open_item(item, source, recovered)
        self.review.item_opened(item)
        self._update_actions()

    def close_item(self) -> None:
        if self._leave_current():
            self.editor.close_item()
            self._update_actions()

    def save(self) -> None:
        if self.editor.save():
            self.statusBar().showMessage("Saved.", 3000)

    def _leave_current(self) -> bool:
        """Save the open item before switching away; False if the user must decide first."""
        if self.editor.session is None or self.editor.save():
            return True
        return not self.editor.session.dirty and not self.editor.session.in_conflict

    def _saved(self, source: Path) -> None:
        self.status_label.setText(f"Saved {dt.datetime.now():%H:%M:%S}")
        self.library.refresh_item(source)
        self.search.saved(source)

    def _library_changed(self, select: Path | None) -> None:
        self.library.reload(select)
        self.review.load_statuses()
        self.search.library_changed()

    def _push(self, command: object) -> None:
        self.library_undo.push(command)  # type: ignore[arg-type]

    def new_lesson(self) -> None:
        if self.workspace is None:
            return
        dialog = NewLessonDialog(template_names(), self, similar=self.search.similar_panel())
        if dialog.exec():
            title, template = dialog.values()
            self._push(commands.CreateLessonCommand(self.workspace, title, template, self.prefs.author_name,
                                                    on_changed=self._library_changed,
                                                    on_error=self._command_error))

    def new_link(self) -> None:
        if self.workspace is None:
            return
        dialog = NewLinkDialog(self, similar=self.search.similar_panel())
        if dialog.exec():
            self._push(commands.CreateLinkCommand(self.workspace, dialog.values(),
                                                  on_changed=self._library_changed,
                                                  on_error=self._command_error))

    def duplicate(self, item: Item | None) -> None:
        if self.workspace is not None and item is not None and self._leave_current():
            self._push(commands.DuplicateCommand(self.workspace, item, on_changed=self._library_changed,
                                                 on_error=self._command_error))

    def rename(self, item: Item | None) -> None:
        if self.workspace is None or item is None or not self._leave_current():
            return
        title = ask_rename(self, item.title)
        if title:
            self._push(commands.RenameCommand(self.workspace, item, title,
                                              on_changed=self._library_changed,
                                              on_error=self._command_error))
            if self.editor.session is not None and self.editor.session.path == item.source:
                self.editor.session.take_theirs()   # the rename rewrote the open file's title

    def trash(self, item: Item | None) -> None:
        if self.workspace is None or item is None:
            return
        if self.editor.item is not None and self.editor.item.source == item.source:
            if not self._leave_current():
                return
            self.editor.close_item()
        self._push(commands.TrashCommand(self.workspace, item, on_changed=self._library_changed,
                                         on_error=self._command_error))
        self.statusBar().showMessage(f"Moved “{item.title}” to the trash. Undo with "
                                     f"{self.actions_.action(ActionId.UNDO).shortcut().toString()}.", 8000)

    def _command_error(self, message: str) -> None:
        self.show_error("That did not work", message)

    # -- conflicts --------------------------------------------------------------------------
    def _resolve_conflict(self, disk_text: str | None) -> None:
        item = self.editor.item
        if item is None or self.workspace is None:
            return
        dialog = ConflictDialog(item.title, self.editor.source.text(), disk_text, self)
        dialog.exec()
        if dialog.choice is Choice.KEEP_MINE:
            self.editor.resolve_keep_mine()
        elif dialog.choice is Choice.TAKE_THEIRS:
            self.editor.resolve_take_theirs()
        elif dialog.choice is Choice.KEEP_BOTH:
            try:
                copy = self.workspace.duplicate(item, self.editor.source.text(), suffix="my version")
            except (WorkspaceError, OSError) as exc:
                self.show_error("Could not save your version as a copy", str(exc))
                return
            self.editor.resolve_take_theirs()
            self.library.reload(item.path)
            self.statusBar().showMessage(f"Your version was saved as {copy.name}.", 8000)

    # -- preview and status -------------------------------------------------------------------
    def _analysed(self, base: Path, analysis: Analysis) -> None:
        if self.preview.isVisible() and self.workspace is not None:
            rendered = self.preview_media.playable(analysis.rendered, base, self.workspace.cache_dir)
            self.preview.show_rendered(base, rendered)
        errors = sum(d.severity.value == "error" for d in analysis.diagnostics)
        problems = f" · {errors} error(s)" if errors else ""
        self.status_label.setText(f"{analysis.words} words · about {analysis.minutes} min{problems}")

    def _show_last_analysis(self) -> None:
        if self.editor.item is not None and self.editor.last_analysis is not None:
            self._analysed(self.editor.base, self.editor.last_analysis)

    def _sync_preview_scroll(self) -> None:
        self.preview.scroll_to_line(self.editor.source.textCursor().blockNumber() + 1)

    def show_problems(self) -> None:
        self.editor.split.setSizes([500, 220])
        self.editor.problems.setFocus()

    def _preview_width_changed(self, name: str) -> None:
        self.actions_.action(PREVIEW_WIDTH_ACTIONS[name]).setChecked(True)

    def _theme_changed(self, effective: str) -> None:
        self.editor.set_dark(effective == "dark")
        self.preview.set_theme(effective)

    # -- preferences and layout -------------------------------------------------------------------
    def edit_preferences(self, _checked: bool = False, *, focus: str = "") -> None:
        dialog = PreferencesDialog(self.prefs, self, focus=focus)
        if dialog.exec():
            self.prefs = dialog.preferences()
            self.settings.save_preferences(self.prefs)
            self._apply_preferences()

    def _apply_preferences(self) -> None:
        effective = apply_theme(QApplication.instance(), self.prefs.theme)  # type: ignore[arg-type]
        self._theme_changed(effective)
        self.editor.source.set_font_size(self.prefs.editor_font_size)
        self.editor.set_autosave_seconds(self.prefs.autosave_seconds)
        self.preview.set_width(self.prefs.preview_width)
        self.review.user_changed(self.prefs.author_email)

    def _zoom(self, step: int) -> None:
        size = max(9, min(32, self.editor.source.font().pointSize() + step))
        self.editor.source.set_font_size(size)

    def _restore_layout(self) -> None:
        if not self.restoreGeometry(self.settings.window_geometry()):
            self.resize(1400, 860)
        self.restoreState(self.settings.window_state())
        self.library.restore_header_state(self.settings.header_state("library"))
        self.actions_.action(ActionId.TOGGLE_LIBRARY).setChecked(True)
        self.actions_.action(ActionId.TOGGLE_PREVIEW).setChecked(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitters_restored:
            # Splitter sizes only mean something once the window has its real size.
            self._splitters_restored = True
            self.split.restoreState(self.settings.splitter_state("main"))
            self.editor.split.restoreState(self.settings.splitter_state("editor"))

    def _save_layout(self) -> None:
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.set_splitter_state("main", self.split.saveState())
        self.settings.set_splitter_state("editor", self.editor.split.saveState())
        self.settings.set_header_state("library", self.library.header_state())
        if self.prefs.preview_width != self.preview.width_name:
            self.prefs = dataclasses.replace(self.prefs, preview_width=self.preview.width_name)
            self.settings.save_preferences(self.prefs)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._leave_current():
            answer = QMessageBox.warning(
                self, "Unsaved changes", "Your latest changes could not be saved. Quit anyway? They "
                "are kept in a recovery copy and offered again at the next start.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            if self.editor.session is not None:
                self.editor.session.write_journal()
        self._save_layout()
        self.search.close()
        event.accept()

    # -- helpers ------------------------------------------------------------------------------------
    def _undo_redo(self, *, undo: bool) -> None:
        """Undo goes to the text being edited when it has focus, else to the library."""
        focus = QApplication.focusWidget()
        if focus is not None and hasattr(focus, "undo") and self.editor.isAncestorOf(focus):
            getattr(focus, "undo" if undo else "redo")()
        elif undo:
            self.library_undo.undo()
        else:
            self.library_undo.redo()

    def _forward_to_focus(self, method: str) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and hasattr(focus, method):
            getattr(focus, method)()

    def _update_actions(self) -> None:
        has_item = self.editor.item is not None
        for action_id in _EDITOR_ONLY:
            self.actions_.action(action_id).setEnabled(has_item)

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def about(self) -> None:
        QMessageBox.about(self, "About Tessera", "<h3>Tessera</h3><p>A studio for microlearning: write "
                          "short lessons, curate links, get them reviewed and publish them to your "
                          "learning platforms.</p>")

