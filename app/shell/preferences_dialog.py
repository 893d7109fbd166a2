"""The Preferences dialog: edits a copy of ``Preferences``; the caller saves and applies the result."""

from __future__ import annotations

import dataclasses

from app.kit.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPalette,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from app.kit.settings import (
    AUTOSAVE_SECONDS_RANGE,
    EXPORT_FORMATS,
    FONT_SIZE_RANGE,
    LESSON_VIEWS,
    THEMES,
    Preferences,
    email_problem,
    preference_title,
)
from app.kit.theme import Role, editor_font, set_role

# Mnemonic letters for the export format checkboxes; the other fields' letters must stay distinct.
_FORMAT_MNEMONICS = {"scorm12": "1", "scorm2004": "2", "cmi5": "m", "xapi": "x", "html": "H", "imscc": "C"}
_EMAIL_HINT = ("Who you are in reviews, best chosen in Library ▸ People. A name tag, not a login: "
               "nothing checks it.")
_FONT_SAMPLE = "## Ask, then **listen**"
_FORMAT_COLUMNS = 2


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_role(label, Role.HINT)
    return label


def _align_label_columns(forms: list[QFormLayout]) -> None:
    """Give the forms of all groups one label width, so their fields line up down the dialog."""
    labels = [
        label
        for form in forms
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and (label := item.widget()) is not None
    ]
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


def _with_mnemonic(text: str, letter: str) -> str:
    """``text`` with "&" before the first ``letter``, so Alt+letter reaches the field."""
    at = text.index(letter)
    return f"{text[:at]}&{text[at:]}"


