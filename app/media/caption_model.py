"""The cue table behind the caption editor: start, end, text and what is wrong, over an immutable Captions.

The model never changes the captions itself. An edit in the table is validated, turned into a new
``Captions`` value and offered through ``edit_requested``; the editor pushes it on its undo stack,
whose commands call ``set_captions``. So every change, typed or from a button, can be undone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from app.kit.qt import (
    QAbstractTableModel,
    QColor,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUndoCommand,
    Signal,
)
from editor.diagnostics import Severity
from editor.media.captions import CaptionProblem, Captions
from editor.media.errors import MediaError
from editor.media.timecode import parse_time, to_milliseconds

START, END, TEXT, CHECK = range(4)
HEADERS = ("Start", "End", "Text", "Check")
Index = QModelIndex | QPersistentModelIndex
_ROLE = Qt.ItemDataRole
_BACKGROUNDS = {"current": QColor("#d7e6ff"), Severity.ERROR: QColor("#fbe1df"),
                Severity.WARNING: QColor("#fff2cc")}


def cue_time(milliseconds: int) -> str:
    """``m:ss.mmm`` — exact to the millisecond as cue files are, and readable back by ``parse_time``."""
    minutes, rest = divmod(max(0, milliseconds), 60_000)
    return f"{minutes}:{rest // 1000:02d}.{rest % 1000:03d}"


class CaptionsModel(QAbstractTableModel):
    edit_requested = Signal(object, str, int)   # new Captions, description for undo, row to select
    invalid_edit = Signal(str)                  # why a typed value was refused

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.captions = Captions()
        self.duration: int | None = None        # ms; enables the "after the end" check
        self.current = -1                       # the cue showing at the playhead
        self.problems: dict[int, list[CaptionProblem]] = {}

    def set_captions(self, captions: Captions) -> None:
        self.beginResetModel()
        self.captions = captions
        self.current = -1
        self._check()
        self.endResetModel()

    def set_duration(self, milliseconds: int) -> None:
        self.duration = milliseconds or None
        self._check()
        if self.captions.cues:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.captions.cues) - 1, CHECK))

    def set_current(self, row: int) -> None:
        if row == self.current:
            return
        previous, self.current = self.current, row
        for changed in (previous, row):
            if 0 <= changed < self.rowCount():
                self.dataChanged.emit(self.index(changed, 0), self.index(changed, CHECK))

    def row_at(self, milliseconds: int) -> int:
        """The cue showing at ``milliseconds`` (the latest starting one when they overlap), else -1."""
        found = -1
        for row, cue in enumerate(self.captions.cues):
            if cue.start <= milliseconds < cue.end:
                found = row
        return found

    def all_problems(self) -> list[CaptionProblem]:
        return [problem for row in sorted(self.problems) for problem in self.problems[row]]

    def _check(self) -> None:
        self.problems = {}
        for problem in self.captions.problems(self.duration):
            self.problems.setdefault(problem.cue - 1, []).append(problem)

    # -- Qt model interface -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.captions.cues)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _ROLE.DisplayRole) -> Any:
        if role != _ROLE.DisplayRole:
            return None
        return HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() != CHECK else flags

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        cue, problems = self.captions.cues[row], self.problems.get(row, [])
        if role in (_ROLE.DisplayRole, _ROLE.EditRole):
            if column == CHECK:
                return problems[0].message.split(". ")[0] if problems else ""
            if column == TEXT:
                return cue.text
            return cue_time(cue.start if column == START else cue.end)
        if role == _ROLE.ToolTipRole and problems:
            return "\n".join(str(problem) for problem in problems)
        if role == _ROLE.BackgroundRole:
            if row == self.current:
                return _BACKGROUNDS["current"]
            worst = min((problem.severity for problem in problems), key=_severity_rank, default=None)
            return _BACKGROUNDS.get(worst) if worst is not None else None
        if role == _ROLE.ForegroundRole and (row == self.current or problems):
            return QColor("#1d1f23")   # readable on the light highlight in dark themes too
        if role == _ROLE.FontRole and row == self.current:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = _ROLE.EditRole) -> bool:
        if role != _ROLE.EditRole or not index.isValid() or index.column() == CHECK:
            return False
        row, column = index.row(), index.column()
        cue = self.captions.cues[row]
        if column == TEXT:
            if str(value) == cue.text:
                return False
            changed = dataclasses.replace(cue, text=str(value))
        else:
            try:
                milliseconds = to_milliseconds(parse_time(str(value)))
            except MediaError as exc:
                self.invalid_edit.emit(str(exc))
                return False
            start, end = (milliseconds, cue.end) if column == START else (cue.start, milliseconds)
            if (start, end) == (cue.start, cue.end):
                return False
            changed = dataclasses.replace(cue, start=start, end=end)
        what = HEADERS[column].lower()
        # Keep the row in place for text edits; time edits may move the cue to keep time order.
        edited = Captions((*self.captions.cues[:row], changed, *self.captions.cues[row + 1:]))
        if column != TEXT:
            edited = self.captions.replace(row, changed)
        self.edit_requested.emit(edited, f"Edit {what} of cue {row + 1}", edited.cues.index(changed))
        return True


def _severity_rank(severity: Severity) -> int:
    return 0 if severity is Severity.ERROR else 1


class CaptionsChange(QUndoCommand):
    """One undoable change: swap the whole (immutable) captions value, and select the affected rows."""

    def __init__(self, apply: Callable[[Captions, list[int]], None], before: Captions, after: Captions,
                 text: str, rows_after: list[int], rows_before: list[int]) -> None:
        super().__init__(text)
        self._apply = apply
        self.before, self.after = before, after
        self.rows_after, self.rows_before = rows_after, rows_before

    def redo(self) -> None:
        self._apply(self.after, self.rows_after)

    def undo(self) -> None:
        self._apply(self.before, self.rows_before)
