"""Targets: where this workspace publishes. List, add, edit, remove and test them.

targets.yaml (shared with the team) gets the name, connector, endpoint and plain options; the secret
goes only to the system keychain through ``publishing.credentials`` and is never written to a file.
Everything that may wait on the keychain (which can ask to be unlocked) or the network runs off the
UI thread. Without a usable keychain (a headless Linux box has none) the dialog says so and what to
do, and targets without a secret (folders) still work.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.kit.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.publish.advice import explained_failure, in_app_words
from app.publish.steps import StepQueue
from app.publish.target_form import TargetForm
from editor.workspace import Workspace
from publishing.connectors import Target, add_target, connector_class, target_config_problems
from publishing.credentials import CredentialError, Secret, delete_secret, load_secret
from publishing.outcomes import Cause, cause_of
from publishing.targets import TargetError, load_targets, remove_target

LOAD, SAVE, REMOVE, TEST = "load", "save", "remove", "test"
_NAME_ROLE = Qt.ItemDataRole.UserRole
# Any name works for asking the keychain whether it answers at all.
_PROBE = "keychain-check"
# Failures whose own message already says what to fix here (the target's settings, its folder): adding
# the general advice ("Fix the target in Publish ▸ Targets…", "Connect the drive…") would only repeat it.
_SELF_EXPLAINED = frozenset({Cause.TARGET, Cause.STORAGE, Cause.FORBIDDEN})
NEW_TARGET_HINT = "A new target: fill in the fields, test it, then save."
MESSAGE_LINES = 3      # room kept for the message, so nothing below it moves when it changes


@dataclass(frozen=True)
class TargetsState:
    targets: list[Target]
    stored: dict[str, bool]       # target name -> a secret is stored (only targets whose connector needs one)
    problem: str                  # targets.yaml cannot be read
    keychain_problem: str         # the keychain cannot be used on this computer


def read_targets(workspace: Workspace) -> TargetsState:
    try:
        targets = load_targets(workspace)
    except TargetError as exc:
        return TargetsState([], {}, str(exc), "")
    stored: dict[str, bool] = {}
    try:
        load_secret(workspace, _PROBE)
        for target in targets:
            try:
                needs = connector_class(target.connector).needs_secret
            except TargetError:
                continue
            if needs:
                stored[target.name] = load_secret(workspace, target.name) is not None
    except CredentialError as exc:
        # The core's message names the entry it tried ("The secret for 'x' could not be read (…). Advice");
        # the banner speaks of the keychain as a whole and keeps the advice.
        why, _, advice = str(exc).partition("). ")
        cause = why.rpartition("(")[2]
        return TargetsState(targets, stored, "", f"The system keychain cannot be used on this computer "
                                                 f"({cause}). {advice}")
    return TargetsState(targets, stored, "", "")


def try_target(workspace: Workspace, target: Target, typed_secret: str) -> str:
    """Reach ``target`` as the form holds it (unsaved edits included); a success message or an error."""
    problems = target_config_problems(target)
    if problems:
        raise TargetError(" ".join(problems))
    cls = connector_class(target.connector)
    secret = (Secret(typed_secret) if typed_secret else load_secret(workspace, target.name)) \
        if cls.needs_secret else None
    if cls.needs_secret and secret is None:
        raise TargetError(f"Enter the {cls.secret_label} first: none is stored for '{target.name}'.")
    connector = cls(target, secret)
    try:
        return connector.test_connection()
    finally:
        connector.close()


class TargetsDialog(QDialog):
    targets_changed = Signal()     # targets.yaml or a secret changed: publish and analytics views re-read
    loaded = Signal()
    tested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publishing targets")
        self.workspace = workspace
        self.state = TargetsState([], {}, "", "")
        self._select_after_load = ""
        self.steps = StepQueue(self)
        self.steps.done.connect(self._step_done)
        self.steps.failed.connect(self._step_failed)
        self.steps.finished.connect(self._update_buttons)

        intro = QLabel("Where this workspace publishes. The list is shared with the team in targets.yaml; "
                       "passwords and tokens stay in this computer's keychain, never in a file.")
        intro.setWordWrap(True)
        set_role(intro, Role.HINT)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        set_role(self.banner, Role.ERROR)
        self.target_list = QListWidget()
        self.target_list.currentItemChanged.connect(lambda *_args: self._show_current())
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.new_target)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.clicked.connect(self.remove_current)
        self.form = TargetForm()
        self.form.changed.connect(self._update_buttons)
        self.form.edited.connect(self._forget_result)
        self._said = ""                  # the last action's result, until the form is edited
        self._said_error = False
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * MESSAGE_LINES)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.target_list, 1)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        left.addLayout(list_buttons)
        right = QVBoxLayout()
        right.addWidget(self.form)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.test_button)
        form_buttons.addStretch(1)
        form_buttons.addWidget(self.save_button)
        right.addLayout(form_buttons)
        right.addWidget(self.message)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.resize(820, 480)
        self.reload()

    # -- list ------------------------------------------------------------------------------------------
    def reload(self, select: str = "") -> None:
        workspace = self.workspace
        self._select_after_load = select
        self.steps.add(LOAD, lambda _p, _c: read_targets(workspace))
        self._update_buttons()

    def _show_state(self, state: TargetsState) -> None:
        self.state = state
        problems = [problem for problem in (state.problem, state.keychain_problem) if problem]
        if state.keychain_problem:
            problems.append("Targets without a secret (folders) still work; others can be saved once the "
                            "keychain is available.")
        self.banner.setText(" ".join(problems))
        self.banner.setVisible(bool(problems))
        self.target_list.blockSignals(True)
        self.target_list.clear()
        for target in state.targets:
            try:
                title = connector_class(target.connector).title
            except TargetError:
                title = f"unknown connector '{target.connector}'"
            entry = QListWidgetItem(f"{target.name}  ·  {title}")
            entry.setData(_NAME_ROLE, target.name)
            entry.setToolTip(target.endpoint)
            self.target_list.addItem(entry)
        self.target_list.blockSignals(False)
        names = [target.name for target in state.targets]
        if self._select_after_load in names:
            self.target_list.setCurrentRow(names.index(self._select_after_load))
        elif names:
            self.target_list.setCurrentRow(0)
        else:
            self.new_target()
        self.loaded.emit()

    def current(self) -> Target | None:
        entry = self.target_list.currentItem()
        name = entry.data(_NAME_ROLE) if entry is not None else None
        return next((target for target in self.state.targets if target.name == name), None)

    def _show_current(self) -> None:
        target = self.current()
        if target is not None:
            self.form.show_target(target, self.state.stored.get(target.name))
        self._update_buttons()

    def new_target(self) -> None:
        self.target_list.setCurrentRow(-1)
        self.form.show_target(None, False)
        self.form.name_edit.setFocus()
        self._forget_result()

    # -- actions -----------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.steps.running:
            return
        if self.form.problems():
            self.form.reveal()        # say now what is missing
            return
        workspace, target, secret = self.workspace, self.form.target(), self.form.secret()

        def store(_progress: object, _cancel: object) -> str:
            add_target(workspace, target, secret or None)    # the secret goes to the keychain only
            return target.name
        self.steps.add(SAVE, store)
        self._say("Saving…")
        self._update_buttons()

    def remove_current(self) -> None:
        target = self.current()
        if target is None or self.steps.running:
            return
        answer = QMessageBox.question(self, "Remove the target?",
                                      f"Remove '{target.name}' from targets.yaml and its secret from this "
                                      "computer's keychain? Items published there stay there.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        workspace, name = self.workspace, target.name

        def remove(_progress: object, _cancel: object) -> str:
            remove_target(workspace, name)
            delete_secret(workspace, name)
            return name
        self.steps.add(REMOVE, remove)
        self._update_buttons()

    def test_connection(self) -> None:
        if self.steps.running:
            return
        workspace, target, secret = self.workspace, self.form.target(), self.form.secret()
        self._say(f"Reaching {target.endpoint or target.name}…")
        self.steps.add(TEST, lambda _p, _c: try_target(workspace, target, secret))
        self._update_buttons()

    # -- results -------------------------------------------------------------------------------------------
    def _step_done(self, key: str, result: object) -> None:
        if key == LOAD and isinstance(result, TargetsState):
            self._show_state(result)
        elif key == SAVE:
            self.form.forget_typed_secret(stored=True)
            self._say(f"Saved '{result}'.")
            self.targets_changed.emit()
            self.reload(select=str(result))
        elif key == REMOVE:
            self._say(f"Removed '{result}'.")
            self.targets_changed.emit()
            self.reload()
        elif key == TEST:
            self._say(f"✓  {result}")
            self.tested.emit()

    def _step_failed(self, key: str, message: str) -> None:
        error = self.steps.error
        told = in_app_words(message) if error is not None and cause_of(error) in _SELF_EXPLAINED \
            else explained_failure(message, error)
        self._say(f"✖  {told}", error=True)
        if key == TEST:
            self.tested.emit()

    def _say(self, text: str, *, error: bool = False) -> None:
        self._said, self._said_error = text, error
        self._show_message()

    def _forget_result(self) -> None:
        self._said, self._said_error = "", False
        self._show_message()

    def _show_message(self) -> None:
        """One message at a time: what is wrong with the form, else the last result, else a hint."""
        problems = self.form.visible_problems()
        role: Role | None
        if problems:
            text, role = " ".join(problems), Role.ERROR
        elif self._said:
            text, role = self._said, (Role.ERROR if self._said_error else None)
        else:
            text, role = (NEW_TARGET_HINT if self.current() is None else ""), Role.HINT
        self.message.setText(text)
        set_role(self.message, role)

    def _update_buttons(self) -> None:
        busy = self.steps.running
        self._show_message()
        self.save_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy and not target_config_problems(self.form.target()))
        self.remove_button.setEnabled(not busy and self.current() is not None)
        self.add_button.setEnabled(not busy)
