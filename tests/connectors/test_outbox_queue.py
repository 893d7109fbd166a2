"""The outbox's own queue operations and storage: its lock, removal, pruning, the workspace's identity."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from editor.workspace import MARKER, Workspace
from publishing.connectors import add_target
from publishing.outbox import DONE, FAILED, QUEUED, Job, Outbox, PublishError
from publishing.outbox_folder import has_queued_jobs, outbox_folder
from publishing.outbox_store import KEEP_FINISHED
from publishing.outcomes import Cause
from publishing.targets import Target, workspace_key
from tests.connectors.conftest import PUBLISHER
from tests.editor.review.conftest import Team


def queued_job(outbox: Outbox, team: Team, share: Path) -> Job:
    add_target(team.workspace, Target("share", "folder", str(share), {"format": "scorm12"}))
    [job] = outbox.enqueue(team.item(), ["share"], PUBLISHER)
    return job


def test_running_and_removing_go_through_the_outboxs_lock(approved: Team, tmp_path: Path) -> None:
    outbox = Outbox(approved.workspace)
    job = queued_job(outbox, approved, tmp_path)
    with outbox.store.holding(job.id) as taken:          # another Tessera runs the job now
        assert taken and outbox.is_running(job)
        with pytest.raises(PublishError, match="running now") as refused:
            outbox.remove(job.id)
        assert refused.value.cause is Cause.BUSY
        [busy] = outbox.run()
        assert (busy.state, busy.cause) == (QUEUED, Cause.BUSY)
    assert not outbox.is_running(job)
    outbox.remove(job.id)
    assert outbox.jobs() == [] and not list(outbox.folder.glob("*.lock"))


def test_retry_now_makes_a_waiting_job_due_and_sends_it(approved: Team, tmp_path: Path) -> None:
    outbox = Outbox(approved.workspace)
    job = queued_job(outbox, approved, tmp_path)
    job.attempts, job.next_try = 1, 4_000_000_000.0       # waiting for a retry far in the future
    outbox.store.save(job)
    assert outbox.run(wait=False) == []
    [result] = outbox.retry_now(job.id)
    assert result.state == DONE and len(list(tmp_path.rglob("scorm12.zip"))) == 1


def test_whether_a_job_waits_is_known_without_loading_the_outbox(approved: Team, tmp_path: Path) -> None:
    assert not has_queued_jobs(approved.workspace)                 # no outbox folder yet
    outbox = Outbox(approved.workspace)
    job = queued_job(outbox, approved, tmp_path)
    assert has_queued_jobs(approved.workspace)
    [sent] = outbox.run()
    assert sent.state == DONE and not has_queued_jobs(approved.workspace)   # only history is left
    (outbox.folder / "damaged.json").write_text("{not json", encoding="utf-8")
    assert has_queued_jobs(approved.workspace)                     # the outbox decides what it is
    assert job.id in {found.id for found in outbox.jobs()}
    (outbox.folder / "damaged.json").write_text("[" * 100_000, encoding="utf-8")   # nested too deeply
    assert has_queued_jobs(approved.workspace)
    assert job.id in {found.id for found in outbox.jobs()}


def test_finished_jobs_are_pruned_to_a_bounded_recent_history(approved: Team, tmp_path: Path) -> None:
    outbox = Outbox(approved.workspace)
    waiting = queued_job(outbox, approved, tmp_path)
    waiting.attempts, waiting.next_try = 1, 4_000_000_000.0
    outbox.store.save(waiting)
    for number in range(KEEP_FINISHED + 7):
        state = FAILED if number % 5 == 0 else DONE
        finished = Job(f"old-{number:03}", "publish", "lesson0001", "share", PUBLISHER, "v", {},
                       f"2026-01-01T00:{number // 60:02}:{number % 60:02}+00:00", state=state)
        outbox.store.save(finished)
        (outbox.folder / f"{finished.id}.lock").touch()
    outbox.run(wait=False)
    jobs = outbox.jobs()
    finished_ids = [job.id for job in jobs if job.state != QUEUED]
    assert len(finished_ids) == KEEP_FINISHED
    assert finished_ids == [f"old-{number:03}" for number in range(7, KEEP_FINISHED + 7)]   # the newest
    assert [job.id for job in jobs if job.state == QUEUED] == [waiting.id]                 # kept
    assert sorted(lock.stem for lock in outbox.folder.glob("*.lock")) == sorted(finished_ids)


def test_a_workspace_created_again_at_the_same_path_does_not_inherit_old_jobs(approved: Team,
                                                                                tmp_path: Path) -> None:
    old = Outbox(approved.workspace)
    queued_job(old, approved, tmp_path / "share")
    root, identity = approved.workspace.root, approved.workspace.identity
    shutil.rmtree(root)
    fresh = Workspace.create(root)
    assert identity and fresh.identity and fresh.identity != identity
    assert Outbox(fresh).jobs() == []
    assert len(old.jobs()) == 1                           # the old workspace's jobs are where they were


def test_a_workspace_without_an_id_keeps_the_outbox_of_its_path(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "ws")
    marker = workspace.root / MARKER
    data = yaml.safe_load(marker.read_text(encoding="utf-8"))
    del data["id"]                                        # made before workspaces had ids
    marker.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert outbox_folder(workspace).name == workspace_key(workspace)
    marker.write_text(yaml.safe_dump({**data, "id": "../../elsewhere"}), encoding="utf-8")
    assert outbox_folder(workspace).parent.name == "outbox"     # a hostile id names no other folder


def test_job_files_written_before_causes_existed_are_still_read(approved: Team, tmp_path: Path) -> None:
    outbox = Outbox(approved.workspace)
    job = queued_job(outbox, approved, tmp_path)
    old = {key: value for key, value in job.as_dict().items()
           if key not in ("cause", "status", "remote_id", "first_failure")}
    (outbox.folder / f"{job.id}.json").write_text(json.dumps(old), encoding="utf-8")
    [read] = outbox.jobs()
    assert (read.id, read.cause, read.status, read.remote_id) == (job.id, None, None, "")
    [result] = outbox.run()
    assert result.state == DONE and result.remote_id == "giving-feedback-that-lands-lesson0001"
