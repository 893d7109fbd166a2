"""ffmpeg as a job (progress from -progress, Cancel kills it and cleans up) and the sequential queue."""

from __future__ import annotations

import threading
from pathlib import Path

import psutil
import pytest

from editor.media.errors import MediaError
from editor.media.jobs import Job, JobQueue, JobState, run_ffmpeg
from editor.media.probe import ffmpeg_exe, input_args
from editor.progress import Cancelled, CancelToken, ProgressCallback, scaled
from tests.editor.media.conftest import lavfi, make

ENCODE = ["-c:v", "libx264", "-preset", "ultrafast"]


@pytest.fixture(scope="module")
def three_seconds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clip = tmp_path_factory.mktemp("jobs") / "three.mkv"
    make(*lavfi("testsrc2=size=160x120:rate=25:duration=3"), "-c:v", "ffv1", str(clip))
    return clip


def test_progress_follows_ffmpeg_against_the_duration(tmp_path: Path, three_seconds: Path) -> None:
    reports: list[float] = []
    run_ffmpeg(ffmpeg_exe(), [*input_args(three_seconds), *ENCODE, "-f", "mp4", str(tmp_path / "out.mp4")],
               duration=3.0, outputs=[tmp_path / "out.mp4"], cancel=CancelToken(), step="Encoding",
               progress=lambda fraction, message: reports.append(fraction))
    assert reports[0] == 0.0 and reports[-1] == 1.0 and reports == sorted(reports)
    assert (tmp_path / "out.mp4").stat().st_size > 0


def test_cancel_kills_ffmpeg_and_deletes_its_output(tmp_path: Path, three_seconds: Path) -> None:
    output = tmp_path / "endless.mp4"
    token = CancelToken()
    seen: list[float] = []

    def cancel_once_running(fraction: float, message: str) -> None:
        seen.append(fraction)
        if fraction > 0:          # ffmpeg has written something: cancel now
            token.cancel()

    before = {child.pid for child in psutil.Process().children()}
    with pytest.raises(Cancelled):
        endless = ["-stream_loop", "-1", *input_args(three_seconds), *ENCODE]   # loops until cancelled
        run_ffmpeg(ffmpeg_exe(), [*endless, "-f", "mp4", str(output)], duration=3600.0, outputs=[output],
                   progress=cancel_once_running, cancel=token, step="Encoding")
    assert seen[-1] > 0 and not output.exists()
    assert {child.pid for child in psutil.Process().children()} <= before    # no ffmpeg left running


def test_failure_reports_ffmpegs_reason_and_removes_output(tmp_path: Path) -> None:
    output = tmp_path / "out.mp4"
    output.write_bytes(b"stale")
    with pytest.raises(MediaError, match=r"Encoding failed: .*(No such file|Error opening)"):
        run_ffmpeg(ffmpeg_exe(), [*input_args(tmp_path / "missing.mp4"), str(output)], duration=None,
                   outputs=[output], progress=lambda f, m: None, cancel=CancelToken(), step="Encoding")
    assert not output.exists()
    with pytest.raises(MediaError, match="Could not start ffmpeg"):
        run_ffmpeg(str(tmp_path / "no-ffmpeg"), [], duration=None, outputs=[], progress=lambda f, m: None,
                   cancel=CancelToken(), step="Encoding")


@pytest.mark.parametrize("args", [["-i", "media/clip.mp4", "out.mp4"],
                                  ["-f", "lavfi", "-i", "movie=/etc/passwd", "out.mp4"],
                                  ["-protocol_whitelist", "file", "-i", "file:/x.mp4", "out.mp4"],
                                  [*input_args(Path("ok.mp4")), "-i", "http://example.com/x.mp4", "out.mp4"]])
def test_ffmpeg_never_runs_on_an_input_without_the_file_only_options(tmp_path: Path, args: list[str]) -> None:
    with pytest.raises(ValueError, match="input_args"):
        run_ffmpeg(ffmpeg_exe(), args, duration=None, outputs=[], progress=lambda f, m: None,
                   cancel=CancelToken(), step="Encoding")


def test_scaled_progress_maps_a_step_into_the_whole() -> None:
    seen: list[tuple[float, str]] = []
    report = scaled(lambda fraction, message: seen.append((fraction, message)), 0.5, 0.9)
    report(0.0, "a")
    report(0.5, "b")
    report(2.0, "c")
    assert seen == [(0.5, "a"), (pytest.approx(0.7), "b"), (pytest.approx(0.9), "c")]


def test_queue_runs_jobs_one_at_a_time_in_order() -> None:
    order: list[str] = []
    running = threading.Lock()
    updates: list[tuple[str, JobState]] = []

    def work(name: str):  # type: ignore[no-untyped-def]
        def run(progress: ProgressCallback, cancel: CancelToken) -> str:
            assert running.acquire(blocking=False), "two jobs ran at once"
            try:
                progress(0.5, f"half of {name}")
                order.append(name)
                return name.upper()
            finally:
                running.release()
        return run

    queue = JobQueue(on_update=lambda job: updates.append((job.title, job.state)))
    jobs = [queue.submit(name, work(name)) for name in ("a", "b", "c")]
    assert all(job.wait(10) for job in jobs)
    queue.close(10)
    assert order == ["a", "b", "c"]
    assert [job.result for job in jobs] == ["A", "B", "C"] and {job.state for job in jobs} == {JobState.DONE}
    assert ("a", JobState.RUNNING) in updates and updates[-1] == ("c", JobState.DONE)
    assert jobs[0].fraction == 0.5 and jobs[0].message == "half of a"


def test_queue_cancels_running_and_waiting_jobs_and_survives_failures() -> None:
    started = threading.Event()

    def blocking(progress: ProgressCallback, cancel: CancelToken) -> None:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            threading.Event().wait(0.01)

    def failing(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise MediaError("bad.mp4 is not a video")

    def crashing(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise RuntimeError("bug")

    queue = JobQueue()
    first: Job[None] = queue.submit("first", blocking)
    waiting = queue.submit("waiting", lambda progress, cancel: "never")
    bad = queue.submit("bad", failing)
    buggy = queue.submit("buggy", crashing)
    after = queue.submit("after", lambda progress, cancel: "ran")
    assert started.wait(10)
    waiting.cancel()
    first.cancel()
    assert after.wait(10)
    queue.close(10)
    assert (first.state, waiting.state) == (JobState.CANCELLED, JobState.CANCELLED)
    assert waiting.result is None
    assert bad.state is JobState.FAILED and bad.error == "bad.mp4 is not a video"
    assert buggy.state is JobState.FAILED and "bug" in buggy.error
    assert after.state is JobState.DONE and after.result == "ran"
    assert len(queue.jobs()) == 5
