"""The publishing queue as people see it: one row per outbox job, and what they can do with one.

Qt-free, so it runs in a worker. A job is *running* while some Tessera window or process holds its
file lock (the outbox takes it for every attempt); a queued job with a future ``next_try`` is
*waiting to retry*. "Retry now" makes a waiting job due at once; a failed job is queued afresh
through ``Outbox.enqueue`` (or ``retire``), because its package was dropped when it failed and the
approval is checked again. A job is only changed or removed while nobody runs it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from filelock import FileLock, Timeout

from app.publish.advice import explained
from editor.progress import CancelToken, ProgressCallback
from publishing.outbox import DONE, FAILED, QUEUED, Job, JobResult, Outbox, PublishError


@dataclass(frozen=True)
class QueueRow:
    job: Job
    running: bool

    @property
    def title(self) -> str:
        return str(self.job.content.get("title") or self.job.item_id)

    @property
    def waiting(self) -> bool:
        return self.job.state == QUEUED and not self.running and self.job.attempts > 0 \
            and self.job.next_try > time.time()

    def state_text(self) -> str:
        """queued / running / waiting to retry until HH:MM / failed: reason / done."""
        job = self.job
        if job.state == QUEUED:
            if self.running:
                return "running"
            if self.waiting:
                return f"waiting to retry until {dt.datetime.fromtimestamp(job.next_try):%H:%M}"
            return "queued"
        if job.state == FAILED:
            return f"failed: {explained(job.message)}"
        return "done" if job.state == DONE else job.state


def _lock(outbox: Outbox, job_id: str) -> FileLock:
    # The outbox's own lock for the job: held while any Tessera runs it.
    return FileLock(str(outbox.folder / f"{job_id}.lock"))


def is_running(outbox: Outbox, job: Job) -> bool:
    if job.state != QUEUED:
        return False
    lock = _lock(outbox, job.id)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def queue_rows(outbox: Outbox) -> list[QueueRow]:
    """Every job, newest first."""
    return [QueueRow(job, is_running(outbox, job)) for job in reversed(outbox.jobs())]


def _job(outbox: Outbox, job_id: str) -> Job:
    job = next((job for job in outbox.jobs() if job.id == job_id), None)
    if job is None:
        raise PublishError("That job is no longer in the queue.")
    return job


def remove_job(outbox: Outbox, job_id: str) -> None:
    """Take a job out of the queue (a queued one is then never sent)."""
    lock = _lock(outbox, job_id)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise PublishError("The job is running now; cancel it first, then remove it.") from None
    try:
        (outbox.folder / f"{_job(outbox, job_id).id}.json").unlink(missing_ok=True)
    finally:
        lock.release()


def retry_now(outbox: Outbox, job_id: str, progress: ProgressCallback,
              cancel: CancelToken) -> list[JobResult]:
    """Run a waiting job now, or queue a failed one again and run it."""
    job = _job(outbox, job_id)
    if job.state == DONE:
        raise PublishError("That job is done already; publish the item again to send a new version.")
    if job.state == FAILED:
        item = outbox.workspace.find(job.item_id)
        if item is None:
            raise PublishError(f"“{QueueRow(job, False).title}” is no longer in the workspace.")
        # The failed job goes only once its replacement exists: a refusal (no longer approved) keeps it.
        if job.action == "retire":
            results = outbox.retire(item, job.target, job.by, progress, cancel)
            remove_job(outbox, job.id)
            return results
        fresh = outbox.enqueue(item, [job.target], job.by, progress, cancel)
        remove_job(outbox, job.id)
        return outbox.run(progress, cancel, only={new.id for new in fresh})
    lock = _lock(outbox, job.id)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise PublishError("The job is running now.") from None
    try:
        outbox.make_due(_job(outbox, job_id))   # as it is now that nobody else can change it
    finally:
        lock.release()
    return outbox.run(progress, cancel, only={job.id})
