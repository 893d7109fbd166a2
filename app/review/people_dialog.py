"""People: who belongs to the workspace and their roles, and who you are on this computer.

Two windows over the same core functions (``editor.review.members``: the same rules and lock as
``tessera members``): the People screen (add, remove, change roles, "this is me") and the short
"Who are you?" step shown the first time a workspace with members is opened. Who you are is kept in
the preferences of this computer; it is a name tag, not a login, and the windows say so.
"""

from __future__ import annotations

from collections.abc import Callable

from app.kit.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from editor.review import ROLES, Member, Members, ReviewError, load_members
from editor.review.members import add_member, remove_member, set_roles
from editor.workspace import Workspace

NOT_A_LOGIN = ("Who you are is a name tag kept on this computer, not a login: Tessera does not check "
               "passwords, and anyone who can change the workspace folder can act as anyone or edit "
               "this list. It records who did what among colleagues who trust each other.")
ROLE_TIPS = {"author": "Writes lessons and submits them for review",
             "reviewer": "Approves or asks for changes",
             "publisher": "Publishes, retires and sets the review policy"}
_EMAIL = Qt.ItemDataRole.UserRole
Identity = Callable[[str, str], None]          # (name, email)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_role(label, Role.HINT)
    return label


class RolePicker(QWidget):
    """One checkbox per role."""

    def __init__(self, checked: tuple[str, ...] = ("author",), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {role: QCheckBox(role.capitalize()) for role in ROLES}
        for role, box in self.boxes.items():
            box.setToolTip(ROLE_TIPS[role])
            box.setChecked(role in checked)
            layout.addWidget(box)
        layout.addStretch(1)

    def roles(self) -> list[str]:
        return [role for role, box in self.boxes.items() if box.isChecked()]


class NewPersonForm(QWidget):
    """Name, email and roles of someone to add."""

    def __init__(self, roles: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(placeholderText="First and last name, as colleagues know them")
        self.email = QLineEdit(placeholderText="name@example.com")
        self.roles = RolePicker(roles)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Name", self.name)
        form.addRow("&Email", self.email)
        form.addRow("Roles", self.roles)

    def add_to(self, workspace: Workspace) -> Member:
        """Add the person to the workspace (ReviewError says what is wrong)."""
        return add_member(workspace, self.name.text(), self.email.text(), self.roles.roles())

    def clear(self) -> None:
        self.name.clear()
        self.email.clear()


class PeopleDialog(QDialog):
    """Add, remove and change the roles of the workspace's people; choose which one you are."""

    identity_chosen = Signal(str, str)      # name, email

    def __init__(self, workspace: Workspace, me: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("People")
        self.resize(640, 520)
        self.workspace = workspace
        self.me = me.strip().lower()
        self.members = Members()
        self._filling = False

        self.you = QComboBox()
        self.you.setToolTip("Review actions and comments are recorded under this person")
        self.me_button = QPushButton("This is &me")
        self.me_button.clicked.connect(self._choose_me)
        you_row = QHBoxLayout()
        you_row.addWidget(QLabel("You are"))
        you_row.addWidget(self.you, 1)
        you_row.addWidget(self.me_button)

        self.table = QTableWidget(0, 2 + len(ROLES))
        self.table.setHorizontalHeaderLabels(["Name", "Email", *(role.capitalize() for role in ROLES)])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in range(2, 2 + len(ROLES)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._role_toggled)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Take the selected person out (their past review events are kept)")
        self.remove_button.clicked.connect(self._remove)
        self.table.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.table.selectedItems())))

        self.new_person = NewPersonForm(("author",))
        self.add_button = QPushButton("&Add person")
        self.add_button.clicked.connect(self._add)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)

        self.error = QLabel()
        self.error.setWordWrap(True)
        set_role(self.error, Role.ERROR)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_hint(NOT_A_LOGIN))
        layout.addLayout(you_row)
        layout.addWidget(self.table, 1)
        remove_row = QHBoxLayout()
        remove_row.addWidget(_hint("Tick a box to give or take a role."), 1)
        remove_row.addWidget(self.remove_button)
        layout.addLayout(remove_row)
        layout.addWidget(QLabel("<b>Add someone</b>"))
        layout.addWidget(self.new_person)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reload()

    # -- showing --------------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            self.members = load_members(self.workspace)
            problems = self.members.problems
        except ReviewError as exc:
            self.members, problems = Members(), [str(exc)]
        self._filling = True
        try:
            self.table.setRowCount(len(self.members.people))
            for row, member in enumerate(self.members.people):
                self.table.setItem(row, 0, QTableWidgetItem(member.name))
                email = QTableWidgetItem(member.email + ("  (you)" if member.email == self.me else ""))
                email.setData(_EMAIL, member.email)
                self.table.setItem(row, 1, email)
                for column, role in enumerate(ROLES, start=2):
                    box = QTableWidgetItem()
                    box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                                 | Qt.ItemFlag.ItemIsSelectable)
                    box.setCheckState(Qt.CheckState.Checked if member.has(role) else Qt.CheckState.Unchecked)
                    box.setToolTip(ROLE_TIPS[role])
                    self.table.setItem(row, column, box)
            self.table.resizeColumnToContents(0)
        finally:
            self._filling = False
        self.you.clear()
        for member in self.members.people:
            self.you.addItem(member.label, member.email)
        if (index := self.you.findData(self.me)) >= 0:
            self.you.setCurrentIndex(index)
        self.me_button.setEnabled(bool(self.members.people))
        self.remove_button.setEnabled(bool(self.table.selectedItems()))
        self._show_error("\n".join(problems))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def email_at(self, row: int) -> str:
        item = self.table.item(row, 1)
        return str(item.data(_EMAIL)) if item is not None else ""

    # -- changing -------------------------------------------------------------------------------
    def _run(self, change: Callable[[], object]) -> bool:
        try:
            change()
        except ReviewError as exc:
            self.reload()
            self._show_error(str(exc))
            return False
        self.reload()
        return True

    def _role_toggled(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() < 2:
            return
        row = item.row()
        roles = [role for column, role in enumerate(ROLES, start=2)
                 if (box := self.table.item(row, column)) is not None
                 and box.checkState() == Qt.CheckState.Checked]
        email = self.email_at(row)
        self._run(lambda: set_roles(self.workspace, email, roles))

    def _remove(self) -> None:
        rows = {item.row() for item in self.table.selectedItems()}
        if rows:
            email = self.email_at(rows.pop())
            self._run(lambda: remove_member(self.workspace, email))

    def _add(self) -> None:
        if self._run(lambda: self.new_person.add_to(self.workspace)):
            self.new_person.clear()

    def _choose_me(self) -> None:
        member = self.members.find(str(self.you.currentData() or ""))
        if member is not None:
            self.me = member.email
            self.identity_chosen.emit(member.name, member.email)
            self.reload()


class IdentityDialog(QDialog):
    """First run in a workspace: pick yourself from its members, or add yourself."""

    identity_chosen = Signal(str, str)      # name, email

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who are you?")
        self.workspace = workspace
        try:
            self.members = load_members(workspace)
        except ReviewError:
            self.members = Members()
        self.people = QListWidget()
        for member in self.members.people:
            roles = ", ".join(role for role in ROLES if member.has(role)) or "no role yet"
            entry = QListWidgetItem(f"{member.label}  ·  {roles}")
            entry.setData(_EMAIL, member.email)
            self.people.addItem(entry)
        self.people.itemDoubleClicked.connect(lambda _item: self.accept())
        self.not_listed = QCheckBox("I am not on the list: add me")
        # The first person in a workspace sets it up, so they get every role.
        self.new_person = NewPersonForm(ROLES if not self.members.people else ("author",))
        self.not_listed.toggled.connect(self._not_listed_toggled)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_role(self.error, Role.ERROR)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton("&Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>Who are you in “{self.workspace.name}”?</b>"))
        layout.addWidget(_hint("Your reviews, approvals and comments are recorded under this name. "
                               + NOT_A_LOGIN))
        layout.addWidget(self.people, 1)
        layout.addWidget(self.not_listed)
        layout.addWidget(self.new_person)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.not_listed.setChecked(not self.members.people)
        self._not_listed_toggled(self.not_listed.isChecked())
        if self.members.people:
            self.people.setCurrentRow(0)

    def _not_listed_toggled(self, on: bool) -> None:
        self.new_person.setVisible(on)
        self.people.setEnabled(not on)

    def accept(self) -> None:
        try:
            if self.not_listed.isChecked():
                member = self.new_person.add_to(self.workspace)
            else:
                current = self.people.currentItem()
                found = self.members.find(str(current.data(_EMAIL))) if current is not None else None
                if found is None:
                    raise ReviewError("Pick yourself in the list, or tick “I am not on the list”.")
                member = found
        except ReviewError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.identity_chosen.emit(member.name, member.email)
        super().accept()
