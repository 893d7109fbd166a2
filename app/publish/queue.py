"""The publishing queue as people see it: one row per outbox job, and what they can do with one.

Qt-free, so it runs in a worker. A job is *running* while some Tessera window or process holds its
file lock (the outbox takes it for every attempt); a queued job with a future ``next_try`` is
*waiting to retry*. The queue operations themselves (``Outbox.is_running``, ``remove``,
``retry_now``) belong to the outbox, which takes the job's lock for each; this module presents them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from app.publish.advice import explained
from publishing.outbox import DONE, FAILED, QUEUED, Job, Outbox


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
            return f"failed: {explained(job.message, job.cause, gave_up=True)}"
        return "done" if job.state == DONE else job.state


def queue_rows(outbox: Outbox) -> list[QueueRow]:
    """Every job, newest first."""
    return [QueueRow(job, outbox.is_running(job)) for job in reversed(outbox.jobs())]
