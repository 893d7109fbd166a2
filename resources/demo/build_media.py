"""Build every media file of the demo workspace from code: ``python resources/demo/build_media.py``.

The demo ships no third-party media. Diagrams are drawn with Pillow (demo_images.py), the
SBI video is rendered frame by frame and encoded with the bundled ffmpeg, and the sounds are
synthesised here. Output is deterministic: the same inputs give the same bytes, so a rebuild
shows no spurious changes in version control.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from demo_drawing import (
    AMBER,
    BLUE,
    INK,
    LINE,
    MUTED,
    PAPER,
    PURPLE,
    TEAL,
    Color,
    badge,
    canvas,
    font,
    mix,
    save_png,
    wrap,
)
from demo_images import DIAGRAMS
from PIL import Image

DEMO = Path(__file__).resolve().parent
REPO = DEMO.parent.parent

VIDEO_DIR = DEMO / "lessons/giving-feedback-sbi/media"
AUDIO_PATH = DEMO / "lessons/ten-minute-standup/media/standup-chime.m4a"
VIDEO_SIZE = (960, 540)
FPS = 24
SLIDE_SECONDS = 3
SAMPLE_RATE = 44100
# Without these flags the encoders stamp versions and times into the files.
_BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


@dataclass(frozen=True)
class Slide:
    mark: str        # letter shown in the badge; empty for the title slide
    heading: str
    body: str
    color: Color
    caption: str     # what the captions say while the slide is shown


SLIDES = (
    Slide("", "Feedback that lands", "The SBI model in 15 seconds", TEAL,
          "Feedback that lands: the SBI model in 15 seconds."),
    Slide("S", "Situation", "Say when and where it happened.", BLUE,
          "S is for Situation: say when and where it happened."),
    Slide("B", "Behaviour", "Describe what you saw or heard, not what you think of the person.", PURPLE,
          "B is for Behaviour: describe what you saw or heard, not what you think of the person."),
    Slide("I", "Impact", "Explain what it caused for you, the team or the customer.", TEAL,
          "I is for Impact: explain what it caused for you, the team or the customer."),
    Slide("?", "Then ask", "“How did you see it?” — and listen.", AMBER,
          "Then ask: “How did you see it?” — and listen."),
)


# -- video ------------------------------------------------------------------------------------------
def _ease_out(progress: float) -> float:
    progress = min(1.0, max(0.0, progress))
    return 1 - (1 - progress) ** 3


def slide_frame(index: int, seconds: float) -> Image.Image:
    """Slide ``index`` ``seconds`` after it appeared: the badge slides in, then the text fades in."""
    slide = SLIDES[index]
    width, height = VIDEO_SIZE
    image, draw = canvas(width, height, PAPER)
    draw.rectangle((0, 0, width, 10), fill=slide.color)
    move, fade = _ease_out(seconds / 0.6), _ease_out((seconds - 0.25) / 0.6)
    if slide.mark:
        x = round(-260 + (90 + 260) * move)
        draw.rounded_rectangle((x, 150, x + 220, 370), 36, fill=slide.color)
        draw.text((x + 110, 260), slide.mark, font=font(150, "bold"), fill=PAPER, anchor="mm")
        text_x, text_width = 370, 540
        draw.text((text_x, 150), slide.heading, font=font(60, "bold"), fill=mix(PAPER, INK, fade))
        y = 250
        for line in wrap(draw, slide.body, font(32), text_width):
            draw.text((text_x, y), line, font=font(32), fill=mix(PAPER, INK, fade))
            y += 46
    else:
        draw.text((width // 2, 200), slide.heading, font=font(64, "bold"), fill=mix(PAPER, INK, move),
                  anchor="mm")
        draw.text((width // 2, 275), slide.body, font=font(32), fill=mix(PAPER, MUTED, fade), anchor="mm")
        for number, (mark, color) in enumerate((("S", BLUE), ("B", PURPLE), ("I", TEAL))):
            badge(draw, (width // 2 - 110 + number * 110, 380), 40, mix(PAPER, color, fade), mark,
                  font(40, "bold"), PAPER)
    for number in range(len(SLIDES)):
        cx = width // 2 + (number - len(SLIDES) // 2) * 28
        fill = slide.color if number == index else LINE
        draw.ellipse((cx - 7, 500 - 7, cx + 7, 500 + 7), fill=fill)
    return image


def video_frames() -> Iterator[bytes]:
    """Raw RGB frames; once a slide's animation has settled its frame is reused, not redrawn."""
    settled: dict[int, bytes] = {}
    for frame in range(len(SLIDES) * SLIDE_SECONDS * FPS):
        index, offset = divmod(frame, SLIDE_SECONDS * FPS)
        seconds = offset / FPS
        if seconds >= 1.0:
            if index not in settled:
                settled[index] = slide_frame(index, seconds).tobytes()
            yield settled[index]
        else:
            yield slide_frame(index, seconds).tobytes()


