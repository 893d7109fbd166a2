"""The publishing outbox: approved content goes out through persistent jobs that survive crashes.

``Outbox(workspace).publish(item, targets, by)`` checks the approval (``can_publish``), builds
each package once from exactly the approved content, writes one job file per target and runs
them. A job is retried with exponential backoff (never sooner than a server's Retry-After, which
is capped) on transient failures, for a bounded number of attempts and time, and stops with the
connector's advice on permanent ones. Every outcome is data: the job keeps the ``Cause``, the HTTP
status and the remote id beside its message. ``run`` waits in-process only for retries due within
``RetryPolicy.wait_cap`` and says what it waits for through ``on_wait``; longer waits stay queued
in the outbox and ``run`` returns. After success the remote id is remembered for the team
(``targets.remember``) and the publication is recorded in the review history (once per job, even
when a crash repeats the last step).

Where: ``<user state dir>/outbox/<workspace id key>/`` (``outbox_store``). Not the workspace's
``.tessera/``: that is derived data anyone may delete, and a shared or synced workspace would hand
one person's pending jobs — run with their keychain and their role — to every teammate's
Tessera, or run them twice. The user state dir survives restarts and is not a cache. A job holds
a file lock while it runs or is changed, so two Tessera processes never run the same job; a
killed process releases it. The queue operations (``is_running``, ``remove``, ``retry_now``,
``make_due``) take the same lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from editor.progress import Cancelled, CancelToken, ProgressCallback, no_progress, scaled
from editor.review import ReviewError, can_publish, current_version, load_members, read_events, record_publish
from editor.workspace import Item, Workspace
from publishing.connectors.base import Connector, Content, Step, TransientError
from publishing.connectors.content import content_for, external_id, learner_url
from publishing.connectors.registry import connector_class, open_connector
from publishing.credentials import redact
from publishing.outbox_folder import DONE, FAILED, QUEUED, outbox_folder
from publishing.outbox_store import Job, JobStore
from publishing.outcomes import Cause, PublishError, cause_of
from publishing.packages import PackageError, build_package
from publishing.targets import TargetError, find_target, remember, remembered

__all__ = ["DONE", "FAILED", "QUEUED", "Job", "JobResult", "Outbox", "PublishError", "RetryPolicy", "Waiting"]
log = logging.getLogger("tessera.publishing")


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    first_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 300.0
    max_attempts: int = 8
    max_retry_after: float = 900.0   # a server asking for a longer pause is asked again after this
    give_up_after: float = 1800.0    # transient failures for this long (seconds) end the job
    wait_cap: float = 60.0           # ``run`` waits for retries due this soon; later ones stay queued

    def delay(self, attempt: int, advised: float | None) -> float:
        backoff = min(self.max_delay, self.first_delay * self.factor ** (attempt - 1))
        # Jitter keeps many clients that failed together from retrying together.
        return max(backoff * random.uniform(0.8, 1.2), min(advised or 0.0, self.max_retry_after))


@dataclasses.dataclass(frozen=True)
class JobResult:
    job_id: str
    target: str
    item_id: str
    action: str
    state: str                   # queued (will retry, or was cancelled), done or failed
    message: str
    url: str = ""
    cause: Cause | None = None   # why it is not done (None when it is)
    status: int | None = None    # the HTTP status behind the cause, when there was one
    remote_id: str = ""
    next_try: float = 0.0        # for a queued job: when it is tried again (time.time() seconds)


@dataclasses.dataclass(frozen=True)
class Waiting:
    """What ``run`` is about to wait for, and until when (time.time() seconds)."""

    job_id: str
    target: str
    cause: Cause | None
    status: int | None
    until: float
    message: str


class Outbox:
    def __init__(self, workspace: Workspace, *, policy: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time) -> None:
        self.workspace = workspace
        self.folder = outbox_folder(workspace)
        self.store = JobStore(self.folder)
        self.policy = policy or RetryPolicy()
        self.sleep, self.clock = sleep, clock

    # -- queueing ----------------------------------------------------------------------------------
    def publish(self, item: Item, targets: Sequence[str], by: str, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None, *,
                on_wait: Callable[[Waiting], None] | None = None) -> list[JobResult]:
        """Queue ``item`` for each target and run those jobs (see ``run``)."""
        jobs = self.enqueue(item, targets, by, progress, cancel)
        return self.run(progress, cancel, only={job.id for job in jobs}, on_wait=on_wait)

    def enqueue(self, item: Item, targets: Sequence[str], by: str, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> list[Job]:
        decision = can_publish(self.workspace, item, by)
        if not decision.allowed:
            raise PublishError("Publishing is not allowed: " + " ".join(decision.reasons))
        if not targets:
            raise PublishError("Choose at least one target; see 'tessera targets list'.", Cause.TARGET)
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
            self.store.save(job)
        return jobs

    def retire(self, item: Item, target: str, by: str, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None, *,
               on_wait: Callable[[Waiting], None] | None = None) -> list[JobResult]:
        """Take ``item`` out of use on ``target`` (publishers only)."""
        try:
            load_members(self.workspace).require(by, "publisher", "retire content on a target")
        except ReviewError as exc:
            raise PublishError(str(exc)) from None
        self._connector_class(target)
        content = Content(item.id, item.kind, item.title, external_id(item), "")
        job = self._new_job("retire", item, target, by, "", content)
        self.store.save(job)
        return self.run(progress, cancel, only={job.id}, on_wait=on_wait)

    # -- the queue -----------------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        """Every job, oldest first."""
        return self.store.jobs()

    def is_running(self, job: Job) -> bool:
        """Whether some Tessera window or process is running ``job`` now."""
        return self.store.is_running(job)

    def remove(self, job_id: str) -> None:
        """Take a job out of the queue (a queued one is then never sent); refused while it runs."""
        self.store.remove(job_id)

    def retry_now(self, job_id: str, progress: ProgressCallback | None = None,
                  cancel: CancelToken | None = None) -> list[JobResult]:
        """Run a waiting job now, or queue a failed one afresh (approval checked again) and run it."""
        job = self._existing(job_id)
        if job.state == DONE:
            raise PublishError("That job is done already; publish the item again to send a new version.")
        if job.state == FAILED:
            item = self.workspace.find(job.item_id)
            if item is None:
                title = job.content.get("title") or job.item_id
                raise PublishError(f"“{title}” is no longer in the workspace.", Cause.TARGET)
            # The failed job goes only once its replacement exists: a refusal (no longer approved) keeps it.
            if job.action == "retire":
                results = self.retire(item, job.target, job.by, progress, cancel)
                self.remove(job.id)
                return results
            fresh = self.enqueue(item, [job.target], job.by, progress, cancel)
            self.remove(job.id)
            return self.run(progress, cancel, only={new.id for new in fresh})
        self.make_due(job.id)
        return self.run(progress, cancel, only={job.id})

    def make_due(self, job_id: str) -> None:
        """Let a queued job waiting for its next try go at the next run (a person asked for it now)."""
        with self.store.holding(job_id) as free:
            if not free:
                raise PublishError("The job is running now.", Cause.BUSY)
            current = self._existing(job_id)          # as it is now that nobody else can change it
            if current.state == QUEUED:
                current.next_try = 0.0
                self.store.save(current)

    def _existing(self, job_id: str) -> Job:
        job = self.store.load(job_id)
        if job is None:
            raise PublishError("That job is no longer in the queue.", Cause.TARGET)
        return job

    # -- running -----------------------------------------------------------------------------------
    def run(self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None, *,
            only: set[str] | None = None, wait: bool = True,
            on_wait: Callable[[Waiting], None] | None = None) -> list[JobResult]:
        """Run queued jobs (all, or ``only`` these) until each is done, failed or waits too long.

        Retries due within ``policy.wait_cap`` are waited for in-process (``on_wait`` hears of each
        wait first); later ones stay queued and are reported with their ``next_try``. ``wait=False``
        makes one pass over the jobs that are due. Cancelling leaves jobs queued.
        """
        report, token = progress or no_progress, cancel or CancelToken()
        results: dict[str, JobResult] = {}
        busy: set[str] = set()
        while not token.cancelled:
            queued = [job for job in self.jobs() if job.state == QUEUED and job.id not in busy
                      and (only is None or job.id in only)]
            due = [job for job in queued if job.next_try <= self.clock()]
            if not due:
                soonest = min(queued, key=lambda job: job.next_try, default=None)
                if soonest is None or not wait or soonest.next_try - self.clock() > self.policy.wait_cap:
                    break
                if on_wait is not None:
                    on_wait(Waiting(soonest.id, soonest.target, soonest.cause, soonest.status,
                                    soonest.next_try, soonest.message))
                self._pause(soonest.next_try - self.clock(), token)
                continue
            for number, job in enumerate(due):
                result = self._attempt(job, scaled(report, number / len(due), (number + 1) / len(due)), token)
                if result is not None:
                    results[job.id] = result
                    if result.cause is Cause.BUSY:
                        busy.add(job.id)
                if token.cancelled:
                    break
        self._drop_unused_packages()
        self.store.prune()
        return list(results.values())

    def _attempt(self, job: Job, progress: ProgressCallback, cancel: CancelToken) -> JobResult | None:
        """One try at ``job``; None when it was removed from the queue meanwhile."""
        with self.store.holding(job.id) as free:
            if not free:
                return dataclasses.replace(
                    _result(job), message="Being published by another Tessera window or process.",
                    cause=Cause.BUSY, status=None)
            current = self.store.load(job.id)     # another process may have finished or removed it
            if current is None:
                return None
            if current.state == QUEUED:
                self._run_job(current, progress, cancel)
            return _result(current)

    def _run_job(self, job: Job, progress: ProgressCallback, cancel: CancelToken) -> None:
        connector: Connector | None = None
        try:
            item = self._item(job)
            connector = open_connector(self.workspace, job.target)
            step = Step(progress, cancel, job.checkpoint, lambda: self.store.save(job))
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
                job.url, job.remote_id, job.message = remote.url, remote.id, self._record(job, item)
            job.state, job.cause, job.status = DONE, None, None
            log.info("%s %s on %s: %s", job.action, job.item_id, job.target, job.message)
        except Cancelled:
            job.cause = Cause.CANCELLED
            job.message = "Cancelled; it stays in the outbox and continues next time."
        except TransientError as exc:
            self._retry_later(job, exc)
        except Exception as exc:  # a connector plug-in may fail in any way: keep the app and the job alive
            job.state, job.cause, job.status = FAILED, cause_of(exc), getattr(exc, "status", None)
            job.message = str(exc)
            if job.cause is Cause.UNEXPECTED:
                log.exception("Connector failure in outbox job %s", job.id)
                job.message = f"The connector failed unexpectedly ({type(exc).__name__}: {exc})."
        finally:
            if connector is not None:
                job.message = redact(job.message, [connector.secret])
                connector.close()
            if job.state != DONE:
                log.warning("%s %s on %s: %s", job.action, job.item_id, job.target, job.message)
            self.store.save(job)

    def _retry_later(self, job: Job, exc: TransientError) -> None:
        """Schedule the next attempt, or give up after ``max_attempts`` or ``give_up_after`` seconds."""
        now = self.clock()
        job.attempts += 1
        if not job.first_failure or now - job.next_try > self.policy.give_up_after:
            job.first_failure = now     # a new run of failures (the job sat unsent, e.g. the app was closed)
        job.cause, job.status = exc.cause, exc.status
        spent = now - job.first_failure
        if job.attempts >= self.policy.max_attempts or spent >= self.policy.give_up_after:
            job.state = FAILED
            job.message = f"Gave up after {job.attempts} attempts over {_duration(spent)}. Last problem: " \
                f"{exc} Publish again once the problem is solved."
        else:
            job.next_try = now + self.policy.delay(job.attempts, exc.retry_after)
            job.message = f"Attempt {job.attempts} of {self.policy.max_attempts} failed: {exc}"

    def _item(self, job: Job) -> Item:
        item = self.workspace.find(job.item_id)
        if item is None:
            raise PublishError(f"The item {job.item_id} is no longer in the workspace.", Cause.TARGET)
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
            raise PublishError(str(exc), Cause.TARGET) from None

    def _build(self, item: Item, fmt: str, slug: str, progress: ProgressCallback | None,
               cancel: CancelToken | None) -> Path:
        out = self.folder / "packages" / f"{slug}-{item.id}-{uuid.uuid4().hex[:8]}-{fmt}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            return build_package([item.path], fmt, out, progress=progress, cancel=cancel).path
        except PackageError as exc:
            raise PublishError(f"The {fmt} package could not be built: {exc}", Cause.PACKAGE) from None

    def _new_job(self, action: str, item: Item, target: str, by: str, version: str, content: Content) -> Job:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return Job(f"{stamp}-{uuid.uuid4().hex[:8]}", action, item.id, target, by, version,
                   content.as_dict(), dt.datetime.now(dt.UTC).isoformat())

    def _drop_unused_packages(self) -> None:
        needed = {job.content.get("package") for job in self.jobs() if job.state == QUEUED}
        for package in (self.folder / "packages").glob("*.zip"):
            if str(package) not in needed:
                package.unlink(missing_ok=True)

    def _pause(self, seconds: float, cancel: CancelToken) -> None:
        deadline = self.clock() + max(seconds, 0.0)
        while not cancel.cancelled and (left := deadline - self.clock()) > 0:
            self.sleep(min(left, 0.25))


def _result(job: Job) -> JobResult:
    return JobResult(job.id, job.target, job.item_id, job.action, job.state, job.message, job.url, job.cause,
                     job.status, job.remote_id, job.next_try if job.state == QUEUED else 0.0)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"