class PreferencesDialog(QDialog):
    """Grouped form over one ``Preferences``; ``preferences()`` returns the edited copy.

    Preferences the dialog does not show (the preview width, chosen from the View menu) pass through
    unchanged, also by Restore Defaults.
    """

    def __init__(self, prefs: Preferences, parent: QWidget | None = None, *, focus: str = "") -> None:
        """``focus="captions"`` opens with the caption model folder field focused."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._original = prefs

        # Widgets are created in reading order, which is also the tab order.
        self._name = QLineEdit()
        self._name.setPlaceholderText("Shown as the owner of lessons you create")
        self._name.setMinimumWidth(self._name.fontMetrics().averageCharWidth() * 56)  # room for long names
        self._email = QLineEdit()
        self._email.setPlaceholderText("name@example.com")
        self._email_note = _hint(_EMAIL_HINT)
        self._theme = QComboBox()
        for value, title in THEMES.items():
            self._theme.addItem(title, value)
        self._lesson_view = QComboBox()
        for value, title in LESSON_VIEWS.items():
            self._lesson_view.addItem(title, value)
        self._font_size = QSpinBox()
        self._font_size.setRange(*FONT_SIZE_RANGE)
        self._font_size.setSuffix(" pt")
        self._font_sample = QLabel(_FONT_SAMPLE)
        self._font_sample.setFrameShape(QFrame.Shape.StyledPanel)
        self._font_sample.setAutoFillBackground(True)
        self._font_sample.setBackgroundRole(QPalette.ColorRole.Base)  # looks like the editor it previews
        self._font_sample.setMargin(8)
        self._font_sample.setAccessibleName("Editor font sample")
        # One steady size whatever the font size, so the dialog never jumps while the spin box turns:
        # tall enough for the largest size, and never wider than the form (long samples clip).
        self._font_sample.setFont(editor_font(FONT_SIZE_RANGE[1]))
        self._font_sample.setFixedHeight(self._font_sample.sizeHint().height())
        self._font_sample.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._autosave = QSpinBox()
        self._autosave.setRange(*AUTOSAVE_SECONDS_RANGE)
        self._autosave.setSuffix(" s")
        self._formats = {
            value: QCheckBox(_with_mnemonic(title, _FORMAT_MNEMONICS[value]))
            for value, title in EXPORT_FORMATS.items()
        }
        self._model_dir = QLineEdit()
        self._model_dir.setPlaceholderText("The model an installed package ships")
        self._model_browse = QPushButton("&Browse…")
        self._model_browse.setToolTip("Choose the folder of a Whisper model converted for faster-whisper")
        self._model_status = _hint("")
        for compact in (self._theme, self._lesson_view, self._font_size, self._autosave):
            compact.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # natural width
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )

        forms = {
            "Author": self._author_form(),
            "Appearance": self._appearance_form(),
            "Saving": self._saving_form(),
            "Publishing": self._publishing_form(),
            "Captions": self._captions_form(),
        }
        _align_label_columns(list(forms.values()))
        layout = QVBoxLayout(self)
        # The dialog takes exactly the size its content needs (growing when an error message appears):
        # resizable form dialogs get squeezed on small screens, clipping wrapped hints.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        for title, form in forms.items():
            group = QGroupBox(title)
            group.setLayout(form)
            layout.addWidget(group)
        layout.addWidget(self._buttons)

        self._email.textChanged.connect(self._check_email)
        self._font_size.valueChanged.connect(self._show_font_sample)
        self._model_dir.textChanged.connect(self._check_model)
        self._model_browse.clicked.connect(self._choose_model)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        restore = self._buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        restore.setToolTip("Put every setting in this dialog back to how Tessera ships")

        self._show(prefs)
        (self._model_dir if focus == "captions" else self._name).setFocus()

    def preferences(self) -> Preferences:
        """The edited copy. An email the form rejects keeps its previous value."""
        email = self._email.text().strip()
        return dataclasses.replace(
            self._original,
            author_name=self._name.text().strip(),
            author_email=self._original.author_email if email_problem(email) else email,
            theme=str(self._theme.currentData()),
            lesson_view=str(self._lesson_view.currentData()),
            editor_font_size=self._font_size.value(),
            autosave_seconds=self._autosave.value(),
            default_export_formats=tuple(value for value, box in self._formats.items() if box.isChecked()),
            captions_model_dir=self._model_dir.text().strip(),
        )

    def restore_defaults(self) -> None:
        self._show(Preferences())

    # -- building ----------------------------------------------------------------------------------

    def _author_form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(_with_mnemonic(preference_title("author_name"), "N") + ":", self._name)
        form.addRow(_with_mnemonic(preference_title("author_email"), "E") + ":", self._email)
        form.addRow("", self._email_note)
        return form

    def _appearance_form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(_with_mnemonic(preference_title("theme"), "T") + ":", self._theme)
        form.addRow(_with_mnemonic(preference_title("lesson_view"), "L") + ":", self._lesson_view)
        form.addRow(_with_mnemonic(preference_title("editor_font_size"), "f") + ":", self._font_size)
        form.addRow("", self._font_sample)
        return form

    def _saving_form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(_with_mnemonic(preference_title("autosave_seconds"), "A") + ":", self._autosave)
        form.addRow("", _hint("Lessons save this long after you stop typing."))
        return form

    def _publishing_form(self) -> QFormLayout:
        boxes = QWidget()
        grid = QGridLayout(boxes)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, box in enumerate(self._formats.values()):
            grid.addWidget(box, index // _FORMAT_COLUMNS, index % _FORMAT_COLUMNS)
        form = QFormLayout()
        # No mnemonic on the label: every checkbox has its own.
        form.addRow(preference_title("default_export_formats") + ":", boxes)
        form.addRow("", _hint("Selected for you when you publish or export a lesson."))
        return form

    def _captions_form(self) -> QFormLayout:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self._model_dir, 1)
        line.addWidget(self._model_browse)
        label = QLabel(_with_mnemonic(preference_title("captions_model_dir"), "d") + ":")
        label.setBuddy(self._model_dir)     # the row holds the button too; the mnemonic reaches the field
        form = QFormLayout()
        form.addRow(label, row)
        form.addRow("", self._model_status)
        return form

    # -- state -------------------------------------------------------------------------------------

    def _show(self, prefs: Preferences) -> None:
        self._name.setText(prefs.author_name)
        self._email.setText(prefs.author_email)
        self._theme.setCurrentIndex(max(0, self._theme.findData(prefs.theme)))
        self._lesson_view.setCurrentIndex(max(0, self._lesson_view.findData(prefs.lesson_view)))
        self._font_size.setValue(prefs.editor_font_size)
        self._autosave.setValue(prefs.autosave_seconds)
        for value, box in self._formats.items():
            box.setChecked(value in prefs.default_export_formats)
        self._model_dir.setText(prefs.captions_model_dir)
        self._check_email()
        self._check_model()
        self._show_font_sample()

    def _check_email(self) -> None:
        problem = email_problem(self._email.text().strip())
        self._email_note.setText(problem or _EMAIL_HINT)
        set_role(self._email_note, Role.ERROR if problem else Role.HINT)
        self._email.setAccessibleDescription(problem or "")
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def _choose_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the caption model folder",
                                                  self._model_dir.text())
        if folder:
            self._model_dir.setText(folder)

    def _check_model(self) -> None:
        """Say at once whether captions can be made with this folder (cheap: nothing is loaded)."""
        from editor.media.whisper import engine_status

        status = engine_status(self._model_dir.text().strip() or None)
        self._model_status.setText(status.message)
        set_role(self._model_status, Role.HINT if status.ready else Role.ERROR)

    def _show_font_sample(self) -> None:
        self._font_sample.setFont(editor_font(self._font_size.value()))