def captions_vtt() -> str:
    cues = ["WEBVTT", ""]
    for number, slide in enumerate(SLIDES):
        start, end = number * SLIDE_SECONDS, (number + 1) * SLIDE_SECONDS
        cues += [str(number + 1), f"{_timestamp(start)} --> {_timestamp(end)}", slide.caption, ""]
    return "\n".join(cues)


def _timestamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


# -- sound ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Note:
    start: float     # seconds
    frequency: float
    decay: float     # seconds for the note to fall to about a third
    level: float     # peak amplitude, 0..1


def synthesise(notes: list[Note], seconds: float) -> array:
    """Soft bell-like notes: a sine plus a quieter inharmonic partial, each fading away."""
    samples = [0.0] * int(seconds * SAMPLE_RATE)
    for note in notes:
        first = int(note.start * SAMPLE_RATE)
        for n in range(min(len(samples) - first, int(note.decay * 5 * SAMPLE_RATE))):
            t = n / SAMPLE_RATE
            envelope = note.level * min(1.0, t / 0.005) * math.exp(-t / note.decay)
            samples[first + n] += envelope * (math.sin(2 * math.pi * note.frequency * t)
                                              + 0.25 * math.sin(2 * math.pi * note.frequency * 2.76 * t))
    return array("h", (round(max(-1.0, min(1.0, value)) * 32767) for value in samples))


def write_wav(samples: array, path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(samples.tobytes())


# Standup: three rising notes (C5, E5, G5), then a lower closing C5 — as the transcript says.
CHIME = [Note(0.0, 523.25, 0.35, 0.3), Note(0.35, 659.25, 0.35, 0.3), Note(0.7, 783.99, 0.4, 0.3),
         Note(1.4, 523.25, 0.6, 0.35)]


# -- encoding ---------------------------------------------------------------------------------------
def ffmpeg() -> str:
    # The script runs from a checkout rather than an installed package: make the core importable.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from editor.media_probe import ffmpeg_exe
    return ffmpeg_exe()


def _run(args: list[str], frames: Iterator[bytes] | None = None) -> None:
    command = [ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", *args]
    # ffmpeg's messages go to a file: a pipe could fill up and stall it while we feed frames.
    with tempfile.TemporaryFile() as log:
        with subprocess.Popen(command, stdin=subprocess.PIPE if frames else subprocess.DEVNULL,
                              stderr=log) as process:
            if frames is not None and process.stdin is not None:
                try:
                    for frame in frames:
                        process.stdin.write(frame)
                except BrokenPipeError:
                    pass  # ffmpeg stopped early; its log says why
                process.stdin.close()
        if process.returncode:
            log.seek(0)
            raise SystemExit(f"ffmpeg failed: {log.read().decode(errors='replace')}")


def build_video(work: Path) -> None:
    seconds = len(SLIDES) * SLIDE_SECONDS
    soundtrack = work / "soundtrack.wav"
    # A very quiet chime at each slide change, so players show a real audio track.
    write_wav(synthesise([Note(i * SLIDE_SECONDS, 659.25, 0.3, 0.05) for i in range(len(SLIDES))], seconds),
              soundtrack)
    VIDEO_DIR.mkdir(parents=True, exist_ok=True)
    target = VIDEO_DIR / "sbi-intro.mp4"
    partial = target.with_name("sbi-intro.partial.mp4")
    width, height = VIDEO_SIZE
    _run(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(FPS), "-i", "pipe:0",
          "-i", str(soundtrack), "-map", "0:v", "-map", "1:a",
          "-c:v", "libx264", "-preset", "slow", "-crf", "24", "-pix_fmt", "yuv420p", "-threads", "1",
          "-c:a", "aac", "-b:a", "64k", "-ac", "1", "-shortest", "-movflags", "+faststart", *_BITEXACT,
          str(partial)], video_frames())
    os.replace(partial, target)
    poster = slide_frame(0, float(SLIDE_SECONDS))
    poster.save(VIDEO_DIR / "sbi-intro.jpg", format="JPEG", quality=85, optimize=True)
    (VIDEO_DIR / "sbi-intro.vtt").write_text(captions_vtt(), encoding="utf-8")


def build_audio(work: Path) -> None:
    source = work / "chime.wav"
    write_wav(synthesise(CHIME, 3.2), source)
    AUDIO_PATH.parent.mkdir(parents=True, exist_ok=True)
    partial = AUDIO_PATH.with_name("standup-chime.partial.m4a")
    _run(["-i", str(source), "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", *_BITEXACT,
          str(partial)])
    os.replace(partial, AUDIO_PATH)


def main() -> int:
    for relative, draw in DIAGRAMS.items():
        save_png(draw(), DEMO / relative)
    with tempfile.TemporaryDirectory(prefix="tessera-demo-") as folder:
        build_video(Path(folder))
        build_audio(Path(folder))
    built = sorted(path for path in (DEMO / "lessons").glob("*/media/*") if path.is_file())
    for path in built:
        print(f"{path.stat().st_size:>9,}  {path.relative_to(DEMO)}")
    print(f"{sum(path.stat().st_size for path in built):>9,}  total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
