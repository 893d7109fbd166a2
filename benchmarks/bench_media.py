"""Media import speed: Tessera's pipeline against the plain ffmpeg command doing the same work.

Two clips are generated with the bundled ffmpeg (so the run needs nothing else):
- a 60 s 1080p30 phone-like clip at 20 Mb/s, which must be re-encoded: ``import_media`` (hash,
  probe, encode with progress, poster, thumbnail, atomic store) against ``ffmpeg -i SRC <same
  arguments> OUT`` run directly. Goal: at most 1.10× the plain command.
- a 60 s 1080p30 clip that is already web-ready: the import should stream-copy it, so it is
  compared with copying the file (plain, and fsynced like the import) and with a plain ffmpeg
  remux. Goal: about file-copy time.
Rounds alternate between the sides so drift on a shared machine hits both. Wall time and CPU time
(this process plus the ffmpeg it waited for) are both reported: CPU time is the steadier measure of
the work done when other programs compete for the cores.

Run: ``.venv/bin/python -m benchmarks.bench_media [--repeat N] [--seconds S]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import isolated_home, machine_summary
from editor.media.importer import import_media
from editor.media.probe import ffmpeg_exe, probe
from editor.media.video import VideoSettings, convert_args, plan
from editor.workspace import Workspace

SIZE = "1920x1080"


@dataclass(frozen=True)
class Sample:
    wall: float     # seconds on the clock
    cpu: float      # CPU seconds of this process and the processes it waited for

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s wall, {self.cpu:7.2f} s CPU"


def generate(target: Path, seconds: int, video_args: list[str]) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={SIZE}:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000", "-t", str(seconds),
                    *video_args, "-c:a", "aac", "-b:a", "128k", str(target)], check=True)


def timed(job: Callable[[], object]) -> Sample:
    before, start = os.times(), time.perf_counter()
    job()
    after, wall = os.times(), time.perf_counter() - start
    # user + system time of this process and of its waited-for children (ffmpeg)
    return Sample(wall, sum(after[:4]) - sum(before[:4]))


def plain_ffmpeg(source: Path, target: Path) -> Callable[[], object]:
    """The ffmpeg command Tessera runs for this file, without Tessera around it."""
    info = probe(source)
    args = convert_args(source, target, info, plan(info), VideoSettings())
    return lambda: subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-y",
                                   *args], check=True)


def tessera_import(source: Path, workspace: Workspace, name: str, repeat: int) -> Callable[[], object]:
    # A fresh lesson per round (made before timing), so no round reuses an earlier import.
    lessons = iter([workspace.new_lesson(f"{name} {number}") for number in range(repeat)])

    def import_once() -> None:
        result = import_media(source, next(lessons))
        print(f"      ({result.action}, {result.path.stat().st_size / 1e6:.1f} MB)")
    return import_once


def durable_copy(source: Path, target: Path) -> Callable[[], object]:
    """A copy as safe as the import's: the bytes are on disk (fsync) before it counts as done."""
    def copy() -> None:
        shutil.copyfile(source, target)
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
    return copy


def compare(jobs: dict[str, Callable[[], object]], repeat: int) -> dict[str, Sample]:
    samples: dict[str, list[Sample]] = {name: [] for name in jobs}
    for round_number in range(repeat):
        for name, job in jobs.items():
            sample = timed(job)
            samples[name].append(sample)
            print(f"    round {round_number + 1}: {name:<20} {sample}")
    medians = {name: Sample(statistics.median(s.wall for s in found), statistics.median(s.cpu for s in found))
               for name, found in samples.items()}
    for name, median in medians.items():
        print(f"  median {name:<20} {median}")
    return medians


def run(repeat: int, seconds: int) -> None:
    print(machine_summary())
    with isolated_home("tessera-bench-media-") as home:
        workspace = Workspace.create(home / "workspace", "Bench")
        phone, ready = home / "phone.mp4", home / "ready.mp4"
        started = time.perf_counter()
        generate(phone, seconds, ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", "20M",
                                  "-pix_fmt", "yuv420p"])
        generate(ready, seconds, ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "3M",
                                  "-pix_fmt", "yuv420p"])
        reasons = "; ".join(plan(probe(phone)).reasons)
        print(f"Clips generated in {time.perf_counter() - started:.0f} s: phone "
              f"{phone.stat().st_size / 1e6:.0f} MB (re-encoded because: {reasons}), ready "
              f"{ready.stat().st_size / 1e6:.0f} MB (web-ready)")

        print(f"\n1) {seconds} s {SIZE} clip that needs re-encoding")
        encode = compare({"plain ffmpeg": plain_ffmpeg(phone, home / "plain.mp4"),
                          "tessera import": tessera_import(phone, workspace, "Encode", repeat)}, repeat)
        tessera, plain = encode["tessera import"], encode["plain ffmpeg"]
        print(f"  → Tessera / plain ffmpeg = {tessera.wall / plain.wall:.3f}× wall, "
              f"{tessera.cpu / plain.cpu:.3f}× CPU (goal ≤ 1.10×)")

        print(f"\n2) {seconds} s {SIZE} clip that is already web-ready")
        copy = compare({"file copy": lambda: shutil.copyfile(ready, home / "copy.mp4"),
                        "file copy + fsync": durable_copy(ready, home / "durable.mp4"),
                        "plain ffmpeg remux": plain_ffmpeg(ready, home / "remux.mp4"),
                        "tessera import": tessera_import(ready, workspace, "Copy", repeat)}, repeat)
        wall = copy["tessera import"].wall
        print(f"  → Tessera {wall * 1000:.0f} ms: {wall / copy['file copy + fsync'].wall:.1f}× a durable "
              f"file copy, {wall / copy['plain ffmpeg remux'].wall:.1f}× a plain remux (it also hashes, "
              "probes input and output, and makes a poster and a thumbnail)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time media import against plain ffmpeg.")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per side (default 3)")
    parser.add_argument("--seconds", type=int, default=60, help="clip length (default 60)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.seconds < 1:
        parser.error("--repeat and --seconds must be at least 1")
    run(args.repeat, args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
