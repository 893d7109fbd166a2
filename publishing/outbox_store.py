"""How the outbox keeps its jobs: one JSON file and one lock file per job, in the per-person folder
``outbox_folder`` names. A job's lock is held while any Tessera process runs it or changes it;
finished jobs are pruned to a bounded recent history.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from editor.atomic import atomic_write_text
from editor.json_text import parse_json
from publishing.outbox_folder import DONE, FAILED, QUEUED
from publishing.outcomes import Cause, PublishError

log = logging.getLogger("tessera.publishing")
KEEP_FINISHED = 50           # done and failed jobs kept for the queue's history, newest first


@dataclasses.dataclass
class Job:
    id: str
    action: str                  # "publish" or "retire"
    item_id: str
    target: str
    by: str
    version: str
    content: dict[str, Any]
    created: str
    state: str = QUEUED
    attempts: int = 0
    next_try: float = 0.0
    message: str = ""
    checkpoint: dict[str, Any] = dataclasses.field(default_factory=dict)
    url: str = ""
    cause: Cause | None = None   # why the last attempt did not succeed (None: it did, or none ran yet)
    status: int | None = None    # the HTTP status behind that, when there was one
    remote_id: str = ""          # the item's id on the target once published
    first_failure: float = 0.0   # when the current run of transient failures began (gives up after a while)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Job:
        """A job from its file; files written before a field existed get its default."""
        known = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in raw.items() if key in known}
        cause = values.get("cause")
        values["cause"] = Cause(cause) if isinstance(cause, str) and cause in set(Cause) else None
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class JobStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def jobs(self) -> list[Job]:
        """Every readable job, oldest first."""
        found = [job for path in sorted(self.folder.glob("*.json")) if (job := self._read(path)) is not None]
        return sorted(found, key=lambda job: (job.created, job.id))

    def load(self, job_id: str) -> Job | None:
        return self._read(self._path(job_id))

    def save(self, job: Job) -> None:
        atomic_write_text(self._path(job.id), json.dumps(job.as_dict(), indent=2) + "\n")

    def lock(self, job_id: str) -> FileLock:
        return FileLock(str(self.folder / f"{job_id}.lock"))

    @contextlib.contextmanager
    def holding(self, job_id: str) -> Iterator[bool]:
        """The job's lock if nobody holds it: yields whether it was taken."""
        lock = self.lock(job_id)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def is_running(self, job: Job) -> bool:
        """Whether some Tessera window or process runs the job now (it holds the lock)."""
        if job.state != QUEUED:
            return False
        with self.holding(job.id) as free:
            return not free

    def remove(self, job_id: str) -> None:
        """Delete a job nobody runs; PublishError (cause busy) while one does."""
        with self.holding(job_id) as free:
            if not free:
                raise PublishError("The job is running now; cancel it first, then remove it.", Cause.BUSY)
            self._path(job_id).unlink(missing_ok=True)
        self._forget_lock(job_id)

    def prune(self, keep: int = KEEP_FINISHED) -> None:
        """Drop finished jobs beyond the ``keep`` newest, and locks whose job is gone."""
        jobs = self.jobs()
        finished = [job for job in jobs if job.state in (DONE, FAILED)]
        for job in finished[:max(0, len(finished) - keep)]:
            with self.holding(job.id) as free:
                if free:
                    self._path(job.id).unlink(missing_ok=True)
        present = {job.id for job in self.jobs()}
        for lock in self.folder.glob("*.lock"):
            if lock.stem not in present:
                self._forget_lock(lock.stem)

    def _forget_lock(self, job_id: str) -> None:
        # Only when nobody holds it: a lock file removed under a holder would let a second one in.
        with self.holding(job_id) as free:
            if free:
                (self.folder / f"{job_id}.lock").unlink(missing_ok=True)

    def _path(self, job_id: str) -> Path:
        return self.folder / f"{Path(job_id).name}.json"

    def _read(self, path: Path) -> Job | None:
        try:
            return Job.from_dict(parse_json(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("Skipping the unreadable outbox job %s: %s", path, exc)
            return None
