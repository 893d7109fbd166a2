"""Small dialogs for library items: a new lesson, a new curated link, a new title."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.kit.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPalette,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.kit.theme import Role, set_role
from editor.paths import TEMPLATES

if TYPE_CHECKING:   # the search engine loads only when a dialog really shows similar items
    from app.search.similar_dialog import SimilarItemsPanel
    from editor.search.similar import SimilarItem

# Shown when a template's front matter carries no summary of its own.
_TEMPLATE_DESCRIPTIONS = {
    "blank": "Why it matters, how to do it, and key takeaways to fill in.",
    "concept": "One idea: why it matters, how it works, an example and a quick check.",
    "how-to": "A task step by step, with a warning, a check and something to apply.",
    "knowledge-check": "Quiz questions of every kind and flashcards to practise with.",
    "video": "A short video with what to notice, a question and key takeaways.",
}


def template_description(name: str) -> str:
    """One line saying what the template ``name`` starts you with."""
    from editor import frontmatter  # with the dialog, not with the window

    try:
        meta = frontmatter.parse((TEMPLATES / f"{name}.md").read_text(encoding="utf-8")).meta
    except (OSError, UnicodeDecodeError):
        meta = {}
    summary = str(meta.get("summary") or "").strip()
    return summary or _TEMPLATE_DESCRIPTIONS.get(name, f"Start from the '{name}' template.")


def template_label(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").capitalize()


def link_url_problem(url: str) -> str:
    """Why ``url`` cannot be a curated link, or "" when it can."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [ in an IPv6 address
        return "This is not a valid web address; copy it from the browser's address bar."
    if parts.scheme.lower() not in ("http", "https"):
        return "Enter a web address starting with https:// (or http://)."
    if not parts.hostname or " " in url:
        return "This address has no valid site name; copy it from the browser's address bar."
    return ""


def _ok_button(buttons: QDialogButtonBox) -> QPushButton:
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def _dialog_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    _ok_button(buttons).setText(ok_text)
    _ok_button(buttons).setEnabled(False)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewLessonDialog(QDialog):
    """Title and template for a new lesson; OK stays off until there is a title."""

    def __init__(self, templates: list[str], parent: QWidget | None = None,
                 similar: SimilarItemsPanel | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New lesson")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Giving feedback that lands")
        self.template_list = QListWidget()
        self.template_list.setAlternatingRowColors(True)
        self.template_list.setSpacing(2)
        self.template_list.setWordWrap(True)
        self.template_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for name in templates:
            entry = QListWidgetItem(f"{template_label(name)}\n{template_description(name)}")
            entry.setData(Qt.ItemDataRole.UserRole, name)
            entry.setToolTip(template_description(name))
            self.template_list.addItem(entry)
        default = templates.index("blank") if "blank" in templates else 0
        self.template_list.setCurrentRow(default)
        self.buttons = _dialog_buttons(self, "Create lesson")
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        template_label_widget = QLabel("&Start from:")
        template_label_widget.setBuddy(self.template_list)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(template_label_widget)
        layout.addWidget(self.template_list, 1)
        self.similar = _add_similar(self, layout, similar)
        self.guard = DuplicateGuard(self, layout, self.buttons, similar, "Create lesson") if similar else None
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self._update_ok)
        if self.similar is not None:
            # Find before you create: the cheapest lesson is the one that already exists.
            self.title_edit.textChanged.connect(self._probe_similar)
        self.template_list.currentRowChanged.connect(self._update_ok)
        self.template_list.itemDoubleClicked.connect(lambda _item: self._accept_if_ready())
        self.resize(500, 400)
        self._update_ok()

    def _probe_similar(self, title: str) -> None:
        if self.similar is not None:
            from editor.search.similar import Probe

            self.similar.set_probe(Probe(title))

    def values(self) -> tuple[str, str]:
        """(title, template name)."""
        current = self.template_list.currentItem()
        template = str(current.data(Qt.ItemDataRole.UserRole)) if current else ""
        return self.title_edit.text().strip(), template

    def _ready(self) -> bool:
        title, template = self.values()
        return bool(title and template)

    def _update_ok(self) -> None:
        _ok_button(self.buttons).setEnabled(self._ready())

    def _accept_if_ready(self) -> None:
        if self._ready():
            self.accept()

    def accept(self) -> None:
        if self.guard is None or self.guard.may_create():
            super().accept()


