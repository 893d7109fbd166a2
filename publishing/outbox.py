"""The publishing outbox: approved content goes out through persistent jobs that survive crashes.

``Outbox(workspace).publish(item, targets, by)`` checks the approval (``can_publish``), builds
each package once from exactly the approved content, writes one job file per target and runs
them. A job is retried with exponential backoff (never sooner than a server's Retry-After) on
transient failures and stops with the connector's advice on permanent ones. After success the
remote id is remembered for the team (``targets.remember``) and the publication is recorded in
the review history (once per job, even when a crash repeats the last step).

Where: ``<user state dir>/outbox/<workspace key>/``. Not the workspace's ``.tessera/``: that is
derived data anyone may delete, and a shared or synced workspace would hand one person's
pending jobs — run with their keychain and their role — to every teammate's Tessera, or run
them twice. The user state dir survives restarts and is not a cache. A job holds a file lock
while it runs, so two Tessera processes never run the same job; a killed process releases it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from editor.atomic import atomic_write_text
from editor.paths import user_state_dir
from editor.progress import Cancelled, CancelToken, ProgressCallback, no_progress, scaled
from editor.review import ReviewError, can_publish, current_version, load_members, read_events, record_publish
from editor.workspace import Item, Workspace
from publishing.connectors.base import Connector, Content, PermanentError, Step, TransientError
from publishing.connectors.content import content_for, external_id, learner_url
from publishing.connectors.registry import connector_class, open_connector
from publishing.credentials import redact
from publishing.packages import PackageError, build_package
from publishing.targets import TargetError, find_target, remember, remembered, workspace_key

log = logging.getLogger("tessera.publishing")
QUEUED, DONE, FAILED = "queued", "done", "failed"


class PublishError(Exception):
    """Nothing was queued: the item may not be published, or a target or package is unusable."""


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    first_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 300.0
    max_attempts: int = 8

    def delay(self, attempt: int, advised: float | None) -> float:
        backoff = min(self.max_delay, self.first_delay * self.factor ** (attempt - 1))
        # Jitter keeps many clients that failed together from retrying together.
        return max(backoff * random.uniform(0.8, 1.2), advised or 0.0)


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


@dataclasses.dataclass(frozen=True)
class JobResult:
    job_id: str
    target: str
    item_id: str
    action: str
    state: str                   # queued (will retry, or was cancelled), done or failed
    message: str
    url: str = ""


class Outbox:
    def __init__(self, workspace: Workspace, *, policy: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time) -> None:
        self.workspace = workspace
        self.folder = user_state_dir() / "outbox" / workspace_key(workspace)
        self.policy = policy or RetryPolicy()
        self.sleep, self.clock = sleep, clock

    # -- queueing ----------------------------------------------------------------------------------
    def publish(self, item: Item, targets: Sequence[str], by: str, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> list[JobResult]:
        """Queue ``item`` for each target and run those jobs until each is done, failed or cancelled."""
        jobs = self.enqueue(item, targets, by, progress, cancel)
        return self.run(progress, cancel, only={job.id for job in jobs})

    def enqueue(self, item: Item, targets: Sequence[str], by: str, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> list[Job]:
        decision = can_publish(self.workspace, item, by)
        if not decision.allowed:
            raise PublishError("Publishing is not allowed: " + " ".join(decision.reasons))
        if not targets:
            raise PublishError("Choose at least one target; see 'tessera targets list'.")
        classes = {name: self._connector_class(name) for name in dict.fromkeys(targets)}
        base = content_for(item, decision.version)
        packages: dict[str, Path] = {}
        jobs = []
        for name, cls in classes.items():
            fmt = find_target(self.workspace, name).option("format", cls.default_format) if cls.formats \
                else ""
            if fmt and fmt not in packages:
                packages[fmt] = self._build(item, fmt, base.slug, progress, cancel)
            content = dataclasses.replace(base, package=packages.get(fmt), package_format=fmt)
            jobs.append(self._new_job("publish", item, name, by, decision.version, content))
        if current_version(item).hash != decision.version:
            raise PublishError("The item changed while its package was being built; publish it again.")
        for job in jobs:
            self._save(job)
        return jobs

    def retire(self, item: Item, target: str, by: str, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None) -> list[JobResult]:
        """Take ``item`` out of use on ``target`` (publishers only)."""
        try:
            load_members(self.workspace).require(by, "publisher", "retire content on a target")
        except ReviewError as exc:
            raise PublishError(str(exc)) from None
        self._connector_class(target)
        content = Content(item.id, item.kind, item.title, external_id(item), "")
        job = self._new_job("retire", item, target, by, "", content)
        self._save(job)
        return self.run(progress, cancel, only={job.id})

    # -- running -----------------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        found = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                found.append(Job(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as exc:
                log.warning("Skipping the unreadable outbox job %s: %s", path, exc)
        return sorted(found, key=lambda job: (job.created, job.id))

    def run(self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None, *,
            only: set[str] | None = None, wait: bool = True) -> list[JobResult]:
        """Run queued jobs (all, or ``only`` these) until each is done or failed, waiting for retries.

        ``wait=False`` makes one pass over the jobs that are due. Cancelling leaves jobs queued.
        """
        report, token = progress or no_progress, cancel or CancelToken()
        results: dict[str, JobResult] = {}
        busy: set[str] = set()
        while not token.cancelled:
            queued = [job for job in self.jobs() if job.state == QUEUED and job.id not in busy
                      and (only is None or job.id in only)]
            due = [job for job in queued if job.next_try <= self.clock()]
            if not due:
                if not queued or not wait:
                    break
                self._pause(min(job.next_try for job in queued) - self.clock(), token)
                continue
            for number, job in enumerate(due):
                result = self._attempt(job, _share(report, number, len(due), job.target), token)
                results[job.id] = result
                if result.state == QUEUED and result.message.startswith("Being published by"):
                    busy.add(job.id)
                if token.cancelled:
                    break
        self._drop_unused_packages()
        return list(results.values())

    def _attempt(self, job: Job, progress: ProgressCallback, cancel: CancelToken) -> JobResult:
        lock = FileLock(str(self.folder / f"{job.id}.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return _result(job, "Being published by another Tessera window or process.")
        try:
            job = self._load(job.id) or job     # another process may have finished it meanwhile
            if job.state != QUEUED:
                return _result(job)
            self._run_job(job, progress, cancel)
            return _result(job)
        finally:
            lock.release()

    def _run_job(self, job: Job, progress: ProgressCallback, cancel: CancelToken) -> None:
        connector: Connector | None = None
        try:
            item = self._item(job)
            connector = open_connector(self.workspace, job.target)
            step = Step(progress, cancel, job.checkpoint, lambda: self._save(job))
            previous = remembered(self.workspace, job.target, job.item_id)
            if job.action == "retire":
                if previous is not None:
                    connector.retire(previous, step)
                remember(self.workspace, job.target, job.item_id, None)
                job.message = f"Retired from {job.target}."
            else:
                url = learner_url(self.workspace, item, connector, lambda source: self._pending(source, item))
                content = dataclasses.replace(Content.from_dict(job.content), url=url)
                remote = connector.update(content, previous, step) if previous else \
                    connector.publish(content, step)
                remember(self.workspace, job.target, job.item_id, remote)
                job.url, job.message = remote.url, self._record(job, item)
            job.state = DONE
            log.info("%s %s on %s: %s", job.action, job.item_id, job.target, job.message)
        except Cancelled:
            job.message = "Cancelled; it stays in the outbox and continues next time."
        except TransientError as exc:
            job.attempts += 1
            if job.attempts >= self.policy.max_attempts:
                job.state, job.message = FAILED, f"Gave up after {job.attempts} attempts. Last problem: {exc}"
            else:
                job.next_try = self.clock() + self.policy.delay(job.attempts, exc.retry_after)
                job.message = f"Attempt {job.attempts} failed: {exc}"
        except (PermanentError, PublishError, TargetError, ReviewError, PackageError, OSError) as exc:
            job.state, job.message = FAILED, str(exc)
        except Exception as exc:  # a connector plug-in may fail in any way: keep the app and the job alive
            log.exception("Connector failure in outbox job %s", job.id)
            job.state, job.message = FAILED, f"The connector failed unexpectedly ({type(exc).__name__}: " \
                f"{exc})."
        finally:
            if connector is not None:
                job.message = redact(job.message, [connector.secret])
                connector.close()
            if job.state != DONE:
                log.warning("%s %s on %s: %s", job.action, job.item_id, job.target, job.message)
            self._save(job)

    def _item(self, job: Job) -> Item:
        item = self.workspace.find(job.item_id)
        if item is None:
            raise PublishError(f"The item {job.item_id} is no longer in the workspace.")
        if job.action == "publish":
            decision = can_publish(self.workspace, item, job.by)
            if not decision.allowed or decision.version != job.version:
                why = " ".join(decision.reasons) or "its content changed"
                raise PublishError(f"The item is no longer approved as it was queued ({why}); publish again.")
        return item

    def _pending(self, target: str, item: Item) -> bool:
        return any(job.target == target and job.item_id == item.id and job.state == QUEUED
                   for job in self.jobs())

    def _record(self, job: Job, item: Item) -> str:
        """Add the publication to the review history, once per job."""
        note = f"outbox job {job.id}"
        if any(event.kind == "publish" and event.data.get("note") == note
               for event in read_events(self.workspace, item.id).events):
            return f"Published to {job.target}."
        try:
            record_publish(self.workspace, item, job.by, job.version, job.target, note=note)
        except ReviewError as exc:
            return f"Published to {job.target}, but the review history could not record it: {exc}"
        return f"Published to {job.target}."

    # -- storage -----------------------------------------------------------------------------------
    def _connector_class(self, target: str) -> type[Connector]:
        try:
            return connector_class(find_target(self.workspace, target).connector)
        except TargetError as exc:
            raise PublishError(str(exc)) from None

    def _build(self, item: Item, fmt: str, slug: str, progress: ProgressCallback | None,
               cancel: CancelToken | None) -> Path:
        out = self.folder / "packages" / f"{slug}-{item.id}-{uuid.uuid4().hex[:8]}-{fmt}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            return build_package([item.path], fmt, out, progress=progress, cancel=cancel).path
        except PackageError as exc:
            raise PublishError(f"The {fmt} package could not be built: {exc}") from None

    def _new_job(self, action: str, item: Item, target: str, by: str, version: str, content: Content) -> Job:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return Job(f"{stamp}-{uuid.uuid4().hex[:8]}", action, item.id, target, by, version,
                   content.as_dict(), dt.datetime.now(dt.UTC).isoformat())

    def make_due(self, job: Job) -> None:
        """Let a job waiting for its next retry go at the next run (the caller holds the job's lock)."""
        job.next_try = 0.0
        self._save(job)

    def _save(self, job: Job) -> None:
        text = json.dumps(dataclasses.asdict(job), indent=2) + "\n"
        atomic_write_text(self.folder / f"{job.id}.json", text)

    def _load(self, job_id: str) -> Job | None:
        return next((job for job in self.jobs() if job.id == job_id), None)

    def _drop_unused_packages(self) -> None:
        needed = {job.content.get("package") for job in self.jobs() if job.state == QUEUED}
        for package in (self.folder / "packages").glob("*.zip"):
            if str(package) not in needed:
                package.unlink(missing_ok=True)

    def _pause(self, seconds: float, cancel: CancelToken) -> None:
        deadline = self.clock() + max(seconds, 0.0)
        while not cancel.cancelled and (left := deadline - self.clock()) > 0:
            self.sleep(min(left, 0.25))


def _result(job: Job, message: str = "") -> JobResult:
    return JobResult(job.id, job.target, job.item_id, job.action, job.state, message or job.message, job.url)


def _share(report: ProgressCallback, number: int, count: int, target: str) -> ProgressCallback:
    return scaled(lambda fraction, message: report(fraction, f"{target}: {message}"),
                  number / count, (number + 1) / count)
