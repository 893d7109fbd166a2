"""The publishing queue: each job's state in words (failed with the reason, waiting with the time),
Retry now, Remove and Run queue, read live off the UI thread."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from filelock import FileLock
from pytestqt.qtbot import QtBot

from app.kit.qt import QTableWidgetItem
from app.publish.outbox_view import EMPTY, STATE_COLUMN, OutboxDialog
from app.publish.queue import QueueRow
from editor import review
from publishing.connectors import add_target
from publishing.outbox import DONE, FAILED, Job, Outbox
from publishing.outcomes import Cause
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
    outbox = Outbox(approved.workspace)
    [result] = outbox.publish(approved.item(), ["share"], PUBLISHER)
    assert result.state == FAILED
    dialog = open_view(qtbot, approved)
    assert [cell(dialog, 0, column).text() for column in range(3)] == \
        ["Giving feedback that lands", "share", "Publish"]
    state = cell(dialog, 0, STATE_COLUMN).text()
    assert state.startswith("failed: Connect the drive or share, or free space on it, then try again — The "
                            "folder ")
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
    outbox = Outbox(approved.workspace)
    [job] = outbox.enqueue(approved.item(), ["share"], PUBLISHER)
    job.attempts, job.next_try, job.cause = 1, time.time() + 600, Cause.SERVER   # as after a 503
    outbox.store.save(job)
    assert outbox.run(wait=False) == []
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


@pytest.mark.parametrize(("cause", "message", "advice"), [
    (Cause.AUTH, "The platform said no.",
     "Check the credentials in Publish ▸ Targets… — The platform said no."),
    (Cause.SERVER, "Gave up after 8 attempts over 9 min.",
     "Check the network or the server, then press Retry now in the publishing queue — Gave up after 8 "
     "attempts over 9 min."),
    (Cause.STORAGE, "HTTP 401 (quoted by a server).", "Connect the drive or share, or free space on it, then "
     "try again — HTTP 401 (quoted by a server)."),
    (None, "An old job's message: HTTP 401.", "An old job's message: HTTP 401."),
])
def test_the_advice_comes_from_the_recorded_cause_not_the_words(cause: Cause | None, message: str,
                                                                advice: str) -> None:
    job = Job("j1", "publish", "lesson0001", "lxp", PUBLISHER, "v", {}, "2026-01-01T00:00:00+00:00",
              state=FAILED, message=message, cause=cause)
    assert QueueRow(job, running=False).state_text() == f"failed: {advice}"
