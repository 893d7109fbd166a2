"""An editable list of rows (answers, flashcards, takeaways): add, remove and reorder from the keyboard.

Rows are plain dicts keyed by column. Rows whose main text is still empty stay on screen but are not
reported as values (a lesson cannot hold an answer without text), so a freshly added row never
breaks the block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from app.editing.card_base import show_line, tool_button
from app.editing.rich_text import InlineField
from app.kit.qt import (
    QCheckBox,
    QHBoxLayout,
    QKeySequence,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str       # placeholder of a text column, text of a check column; also the screen-reader name
    check: bool = False
    stretch: int = 1
    below: bool = False     # on a second line under the others (long optional text, e.g. feedback)


class _Row(QWidget):
    def __init__(self, owner: RowList) -> None:
        super().__init__()
        self.owner = owner
        self.widgets: dict[str, InlineField | QCheckBox] = {}
        lines = QVBoxLayout(self)
        lines.setContentsMargins(0, 0, 0, 4)
        lines.setSpacing(2)
        layout, second = QHBoxLayout(), QHBoxLayout()
        second.setContentsMargins(24, 0, 0, 0)
        lines.addLayout(layout)
        for column in owner.columns:
            widget: InlineField | QCheckBox
            if column.check:
                widget = QCheckBox(column.label)
                widget.toggled.connect(lambda _on, key=column.key: owner.row_edited(self, key))
            else:
                widget = InlineField(column.label)
                widget.textEdited.connect(lambda _text, key=column.key: owner.row_edited(self, key))
            widget.setAccessibleName(column.label)
            owner.guard(widget)
            self.widgets[column.key] = widget
            (second if column.below else layout).addWidget(widget, column.stretch)
        for text, tip, step in (("↑", "Move up", -1), ("↓", "Move down", 1)):
            layout.addWidget(tool_button(text, f"{tip} (Ctrl+{'Up' if step < 0 else 'Down'})",
                                         partial(owner.move_row, self, step),
                                         name=f"{tip} {owner.noun}", focusable=False))
        layout.addWidget(tool_button("✕", f"Remove this {owner.noun}", lambda: owner.remove(self)))
        if second.count():
            lines.addLayout(second)
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: owner.move_row(self, s))

    def values(self) -> dict[str, Any]:
        return {key: widget.isChecked() if isinstance(widget, QCheckBox) else widget.text()
                for key, widget in self.widgets.items()}

    def show_values(self, values: dict[str, Any]) -> None:
        for key, widget in self.widgets.items():
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(values.get(key, False)))
            elif widget.text() != values.get(key, ""):
                show_line(widget, str(values.get(key, "")))
            widget.blockSignals(False)


class RowList(QWidget):
    changed = Signal(str)       # the key of the column the user changed ("" for add/remove/move)

    def __init__(self, columns: list[Column], noun: str, guard: Callable[[QWidget], QWidget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.noun = noun
        self.guard = guard
        self._rows: list[_Row] = []
        self.last_edited: QWidget | None = None   # the widget of the latest change, e.g. a ticked box
        self._layout = QVBoxLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"+ Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(lambda: self.add_row())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._layout)
        outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    @property
    def main_key(self) -> str:
        return self.columns[0].key

    def rows(self) -> list[dict[str, Any]]:
        """Every row on screen, empty ones included."""
        return [row.values() for row in self._rows]

    def filled_rows(self) -> list[dict[str, Any]]:
        """The rows a lesson can hold: those whose main text is written (trimmed)."""
        filled = []
        for values in self.rows():
            if str(values[self.main_key]).strip():
                filled.append({key: value.strip() if isinstance(value, str) else value
                               for key, value in values.items()})
        return filled

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        while len(self._rows) > len(rows):
            self._rows.pop().deleteLater()
        while len(self._rows) < len(rows):
            self._append()
        for row, values in zip(self._rows, rows, strict=True):
            row.show_values(values)

    def add_row(self, values: dict[str, Any] | None = None) -> QWidget:
        row = self._append()
        if values:
            row.show_values(values)
        first = row.widgets[self.main_key]
        first.setFocus()
        self.changed.emit("")
        return first

    def row_widget(self, row: int, key: str) -> InlineField | QCheckBox:
        return self._rows[row].widgets[key]

    def _append(self) -> _Row:
        row = _Row(self)
        self._rows.append(row)
        self._layout.addWidget(row)
        return row

    def row_edited(self, row: _Row, key: str) -> None:
        self.last_edited = row.widgets[key]
        self.changed.emit(key)

    def uncheck_others(self, key: str, keep: QWidget) -> None:
        for row in self._rows:
            widget = row.widgets[key]
            if widget is not keep and isinstance(widget, QCheckBox) and widget.isChecked():
                widget.blockSignals(True)
                widget.setChecked(False)
                widget.blockSignals(False)

    def move_row(self, row: _Row, step: int) -> None:
        index = self._rows.index(row)
        other = index + step
        if not 0 <= other < len(self._rows):
            return
        focused = next((key for key, widget in row.widgets.items() if widget.hasFocus()), self.main_key)
        mine, theirs = row.values(), self._rows[other].values()
        row.show_values(theirs)
        self._rows[other].show_values(mine)
        self._rows[other].widgets[focused].setFocus()
        self.changed.emit("")

    def remove(self, row: _Row) -> None:
        index = self._rows.index(row)
        self._rows.pop(index).deleteLater()
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].widgets[self.main_key].setFocus()
        else:
            self.add_button.setFocus()
        self.changed.emit("")
