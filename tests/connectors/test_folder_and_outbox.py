"""Publishing through the outbox to a folder target: approval gate, atomic files, no duplicates."""

from __future__ import annotations

import errno
import json
import threading
import time
from pathlib import Path

import pytest

from editor import review
from publishing.connectors import add_target
from publishing.connectors import folder as folder_module
from publishing.connectors.folder import FolderConnector
from publishing.outbox import DONE, FAILED, QUEUED, Outbox, PublishError
from publishing.outcomes import Cause
from publishing.targets import Target, remembered
from tests.connectors.conftest import PUBLISHER, Clock, fast_outbox, publish_then_retire
from tests.editor.review.conftest import Team


def folder_target(team: Team, folder: Path, name: str = "share") -> None:
    add_target(team.workspace, Target(name, "folder", str(folder), {"format": "scorm12"}))


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """The folder a target writes to, there and reachable."""
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


def test_an_approved_lesson_is_written_with_its_sidecar_and_recorded(approved: Team, share: Path) -> None:
    folder_target(approved, share)
    results = Outbox(approved.workspace).publish(approved.item(), ["share"], PUBLISHER)
    assert [(r.target, r.state) for r in results] == [("share", DONE)]
    [folder] = list(share.iterdir())
    assert folder.name == "giving-feedback-that-lands-lesson0001"
    assert sorted(p.name for p in folder.iterdir()) == ["scorm12.zip", "tessera.json"]
    sidecar = json.loads((folder / "tessera.json").read_text(encoding="utf-8"))
    assert sidecar["item_id"] == "lesson0001" and sidecar["external_id"] == "tessera-lesson0001"
    assert sidecar["version"] == review.can_publish(approved.workspace, approved.item()).version
    assert (folder / "scorm12.zip").read_bytes()[:2] == b"PK"
    state = review.review_state(approved.workspace, approved.item())
    assert state.status == "published"
    ref = remembered(approved.workspace, "share", "lesson0001")
    assert ref is not None and ref.id == folder.name


def test_republishing_replaces_the_files_and_never_adds_a_second_copy(approved: Team, share: Path) -> None:
    folder_target(approved, share)
    outbox = Outbox(approved.workspace)
    outbox.publish(approved.item(), ["share"], PUBLISHER)
    # A teammate without the shared publication record still finds the folder by the item id.
    (approved.workspace.root / "publications").rename(approved.workspace.root / "elsewhere")
    approved.edit("one clear request", "one clear, kind request")
    review.submit(approved.workspace, approved.item(), "ana@example.com", ["bo@example.com"])
    review.approve(approved.workspace, approved.item(), "bo@example.com")
    [result] = outbox.publish(approved.item(), ["share"], PUBLISHER)
    assert result.state == DONE
    assert len(list(share.iterdir())) == 1
    assert not list(share.rglob("*.part"))
    events = [e for e in review.read_events(approved.workspace, "lesson0001").events if e.kind == "publish"]
    assert len(events) == 2


def test_unapproved_content_is_refused_before_anything_is_queued(team: Team, share: Path) -> None:
    folder_target(team, share)
    outbox = Outbox(team.workspace)
    with pytest.raises(PublishError, match="not been submitted"):
        outbox.publish(team.item(), ["share"], PUBLISHER)
    assert outbox.jobs() == [] and list(share.iterdir()) == []


def test_an_edit_after_queueing_stops_the_job(approved: Team, share: Path) -> None:
    folder_target(approved, share)
    outbox = Outbox(approved.workspace)
    outbox.enqueue(approved.item(), ["share"], PUBLISHER)
    approved.edit("one clear request", "two requests")
    [result] = outbox.run()
    assert result.state == FAILED and "no longer approved" in result.message
    assert list(share.iterdir()) == []


def test_a_missing_share_is_a_storage_problem_reported_at_once(approved: Team, tmp_path: Path) -> None:
    share = tmp_path / "share"
    folder_target(approved, share)
    clock = Clock()
    outbox = fast_outbox(approved, clock)
    [first] = outbox.publish(approved.item(), ["share"], PUBLISHER)
    # Not a network hiccup to wait out: a person must connect the drive. No retries, no waiting.
    assert (first.state, first.cause) == (FAILED, Cause.STORAGE) and "not reachable" in first.message
    assert clock.slept == 0 and [job.attempts for job in outbox.jobs()] == [0]
    assert review.review_state(approved.workspace, approved.item()).status == "approved"
    share.mkdir()                      # the drive is back
    [second] = outbox.retry_now(first.job_id)
    assert second.state == DONE and second.cause is None
    assert len(list(share.iterdir())) == 1


def test_a_full_disk_is_a_storage_problem_not_a_transient_one(approved: Team, share: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(folder_module, "_copy_atomically", full)
    folder_target(approved, share)
    [result] = fast_outbox(approved).publish(approved.item(), ["share"], PUBLISHER)
    assert (result.state, result.cause, result.status) == (FAILED, Cause.STORAGE, None)
    assert "No space left on device" in result.message and "Free space" in result.message


def test_a_share_that_hangs_is_given_a_time_limit(approved: Team, share: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    released = threading.Event()
    real_is_dir = Path.is_dir

    def hanging_is_dir(path: Path) -> bool:
        if path == share:
            released.wait(5)          # a dead network mount; bounded so a failing run still ends
        return real_is_dir(path)
    monkeypatch.setattr(Path, "is_dir", hanging_is_dir)
    monkeypatch.setattr(FolderConnector, "probe_seconds", 0.2)
    folder_target(approved, share)
    started = time.monotonic()
    try:
        [result] = fast_outbox(approved).publish(approved.item(), ["share"], PUBLISHER)
    finally:
        released.set()
    assert time.monotonic() - started < 4
    assert (result.state, result.cause) == (FAILED, Cause.STORAGE) and "did not answer within 0.2 s" in \
        result.message


def test_only_publishers_may_publish(approved: Team, share: Path) -> None:
    folder_target(approved, share)
    with pytest.raises(PublishError, match="publisher"):
        Outbox(approved.workspace).publish(approved.item(), ["share"], "ana@example.com")


def test_retiring_moves_the_folder_aside(approved: Team, share: Path) -> None:
    folder_target(approved, share)
    result = publish_then_retire(approved, "share")
    assert result.state == DONE
    assert [p.name for p in share.iterdir()] == ["_retired"]
    assert remembered(approved.workspace, "share", "lesson0001") is None


def test_cancelling_keeps_the_job_for_later_and_the_cli_resumes_it(
        approved: Team, share: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from editor.progress import CancelToken
    from tests.connectors.conftest import cli
    folder_target(approved, share)
    token = CancelToken()
    outbox = Outbox(approved.workspace)
    outbox.enqueue(approved.item(), ["share"], PUBLISHER)
    [result] = outbox.run(lambda fraction, message: token.cancel(), token)
    assert result.state == QUEUED and "Cancelled" in result.message
    assert not list(share.rglob("*.zip"))
    ws = str(approved.workspace.root)
    assert cli(["outbox", "--workspace", ws]) == 0
    assert "queued  publish  lesson0001 -> share" in capsys.readouterr().out
    assert cli(["outbox", "--workspace", ws, "--run"]) == 0
    assert "share: done: Published to share." in capsys.readouterr().out
    assert len(list(share.rglob("scorm12.zip"))) == 1
