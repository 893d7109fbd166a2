"""The form for one publishing target, built from what its connector declares.

Name, connector (every registered one, plug-ins included), endpoint, one field per option the
connector lists (``Connector.options``, with its explanation as placeholder and tooltip; the package
format as a choice of the connector's ``formats``), and the secret when the connector needs one.
The secret field is masked and only ever handed to ``publishing.credentials`` (the system
keychain); the form never shows a stored secret, only whether one is stored.
"""

from __future__ import annotations

from app.kit.qt import (
    QComboBox,
    QEvent,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QPushButton,
    QWidget,
    Signal,
)
from publishing.connectors import Connector, Target, connector_class, connector_names, target_config_problems
from publishing.packages import FORMATS
from publishing.targets import TargetError

FORMAT = "format"
FOLDER = "folder"


def option_title(key: str) -> str:
    """'client_id' -> 'Client id'."""
    return key.replace("_", " ").capitalize()


class TargetForm(QWidget):
    """The fields of one target. Problems are not shown while someone is still typing: only once a
    field they edited loses focus, or they try to save (``reveal``)."""

    changed = Signal()
    edited = Signal()               # the person typed or chose something (not a programmatic fill)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. sharepoint (lower-case letters, digits, - and _)")
        self.connector_combo = QComboBox()
        for name in connector_names():
            try:
                title = connector_class(name).title
            except TargetError as exc:       # a broken plug-in is listed with its problem, never crashes
                title = f"{name} (unavailable: {exc})"
            self.connector_combo.addItem(title, name)
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setPlaceholderText("An https:// address, or an absolute folder path for a folder")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setToolTip("Choose the folder to publish into")
        self.browse_button.clicked.connect(self.browse)
        endpoint_row = QWidget()
        endpoint_layout = QHBoxLayout(endpoint_row)
        endpoint_layout.setContentsMargins(0, 0, 0, 0)
        endpoint_layout.addWidget(self.endpoint_edit, 1)
        endpoint_layout.addWidget(self.browse_button)
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_label = QLabel("Secret:")
        self.option_fields: dict[str, QLineEdit | QComboBox] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("&Name:", self.name_edit)
        self.form.addRow("&Connector:", self.connector_combo)
        self.form.addRow("&Endpoint:", endpoint_row)
        self.options_start = self.form.rowCount()
        self.form.addRow(self.secret_label, self.secret_edit)
        self._stored_secret: bool | None = None
        self.revealed = False            # problems are shown (a field was left after editing, or Save)
        self._edited = False             # something was typed since the form was filled
        self.connector_combo.currentIndexChanged.connect(lambda _index: self._build_options({}))
        for edit in (self.name_edit, self.endpoint_edit, self.secret_edit):
            edit.textEdited.connect(self._typed)
            edit.textChanged.connect(self._changed)
            edit.installEventFilter(self)
        self._build_options({})

    # -- what the form holds ---------------------------------------------------------------------------
    def connector_cls(self) -> type[Connector] | None:
        try:
            return connector_class(str(self.connector_combo.currentData()))
        except TargetError:
            return None

    def target(self) -> Target:
        options = {}
        for key, field in self.option_fields.items():
            value = field.currentData() if isinstance(field, QComboBox) else field.text().strip()
            if value:
                options[key] = str(value)
        return Target(self.name_edit.text().strip(), str(self.connector_combo.currentData()),
                      self.endpoint_edit.text().strip(), options)

    def secret(self) -> str:
        return self.secret_edit.text()

    def visible_problems(self) -> list[str]:
        """The problems to show now: none before the person has left an edited field or tried to save."""
        return self.problems() if self.revealed else []

    def reveal(self) -> None:
        """Show the problems from now on (Save was pressed, or an edited field was left)."""
        if not self.revealed:
            self.revealed = True
            self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._edited:
            self.reveal()
        return super().eventFilter(watched, event)

    def _typed(self, *_args: object) -> None:
        self._edited = True
        self.edited.emit()

    def browse(self) -> None:
        """Pick the folder of a folder target."""
        chosen = QFileDialog.getExistingDirectory(self, "Publish into which folder?",
                                                  self.endpoint_edit.text())
        if chosen:
            self.endpoint_edit.setText(chosen)
            self._typed()
            self.reveal()

    def problems(self) -> list[str]:
        """What keeps the target from being saved (the connector's own rules, and a missing secret)."""
        target = self.target()
        problems = target_config_problems(target)
        cls = self.connector_cls()
        if cls is not None and cls.needs_secret and not self.secret() and self._stored_secret is False:
            problems.append(f"Enter the {cls.secret_label}: none is stored for this target yet.")
        return problems

    # -- filling it ----------------------------------------------------------------------------------------
    def show_target(self, target: Target | None, stored_secret: bool | None) -> None:
        """Fill in ``target`` (None: an empty new one); ``stored_secret`` None means unknown."""
        self._stored_secret = stored_secret
        self.name_edit.setText(target.name if target else "")
        self.name_edit.setReadOnly(target is not None)     # the keychain entry is keyed by the name
        index = self.connector_combo.findData(target.connector if target else "folder")
        self.connector_combo.blockSignals(True)
        self.connector_combo.setCurrentIndex(max(index, 0))
        self.connector_combo.blockSignals(False)
        self.endpoint_edit.setText(target.endpoint if target else "")
        self.secret_edit.clear()
        # An existing target was valid when saved: say at once what no longer is. A new one waits.
        self.revealed, self._edited = target is not None, False
        self._build_options(dict(target.options) if target else {})

    def forget_typed_secret(self, stored: bool) -> None:
        """After saving: the secret is in the keychain now; drop it from the widget."""
        self.secret_edit.clear()
        self._stored_secret = stored or self._stored_secret
        self._update_secret_row()

    def _build_options(self, values: dict[str, str]) -> None:
        for _ in self.option_fields:
            self.form.removeRow(self.options_start)
        self.option_fields = {}
        cls = self.connector_cls()
        declared = dict(cls.options) if cls is not None else {}
        if cls is not None and cls.formats:
            declared.setdefault(FORMAT, f"package format (default {cls.default_format})")
        keys = list(declared) + [key for key in values if key not in declared]   # keep undeclared ones too
        for row, key in enumerate(keys, start=self.options_start):
            field: QLineEdit | QComboBox
            if key == FORMAT and cls is not None and cls.formats:
                field = QComboBox()
                for name in cls.formats:
                    field.addItem(FORMATS[name].title if name in FORMATS else name, name)
                field.setCurrentIndex(max(0, field.findData(values.get(key) or cls.default_format)))
                field.currentIndexChanged.connect(self._changed)
            else:
                field = QLineEdit(values.get(key, ""))
                field.setPlaceholderText(declared.get(key, ""))
                field.textEdited.connect(self._typed)
                field.textChanged.connect(self._changed)
                field.installEventFilter(self)
            field.setToolTip(declared.get(key, "Not an option this connector declares"))
            required = cls is not None and key in cls.required_options
            self.form.insertRow(row, option_title(key) + (" (required):" if required else ":"), field)
            self.option_fields[key] = field
        self._update_secret_row()
        self._changed()

    def _update_secret_row(self) -> None:
        cls = self.connector_cls()
        self.browse_button.setVisible(self.connector_combo.currentData() == FOLDER)
        needs = cls is not None and cls.needs_secret
        self.secret_label.setVisible(needs)
        self.secret_edit.setVisible(needs)
        if cls is None or not needs:
            return
        self.secret_label.setText(f"{cls.secret_label.capitalize()}:")
        self.secret_edit.setPlaceholderText(
            "Stored in the system keychain; type a new one to replace it" if self._stored_secret else
            "Not stored yet; it goes to the system keychain, never to a file" if self._stored_secret is False
            else "Kept in the system keychain, never in a file")

    def _changed(self) -> None:
        self.changed.emit()
