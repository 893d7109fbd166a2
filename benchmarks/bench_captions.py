"""Make captions speed: real-time factor of on-device transcription for a ~3-minute clip.

The clip is made on the spot: espeak-ng (Debian package) reads the test script several times, and the
bundled ffmpeg muxes the speech with a generated picture into an H.264/AAC MP4. Measured:
- reference, same run: the ffmpeg step alone that extracts the speech as 16 kHz mono WAV (what every
  engine is given), timed as a plain subprocess;
- ``make_captions`` end to end (probe, extraction, recognition with faster-whisper and the packaged
  tiny.en model, cue layout, WebVTT written), wall and CPU time; real-time factor = wall / clip length;
- how long Cancel takes to return when pressed in the middle of recognition;
- the word error rate against the script, so a speed-up that ruins the words shows.

Run: ``.venv/bin/python -m benchmarks.bench_captions [--repeat N] [--times N]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.measure import machine_summary, summarise
from editor.media.make_captions import CaptionOptions, make_captions
from editor.media.probe import ffmpeg_exe
from editor.media_probe import duration_seconds
from editor.progress import Cancelled, CancelToken
from editor.workspace import Workspace
from tests.editor.media.speech import SCRIPT, speak, with_video, word_error_rate, words_of


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def extraction_reference(video: Path, target: Path) -> float:
    start = time.perf_counter()
    subprocess.run([ffmpeg_exe(), "-v", "error", "-nostdin", "-y", "-i", str(video), "-map", "0:a:0",
                    "-ac", "1", "-ar", "16000", "-f", "wav", str(target)], check=True)
    return time.perf_counter() - start


def cancel_latency(video: str, lesson: Path) -> float:
    """Seconds from Cancel to ``make_captions`` returning, pressed once recognition is under way."""
    token, recognising, stopped = CancelToken(), threading.Event(), threading.Event()

    def progress(fraction: float, message: str) -> None:
        if message == "Recognising speech" and fraction > 0.3:
            recognising.set()

    def run() -> None:
        try:
            make_captions(video, lesson, CaptionOptions(link=False, replace=True), progress, token)
        except Cancelled:
            stopped.set()

    worker = threading.Thread(target=run)
    worker.start()
    recognising.wait(600)
    pressed = time.perf_counter()
    token.cancel()
    worker.join()
    if not stopped.is_set():
        raise RuntimeError("the run finished before Cancel was pressed")
    return time.perf_counter() - pressed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds of make_captions (default 1)")
    parser.add_argument("--times", type=int, default=7, help="readings of the script (7 ≈ 3 minutes)")
    args = parser.parse_args()
    print(machine_summary())
    with tempfile.TemporaryDirectory(prefix="tessera-bench-captions-") as folder:
        root = Path(folder)
        lesson = Path(Workspace.create(root / "ws", "Bench").new_lesson("Captions"))
        (lesson / "media").mkdir(exist_ok=True)
        script = " ".join([SCRIPT] * args.times)
        speech = speak(script, root / "speech.wav")
        video = with_video(speech, lesson / "media" / "talk.mp4")
        length = duration_seconds(video) or 0.0
        print(f"Clip: {length:.1f} s of espeak-ng speech ({len(words_of(script))} words), H.264/AAC MP4")
        references, walls, cpus = [], [], []
        for _ in range(args.repeat):
            references.append(extraction_reference(video, root / "reference.wav"))
            before_cpu, before = cpu_seconds(), time.perf_counter()
            made = make_captions("media/talk.mp4", lesson, CaptionOptions(link=False, replace=True))
            walls.append(time.perf_counter() - before)
            cpus.append(cpu_seconds() - before_cpu)
        heard = " ".join(cue.text for cue in made.captions.cues)
        wall = summarise(walls)
        print(f"Reference: ffmpeg speech extraction alone   {summarise(references).p50:7.2f} s wall")
        print(f"make_captions (tiny.en, int8, beam 5)       {wall.p50:7.2f} s wall (min {wall.minimum:.2f}), "
              f"{summarise(cpus).p50:7.2f} s CPU")
        print(f"Real-time factor: {wall.p50 / length:.3f} (wall / clip length; below 1 is faster than real "
              f"time); extraction is {summarise(references).p50 / wall.p50:.1%} of it")
        print(f"Cues: {len(made.captions.cues)}; word error rate against the script: "
              f"{word_error_rate(words_of(script), words_of(heard)):.3f}")
        latency = cancel_latency("media/talk.mp4", lesson)
        print(f"Cancel pressed during recognition returned after {latency:.3f} s")


if __name__ == "__main__":
    main()
