"""Media import speed: Tessera's pipeline against the plain ffmpeg command doing the same work.

Two clips are generated with the bundled ffmpeg (so the run needs nothing else):
- a 60 s 1080p30 phone-like clip at 20 Mb/s, which must be re-encoded: ``import_media`` (hash,
  probe, encode with progress, poster, thumbnail, atomic store) against ``ffmpeg -i SRC <same
  arguments> OUT`` run directly. Goal: at most 1.10× the plain command.
- a 60 s 1080p30 clip that is already web-ready: the import should stream-copy it, so it is
  compared with copying the file and with a plain ffmpeg remux. Goal: about file-copy time.
Runs alternate (plain, Tessera, plain, Tessera…) so drift on a shared machine hits both sides.

Run: ``.venv/bin/python -m benchmarks.bench_media [--repeat N] [--seconds S]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import isolated_home, machine_summary
from editor.media.importer import import_media
from editor.media.probe import ffmpeg_exe, probe
from editor.media.video import VideoSettings, convert_args, plan
from editor.workspace import Workspace

SIZE = "1920x1080"


def generate(target: Path, seconds: int, video_args: list[str]) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={SIZE}:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000", "-t", str(seconds),
                    *video_args, "-c:a", "aac", "-b:a", "128k", str(target)], check=True)


def timed(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def plain_ffmpeg(source: Path, target: Path) -> Callable[[], object]:
    """The ffmpeg command Tessera runs for this file, without Tessera around it."""
    info = probe(source)
    args = convert_args(source, target, info, plan(info), VideoSettings())
    return lambda: subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-y",
                                   *args], check=True)


def tessera_import(source: Path, workspace: Workspace, name: str) -> Callable[[], object]:
    def run() -> None:
        lesson = workspace.new_lesson(name)     # a fresh lesson each time: no reuse of an earlier import
        result = import_media(source, lesson)
        print(f"      ({result.action}, {result.details.get('bytes', 0) / 1e6:.1f} MB)")
    return run


def compare(label: str, jobs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for round_number in range(repeat):
        for name, job in jobs.items():
            seconds = timed(job)
            samples[name].append(seconds)
            print(f"    round {round_number + 1}: {name:<22} {seconds:7.2f} s")
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"  {label}: " + " · ".join(f"{name} {value:.2f} s" for name, value in medians.items()))
    return medians


def run(repeat: int, seconds: int) -> None:
    print(machine_summary())
    with isolated_home("tessera-bench-media-") as home:
        workspace = Workspace.create(home / "workspace", "Bench")
        phone = home / "phone.mp4"
        ready = home / "ready.mp4"
        started = time.perf_counter()
        generate(phone, seconds, ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", "20M",
                                  "-pix_fmt", "yuv420p"])
        generate(ready, seconds, ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "3M",
                                  "-pix_fmt", "yuv420p"])
        reasons = "; ".join(plan(probe(phone)).reasons)
        print(f"Clips generated in {time.perf_counter() - started:.0f} s: phone "
              f"{phone.stat().st_size / 1e6:.0f} MB (must be re-encoded: {reasons}), ready "
              f"{ready.stat().st_size / 1e6:.0f} MB (web-ready)")

        print(f"\n1) {seconds} s {SIZE} clip that needs re-encoding")
        encode = compare("median", {"plain ffmpeg": plain_ffmpeg(phone, home / "plain.mp4"),
                                    "tessera import": tessera_import(phone, workspace, "Encode")}, repeat)
        ratio = encode["tessera import"] / encode["plain ffmpeg"]
        print(f"  → Tessera / plain ffmpeg = {ratio:.3f}× (goal ≤ 1.10×)")

        print(f"\n2) {seconds} s {SIZE} clip that is already web-ready")
        copy = compare("median", {"file copy": lambda: shutil.copyfile(ready, home / "copy.mp4"),
                                  "plain ffmpeg remux": plain_ffmpeg(ready, home / "remux.mp4"),
                                  "tessera import": tessera_import(ready, workspace, "Copy")}, repeat)
        print(f"  → Tessera / file copy = {copy['tessera import'] / copy['file copy']:.1f}× "
              f"({copy['tessera import'] * 1000:.0f} ms vs {copy['file copy'] * 1000:.0f} ms); "
              f"Tessera / plain remux = {copy['tessera import'] / copy['plain ffmpeg remux']:.2f}×")


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
