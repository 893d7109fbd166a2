"""Version history of one item: every submitted, approved, published or restored version.

Select one version to compare it with the current content, or two (Ctrl+click) to compare them.
"Restore this version as a new draft" writes the selected version back (after a confirmation);
what it replaces is kept in the history, so a restore can itself be undone by restoring.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.kit.format import human_time
from app.kit.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFontDatabase,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.tasks import TaskRunner
from app.kit.theme import Role, set_role
from app.kit.widgets import is_dark
from app.review.diff import diff_html
from app.review.summary import notice_box
from app.review.threads import person
from editor import review
from editor.review import EventLog, Members, ReviewContext, Snapshot, VersionDiff, VersionInfo
from editor.review.rights import Action, refusals
from editor.workspace import Item, Workspace

HASH_ROLE = Qt.ItemDataRole.UserRole
HINT = ("Select a version to compare it with the current content, or two versions (Ctrl+click) to compare "
        "them.")


@dataclass
class History:
    context: ReviewContext
    versions: list[VersionInfo]
    restore_refusal: str


def load_history(workspace: Workspace, source: Path, email: str) -> History:
    context = review.open_review(workspace, workspace.read_item(source))
    return History(context, review.list_versions(context.log), refusals(context, email)[Action.RESTORE])


def describe(info: VersionInfo, log: EventLog, members: Members) -> str:
    """'Submitted by Ana · changes requested by Bo' or '… · approved by Bo, Cy · published by Pat'."""
    said: dict[str, list[str]] = {}
    requests = [event for event in log.events
                if event.kind == "request_changes" and event.version == info.hash]
    for event in sorted([*info.events, *requests], key=lambda event: (event.at, event.id)):
        name = person(members, event.by, event.by_name)
        if event.kind == "restore" and event.version != info.hash:
            said.setdefault("replaced by a restore", [])
        else:
            verb = {"submit": "submitted", "approve": "approved", "publish": "published",
                    "request_changes": "changes requested", "restore": "restored"}[event.kind]
            said.setdefault(f"{verb} by", []).append(name)
    text = " · ".join(f"{what} {', '.join(dict.fromkeys(names))}".strip() for what, names in said.items())
    return text[:1].upper() + text[1:]


def _row_item(text: str, tooltip: str = "") -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        cell.setToolTip(tooltip)
    return cell


class HistoryDialog(QDialog):
    restored = Signal(object)     # Path of the source file the restore rewrote
    loaded = Signal()             # the version list shows the latest history
    diff_shown = Signal()         # the diff view shows the selected comparison
    failed = Signal(str)

    def __init__(self, workspace: Workspace, item: Item, email: str,
                 save_first: Callable[[], bool] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {item.title}")
        self.workspace, self.item, self.email = workspace, item, email
        self.save_first = save_first or (lambda: True)
        self.runner = TaskRunner(self)
        self.history: History | None = None
        self.diff: VersionDiff | None = None
        self.confirm_box: QMessageBox | None = None
        self.confirm_button: QPushButton | None = None
        self._diff_generation = 0

        intro = QLabel(f"<b>{html.escape(item.title)}</b> — every version that was submitted, approved, "
                       "published or replaced by a restore.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Version", "When", "What happened"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.view = QTextEdit(readOnly=True)
        self.view.setPlaceholderText(HINT)
        self.view.document().setDocumentMargin(12)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([400, 660])
        self.error_frame, self.error_label = notice_box("error")
        self.error_frame.hide()
        self.note = QLabel(HINT)
        self.note.setWordWrap(True)
        set_role(self.note, Role.HINT)
        self.restore_button = QPushButton("Restore this version as a new draft…")
        self.restore_button.clicked.connect(self.confirm_restore)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.restore_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.error_frame)
        layout.addWidget(self.note)
        layout.addLayout(bottom)
        self.resize(1080, 640)
        self._update_restore()
        self.reload()

    # -- the version list -------------------------------------------------------------------
    def reload(self) -> None:
        workspace, source, email = self.workspace, self.item.source, self.email
        self.runner.start(lambda _p, _c: load_history(workspace, source, email), self._loaded, self._failed)

    def _loaded(self, history: History) -> None:
        self.history = history
        current = history.context.content.hash
        rows: list[tuple[str, str, str, str, str]] = []   # hash, label, when, when in full, what
        members = history.context.members
        for info in history.versions:
            label = info.label + (" (current)" if info.hash == current else "")
            rows.append((info.hash, label, human_time(info.first_at.timestamp()),
                         info.first_at.astimezone().strftime("%d %B %Y, %H:%M"),
                         describe(info, history.context.log, members)))
        if current not in {info.hash for info in history.versions}:
            rows.append((current, "Now", "—", "", "Current content, not submitted in this form"))
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for values in reversed(rows):        # newest first
            row = self.table.rowCount()
            self.table.insertRow(row)
            version = _row_item(values[1], f"Content hash {values[0]}")
            version.setData(HASH_ROLE, values[0])
            if values[0] == current:
                font = version.font()
                font.setBold(True)
                version.setFont(font)
            self.table.setItem(row, 0, version)
            self.table.setItem(row, 1, _row_item(values[2], values[3]))
            self.table.setItem(row, 2, _row_item(values[4], values[4]))
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._selection_changed()
        self.loaded.emit()

    def select_versions(self, *labels: str) -> None:
        """Select the rows of these versions ('v1', 'Now'…); a comparison follows."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in range(self.table.rowCount()):
            if self._cell(row).text().split(" ")[0] in labels:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def selected_hashes(self) -> list[str]:
        """Selected versions, oldest first (rows are listed newest first)."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        return [str(self._cell(row).data(HASH_ROLE)) for row in rows]

    def _cell(self, row: int) -> QTableWidgetItem:
        cell = self.table.item(row, 0)
        assert cell is not None   # every row gets its cells when the list is filled
        return cell

    # -- comparing ----------------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        self._update_restore()
        pair = self._pair()
        self._diff_generation += 1
        if pair is None or self.history is None:
            self.view.clear()
            return
        generation, history = self._diff_generation, self.history
        versions, current = history.versions, history.context.content.hash

        def job(_progress: object, _cancel: object) -> VersionDiff:
            old, new = (self._snapshot(history, version) for version in pair)
            return review.diff_snapshots(old, new, review.label_of(old.hash, versions, current),
                                         review.label_of(new.hash, versions, current))
        self.runner.start(job, lambda diff: self._show_diff(generation, diff), self._failed)

    def _pair(self) -> tuple[str, str] | None:
        """(older, newer) to compare: the two selected, or the one selected and the current content."""
        chosen = self.selected_hashes()
        if len(chosen) == 2:
            return chosen[0], chosen[1]
        if len(chosen) != 1 or self.history is None:
            return None
        current = self.history.context.content.hash
        if chosen[0] != current:
            return chosen[0], current
        oldest_first = [str(self._cell(row).data(HASH_ROLE))
                        for row in reversed(range(self.table.rowCount()))]
        position = oldest_first.index(current)
        return (oldest_first[position - 1], current) if position > 0 else None

    def _snapshot(self, history: History, version: str) -> Snapshot:
        if version == history.context.content.hash:
            return review.snapshot_of(history.context.content)
        return review.load_snapshot(self.workspace, history.context.item_id, version)

    def _show_diff(self, generation: int, diff: VersionDiff) -> None:
        if generation != self._diff_generation:
            return
        self.diff = diff
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        self.view.setHtml(diff_html(diff, dark=is_dark(self.palette()), mono=mono))
        self.diff_shown.emit()

    # -- restoring ----------------------------------------------------------------------------------
    def _restorable(self) -> tuple[str | None, str]:
        """(version to restore, "") or (None, why not)."""
        if self.history is None:
            return None, "The history is still loading."
        chosen = self.selected_hashes()
        if len(chosen) != 1:
            return None, "Select one version to restore."
        if chosen[0] == self.history.context.content.hash:
            return None, "This version is the current content already."
        if self.history.restore_refusal:
            return None, self.history.restore_refusal
        return chosen[0], ""

    def _update_restore(self) -> None:
        version, reason = self._restorable()
        self.restore_button.setEnabled(version is not None)
        self.restore_button.setToolTip(reason or "Write this version back as the current draft. The current "
                                       "content stays in the history.")

    def confirm_restore(self) -> None:
        version, reason = self._restorable()
        if version is None or self.history is None:
            self._failed(reason)
            return
        label = review.label_of(version, self.history.versions, "")
        box = QMessageBox(QMessageBox.Icon.Question, f"Restore {label}?",
                          f"Restore {label} of “{self.item.title}” as the current draft?", parent=self)
        box.setInformativeText("The text, details and media of that version replace what is there now. "
                               "The current content is kept in the history, so you can restore it later. "
                               "The item goes back to draft and needs a new review.")
        self.confirm_button = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._confirmed(box, version))
        self.confirm_box = box
        box.open()

    def _confirmed(self, box: QMessageBox, version: str) -> None:
        if box.clickedButton() is not self.confirm_button:
            return
        if not self.save_first():
            self._failed("Your latest edits could not be saved, so nothing was restored. Resolve the saving "
                         "problem first, then try again.")
            return
        workspace, source, email = self.workspace, self.item.source, self.email
        self.restore_button.setEnabled(False)
        self.runner.start(
            lambda _p, _c: review.restore(workspace, workspace.read_item(source), email, version),
            lambda _event: self._restored(version), self._failed)

    def _restored(self, version: str) -> None:
        label = review.label_of(version, self.history.versions, "") if self.history else version[:12]
        self.error_frame.hide()
        self.note.setText(f"Restored {label} as the current draft. The content it replaced is kept in the "
                          "history.")
        self.restored.emit(self.item.source)
        self.reload()

    def _failed(self, text: str) -> None:
        self.error_label.setText(f"<b>That did not work.</b> {html.escape(text)}")
        self.error_frame.show()
        self._update_restore()
        self.failed.emit(text)