class NewLinkDialog(QDialog):
    """A curated link: address, title and what a learner should know before opening it."""

    def __init__(self, parent: QWidget | None = None, similar: SimilarItemsPanel | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add link")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://…")
        self.url_error = QLabel()
        self.url_error.setWordWrap(True)
        palette = self.url_error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.red)
        self.url_error.setPalette(palette)
        self.url_error.hide()
        self.title_edit = QLineEdit()
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("Why is it worth a learner's time?")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setFixedHeight(self.summary_edit.fontMetrics().lineSpacing() * 4)
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText("e.g. Harvard Business Review")
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(0, 600)
        self.duration_spin.setSuffix(" min")
        self.duration_spin.setSpecialValueText("Not known")
        self.skills_edit = QLineEdit()
        self.skills_edit.setPlaceholderText("Comma separated, e.g. Feedback, Coaching")
        self.buttons = _dialog_buttons(self, "Add link")
        form = QFormLayout()
        form.addRow("&Address:", self.url_edit)
        form.addRow("", self.url_error)
        form.addRow("&Title:", self.title_edit)
        form.addRow("S&ummary:", self.summary_edit)
        form.addRow("S&ource:", self.source_edit)
        form.addRow("&Duration:", self.duration_spin)
        form.addRow("S&kills:", self.skills_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.similar = _add_similar(self, layout, similar)
        self.guard = DuplicateGuard(self, layout, self.buttons, similar, "Add link") if similar else None
        layout.addWidget(self.buttons)
        self.url_edit.textChanged.connect(self._update_ok)
        if self.similar is not None:
            for edit_signal in (self.url_edit.textChanged, self.title_edit.textChanged,
                                self.summary_edit.textChanged):
                edit_signal.connect(self._probe_similar)
        self.title_edit.textChanged.connect(self._update_ok)
        self.setMinimumWidth(460)
        self._update_ok()

    def _probe_similar(self, *_args: object) -> None:
        if self.similar is not None:
            from editor.search.similar import Probe

            self.similar.set_probe(Probe(self.title_edit.text(), self.summary_edit.toPlainText(),
                                         url=self.url_edit.text()))

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``Workspace.new_link``."""
        skills = [part.strip() for part in self.skills_edit.text().split(",") if part.strip()]
        return {
            "url": self.url_edit.text().strip(),
            "title": self.title_edit.text().strip(),
            "summary": self.summary_edit.toPlainText().strip(),
            "source": self.source_edit.text().strip(),
            "duration_minutes": self.duration_spin.value() or None,
            "skills": skills,
        }

    def accept(self) -> None:
        if self.guard is None or self.guard.may_create():
            super().accept()

    def _update_ok(self) -> None:
        problem = link_url_problem(self.url_edit.text())
        self.url_error.setText(problem)
        self.url_error.setVisible(bool(problem))
        values = self.values()
        _ok_button(self.buttons).setEnabled(bool(values["url"] and values["title"] and not problem))


class RenameDialog(QDialog):
    """A new title for an item; OK needs a non-empty title that differs from the current one."""

    def __init__(self, current_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename")
        self.current_title = current_title
        self.title_edit = QLineEdit(current_title)
        self.title_edit.selectAll()
        self.buttons = _dialog_buttons(self, "Rename")
        form = QFormLayout()
        form.addRow("New &title:", self.title_edit)
        hint = QLabel("The folder keeps its name, so links to this item keep working.")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self._update_ok)
        self.setMinimumWidth(420)
        self._update_ok()

    def value(self) -> str:
        return self.title_edit.text().strip()

    def _update_ok(self) -> None:
        _ok_button(self.buttons).setEnabled(self.value() not in ("", self.current_title.strip()))


class DuplicateGuard(QObject):
    """Find before you create: when the library already holds the same item (same title, a re-worded
    title, or the same address), "Open the existing one" becomes the default button and Create asks
    once more ("Create anyway") before making a twin."""

    def __init__(self, dialog: QDialog, layout: QVBoxLayout, buttons: QDialogButtonBox,
                 similar: SimilarItemsPanel, create_text: str) -> None:
        super().__init__(dialog)
        self.dialog, self.similar, self.create_text = dialog, similar, create_text
        self.create = _ok_button(buttons)
        self.open_existing = buttons.addButton("&Open the existing one",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.open_existing.hide()
        self.open_existing.clicked.connect(self._open_existing)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        set_role(self.warning, Role.ERROR)
        self.warning.hide()
        self.confirming = False
        layout.addWidget(self.warning)
        similar.found.connect(lambda _count: self._update())
        self._update()

    def duplicate(self) -> SimilarItem | None:
        return next((item for item in self.similar.items if item.duplicate), None)

    def _update(self) -> None:
        twin = self.duplicate()
        self.confirming = False
        self.create.setText(self.create_text)
        self.open_existing.setVisible(twin is not None)
        self.open_existing.setDefault(twin is not None)
        self.create.setDefault(twin is None)
        self.create.setAutoDefault(twin is None)
        self.warning.setVisible(twin is not None)
        if twin is not None:
            self.warning.setText(f"Already in the library ({twin.reason}): open the existing one, or "
                                 "create another anyway.")

    def may_create(self) -> bool:
        """True when there is no twin, or the person confirmed; else ask (Create becomes "Create anyway")."""
        if self.duplicate() is None or self.confirming:
            return True
        self.confirming = True
        self.create.setText("Create &anyway")
        self.warning.setText(f"{self.warning.text()} Click “Create anyway” to make a second one.")
        return False

    def _open_existing(self) -> None:
        twin = self.duplicate()
        if twin is not None:
            self.similar.open_requested.emit(twin.hit.source)   # the dialog closes on it


def _add_similar(dialog: QDialog, layout: QVBoxLayout, similar: SimilarItemsPanel | None,
                 ) -> SimilarItemsPanel | None:
    """Put the "already in the library" panel in ``dialog``; opening one of its items cancels."""
    if similar is not None:
        layout.addWidget(similar)
        similar.open_requested.connect(lambda _path: dialog.reject())
    return similar


def ask_rename(parent: QWidget | None, current_title: str) -> str | None:
    """Ask for a new title; None if the user cancelled."""
    dialog = RenameDialog(current_title, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()
