"""Package build speed on a media-heavy lesson: ``build_package`` (SCORM 1.2) against plain ``zip``.

The lesson holds about 200 MB of media: four videos (the demo clip with ~50 MB of incompressible
padding each, in an MP4 ``free`` box that players skip), an audio file and pictures. The baseline
zips the same lesson folder with the same storage choices: the Info-ZIP ``zip`` command when it is
installed (media stored with ``-n``, text deflated), otherwise Python's zipfile. Runs alternate
between the two so both see the same page cache; the goal is a ratio of at most 1.3.

Run: ``.venv/bin/python -m benchmarks.bench_package [--repeat N] [--megabytes M]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import isolated_home, machine_summary, peak_rss_mb, summarise
from editor.paths import DEMO_WORKSPACE
from publishing.packages import build_package
from publishing.packages.zipwriter import TEXT_SUFFIXES

DEMO = DEMO_WORKSPACE / "lessons"
VIDEOS = 4
STORED = ("mp4", "m4a", "png", "jpg")

LESSON = """---
id: bench-media-heavy
title: A media-heavy lesson
summary: Four videos, a recording and pictures.
language: en
---
{videos}
![The SBI model](media/sbi-model.png)

::: audio src="media/standup-chime.m4a"
A short chime.
:::

::: quiz single
? Which one?
- [x] This one
- [ ] That one
:::
"""


def make_lesson(folder: Path, megabytes: int) -> int:
    """Write the lesson; returns the bytes of media in it."""
    media = folder / "media"
    media.mkdir(parents=True)
    clip = (DEMO / "giving-feedback-sbi" / "media" / "sbi-intro.mp4").read_bytes()
    padding = megabytes * 1024 * 1024 // VIDEOS
    blocks = []
    for number in range(1, VIDEOS + 1):
        with (media / f"clip-{number}.mp4").open("wb") as handle:
            handle.write(clip)
            handle.write(struct.pack(">I4s", padding + 8, b"free"))   # a box players skip
            handle.write(os.urandom(padding))
        blocks.append(f'::: video src="media/clip-{number}.mp4" captions="media/sbi-intro.vtt" '
                      f'title="Clip {number}"\n:::\n')
    for source in ("giving-feedback-sbi/media/sbi-intro.vtt", "giving-feedback-sbi/media/sbi-model.png",
                   "ten-minute-standup/media/standup-chime.m4a"):
        shutil.copy(DEMO / source, media)
    (folder / "lesson.md").write_text(LESSON.format(videos="\n".join(blocks)), encoding="utf-8")
    return sum(path.stat().st_size for path in media.iterdir())


def zip_command(out: Path) -> list[str]:
    """Info-ZIP's command for the same choices (store media, deflate text, no extra attributes), or []."""
    if not shutil.which("zip"):
        return []
    return ["zip", "-q", "-X", "-r", "-n", ":".join("." + suffix for suffix in STORED), str(out), "."]


def python_zip(folder: Path, out: Path) -> None:
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                text = path.suffix.lower() in TEXT_SUFFIXES
                archive.write(path, path.relative_to(folder).as_posix(),
                              compress_type=zipfile.ZIP_DEFLATED if text else zipfile.ZIP_STORED)


def timed(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def run(repeat: int, megabytes: int) -> None:
    print(machine_summary())
    with isolated_home("tessera-bench-package-"), \
            tempfile.TemporaryDirectory(prefix="bench-package-") as temp:
        work = Path(temp)
        lesson = work / "media-heavy"
        media_bytes = make_lesson(lesson, megabytes)
        files = len(list((lesson / "media").iterdir()))
        print(f"Lesson: {media_bytes / 2**20:.0f} MB of media in {files} files")
        command = zip_command(work / "zip.zip")

        def ours() -> None:
            build_package([lesson], "scorm12", work / "ours.zip")

        def info_zip() -> None:
            (work / "zip.zip").unlink(missing_ok=True)     # zip would otherwise update the old archive
            subprocess.run(command, cwd=lesson, check=True)

        def stdlib() -> None:
            python_zip(lesson, work / "zipfile.zip")

        jobs: dict[str, Callable[[], object]] = {"build_package scorm12": ours}
        if command:
            jobs["zip -n (Info-ZIP, media stored)"] = info_zip
        jobs["Python zipfile (media stored)"] = stdlib
        for job in jobs.values():
            job()                                        # warm the page cache for every contender
        samples: dict[str, list[float]] = {name: [] for name in jobs}
        for _ in range(repeat):                          # alternate, so all see the same conditions
            for name, job in jobs.items():
                samples[name].append(timed(job) * 1000)
        summaries = {name: summarise(values) for name, values in samples.items()}
        for name, summary in summaries.items():
            print(f"  {name:<34} {summary}  ms")
        baseline = next(name for name in jobs if name != "build_package scorm12")
        ratio = summaries["build_package scorm12"].p50 / summaries[baseline].p50
        size = (work / "ours.zip").stat().st_size / 2**20
        print(f"  ratio to {baseline.split(' (')[0]} (p50): {ratio:.2f}  (goal ≤ 1.3); "
              f"package {size:.1f} MB; peak memory of this process {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--megabytes", type=int, default=200, help="media padding in MB (default 200)")
    args = parser.parse_args()
    run(args.repeat, args.megabytes)


if __name__ == "__main__":
    main()
