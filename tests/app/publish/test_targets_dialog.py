"""Targets: the form follows the connector's declared options; secrets go only to the keychain; tests
run off the UI thread; a missing keychain is explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from app.kit.qt import QComboBox, QLineEdit, QMessageBox
from app.kit.theme import _ROLE_PROPERTY as ROLE
from app.publish.targets_dialog import TargetsDialog
from editor.workspace import Workspace
from publishing.connectors import add_target
from publishing.credentials import SERVICE, credential_user
from publishing.targets import Target, find_target, load_targets
from tests.connectors.keyrings import MemoryKeyring

WAIT_MS = 30_000
SECRET = "dav-Pa55-" + "q7x" * 6


@pytest.fixture(autouse=True)
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def open_dialog(qtbot: QtBot, workspace: Workspace) -> TargetsDialog:
    dialog = TargetsDialog(workspace)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.show()
    return dialog


def files_containing(roots: list[Path], needle: str) -> list[Path]:
    return [path for root in roots for path in root.rglob("*")
            if path.is_file() and needle.encode() in path.read_bytes()]


def test_a_webdav_target_keeps_its_password_only_in_the_keychain(
        qtbot: QtBot, workspace: Workspace, tessera_home: Path, keychain: MemoryKeyring) -> None:
    dialog = open_dialog(qtbot, workspace)
    form = dialog.form
    assert form.name_edit.text() == "" and not form.name_edit.isReadOnly()       # no targets: a new one
    form.name_edit.setText("sharepoint")
    form.connector_combo.setCurrentIndex(form.connector_combo.findData("webdav"))
    # The options come from the connector's declaration: username (required), format as a choice, timeout.
    assert list(form.option_fields) == ["username", "format", "timeout"]
    assert isinstance(form.option_fields["format"], QComboBox)
    username = form.option_fields["username"]
    assert isinstance(username, QLineEdit)
    assert form.secret_edit.isVisible() and form.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    assert form.secret_label.text() == "Password:"
    form.endpoint_edit.setText("https://dav.example.com/lessons/")
    dialog.save_button.click()                          # Save says what is missing, and saves nothing
    assert "The option 'username' is required" in dialog.message.text()
    username.setText("publisher@example.com")
    assert "Enter the password" in dialog.message.text() and load_targets(workspace) == []
    form.secret_edit.setText(SECRET)
    assert dialog.save_button.isEnabled() and dialog.message.property(ROLE) != "error"
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert keychain.entries == {f"{SERVICE}\n{credential_user(workspace, 'sharepoint')}": SECRET}
    assert find_target(workspace, "sharepoint") == Target(
        "sharepoint", "webdav", "https://dav.example.com/lessons/",
        {"username": "publisher@example.com", "format": "scorm12"})
    assert files_containing([workspace.root, tessera_home], SECRET) == []
    assert form.secret_edit.text() == ""                                  # not kept in the widget either
    assert "Stored in the system keychain" in form.secret_edit.placeholderText()
    assert form.name_edit.isReadOnly() and dialog.target_list.count() == 1

    # Editing without retyping the password keeps the stored one.
    form.option_fields["timeout"].setText("45")  # type: ignore[union-attr]
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert find_target(workspace, "sharepoint").option("timeout") == "45"
    assert list(keychain.entries.values()) == [SECRET]


def test_test_connection_runs_on_the_form_values(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, workspace)
    form = dialog.form
    form.name_edit.setText("share")
    assert not form.secret_edit.isVisible()                                # folders need no secret
    form.endpoint_edit.setText("relative/folder")
    form.reveal()
    assert "absolute folder path" in dialog.message.text() and not dialog.test_button.isEnabled()
    form.endpoint_edit.setText(str(tmp_path / "missing"))
    with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS):
        dialog.test_button.click()
    # One true message: what the folder check found and what to do, nothing about networks, no "Ready".
    message = dialog.message.text()
    assert message.startswith("✖") and "not reachable" in message
    assert "network" not in message.lower() and "Ready" not in message
    assert message.count("then try again") == 1
    (tmp_path / "missing").mkdir()
    with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS):
        dialog.test_button.click()
    assert dialog.message.text() == f"✓  {tmp_path / 'missing'} is a writable folder."
    assert load_targets(workspace) == []                                   # testing saves nothing


def test_removing_a_target_drops_it_and_its_secret(
        qtbot: QtBot, workspace: Workspace, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    add_target(workspace, Target("lrs", "lrs", "https://lrs.example.com/xAPI/", {"username": "key"}), SECRET)
    dialog = open_dialog(qtbot, workspace)
    assert dialog.current() is not None and dialog.form.name_edit.text() == "lrs"
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.targets_changed, timeout=WAIT_MS):
        dialog.remove_button.click()
    assert load_targets(workspace) == [] and keychain.entries == {}


def test_a_missing_keychain_is_explained(qtbot: QtBot, workspace: Workspace) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = open_dialog(qtbot, workspace)
    assert dialog.banner.isVisible()
    text = dialog.banner.text()
    assert text.startswith("The system keychain cannot be used on this computer (NoKeyringError). ")
    assert "start and unlock a Secret Service" in text and "folders) still work" in text


def test_a_new_target_shows_no_error_until_a_field_is_left_or_save_is_pressed(
        qtbot: QtBot, workspace: Workspace) -> None:
    dialog = open_dialog(qtbot, workspace)
    form = dialog.form
    assert dialog.message.text() == "A new target: fill in the fields, test it, then save."
    assert dialog.message.property(ROLE) != "error"
    buttons_at = (dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()),
                  dialog.test_button.mapTo(dialog, dialog.test_button.rect().topLeft()))
    form.name_edit.setFocus()
    qtbot.keyClicks(form.name_edit, "share")
    assert "absolute folder path" not in dialog.message.text()           # still typing: no red
    form.endpoint_edit.setFocus()                                        # leaving the name field
    qtbot.waitUntil(lambda: "absolute folder path" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.message.property(ROLE) == "error"
    # A long message does not move the buttons.
    assert buttons_at == (dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()),
                          dialog.test_button.mapTo(dialog, dialog.test_button.rect().topLeft()))


def test_a_folder_target_has_browse(qtbot: QtBot, workspace: Workspace, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from app.publish import target_form

    dialog = open_dialog(qtbot, workspace)
    form = dialog.form
    assert form.browse_button.isVisible()
    monkeypatch.setattr(target_form.QFileDialog, "getExistingDirectory", lambda *_args: str(tmp_path))
    form.browse_button.click()
    assert form.endpoint_edit.text() == str(tmp_path)
    form.connector_combo.setCurrentIndex(form.connector_combo.findData("webdav"))
    assert not form.browse_button.isVisible()


def test_a_handled_failure_is_logged_as_one_line(qtbot: QtBot, workspace: Workspace, tmp_path: Path,
                                                 capfd: pytest.CaptureFixture[str]) -> None:
    dialog = open_dialog(qtbot, workspace)
    dialog.form.name_edit.setText("share")
    dialog.form.endpoint_edit.setText(str(tmp_path / "missing"))
    with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS):
        dialog.test_button.click()
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if "not reachable" in line] == [
        line for line in err.splitlines() if line.strip()][-1:]
