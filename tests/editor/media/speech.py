"""Real speech for caption tests and the captions benchmark: Debian's espeak-ng reads a known script.

A synthetic voice is clear enough for the smallest Whisper model and, unlike a recording, is made on the
spot from text we know word for word, so the recogniser's output can be scored (word error rate).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from tests.editor.media.conftest import H264, lavfi, make

SCRIPT = (
    "Welcome to the warehouse safety lesson. Today we learn how to lift heavy boxes without hurting "
    "your back. Bend your knees, keep the load close to your body, and never twist while you lift. "
    "If a box is too heavy, ask a colleague for help or use a trolley. Take a short break every hour, "
    "because tired people make mistakes. Thank you for listening, and stay safe at work."
)


def espeak() -> str | None:
    return shutil.which("espeak-ng")


def speak(text: str, target: Path, *, words_per_minute: int = 150) -> Path:
    """``text`` read aloud by espeak-ng (American English voice) into the WAV ``target``."""
    exe = espeak()
    if exe is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng; .ci/run installs it)")
    subprocess.run([exe, "-v", "en-us", "-s", str(words_per_minute), "-w", str(target), text],
                   check=True, timeout=120, capture_output=True)
    return target


def with_video(speech: Path, target: Path) -> Path:
    """An H.264/AAC MP4 with a generated picture and ``speech`` as its sound, as long as the speech."""
    make(*lavfi("testsrc2=size=320x240:rate=15"), "-i", str(speech), *H264, "-c:a", "aac", "-shortest",
         str(target))
    return target


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def word_error_rate(reference: Sequence[str], heard: Sequence[str]) -> float:
    """(substitutions + deletions + insertions) / reference words: edit distance over words."""
    previous = list(range(len(heard) + 1))
    for index, expected in enumerate(reference, start=1):
        current = [index]
        for position, word in enumerate(heard, start=1):
            current.append(min(previous[position] + 1, current[-1] + 1,
                               previous[position - 1] + (word != expected)))
        previous = current
    return previous[-1] / max(1, len(reference))
