"""Long media work as jobs: ffmpeg runs with progress and Cancel, and a queue that runs jobs one by one.

Progress comes from ffmpeg's machine-readable ``-progress pipe:1`` report (``out_time_us=…`` lines about
twice a second) measured against the probed duration. Cancel kills ffmpeg and deletes what it had
written, so a cancelled job leaves nothing behind. Everything here is Qt-free; the GUI adapts the
callbacks (they run on the worker thread).
"""

from __future__ import annotations

import enum
import queue
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Generic, TypeVar

from editor.media.errors import MediaError
from editor.media.probe import confined_inputs
from editor.progress import Cancelled, CancelToken, ProgressCallback

T = TypeVar("T")
_POLL_SECONDS = 0.1     # how quickly Cancel is noticed while ffmpeg is busy
_STDERR_LINES = 40


def remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


def run_ffmpeg(exe: str, args: Sequence[str], *, duration: float | None, outputs: Sequence[Path],
               progress: ProgressCallback, cancel: CancelToken, step: str) -> str:
    """Run ``exe`` with ``args`` (inputs and outputs), reporting ``step`` progress; return its warnings.

    On failure or Cancel every path in ``outputs`` is deleted; failure raises MediaError with
    ffmpeg's own last words, Cancel raises Cancelled.
    """
    if not confined_inputs(args):
        # Without these options a playlist or concat list could make ffmpeg read files we never named.
        raise ValueError(f"ffmpeg inputs must be built with editor.media.probe.input_args: {list(args)}")
    cancel.raise_if_cancelled()
    command = [exe, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
               "-progress", "pipe:1", "-y", *args]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace")
    except OSError as exc:
        raise MediaError(f"Could not start ffmpeg ({exe}): {exc.strerror or exc}.") from exc
    assert process.stdout is not None and process.stderr is not None
    reports: queue.Queue[str | None] = queue.Queue()
    warnings: deque[str] = deque(maxlen=_STDERR_LINES)
    readers = [threading.Thread(target=_pump, args=(process.stdout, reports.put, lambda: reports.put(None)),
                                daemon=True),
               threading.Thread(target=_pump, args=(process.stderr, warnings.append), daemon=True)]
    for reader in readers:
        reader.start()
    progress(0.0, step)
    try:
        _follow(reports, duration, progress, cancel, step)
        code = process.wait()
    except BaseException:
        process.kill()
        process.wait()
        remove_files(outputs)
        raise
    finally:
        for reader in readers:
            reader.join(timeout=5)
    if code != 0:
        remove_files(outputs)
        raise MediaError(f"{step} failed: {_last_words(warnings)}")
    progress(1.0, step)
    return "\n".join(warnings)


def _pump(stream: IO[str], sink: Callable[[str], None], finished: Callable[[], None] = lambda: None) -> None:
    # Both pipes are drained on their own threads so a chatty ffmpeg can never block on a full pipe.
    for line in stream:
        sink(line.rstrip("\n"))
    finished()


def _follow(reports: queue.Queue[str | None], duration: float | None, progress: ProgressCallback,
            cancel: CancelToken, step: str) -> None:
    while True:
        try:
            line = reports.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            line = ""
        cancel.raise_if_cancelled()
        if line is None:
            return
        key, _, value = line.partition("=")
        if key == "out_time_us" and duration and value.strip().lstrip("-").isdigit():
            progress(min(1.0, max(0.0, int(value) / 1e6 / duration)), step)


def _last_words(warnings: deque[str]) -> str:
    meaningful = [line.strip() for line in warnings if line.strip()]
    if not meaningful:
        return "ffmpeg stopped without saying why."
    return " / ".join(meaningful[-3:])


class JobState(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class Job(Generic[T]):
    """One queued piece of work: ``run(progress, cancel)`` plus what the UI shows about it."""

    title: str
    run: Callable[[ProgressCallback, CancelToken], T]
    token: CancelToken = field(default_factory=CancelToken)
    state: JobState = JobState.QUEUED
    fraction: float = 0.0
    message: str = ""
    result: T | None = None
    error: str = ""
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)

    def cancel(self) -> None:
        self.token.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the job has finished (done, failed or cancelled)."""
        return self._finished.wait(timeout)


class JobQueue:
    """Runs submitted jobs one after another on one worker thread (media work saturates the CPU anyway).

    ``on_update(job)`` is called whenever a job's state or progress changes: from the submitting thread
    for "queued", from the worker thread after that (a GUI hands it over to its main thread).
    """

    def __init__(self, on_update: Callable[[Job[object]], None] | None = None) -> None:
        self._on_update = on_update or (lambda job: None)
        self._pending: queue.Queue[Job[object] | None] = queue.Queue()
        self._jobs: list[Job[object]] = []
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def submit(self, title: str, run: Callable[[ProgressCallback, CancelToken], T]) -> Job[T]:
        job: Job[T] = Job(title, run)
        with self._lock:
            self._jobs.append(job)   # type: ignore[arg-type]
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="media-jobs", daemon=True)
                self._worker.start()
        self._pending.put(job)   # type: ignore[arg-type]
        self._on_update(job)   # type: ignore[arg-type]
        return job

    def jobs(self) -> list[Job[object]]:
        with self._lock:
            return list(self._jobs)

    def close(self, timeout: float | None = None) -> None:
        """Stop after the jobs already queued; wait up to ``timeout`` seconds for them."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            self._pending.put(None)
            worker.join(timeout)

    def _work(self) -> None:
        while (job := self._pending.get()) is not None:
            self._run(job)

    def _run(self, job: Job[object]) -> None:
        def report(fraction: float, message: str) -> None:
            job.fraction, job.message = fraction, message
            self._on_update(job)

        if not job.token.cancelled:
            job.state = JobState.RUNNING
            self._on_update(job)
        try:
            job.token.raise_if_cancelled()
            job.result = job.run(report, job.token)
            job.state = JobState.DONE
        except Cancelled:
            job.state = JobState.CANCELLED
        except MediaError as exc:
            job.state, job.error = JobState.FAILED, str(exc)
        except Exception as exc:  # a bug must not kill the worker and strand the jobs behind it
            job.state, job.error = JobState.FAILED, f"Unexpected error: {exc!r}"
        job._finished.set()
        self._on_update(job)
