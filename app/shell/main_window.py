"""The main window: library | editor | live preview, menus from the action registry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.actions import ACTIONS, PREVIEW_WIDTH_ACTIONS, ActionId, ActionRegistry, Needs
from app.kit.context import Change, ChangeHub
from app.kit.job_indicator import JobIndicator
from app.kit.qt import (
    QApplication,
    QCloseEvent,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QSplitter,
    Qt,
    QTimer,
    QToolBar,
    QUndoStack,
    QWidget,
)
from app.kit.settings import Preferences, Settings
from app.kit.tasks import Task, TaskRunner
from app.kit.theme import ThemeFollower, apply_theme
from app.kit.turns import next_turn
from app.library import commands as commands
from app.library.item_dialogs import NewLessonDialog, NewLinkDialog, ask_rename
from app.library.panel import LibraryPanel
from editor.item_store import ItemChanges
from editor.lesson_file import LoadError, SourceFile
from editor.recovery import RecoveryStore
from editor.workspace import Item, Workspace, WorkspaceError, template_names

if TYPE_CHECKING:
    from app.editing.panel import EditorPanel
    from app.editing.source_editor import SourceEditor
    from app.help.actions import HelpActions
    from app.media.actions import MediaActions
    from app.preview.media import PreviewMedia
    from app.preview.pane import PreviewPane
    from app.publish.actions import PublishActions
    from app.review.actions import ReviewActions
    from app.search.actions import SearchActions
    from editor.analysis import Analysis

log = logging.getLogger("tessera.shell")
# Narrower than this, three panes do not fit readably: the preview steps aside (F8 brings it back).
NARROW_WINDOW = 900
# Up to this many items changed on disk are named one by one in change notices; beyond, one notice says
# "many" and listeners compare everything (a first open, a sync tool replacing the whole folder).
ITEMS_NAMED = 200
TIDY_DELAY_MS = 60_000
# Long enough for the list and the first paint to settle, shorter than it takes to pick a lesson.
WARM_PREVIEW_MS = 300
PANE_STRETCH = (3, 4, 4)     # library, editor, preview: how extra width is shared
# A staged window waits for its list before making the rest, but not longer than this after its first
# frame: a list read from a slow network folder must not leave the menus without their actions.
FEATURES_AT_LATEST_MS = 500
# What build_features makes the window's parts from, and the lesson analysis the item open at start
# needs, imported on a worker by a staged start. Left to the first analysis, its imports ran on a second
# worker beside the features' while the lesson opened: first preview 548 → 521 ms, longest stall 77 →
# 55 ms at 221 items (514 → 486, 88 → 74 ms at 20,000; alternating starts, medians of 5).
FEATURE_MODULES = ("app.editing.panel", "app.preview.pane", "app.preview.media", "app.review.actions",
                   "app.search.actions", "app.media.actions", "app.publish.actions", "app.help.actions",
                   "app.shell.first_start", "editor.analysis")


class MainWindow(QMainWindow):
    """The window is made in two steps. The first (the constructor) makes what its first frame shows:
    menus, the library (which starts reading the list at once) and empty places for the editor and the
    preview. The second (``build_features``) imports and makes the editor, the preview and the features
    (review, search, media, publishing, help) — about 60 ms of imports and 40 of construction. A
    ``staged`` window takes that second step once its first frame is painted and its list is in, and then
    goes on with ``after_start``; otherwise the constructor takes both."""

    editor: EditorPanel
    preview: PreviewPane
    preview_media: PreviewMedia
    review: ReviewActions
    search: SearchActions
    media: MediaActions
    publishing: PublishActions
    help: HelpActions

    def __init__(self, settings: Settings, *, staged: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.prefs: Preferences = settings.load_preferences()
        self.workspace: Workspace | None = None
        self.recovery = RecoveryStore()
        self.library_undo = QUndoStack(self)
        self.registry = ActionRegistry(self)
        self.changes = ChangeHub(self)
        self.built = False               # whether build_features has run
        self._staged = staged
        self._painted = False
        self._opening: Workspace | None = None   # opened before the features were made
        self._focus_new = ""          # the title of a lesson just created, until it opens
        self._splitters_restored = False
        self._narrow = False
        self._preview_stepped_aside = False
        self.resize(1400, 860)

        self.library = LibraryPanel()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        # The editor and the preview take these places (blank, as both are with nothing open) when made.
        for index, widget in enumerate((self.library, QWidget(), QWidget())):
            self.split.addWidget(widget)
            self.split.setStretchFactor(index, PANE_STRETCH[index])
        self.split.setSizes([420, 520, 460])
        self.setCentralWidget(self.split)
        self.status_label = QLabel()
        self.jobs = JobIndicator()
        self.runner = TaskRunner(self)
        self.statusBar().addPermanentWidget(self.jobs)
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menus()
        self.registry.update_enabled(set())     # nothing is open yet
        apply_theme(QApplication.instance(), self.prefs.theme)  # type: ignore[arg-type]
        self._restore_layout()
        if staged:
            self.library.listed.connect(self._build_when_ready)
        else:
            self.build_features()

    def build_features(self) -> None:
        """Make the editor, the preview and the features, and put them in their places."""
        if self.built:
            return
        from app.editing.panel import EditorPanel
        from app.help.actions import HelpActions
        from app.media.actions import MediaActions
        from app.preview.media import PreviewMedia
        from app.preview.pane import PreviewPane
        from app.publish.actions import PublishActions
        from app.review.actions import ReviewActions
        from app.search.actions import SearchActions

        self.built = True
        self.editor = EditorPanel(self.recovery)
        self.preview = PreviewPane()
        self.preview_media = PreviewMedia(self)
        self.preview_media.ready.connect(self._show_last_analysis)
        for index, widget in ((1, self.editor), (2, self.preview)):
            self.split.replaceWidget(index, widget)
            self.split.setStretchFactor(index, PANE_STRETCH[index])   # a widget's own, not its place's
        self.review = ReviewActions(self, self)
        self.search = SearchActions(self, self)
        self.media = MediaActions(self, self)
        self.publishing = PublishActions(self, self)
        self.help = HelpActions(self, self)
        self._bind_actions()
        comment = self.registry.action(ActionId.COMMENT)
        self.editor.source.context_actions.append(comment)
        self.preview.context_actions.append(comment)
        self._connect()
        self._apply_preferences()
        if self._splitters_restored:      # shown already: the editor's own splitter is restored now
            self.editor.split.restoreState(self.settings.splitter_state("editor"))
            self._fit_width(self.width())
        if self._opening is not None:
            workspace, self._opening = self._opening, None
            self._workspace_opened(workspace)
            if not self.library.reading():
                self._library_loaded()        # the list was up to date before anyone listened
            # An item picked meanwhile opens in a turn of its own: making the features took this one.
            next_turn(self, lambda: self.open_item(self.library.current_item()))

    def _build_when_ready(self, *, waited: bool = False) -> None:
        """A staged window's second step: once painted and listed (or ``waited`` long enough), import
        the features on a worker (the window keeps painting meanwhile), then make them."""
        listed = waited or self.workspace is None or self.library.has_listed()
        if not (self._staged and self._painted and listed):
            return
        self._staged = False
        self.library.listed.disconnect(self._build_when_ready)
        loading = self.runner.import_modules(FEATURE_MODULES, lambda _modules: self._finish_staged_start())
        # Should an import fail there, build_features imports again here, and says why.
        loading.signals.failed.connect(lambda _message: self._finish_staged_start())

    def _finish_staged_start(self) -> None:
        self.build_features()
        next_turn(self, self.after_start)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._staged and not self._painted:
            self._painted = True
            next_turn(self, self._build_when_ready)   # once this frame is on screen
            QTimer.singleShot(FEATURES_AT_LATEST_MS, self, lambda: self._build_when_ready(waited=True))

    # -- construction ------------------------------------------------------------------
    def _build_menus(self) -> None:
        registry = self.registry
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

    def _bind_actions(self) -> None:
        """The shell's own actions; each feature binds its own when it is made."""
        from app.editing.block_editing import TextStyle
        from app.shell import first_start

        bind = self.registry.bind
        bind(ActionId.NEW_LESSON, self.new_lesson)
        bind(ActionId.NEW_LINK, self.new_link)
        bind(ActionId.OPEN_WORKSPACE, self.choose_workspace)
        bind(ActionId.SAVE, self.save)
        bind(ActionId.CLOSE_LESSON, self.close_item)
        bind(ActionId.PREFERENCES, self.edit_preferences)
        bind(ActionId.QUIT, self.close)
        bind(ActionId.UNDO, lambda: self._undo_redo(undo=True))
        bind(ActionId.REDO, lambda: self._undo_redo(undo=False))
        for action_id, method in ((ActionId.CUT, "cut"), (ActionId.COPY, "copy"),
                                  (ActionId.PASTE, "paste"), (ActionId.SELECT_ALL, "selectAll")):
            bind(action_id, lambda _c=False, m=method: self._forward_to_focus(m))
        bind(ActionId.FIND, self.library.focus_filter)
        bind(ActionId.DUPLICATE, lambda: self.duplicate(self.library.current_item()))
        bind(ActionId.RENAME, lambda: self.rename(self.library.current_item()))
        bind(ActionId.MOVE_TO_TRASH, lambda: self.trash(self.library.current_item()))
        bind(ActionId.TRANSLATE, lambda: self.translate(self.library.current_item()))
        bind(ActionId.CHECK_LESSON, self.show_problems)
        for action_id, spec in ACTIONS.items():
            if spec.snippet is not None:
                bind(action_id, lambda _c=False, s=spec.snippet: self.editor.editing.insert_snippet(s))
        bind(ActionId.BOLD, lambda: self.editor.editing.format_text(TextStyle.BOLD))
        bind(ActionId.ITALIC, lambda: self.editor.editing.format_text(TextStyle.ITALIC))
        bind(ActionId.LINK, lambda: self.editor.editing.format_text(TextStyle.LINK))
        bind(ActionId.TOGGLE_LIBRARY, self.library.setVisible)
        bind(ActionId.TOGGLE_PREVIEW, self.preview.setVisible)
        for name, action_id in PREVIEW_WIDTH_ACTIONS.items():
            bind(action_id, lambda _c=False, n=name: self.preview.set_width(n))
        bind(ActionId.ZOOM_IN, lambda: self._zoom(1))
        bind(ActionId.ZOOM_OUT, lambda: self._zoom(-1))
        bind(ActionId.ABOUT, self.about)
        bind(ActionId.WELCOME, lambda: first_start.show_welcome(self))

    def _connect(self) -> None:
        self.library.item_selected.connect(self.open_item)
        self.library.item_activated.connect(self.open_item)
        self.library.new_lesson_requested.connect(self.new_lesson)
        self.library.new_link_requested.connect(self.new_link)
        self.library.duplicate_requested.connect(self.duplicate)
        self.library.rename_requested.connect(self.rename)
        self.library.trash_requested.connect(self.trash)
        self.library.translate_requested.connect(self.translate)
        self.editor.analysed.connect(self._analysed)
        self.editor.analysed_interim.connect(self._show_in_preview)
        self.editor.saved.connect(self._saved)
        self.editor.message.connect(self.show_status)
        self.editor.conflict.connect(self._resolve_conflict)
        self.editor.closed.connect(self._item_closed)
        self.changes.on(Change.ITEM_RESTORED, lambda _n: self.editor.resolve_take_theirs(), self)
        self.changes.on(Change.ITEM_OPENED, lambda _n: self.library.watch_item(
            self.editor.item.source if self.editor.item else None), self)
        self.changes.on(Change.ITEM_CLOSED, lambda _n: self.library.watch_item(None), self)
        self.library.items_changed.connect(self._items_changed_on_disk)
        self.library.loaded.connect(self._library_loaded)
        self.editor.source.files_dropped.connect(self.media.add_files)
        self.editor.media_wanted.connect(self.media.handle_request)
        self.editor.editing.block_selected.connect(self.preview.scroll_to_line)
        self.editor.view_changed.connect(self._lesson_view_changed)
        self.editor.offer_fix("video-no-captions", "Make captions")
        self.editor.fix_requested.connect(lambda _code, line: self.media.captions.make_for_line(line))

        self.editor.source.cursorPositionChanged.connect(self._sync_preview_scroll)
        self.editor.source.textChanged.connect(self.library.postpone_check)
        self.preview.width_changed.connect(self._preview_width_changed)
        self.preview.updated.connect(self.editor.blocks.fill_now)   # a long lesson's other cards, after
        ThemeFollower.of(QApplication.instance()).effective_theme_changed.connect(  # type: ignore[arg-type]
            self._theme_changed)
        self._update_actions()

    # -- workspace -----------------------------------------------------------------------
    def open_workspace(self, workspace: Workspace) -> None:
        if not self._leave_current():
            return
        reopen = self.settings.last_item(workspace.root)     # read before closing forgets it
        if self.built:
            self.editor.close_item()
        self.library_undo.clear()
        self.workspace = workspace
        # Removing stale temp files visits every folder: on a worker, and once start-up work is done.
        QTimer.singleShot(TIDY_DELAY_MS, self, lambda: self._tidy(workspace))
        self.library.set_workspace(workspace)
        if self.built:
            self._workspace_opened(workspace)
        else:
            self._opening = workspace      # the features hear of it once they are made
        if reopen is not None:
            self.library.select_path(reopen)       # selecting opens it, where the user left off

    def _workspace_opened(self, workspace: Workspace) -> None:
        self.changes.notify(Change.WORKSPACE_OPENED, workspace.root)
        self.settings.set_last_workspace(workspace.root)
        self.settings.add_recent_workspace(workspace.root)
        self._update_actions()

    def _tidy(self, workspace: Workspace) -> None:
        if workspace is self.workspace:
            self.runner.start(lambda _progress, _cancel: workspace.tidy())

    def choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a workspace folder")
        if not folder:
            return
        try:
            self.open_workspace(Workspace.open(Path(folder), tidy=False))
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
            self.open_workspace(Workspace.open(path, tidy=False))
        except WorkspaceError as exc:
            self.show_error("Cannot open the workspace", str(exc))

    def after_start(self) -> None:
        """Once the window is up: offer edits recovered from a crash, then the welcome on first start;
        a moment later, while the user looks around, start the preview's web engine."""
        from app.shell import first_start

        QTimer.singleShot(WARM_PREVIEW_MS, self, self._warm_up)
        self._offer_recovery()
        if not self.settings.welcome_shown():
            self.settings.set_welcome_shown()
            first_start.show_welcome(self)

    def _warm_up(self) -> None:
        """Start what the first lesson opened needs: the preview's web engine (its analysis code came
        with ``FEATURE_MODULES``)."""
        self.preview.warm_up()

    def _offer_recovery(self) -> None:
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
        self.library.postpone_check()       # the lesson being opened gets the machine first
        self.editor.open_item(item, source, recovered)
        self.settings.set_last_item(item.path)
        self.changes.notify(Change.ITEM_OPENED, item.path)
        self._focus_if_new()
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
        if not self.built or self.editor.session is None or self.editor.save():
            return True
        return not self.editor.session.dirty and not self.editor.session.in_conflict

    def _saved(self, source: Path) -> None:
        self.status_label.setText(f"Saved {dt.datetime.now():%H:%M:%S}")
        self.library.refresh_item(source)
        self._update_title()
        self.changes.notify(Change.ITEM_SAVED, source)

    def _item_closed(self) -> None:
        self.preview.show_message("Select a lesson to see it as learners will.")
        self.status_label.clear()          # no words to count once nothing is open
        self.settings.set_last_item(None)
        self._update_actions()
        self.changes.notify(Change.ITEM_CLOSED)

    def _items_changed_on_disk(self, changes: ItemChanges) -> None:
        sources = [item.source for item in changes.changed] + changes.removed
        for source in sources if len(sources) <= ITEMS_NAMED else [None]:
            self.changes.notify(Change.ITEMS_CHANGED, source)

    def _library_changed(self, select: Path | None) -> None:
        self.library.reload(select)       # LIBRARY_CHANGED follows once the list is read again
        self._update_title()

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
            self._focus_new = title      # it opens once the list is read again: the cursor goes in then
            self._focus_if_new()

    def _focus_if_new(self) -> None:
        """A lesson just made from a template opens with the cursor in its first field."""
        if self._focus_new and self.editor.item is not None and self.editor.item.title == self._focus_new:
            self._focus_new = ""
            self.editor.editing.focus_first_field()

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
            self.library.refresh_item(item.source)     # the new title shows at once, not after a re-read
            self._update_title()

    def translate(self, item: Item | None) -> None:
        if self.workspace is None or item is None or item.kind != "lesson" or item.translation_of:
            self.statusBar().showMessage("Select a lesson (not a translation) to translate it.", 5000)
            return
        from app.translate.dialog import TranslateDialog
        dialog = TranslateDialog(self.workspace, item, self.runner, self)
        dialog.variants_changed.connect(lambda: self._library_changed(None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

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
                                     f"{self.registry.action(ActionId.UNDO).shortcut().toString()}.", 8000)

    def _command_error(self, message: str) -> None:
        self.show_error("That did not work", message)

    # -- conflicts --------------------------------------------------------------------------
    def _resolve_conflict(self, disk_text: str | None) -> None:
        from app.editing.conflict_dialog import Choice, ConflictDialog

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
        self._show_in_preview(base, analysis)
        errors = sum(d.severity.value == "error" for d in analysis.diagnostics)
        problems = f" · {errors} error{'s' if errors != 1 else ''}" if errors else ""
        self.status_label.setText(f"{analysis.words} words · about {analysis.minutes} min{problems}")

    def _show_in_preview(self, base: Path, analysis: Analysis) -> None:
        if self.preview.isVisible() and self.workspace is not None:
            rendered = self.preview_media.playable(analysis.rendered, base, self.workspace.cache_dir)
            self.preview.show_rendered(base, rendered)

    def _show_last_analysis(self) -> None:
        if self.editor.item is not None and self.editor.last_analysis is not None:
            self._analysed(self.editor.base, self.editor.last_analysis)

    def _sync_preview_scroll(self) -> None:
        self.preview.scroll_to_line(self.editor.source.textCursor().blockNumber() + 1)

    def show_problems(self) -> None:
        self.editor.split.setSizes([500, 220])
        self.editor.problems.setFocus()

    def _preview_width_changed(self, name: str) -> None:
        self.registry.action(PREVIEW_WIDTH_ACTIONS[name]).setChecked(True)
        if self.prefs.preview_width != name:
            # The width last chosen is the preference: Preferences… then shows (and keeps) it.
            self.prefs = dataclasses.replace(self.prefs, preview_width=name)
            self.settings.save_preferences(self.prefs)

    def _theme_changed(self, effective: str) -> None:
        self.editor.set_dark(effective == "dark")
        self.preview.set_theme(effective)

    # -- preferences and layout -------------------------------------------------------------------
    def edit_preferences(self, _checked: bool = False, *, focus: str = "") -> None:
        from app.shell.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self, focus=focus)
        if dialog.exec():
            self.prefs = dialog.preferences()
            self.settings.save_preferences(self.prefs)
            self._apply_preferences()

    def set_identity(self, name: str, email: str) -> None:
        """Who the person at this computer is (chosen under People), kept in the preferences."""
        self.prefs = dataclasses.replace(self.prefs, author_name=name, author_email=email)
        self.settings.save_preferences(self.prefs)
        self.changes.notify(Change.PREFERENCES_CHANGED)

    def _apply_preferences(self) -> None:
        effective = apply_theme(QApplication.instance(), self.prefs.theme)  # type: ignore[arg-type]
        self._theme_changed(effective)
        self.editor.source.set_font_size(self.prefs.editor_font_size)
        self.editor.set_autosave_seconds(self.prefs.autosave_seconds)
        self.editor.set_view_mode(self.prefs.lesson_view)
        self.preview.set_width(self.prefs.preview_width)
        self.changes.notify(Change.PREFERENCES_CHANGED)

    def _lesson_view_changed(self, view: str) -> None:
        self.prefs = dataclasses.replace(self.prefs, lesson_view=view)
        self.settings.save_preferences(self.prefs)

    def _zoom(self, step: int) -> None:
        size = max(9, min(32, self.editor.source.font().pointSize() + step))
        self.editor.source.set_font_size(size)

    def _restore_layout(self) -> None:
        if not self.restoreGeometry(self.settings.window_geometry()):
            self.resize(1400, 860)
        self.restoreState(self.settings.window_state())
        self.library.restore_header_state(self.settings.header_state("library"))
        self.registry.action(ActionId.TOGGLE_LIBRARY).setChecked(True)
        self.registry.action(ActionId.TOGGLE_PREVIEW).setChecked(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitters_restored:
            # Splitter sizes only mean something once the window has its real size.
            self._splitters_restored = True
            self.split.restoreState(self.settings.splitter_state("main"))
            if self.built:
                self.editor.split.restoreState(self.settings.splitter_state("editor"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.built:
            self._fit_width(event.size().width())

    def _fit_width(self, width: int) -> None:
        narrow = width < NARROW_WINDOW
        if narrow == self._narrow:
            return                           # act on crossing the line only: F8 still decides
        self._narrow = narrow
        if narrow and not self.preview.isHidden():
            self._preview_stepped_aside = True
            self._show_preview(False)
            self.show_status("The preview is hidden while the window is this narrow; "
                             f"{self.registry.action(ActionId.TOGGLE_PREVIEW).shortcut().toString()} "
                             "shows it.")
        elif not narrow and self._preview_stepped_aside:
            self._preview_stepped_aside = False
            self._show_preview(True)
            self.statusBar().clearMessage()      # the "preview is hidden" note no longer holds

    def _show_preview(self, show: bool) -> None:
        self.preview.setVisible(show)
        self.registry.action(ActionId.TOGGLE_PREVIEW).setChecked(show)

    def _save_layout(self) -> None:
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.set_splitter_state("main", self.split.saveState())
        if self.built:
            self.settings.set_splitter_state("editor", self.editor.split.saveState())
        self.settings.set_header_state("library", self.library.header_state())
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
        if self.built:
            self.search.close()
        event.accept()

    # -- helpers ------------------------------------------------------------------------------------
    def _undo_redo(self, *, undo: bool) -> None:
        """Undo goes to the text being edited when it has focus, else to the library."""
        focus = QApplication.focusWidget()
        if self.editor.editing.undo_redo(undo=undo):
            return
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
        item = self.editor.item
        met = set() if item is None else {Needs.OPEN_ITEM}
        if item is not None and item.kind == "lesson":
            met.add(Needs.OPEN_LESSON)
        self.registry.update_enabled(met)
        self._update_title()

    def _library_loaded(self) -> None:
        self._update_title()
        self.changes.notify(Change.LIBRARY_CHANGED)

    def _update_title(self) -> None:
        # Qt adds the application name ("— Tessera") itself; "[*]" shows unsaved changes.
        parts = [self.workspace.name] if self.workspace is not None else []
        if self.editor.item is not None:
            parts.append(self._open_title())
        self.setWindowTitle(" — ".join(parts) + "[*]" if parts else "")

    def _open_title(self) -> str:
        """The open item's title as the library last read it (renames and saved edits included)."""
        item = self.editor.item
        if item is None:
            return ""
        listed = self.library.model.item_at(self.library.model.row_of(item.source))
        return (listed or item).title

    # -- what features may ask (kit.context.WindowContext) ------------------------------------------
    def dialog_parent(self) -> QWidget:
        return self

    def show_error(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        QMessageBox.warning(self, title, message)

    def show_status(self, message: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(message, msecs)

    def track_job(self, task: Task, label: str) -> None:
        self.jobs.track(task, label)

    def selected_item(self) -> Item | None:
        return self.library.current_item()

    def library_review_plan(self, reviewed: Set[str]) -> tuple[dict[Path, str], list[Item]]:
        return self.library.model.review_plan(reviewed)

    def set_statuses(self, statuses: dict[Path, str]) -> None:
        """Show review-derived statuses in the library and the open item's Details."""
        self.library.model.set_derived_statuses(statuses)
        item = self.open_item_now()
        if item is not None and item.source in statuses:
            self.editor.form.set_review_status(statuses[item.source])

    def open_source(self, source: Path, line: int | None = None) -> None:
        """Select and open the item whose source file is ``source`` (at ``line`` when given)."""
        if self.workspace is None or not source.exists():
            return
        item = self.workspace.read_item(source)
        self.library.clear_filters()
        self.library.select_path(item.path)
        self.open_item(item)
        if line is not None and self.editor.item is not None and self.editor.item.source == item.source:
            self.editor.tabs.setCurrentWidget(self.editor.source)
            self.editor.source.go_to_line(line)
            self.activateWindow()

    def open_item_now(self) -> Item | None:
        return self.editor.item

    def document(self) -> SourceEditor:
        return self.editor.source

    def save_open_item(self) -> bool:
        return self.editor.save()

    def add_editor_tab(self, widget: QWidget, title: str) -> None:
        self.editor.tabs.addTab(widget, title)

    def show_editor_tab(self, widget: QWidget) -> None:
        self.editor.tabs.setCurrentWidget(widget)

    def show_line(self, line: int) -> None:
        self.editor.source.go_to_line(line)
        self.preview.scroll_to_line(line)

    def preview_selection(self) -> str:
        return self.preview.selected_text()

    def about(self) -> None:
        QMessageBox.about(self, "About Tessera", "<h3>Tessera</h3><p>A studio for microlearning: write "
                          "short lessons, curate links, get them reviewed and publish them to your "
                          "learning platforms.</p>")

