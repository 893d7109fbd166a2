"""The publish dialog: the approval gate with its reasons, targets, preflight, then the outbox off the
UI thread with a row per target, links to the results, and advice when something must be fixed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QUrl
from app.kit.settings import Settings
from app.publish.dialog import PREPARE, PublishDialog
from app.search.actions import SearchActions
from app.shell.main_window import MainWindow
from editor import review
from publishing.connectors import add_target
from publishing.outbox import FAILED, QUEUED, Outbox
from publishing.targets import Target
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import Fault, serving
from tests.connectors.keyrings import MemoryKeyring
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team

WAIT_MS = 60_000
team = review_setup.team   # the review tests' lesson with media and team of four


@pytest.fixture(autouse=True)
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def share(team: Team, tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    add_target(team.workspace, Target("share", "folder", str(folder), {"format": "scorm12"}))
    add_target(team.workspace, Target("results", "lrs", "https://lrs.example.com/xAPI/", {"username": "k"}),
               "lrs-secret")
    return folder


def open_dialog(qtbot: QtBot, team: Team, by: str) -> PublishDialog:
    dialog = PublishDialog(team.workspace, team.item(), by)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_an_unapproved_lesson_is_refused_with_the_reason(qtbot: QtBot, team: Team, share: Path) -> None:
    dialog = open_dialog(qtbot, team, PUBLISHER)
    assert "Needs approval of the current version (status now: Draft)" in dialog.gate_label.text()
    assert "It has not been submitted for review yet." in dialog.reasons_label.text()
    dialog.check_target("share")
    assert dialog.selected() == ["share"]
    assert not dialog.publish_button.isEnabled()
    # The LRS is listed but cannot be ticked: it collects results.
    lrs_entry = dialog.targets_list.item(1)
    assert lrs_entry is not None and "cannot host content" in lrs_entry.text()
    dialog.check_target("results")
    assert dialog.selected() == ["share"]
    assert list(share.iterdir()) == [] and Outbox(team.workspace).jobs() == []


def test_an_approved_lesson_is_published_to_a_folder_target(qtbot: QtBot, team: Team, share: Path) -> None:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    dialog = open_dialog(qtbot, team, PUBLISHER)
    assert dialog.gate_label.text().startswith("✓") and "Approved" in dialog.gate_label.text()
    assert not dialog.publish_button.isEnabled()                # no target ticked yet
    dialog.check_target("share")
    assert "No problems found" in dialog.findings.summary.text()
    assert dialog.publish_button.isEnabled()
    with qtbot.waitSignal(dialog.published, timeout=WAIT_MS):
        dialog.publish_button.click()
    bar, status = dialog.rows["share"]
    folder_name = "giving-feedback-that-lands-lesson0001"
    assert bar.value() == bar.maximum()
    assert "Published to share." in status.text()
    assert f'href="{QUrl.fromLocalFile(str(share / folder_name)).toString()}">Show in folder' in status.text()
    assert dialog.rows[PREPARE][1].text() == "Built and queued"
    assert dialog.send_heading.text() == "Published to 1 of 1 target."
    [folder] = list(share.iterdir())
    assert folder.name == folder_name and (folder / "scorm12.zip").is_file()
    assert review.review_state(team.workspace, team.item()).status == "published"
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()


def test_a_publisher_without_the_role_or_email_is_told_what_to_do(
        qtbot: QtBot, team: Team, share: Path) -> None:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    dialog = open_dialog(qtbot, team, AUTHOR)
    assert "You may not publish it (status now: Approved)" in dialog.gate_label.text()
    assert "does not have the 'publisher' role" in dialog.reasons_label.text()
    nobody = open_dialog(qtbot, team, "")
    assert "Choose who you are" in nobody.gate_label.text()
    assert nobody.preferences_button.isVisible()


def test_refused_credentials_say_to_check_them_in_targets(qtbot: QtBot, team: Team) -> None:
    with serving(FakeLxp("tessera-client", "the-real-secret")) as lxp:
        add_target(team.workspace, Target("lxp", "lxp", f"{lxp.origin}/api/v2", {
            "client_id": lxp.client_id, "token_url": f"{lxp.origin}/oauth/token",
            "url_template": "https://lms.example.com/lessons/{id}"}), "a-wrong-secret")
        review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
        review.approve(team.workspace, team.item(), REVIEWER)
        dialog = open_dialog(qtbot, team, PUBLISHER)
        dialog.check_target("lxp")
        assert "No package is built for these targets" in dialog.findings.summary.text()
        with qtbot.waitSignal(dialog.published, timeout=WAIT_MS):
            dialog.publish_button.click()
    text = dialog.rows["lxp"][1].text()
    assert text.startswith("✖  Check the credentials in Publish ▸ Targets… — ")
    assert "HTTP 401" in text
    assert "tessera targets add" not in text and "a-wrong-secret" not in text
    assert dialog.rows[PREPARE][1].text() == "Queued (these targets need no package)"
    assert dialog.send_heading.text() == "Published to 0 of 1 target."
    assert [job.state for job in Outbox(team.workspace).jobs()] == [FAILED]


def test_cancel_keeps_a_waiting_job_in_the_queue_and_says_so(qtbot: QtBot, team: Team) -> None:
    with serving(FakeLxp("tessera-client", "the-real-secret")) as lxp:
        add_target(team.workspace, Target("lxp", "lxp", f"{lxp.origin}/api/v2", {
            "client_id": lxp.client_id, "token_url": f"{lxp.origin}/oauth/token",
            "url_template": "https://lms.example.com/lessons/{id}"}), lxp.client_secret)
        lxp.inject(Fault("status", "/api/v2/", status=503, headers={"Retry-After": "30"}))
        review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
        review.approve(team.workspace, team.item(), REVIEWER)
        dialog = open_dialog(qtbot, team, PUBLISHER)
        dialog.check_target("lxp")
        dialog.publish_button.click()
        status = dialog.rows["lxp"][1]
        qtbot.waitUntil(lambda: "Waiting to retry until" in status.text(), timeout=WAIT_MS)
        assert "HTTP 503" in status.text() and dialog.cancel_button.isVisible()
        with qtbot.waitSignal(dialog.published, timeout=WAIT_MS):
            dialog.cancel_button.click()
    assert status.text().startswith("Not sent yet: it stays in the Publish ▸ Publishing queue")
    assert dialog.send_heading.text().endswith("1 job stays in the Publish ▸ Publishing queue for later.")
    [job] = Outbox(team.workspace).jobs()
    assert job.state == QUEUED and job.attempts >= 1


def test_a_missing_share_says_at_once_to_connect_it(qtbot: QtBot, team: Team, tmp_path: Path) -> None:
    offline = Target("offline", "folder", str(tmp_path / "not-mounted"), {"format": "scorm12"})
    add_target(team.workspace, offline)
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    dialog = open_dialog(qtbot, team, PUBLISHER)
    dialog.check_target("offline")
    with qtbot.waitSignal(dialog.published, timeout=WAIT_MS):
        dialog.publish_button.click()
    text = dialog.rows["offline"][1].text()
    assert text.startswith("✖  Connect the drive or share, or free space on it, then try again — The folder ")
    assert "not reachable" in text
    [job] = Outbox(team.workspace).jobs()
    assert (job.state, job.attempts) == (FAILED, 0)


def test_the_main_window_feature_opens_the_dialogs_and_goes_to_a_line(
        qtbot: QtBot, team: Team, share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The search index is not part of this; its late answers must not reach a later test's event loop.
    monkeypatch.setattr(SearchActions, "open_workspace", lambda _self, _workspace: None)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(team.workspace)
    window.show()
    actions = window.publishing
    actions.publish()
    assert window.statusBar().currentMessage() == "Select a lesson or link in the library to publish."
    window.library.reload(team.folder)       # read on a worker; selected once it is in
    qtbot.waitUntil(lambda: window.editor.item is not None)
    actions.publish()
    dialog = actions.publishing
    assert dialog is not None and dialog.isVisible() and dialog.item.source == team.source
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=WAIT_MS)
    dialog.show_problem.emit(team.source, 12)               # what "Go to line" sends
    assert window.editor.source.textCursor().blockNumber() + 1 == 12
    dialog.close()
    assert actions.publishing is None
    actions.edit_targets()
    assert actions.targets is not None and actions.targets.isVisible()
    actions.close_workspace()
    assert actions.targets is None
    window.editor.close_item()


def test_a_job_left_queued_is_sent_once_the_window_opens_the_workspace(
        qtbot: QtBot, team: Team, share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SearchActions, "open_workspace", lambda _self, _workspace: None)
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    [job] = Outbox(team.workspace).enqueue(team.item(), ["share"], PUBLISHER)   # a closed window's job
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(team.workspace)
    qtbot.waitUntil(lambda: Outbox(team.workspace).jobs()[0].state != QUEUED, timeout=WAIT_MS)
    [sent] = Outbox(team.workspace).jobs()
    assert (sent.id, sent.state) == (job.id, "done")
    assert list(share.rglob("scorm12.zip"))
    qtbot.waitUntil(lambda: "1 of 1 waiting job(s) sent" in window.statusBar().currentMessage())
    # The library's review statuses follow the publish on workers: let them land while the window lives.
    model = window.library.model
    qtbot.waitUntil(lambda: model.item_at(model.row_of(team.source)).status == "published", timeout=WAIT_MS)
