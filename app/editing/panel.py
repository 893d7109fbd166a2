"""The editing area for one open item: Blocks and Source views, details form, problems, save state.

Owns the open document's session (autosave, journal, conflicts) and the live analysis
that feeds the preview, the problem markers and the details form. The Blocks view and the
Source view edit the same document: a card's edit is applied to the source editor's text as
one undoable change, so undo/redo, autosave, the journal and conflicts cover both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from app.editing.block_editing import BlockEditing
from app.editing.blocks_view import BlocksView
from app.editing.document_session import DocumentSession
from app.editing.highlighter import LessonHighlighter
from app.editing.live_analysis import LiveAnalysis, Request
from app.editing.metadata_form import MetadataForm
from app.editing.source_editor import SourceEditor
from app.kit.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    Qt,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.kit.turns import next_turn
from editor import frontmatter
from editor.diagnostics import Severity
from editor.lesson_file import SourceFile
from editor.recovery import RecoveryStore
from editor.workspace import Item

if TYPE_CHECKING:
    from editor.analysis import Analysis

VIEWS = ("blocks", "source")


PROBLEMS_MAX_HEIGHT = 160        # beyond this the list scrolls; the lesson keeps the room


EMPTY_TEXT = ("Select a lesson or link in the library to edit it,\n"
              "or create a new lesson with Ctrl+N.")


class EditorPanel(QWidget):
    analysed = Signal(object, object)       # (lesson folder, Analysis) for the open item
    # (lesson folder, Analysis) of a text typing has already changed: for the preview only, while the
    # newest text is analysed (problems, markers and Details wait for the text they describe)
    analysed_interim = Signal(object, object)
    saved = Signal(object)                  # Path of the saved source file
    conflict = Signal(object)               # text on disk (or None if deleted)
    message = Signal(str)                   # something the status bar should say
    closed = Signal()
    view_changed = Signal(str)              # "blocks" or "source", when the user switches
    media_wanted = Signal(object)           # a MediaRequest from a card (import, record, trim, captions)
    fix_requested = Signal(str, int)        # (problem code, line): the user clicked the problem's fix

    def __init__(self, recovery: RecoveryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.item: Item | None = None
        self.session: DocumentSession | None = None
        self.autosave_seconds = 3
        self.last_analysis: Analysis | None = None
        self.fixes: dict[str, str] = {}         # problem code -> label of its one-click fix
        self.live = LiveAnalysis(self)
        self.live.finished.connect(self._analysed)
        self.live.interim.connect(self._analysed_interim)
        self.live.failed.connect(lambda text: self.message.emit(f"Could not analyse the text: {text}"))

        self.source = SourceEditor()
        self.highlighter = LessonHighlighter(self.source.document())
        self.form = MetadataForm()
        self.form.meta_edited.connect(self._apply_form)
        self.source.textChanged.connect(self._text_changed)
        self.blocks = BlocksView()
        self.blocks.media_wanted.connect(self.media_wanted)
        self.editing = BlockEditing(self.source, self.blocks,
                                    lambda: self.tabs.currentWidget() is self.blocks, self)
        self.editing.message.connect(self.message)
        self.view_mode = "blocks"

        self.banner = QFrame()
        self.banner.setObjectName("conflictBanner")
        self.banner_label = QLabel(wordWrap=True)
        self.banner_button = QPushButton("Compare and choose…")
        self.banner_button.clicked.connect(self._show_conflict)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_button)
        self.banner.hide()
        self._conflict_text: str | None = None

        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.blocks, "Blocks")
        self.tabs.addTab(self.source, "Source")
        self.tabs.addTab(self.form, "Details")
        self.tabs.setTabToolTip(0, "The lesson as blocks with forms: no Markdown needed")
        self.tabs.setTabToolTip(1, "The lesson's Markdown text")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.problems = QListWidget()
        set_role(self.problems, Role.PROBLEMS)
        self.problems.setWordWrap(True)           # long messages wrap instead of being cut off
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problems.itemActivated.connect(self._go_to_problem)
        self.problems.itemClicked.connect(self._go_to_problem)
        self.problems_title = QLabel()
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(6, 2, 6, 2)
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.tabs)
        self.split.addWidget(problems_box)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([600, 110])
        self._problems_sized_by_user = False
        self.split.splitterMoved.connect(self._divider_dragged)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.banner)
        page_layout.addWidget(self.split, 1)
        self.empty = QLabel(EMPTY_TEXT)
        set_role(self.empty, Role.EMPTY_STATE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- opening and closing --------------------------------------------------------
    def open_item(self, item: Item, source: SourceFile, text: str | None = None) -> None:
        """Show ``source`` for editing; ``text`` (recovered edits) replaces its content if given."""
        self.close_item()
        self.item = item
        self.form.set_review_status(None)
        self.session = DocumentSession(source, self.source.text, self.recovery,
                                       self.autosave_seconds, self)
        self.session.conflict.connect(self._on_conflict)
        self.session.reloaded.connect(self._on_reloaded)
        self.session.saved.connect(self.saved)
        self.session.failed.connect(self.message)
        self.session.dirty_changed.connect(lambda dirty: self.window().setWindowModified(dirty))
        self.source.blockSignals(True)
        self.source.setPlainText(source.text)
        self.source.blockSignals(False)
        self.source.document().clearUndoRedoStacks()
        self.source.document().setModified(False)
        if text is not None:
            cursor = self.source.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(text)   # undoable: the user can step back to the file's version
        body_start = frontmatter.parse(self.source.text()).body_start
        self.source.body_start = body_start
        cursor = self.source.textCursor()
        cursor.setPosition(min(body_start, len(self.source.text())))
        self.source.setTextCursor(cursor)
        self.stack.setCurrentIndex(1)
        self.blocks.base = self.base
        self.blocks.clear()
        blocks_view = self.view_mode == "blocks" and item.kind == "lesson"
        self.tabs.setTabVisible(0, item.kind == "lesson")
        self.tabs.setCurrentWidget(self.blocks if blocks_view else self.source)
        # The preview's analysis starts first: it runs on a worker while the cards are built, on the next
        # turn of the event loop (opening a 43-block lesson and building its cards in one go held the
        # window for up to 230 ms at start-up).
        self.live.request(self.base, self.source.text(), item.kind, immediately=True)
        if blocks_view:
            next_turn(self, self.refresh_blocks)

    def close_item(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
        self.session = None
        self.item = None
        self.last_analysis = None
        self.live.cancel()
        self.banner.hide()
        self.source.blockSignals(True)
        self.source.clear()
        self.source.blockSignals(False)
        self.blocks.clear()
        self.problems.clear()
        self.stack.setCurrentIndex(0)
        self.closed.emit()

    def show_empty(self, message: str = EMPTY_TEXT) -> None:
        self.empty.setText(message)
        self.stack.setCurrentIndex(0)

    @property
    def base(self) -> Path:
        assert self.item is not None
        return self.item.folder        # a lesson's folder (also for its translations)

    def set_autosave_seconds(self, seconds: int) -> None:
        self.autosave_seconds = seconds
        if self.session is not None:
            self.session.set_autosave_seconds(seconds)

    def offer_fix(self, code: str, label: str) -> None:
        """Show a ``label`` button on every problem ``code``; clicking it emits ``fix_requested``."""
        self.fixes[code] = label

    def set_dark(self, dark: bool) -> None:
        self.highlighter.set_dark(dark)

    # -- Blocks and Source views ------------------------------------------------------
    def set_view_mode(self, mode: str) -> None:
        """Show the lesson as blocks or as source (what the preference says, or the user chose)."""
        self.view_mode = mode if mode in VIEWS else "blocks"
        if self.item is not None and self.item.kind == "lesson" and self.tabs.currentIndex() in (0, 1):
            self.tabs.setCurrentWidget(self.blocks if self.view_mode == "blocks" else self.source)

    def _tab_changed(self, index: int) -> None:
        if index not in (0, 1) or self.item is None:
            return
        mode = VIEWS[index]
        if mode == "blocks":
            self.refresh_blocks()
        if mode != self.view_mode:
            self.view_mode = mode
            self.view_changed.emit(mode)

    def refresh_blocks(self) -> None:
        if self.item is not None and self.item.kind == "lesson":
            self.editing.refresh()

    # -- saving ---------------------------------------------------------------------
    def save(self) -> bool:
        """Save the open item now; True when nothing unsaved is left."""
        if self.session is None:
            return True
        self.form.flush()
        if not self.session.dirty and not self.session.in_conflict:
            return True
        return self.session.save()

    def resolve_keep_mine(self) -> None:
        if self.session is not None:
            self.banner.hide()
            self.session.save(force=True)

    def resolve_take_theirs(self) -> None:
        if self.session is not None:
            self.banner.hide()
            self.session.take_theirs()

    # -- live analysis ------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self.session is None or self.item is None:
            return
        self.session.text_changed()
        self.live.request(self.base, self.source.text(), self.item.kind)
        self.editing.text_changed()

    def _analysed(self, request: Request, analysis: Analysis) -> None:
        if self.item is None or request.base != self.base:
            return
        self.last_analysis = analysis
        parsed = analysis.rendered.parsed
        self.source.body_start = parsed.body_start if parsed.front_matter_ok else 0
        self.source.set_diagnostics(analysis.diagnostics)
        self._fill_problems(analysis)
        front_problem = next((d.message for d in parsed.diagnostics if d.code.startswith("front-matter")),
                             "")
        self.form.set_meta(parsed.meta, kind=self.item.kind, computed_minutes=analysis.minutes,
                           readable=parsed.front_matter_ok, problem=front_problem)
        self.analysed.emit(request.base, analysis)

    def _analysed_interim(self, request: Request, analysis: Analysis) -> None:
        if self.item is not None and request.base == self.base:
            self.analysed_interim.emit(request.base, analysis)

    def _fill_problems(self, analysis: Analysis) -> None:
        self.problems.clear()
        errors = sum(d.severity is Severity.ERROR for d in analysis.diagnostics)
        warnings = len(analysis.diagnostics) - errors
        if not analysis.diagnostics:
            self.problems_title.setText("✓  No problems found")
        else:
            counts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"),
                                                                          (warnings, "warning")) if n]
            self.problems_title.setText(f"Problems: {', '.join(counts)}")
        style = self.style()
        icons = {Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        for problem in analysis.diagnostics:
            where = f"Line {problem.line}: " if problem.line else ""
            # Icons from the style, not emoji: those are a box glyph where the font lacks them.
            entry = QListWidgetItem(icons.get(problem.severity, icons[Severity.WARNING]),
                                    f"{where}{problem.message}")
            entry.setData(Qt.ItemDataRole.UserRole, problem.line)
            entry.setToolTip(problem.code)
            self.problems.addItem(entry)
            if problem.code in self.fixes:
                self._add_fix_button(entry, problem.code, problem.line)
        self._show_problem_list(bool(analysis.diagnostics))

    def _add_fix_button(self, entry: QListWidgetItem, code: str, line: int) -> None:
        """Show the problem's one-click fix at the start of its row, before its text: the list scrolls
        sideways for long messages, and the button must stay in sight."""
        button = QPushButton(self.fixes[code])
        button.setObjectName(f"fix-{code}")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(lambda: self.fix_requested.emit(code, line))
        text = QLabel(entry.text())
        text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)   # clicks select the row
        holder = QWidget()
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(2, 1, 6, 1)
        layout.addWidget(button)
        layout.addWidget(text, 1)
        entry.setForeground(Qt.GlobalColor.transparent)    # the label shows the text beside the button
        entry.setSizeHint(holder.sizeHint())
        self.problems.setItemWidget(entry, holder)

    def _show_problem_list(self, show: bool) -> None:
        """Give the list the room its problems need, up to a limit, and none when there are none.

        Once the user has dragged the divider, their sizing is kept while the list stays shown.
        """
        shown_before = self.problems.isVisibleTo(self)
        if show == shown_before and (self._problems_sized_by_user or not show):
            return
        self.problems.setVisible(show)
        # Wrapped rows know their height only once the list has its width: measure after layout.
        QTimer.singleShot(0, self, self._fit_problem_list)

    def _fit_problem_list(self) -> None:
        show = self.problems.isVisibleTo(self)
        total = sum(self.split.sizes())
        title = self.problems_title.sizeHint().height() + 8
        self.problems.doItemsLayout()
        rows = sum(self.problems.visualItemRect(self.problems.item(row)).height()
                   for row in range(min(4, self.problems.count())))
        needed = min(PROBLEMS_MAX_HEIGHT, rows + 2 * self.problems.frameWidth() + 4)
        bottom = title + needed if show else title
        self.split.setSizes([max(0, total - bottom), bottom])

    def _divider_dragged(self) -> None:
        self._problems_sized_by_user = True

    def _go_to_problem(self, entry: QListWidgetItem) -> None:
        line = int(entry.data(Qt.ItemDataRole.UserRole) or 0)
        if not line:
            return
        if self.tabs.currentWidget() is self.blocks and self.blocks.focus_line(line):
            return
        self.tabs.setCurrentWidget(self.source)
        self.source.go_to_line(line)

    def _apply_form(self, meta: dict[str, object]) -> None:
        """Rewrite the front matter from the form as one undoable edit of the source."""
        text = self.source.text()
        current = frontmatter.parse(text)
        if current.present and current.diagnostics:
            return
        new_text = frontmatter.replace(text, meta)
        head_end = current.body_start if current.present else 0
        new_head = new_text[: len(new_text) - (len(text) - head_end)]
        self.source.replace_range(0, head_end, new_head)

    # -- conflicts -------------------------------------------------------------------------
    def _on_conflict(self, disk_text: str | None) -> None:
        self._conflict_text = disk_text
        what = "deleted" if disk_text is None else "changed"
        self.banner_label.setText(f"This {self.item.kind if self.item else 'item'} was {what} on disk "
                                  "by someone else. Your edits are kept, and saving is paused until "
                                  "you choose what to keep.")
        self.banner.show()
        self.conflict.emit(disk_text)

    def _show_conflict(self) -> None:
        self.conflict.emit(self._conflict_text)

    def _on_reloaded(self, text: str) -> None:
        position = self.source.textCursor().position()
        self.source.blockSignals(True)
        self.source.setPlainText(text)
        self.source.blockSignals(False)
        cursor = self.source.textCursor()
        cursor.setPosition(min(position, len(self.source.text())))
        self.source.setTextCursor(cursor)
        self.banner.hide()
        self.message.emit(f"Reloaded the version on disk ({dt.datetime.now():%H:%M}).")
        self._text_changed()
