"""The caption editor: the video beside its cue list, cues edited in place, every change undoable.

The cue showing at the playhead is highlighted as the video plays; clicking a cue plays from it. Add
or split at the playhead, merge, delete, shift all or selected cues, import SRT/VTT, and save WebVTT
beside the video (atomically, through the media core). ``captions_saved(video, captions)`` tells the
main window to set ``captions="…"`` on the video block.
"""

from __future__ import annotations

from pathlib import Path

from app.kit.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QItemSelectionModel,
    QKeySequence,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QTableView,
    QToolButton,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.media.caption_delegate import CueTextDelegate
from app.media.caption_model import CHECK, TEXT, CaptionsChange, CaptionsModel
from app.media.caption_player import Player
from editor.diagnostics import Severity
from editor.media.captions import Captions, Cue, read_captions, save_vtt
from editor.media.errors import MediaError
from editor.media.glossary import add_glossary_term
from editor.workspace import Workspace

NEW_CUE_MS = 2000            # a comfortable reading time for one caption line
MIN_NEW_CUE_MS = 500


class CaptionEditor(QDialog):
    captions_saved = Signal(str, str)        # lesson-relative video and captions paths

    def __init__(self, lesson_dir: Path, video: str, captions: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Captions for {Path(video).name}")
        self.resize(1200, 700)
        self.lesson_dir = Path(lesson_dir).resolve()
        self.video = video
        self.video_path = (self.lesson_dir / video).resolve()
        self.target = self.video_path.with_suffix(".vtt")
        self.undo_stack = QUndoStack(self)
        self.model = CaptionsModel(self)
        self._build()
        self._connect()
        self._load(captions)

    # -- construction ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.player = Player()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(TEXT, CueTextDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHECK, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CHECK, 220)   # the first sentence, wrapped; the tooltip has the whole story
        self.table.setToolTip("Click a cue to play from it; double-click (or type) to edit it")

        self.add_button = QPushButton("&Add at playhead")
        self.split_button = QPushButton("S&plit at playhead")
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setToolTip("Join the selected cues (or the selected cue and the next) into one")
        self.delete_button = QPushButton("&Delete")
        self.shift_amount = QSpinBox()
        self.shift_amount.setRange(-600_000, 600_000)
        self.shift_amount.setSingleStep(100)
        self.shift_amount.setValue(-250)
        self.shift_amount.setSuffix(" ms")
        self.shift_amount.setToolTip("Negative: captions appear earlier; positive: later")
        self.shift_scope = QComboBox()
        self.shift_scope.addItems(["all cues", "selected cues"])
        self.shift_button = QPushButton("S&hift")
        self.import_button = QPushButton("&Import SRT/VTT…")
        self.glossary_button = QPushButton("Add to &glossary…")
        self.glossary_button.setToolTip("Teach the caption maker a product name or term it misheard, so "
                                        "captions made later spell it right")
        self.undo_button, self.redo_button = QToolButton(), QToolButton()
        for button, action, key in ((self.undo_button, self.undo_stack.createUndoAction(self, "Undo"),
                                     QKeySequence.StandardKey.Undo),
                                    (self.redo_button, self.undo_stack.createRedoAction(self, "Redo"),
                                     QKeySequence.StandardKey.Redo)):
            action.setShortcuts(key)
            self.addAction(action)
            button.setDefaultAction(action)
        tools = QHBoxLayout()
        tool_widgets: list[QWidget] = [
            self.add_button, self.split_button, self.merge_button, self.delete_button, QLabel("  Shift"),
            self.shift_scope, QLabel("by"), self.shift_amount, self.shift_button]
        for widget in tool_widgets:
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.glossary_button, self.import_button, self.undo_button, self.redo_button):
            tools.addWidget(widget)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save captions")
        self.save_button.setDefault(True)
        self.close_button = QPushButton("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        cues = QWidget()
        cue_layout = QVBoxLayout(cues)
        cue_layout.setContentsMargins(0, 0, 0, 0)
        cue_layout.addWidget(self.table, 1)
        cue_layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.player)
        split.addWidget(cues)
        split.setSizes([500, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_at_playhead)
        self.split_button.clicked.connect(self.split_at_playhead)
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.shift_button.clicked.connect(
            lambda: self.shift(self.shift_amount.value(), selected_only=self.shift_scope.currentIndex() == 1))
        self.import_button.clicked.connect(self.choose_import)
        self.glossary_button.clicked.connect(self.ask_glossary_term)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.model.edit_requested.connect(lambda captions, text, row: self.change(captions, text, [row]))
        self.model.invalid_edit.connect(self._warn)
        self.model.modelReset.connect(self._show_summary)
        self.model.dataChanged.connect(self._show_summary)
        self.table.clicked.connect(self._cue_clicked)
        self.player.position_changed.connect(self._follow_playhead)
        self.player.duration_changed.connect(self.model.set_duration)

    def _load(self, captions: str) -> None:
        if not (self.video_path.is_relative_to(self.lesson_dir) and self.video_path.is_file()):
            self._warn(f"There is no video '{self.video}' in this lesson. Check the src=\"…\" of the video "
                       "block.")
            self.player.view.set_placeholder("Video not found")
        else:
            self.player.load(self.video_path)
        existing = (self.lesson_dir / captions).resolve() if captions else self.target
        if existing.is_relative_to(self.lesson_dir) and existing.is_file():
            try:
                self.model.set_captions(read_captions(existing))
            except MediaError as exc:
                self._warn(f"{exc} Starting with no cues; importing a good file replaces them.")
        self._show_summary()

    # -- edits (each one undoable) --------------------------------------------------------------------------
    def change(self, captions: Captions, text: str, rows: list[int]) -> None:
        self.message.clear()
        self.undo_stack.push(CaptionsChange(self._apply, self.model.captions, captions, text, rows,
                                            self.selected_rows()))

    def _apply(self, captions: Captions, rows: list[int]) -> None:
        self.model.set_captions(captions)
        self.model.set_current(self.model.row_at(self.player.position))
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            if 0 <= row < self.model.rowCount():
                selection.select(self.model.index(row, 0), flags)
                selection.setCurrentIndex(self.model.index(row, 0),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.resizeRowsToContents()

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def add_at_playhead(self) -> None:
        start = self.player.position
        later = [cue.start for cue in self.model.captions.cues if cue.start > start]
        end = min([start + NEW_CUE_MS, *later])
        if end - start < MIN_NEW_CUE_MS:
            end = start + NEW_CUE_MS
        captions = self.model.captions.add(Cue(start, end, ""))
        row = sum(1 for cue in self.model.captions.cues if cue.start <= start)
        self.change(captions, f"Add cue at {start / 1000:.1f} s", [row])
        self.table.edit(self.model.index(row, TEXT))

    def split_at_playhead(self) -> None:
        at = self.player.position
        selected = [row for row in self.selected_rows() if self._contains(row, at)]
        row = selected[0] if selected else self.model.row_at(at)
        if row < 0:
            self._warn("Move the playhead inside a cue to split it there.")
            return
        try:
            self.change(self.model.captions.split(row, at), f"Split cue {row + 1}", [row, row + 1])
        except MediaError as exc:
            self._warn(str(exc))

    def merge_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            rows.append(rows[0] + 1)
        if len(rows) < 2 or rows[-1] >= self.model.rowCount():
            self._warn("Select two or more neighbouring cues to merge (or one cue to merge with the next).")
            return
        if rows != list(range(rows[0], rows[-1] + 1)):
            self._warn("Only neighbouring cues can be merged: select cues that follow each other.")
            return
        captions = self.model.captions
        for _ in rows[1:]:
            captions = captions.merge(rows[0])
        self.change(captions, f"Merge cues {rows[0] + 1}–{rows[-1] + 1}", [rows[0]])

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            self._warn("Select the cues to delete first.")
            return
        captions = self.model.captions
        for row in reversed(rows):
            captions = captions.remove(row)
        self.change(captions, f"Delete {len(rows)} cue{'s' if len(rows) > 1 else ''}",
                    [min(rows[0], len(captions.cues) - 1)])

    def shift(self, delta: int, *, selected_only: bool = False) -> None:
        rows = self.selected_rows() if selected_only else list(range(self.model.rowCount()))
        if not rows or not delta:
            self._warn("Select the cues to shift first." if not rows else "Choose how many ms to shift by.")
            return
        captions = self.model.captions
        if selected_only:
            for row in rows:
                captions = captions.shift(delta, row)
        else:
            captions = captions.shift(delta)
        self.change(captions, f"Shift {'selected' if selected_only else 'all'} cues by {delta:+d} ms", rows)

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import captions", str(self.lesson_dir),
                                              "Captions (*.vtt *.srt)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        try:
            captions = read_captions(path)
        except MediaError as exc:
            self._warn(str(exc))
            return
        self.change(captions, f"Import {path.name}", [])

    def ask_glossary_term(self) -> None:
        term, ok = QInputDialog.getText(
            self, "Add to glossary", "A word or name the caption maker should spell this way (e.g. a "
            "product name).\nFix it in these cues yourself; captions made later will get it right:")
        if ok:
            self.add_glossary_term(term)

    def add_glossary_term(self, term: str) -> None:
        workspace = Workspace.containing(self.lesson_dir)
        if workspace is None:
            self._warn("This lesson is not in a workspace, so there is no glossary to add the word to.")
            return
        try:
            change = add_glossary_term(workspace.root, term)
        except MediaError as exc:
            self._warn(str(exc))
            return
        self.message.setStyleSheet("")
        self.message.setText(f"“{change.term}” is in the workspace glossary now." if change.added else
                             f"“{change.term}” was in the workspace glossary already.")

    # -- playback sync ---------------------------------------------------------------------------------------
    def _contains(self, row: int, at: int) -> bool:
        cue = self.model.captions.cues[row]
        return cue.start < at < cue.end

    def _follow_playhead(self, milliseconds: int) -> None:
        row = self.model.row_at(milliseconds)
        self.model.set_current(row)
        self.player.view.set_caption(self.model.captions.cues[row].text if row >= 0 else "")
        if row >= 0 and self.player.playing:
            self.table.scrollTo(self.model.index(row, 0))

    def _cue_clicked(self, index: QModelIndex) -> None:
        self.player.seek(self.model.captions.cues[index.row()].start)

    # -- checks, saving, closing -----------------------------------------------------------------------------
    def _show_summary(self) -> None:
        problems = self.model.all_problems()
        errors = [problem for problem in problems if problem.severity is Severity.ERROR]
        if not problems:
            count = self.model.rowCount()
            set_role(self.summary, None)
            self.summary.setText(f"{_count(count, 'cue')}, no problems." if count else
                                 "No cues yet: play the video and press “Add at playhead”, or import a file.")
            return
        set_role(self.summary, Role.ERROR if errors else Role.WARNING)   # theme colours, dark too
        listed = "; ".join(f"cue {problem.cue}: {problem.message.split('. ')[0]}" for problem in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        counts = [_count(len(errors), "error"), _count(len(problems) - len(errors), "warning")]
        self.summary.setText(f"{' and '.join(count for count in counts if count)} — {listed}{more}.")

    def _warn(self, text: str) -> None:
        set_role(self.message, Role.ERROR)
        self.message.setText(text)

    def save(self) -> bool:
        if not self.model.rowCount():
            self._warn("There are no cues to save. Add or import some first.")
            return False
        errors = [problem for problem in self.model.all_problems() if problem.severity is Severity.ERROR]
        if errors:
            self._warn(f"Fix {_count(len(errors), 'error')} first (shown in red): {errors[0]}")
            return False
        try:
            save_vtt(self.model.captions, self.target)
        except OSError as exc:
            self._warn(f"The captions could not be saved to {self.target.name}: {exc.strerror or exc}.")
            return False
        self.undo_stack.setClean()
        set_role(self.message, None)
        self.message.setText(f"Saved {self.target.name}.")
        self.captions_saved.emit(self.video, self.target.relative_to(self.lesson_dir).as_posix())
        return True

    def reject(self) -> None:
        if not self.undo_stack.isClean():
            answer = QMessageBox.question(
                self, "Save the captions?", "The captions have changes that are not saved.",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self.save()):
                return
        super().reject()

    def done(self, result: int) -> None:
        self.player.release()
        super().done(result)


def _count(number: int, noun: str) -> str:
    """"1 cue", "3 cues"; empty for none (so only the kinds that occur are listed)."""
    return f"{number} {noun}{'s' if number != 1 else ''}" if number else ""
