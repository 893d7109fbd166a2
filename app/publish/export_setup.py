"""The first page of the export dialog: what to export, as what, and where.

The lessons and links in course order (drag or Move up/down; more can be added from the library,
found by any part of their title), a course title when there are several, the formats as
checkboxes with their human names, and the folder. ``problem()`` says what keeps an export from
starting; the hint under the form says it, or which files will be written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.kit.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStandardPaths,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from editor.slugs import slugify
from editor.workspace import Item
from publishing.packages import FORMATS

_ITEM_ROLE = Qt.ItemDataRole.UserRole


def default_export_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Tessera exports"


def package_path(folder: Path, items: Sequence[Item], title: str, fmt: str) -> Path:
    """``<lesson folder name or course title>-<format><suffix>`` in ``folder``."""
    if len(items) == 1:
        base = items[0].path.name if items[0].kind == "lesson" else items[0].path.stem
    else:
        base = slugify(title, "course")
    return folder / f"{base}-{fmt}{FORMATS[fmt].suffix}"


def item_label(item: Item) -> str:
    return f"{item.title}  ·  {'Lesson' if item.kind == 'lesson' else 'Link'}"


class ExportSetup(QWidget):
    changed = Signal()

    def __init__(self, items: Sequence[Item], formats: Sequence[str], folder: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson_list = QListWidget()
        self.lesson_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.lesson_list.setToolTip("The course order: drag to reorder")
        self.lesson_list.setSpacing(1)
        for item in items:
            self._append(item)
        self.lesson_list.model().rowsMoved.connect(self.update_hint)
        self.lesson_list.currentRowChanged.connect(self.update_hint)
        self.add_combo = QComboBox()
        self.add_combo.setEditable(True)
        self.add_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_combo.setEnabled(False)                   # until the library is read
        self.add_edit = QLineEdit()
        self.add_edit.setPlaceholderText("Type to find a lesson or link in the library…")
        self.add_combo.setLineEdit(self.add_edit)
        # Titles are found by any word in them, not only by how they start.
        completer = QCompleter(self.add_combo.model(), self.add_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_combo.setCompleter(completer)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self._add_chosen)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove_current)
        adding = QHBoxLayout()
        adding.addWidget(self.add_combo, 1)
        adding.addWidget(self.add_button)
        order = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            order.addWidget(button)
        order.addStretch(1)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. New starter essentials")
        self.title_edit.textChanged.connect(self.update_hint)
        self.title_label = QLabel("Course &title:")
        self.title_label.setBuddy(self.title_edit)
        self.format_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for number, (name, package_format) in enumerate(FORMATS.items()):
            box = QCheckBox(package_format.title)
            box.setChecked(name in formats)
            box.toggled.connect(self.update_hint)
            self.format_boxes[name] = box
            grid.addWidget(box, number // 2, number % 2)
        self.folder_edit = QLineEdit(str(folder or default_export_folder()))
        self.folder_edit.textChanged.connect(self.update_hint)
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(choose)
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        lessons = QVBoxLayout()
        lessons.addWidget(self.lesson_list, 1)
        lessons.addLayout(order)
        lessons.addLayout(adding)
        form.addRow("Lessons:", lessons)
        form.addRow(self.title_label, self.title_edit)
        form.addRow("Formats:", grid)
        form.addRow("Save in:", folder_row)
        form.addRow(self.hint)
        self.update_hint()

    # -- what is chosen ------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        """The lessons and links to export, in course order."""
        return [self.lesson_list.item(row).data(_ITEM_ROLE) for row in range(self.lesson_list.count())]

    def formats(self) -> list[str]:
        return [name for name, box in self.format_boxes.items() if box.isChecked()]

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def course_title(self) -> str:
        """The title typed for a course; a single lesson keeps its own."""
        return self.title_edit.text().strip() if self.lesson_list.count() > 1 else ""

    def problem(self) -> str:
        """What keeps the export from starting ("" when nothing does)."""
        if not self.items():
            return "Add at least one lesson or link to export."
        if not self.formats():
            return "Choose at least one format."
        folder = self.folder()
        if not self.folder_edit.text().strip() or not folder.is_absolute():
            return "Choose the folder to save the packages in."
        if folder.exists() and not folder.is_dir():
            return f"{folder} is a file, not a folder. Choose a folder."
        return ""

    def say(self, message: str, *, error: bool) -> None:
        self.hint.setText(message)
        set_role(self.hint, Role.ERROR if error else Role.HINT)

    def update_hint(self) -> None:
        several = self.lesson_list.count() > 1
        self.title_label.setVisible(several)
        self.title_edit.setVisible(several)
        row = self.lesson_list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.lesson_list.count() - 1)
        self.remove_button.setEnabled(row >= 0)
        problem = self.problem()
        items, title = self.items(), self.course_title()
        names = ", ".join(package_path(self.folder(), items, title, fmt).name for fmt in self.formats())
        self.say(problem or f"Will save {names}. An earlier export with the same name is replaced.",
                 error=bool(problem))
        self.changed.emit()

    # -- the library ------------------------------------------------------------------------------------
    def show_library(self, library: list[Item]) -> None:
        self.add_combo.clear()
        for item in sorted((i for i in library if not i.problem), key=lambda i: i.title.lower()):
            self.add_combo.addItem(item_label(item), item)
        self.add_combo.setCurrentIndex(-1)
        self.add_combo.setEnabled(True)

    def library_failed(self, message: str) -> None:
        self.add_edit.setPlaceholderText(f"The library could not be read: {message}")

    def _append(self, item: Item) -> None:
        entry = QListWidgetItem(item_label(item))
        entry.setData(_ITEM_ROLE, item)
        entry.setToolTip(str(item.path))
        self.lesson_list.addItem(entry)

    def _chosen(self) -> Item | list[Item]:
        """The library entry the typed text names: exactly, or as the only title containing it."""
        typed = self.add_edit.text().strip()
        exact = self.add_combo.findText(typed)
        if exact >= 0:
            return self.add_combo.itemData(exact)  # type: ignore[no-any-return]
        library = [self.add_combo.itemData(row) for row in range(self.add_combo.count())]
        matches = [item for item in library if typed and typed.lower() in item.title.lower()]
        return matches[0] if len(matches) == 1 else matches

    def _add_chosen(self) -> None:
        item = self._chosen()
        if not isinstance(item, Item):
            typed = self.add_edit.text().strip()
            self.say(f"{len(item)} titles contain “{typed}”: pick one from the list." if item else
                     "Nothing in the library has that title: type part of a title and pick it from the list.",
                     error=True)
            return
        if any(existing.source == item.source for existing in self.items()):
            self.say(f"“{item.title}” is already in the list; each part appears once.", error=True)
            return
        self._append(item)
        self.add_combo.setCurrentIndex(-1)
        self.lesson_list.setCurrentRow(self.lesson_list.count() - 1)
        self.update_hint()

    def _move(self, step: int) -> None:
        row = self.lesson_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.lesson_list.count():
            return
        self.lesson_list.insertItem(target, self.lesson_list.takeItem(row))
        self.lesson_list.setCurrentRow(target)

    def _remove_current(self) -> None:
        self.lesson_list.takeItem(self.lesson_list.currentRow())
        self.update_hint()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save the packages in", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
