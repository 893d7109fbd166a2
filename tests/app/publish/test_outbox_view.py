"""The publishing queue: each job's state in words (failed with the reason, waiting with the time),
Retry now, Remove and Run queue, read live off the UI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from filelock import FileLock
from pytestqt.qtbot import QtBot

from app.kit.qt import QTableWidgetItem
from app.publish.outbox_view import EMPTY, STATE_COLUMN, OutboxDialog
from editor import review
from publishing.connectors import add_target
from publishing.outbox import DONE, FAILED, QUEUED, Outbox, RetryPolicy
from publishing.targets import Target
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team

WAIT_MS = 30_000
team = review_setup.team   # the review tests' lesson with media and team of four


@pytest.fixture
def approved(team: Team) -> Team:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    return team


def cell(dialog: OutboxDialog, row: int, column: int) -> QTableWidgetItem:
    found = dialog.table.item(row, column)
    assert found is not None
    return found


def open_view(qtbot: QtBot, team: Team) -> OutboxDialog:
    dialog = OutboxDialog(team.workspace)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_a_failed_job_shows_its_reason_and_retry_now_sends_it(
        qtbot: QtBot, approved: Team, tmp_path: Path) -> None:
    share = tmp_path / "share"
    add_target(approved.workspace, Target("share", "folder", str(share), {"format": "scorm12"}))
    outbox = Outbox(approved.workspace, policy=RetryPolicy(max_attempts=1))
    [result] = outbox.publish(approved.item(), ["share"], PUBLISHER)
    assert result.state == FAILED
    dialog = open_view(qtbot, approved)
    assert [cell(dialog, 0, column).text() for column in range(3)] == \
        ["Giving feedback that lands", "share", "Publish"]
    state = cell(dialog, 0, STATE_COLUMN).text()
    assert state.startswith("failed: Check the network or the server, then press Retry now in the publishing "
                            "queue — Gave up after 1 attempts")
    assert "not reachable" in state
    dialog.table.selectRow(0)
    assert dialog.detail.text() == f"<b>Giving feedback that lands → share:</b> {state}"     # in full
    assert not dialog.run_button.isEnabled()             # nothing is queued

    share.mkdir()                                        # the share is back
    assert dialog.retry_button.isEnabled()
    with qtbot.waitSignal(dialog.ran, timeout=WAIT_MS):
        dialog.retry_button.click()
    assert dialog.status.text() == "1 job done."
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and cell(dialog, 0, STATE_COLUMN).text() == "done",
                    timeout=WAIT_MS)
    assert [job.state for job in Outbox(approved.workspace).jobs()] == [DONE]   # the failed one was replaced
    assert len(list(share.rglob("scorm12.zip"))) == 1

    dialog.table.selectRow(0)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.empty, timeout=WAIT_MS)
    assert dialog.empty.text() == EMPTY and Outbox(approved.workspace).jobs() == []


def test_a_waiting_job_says_until_when_and_run_queue_sends_it(
        qtbot: QtBot, approved: Team, tmp_path: Path) -> None:
    share = tmp_path / "share"
    add_target(approved.workspace, Target("share", "folder", str(share), {"format": "scorm12"}))
    outbox = Outbox(approved.workspace, policy=RetryPolicy(first_delay=600.0))
    outbox.enqueue(approved.item(), ["share"], PUBLISHER)
    [first] = outbox.run(wait=False)
    assert first.state == QUEUED
    [job] = outbox.jobs()
    dialog = open_view(qtbot, approved)
    until = dt.datetime.fromtimestamp(job.next_try)
    assert cell(dialog, 0, STATE_COLUMN).text() == f"waiting to retry until {until:%H:%M}"
    assert dialog.run_button.isEnabled()
    share.mkdir()
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.ran, timeout=WAIT_MS):
        dialog.retry_button.click()                       # no need to wait ten minutes
    qtbot.waitUntil(lambda: cell(dialog, 0, STATE_COLUMN).text() == "done", timeout=WAIT_MS)
    assert [job.state for job in Outbox(approved.workspace).jobs()] == [DONE]


def test_run_queue_sends_the_queued_jobs(qtbot: QtBot, approved: Team, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    add_target(approved.workspace, Target("share", "folder", str(share), {"format": "scorm12"}))
    outbox = Outbox(approved.workspace)
    [job] = outbox.enqueue(approved.item(), ["share"], PUBLISHER)
    # While another Tessera holds the job's lock it is running there: it can be neither removed nor run.
    with FileLock(str(outbox.folder / f"{job.id}.lock")):
        dialog = open_view(qtbot, approved)
        assert cell(dialog, 0, STATE_COLUMN).text() == "running"
        dialog.table.selectRow(0)
        assert not dialog.remove_button.isEnabled() and not dialog.run_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.refresh()
    assert cell(dialog, 0, STATE_COLUMN).text() == "queued"
    with qtbot.waitSignal(dialog.ran, timeout=WAIT_MS):
        dialog.run_button.click()
    assert dialog.status.text() == "1 job done."
    qtbot.waitUntil(lambda: cell(dialog, 0, STATE_COLUMN).text() == "done", timeout=WAIT_MS)
    assert review.review_state(approved.workspace, approved.item()).status == "published"
