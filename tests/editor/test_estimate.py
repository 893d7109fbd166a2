"""Estimated minutes (reading + interactions + media) and media durations without ffprobe."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from editor import media_probe
from editor.estimate import count_words, estimated_minutes, estimated_seconds
from editor.lesson_parse import parse_lesson
from editor.media_probe import duration_seconds, ffmpeg_exe

HEADER = "---\ntitle: Estimate\n---\n"


def prose(words: int) -> str:
    return " ".join(f"word{i}" for i in range(words)) + "\n"


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three-second test clips made with the bundled ffmpeg (lavfi test sources)."""
    folder = tmp_path_factory.mktemp("media")
    video = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=3"]
    audio = ["-f", "lavfi", "-i", "sine=frequency=440:duration=3"]
    outputs = {
        "mp4": [*video, *audio, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest"],
        "webm": [*video, *audio, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus",
                 "-shortest"],
        "wav": audio,
    }
    made = {}
    for suffix, arguments in outputs.items():
        target = folder / f"clip.{suffix}"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *arguments, str(target)], check=True,
                       capture_output=True, timeout=60)
        made[suffix] = target
    return made


def fresh_copy(source: Path, folder: Path) -> Path:
    # Durations are cached per (path, mtime, size); a new path gets a fresh probe.
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def test_count_words_ignores_markup_but_keeps_link_and_alt_text() -> None:
    text = ("## Don't stop — well-known e-mail, 3 items.\n"
            "[link text](http://x.y/z) ![alt words](a.png) **bold**")
    assert count_words(text) == 11


def test_reading_time_is_words_at_200_per_minute() -> None:
    parsed = parse_lesson(HEADER + prose(400))
    assert estimated_seconds(parsed, None) == pytest.approx(120)
    assert estimated_minutes(parsed, None) == 2
    assert estimated_minutes(parse_lesson(HEADER + prose(401)), None) == 3


def test_a_short_lesson_takes_at_least_a_minute() -> None:
    assert estimated_minutes(parse_lesson(HEADER + "Hi.\n"), None) == 1
    assert estimated_minutes(parse_lesson(""), None) == 1


def test_interactions_add_their_time() -> None:
    body = ("::: quiz single\n? Q\n- [x] a\n- [ ] b\n:::\n::: quiz multiple\n? Q\n- [x] a\n- [x] b\n:::\n"
            "::: flashcards\n? one\n: 1\n? two\n: 2\n? three\n: 3\n:::\n"
            "::: apply\naction: Do it.\nreflect: How?\n:::\n")
    parsed = parse_lesson(HEADER + body)
    words = sum(count_words(block.body) for block in parsed.blocks)
    assert estimated_seconds(parsed, None) == pytest.approx(2 * 30 + 3 * 10 + 60 + words * 60 / 200)


def test_media_duration_is_added(tmp_path: Path, media: dict[str, Path]) -> None:
    (tmp_path / "media").mkdir()
    fresh_copy(media["mp4"], tmp_path / "media")
    fresh_copy(media["wav"], tmp_path / "media")
    body = ('::: video src="media/clip.mp4"\n:::\n::: audio src="media/clip.wav"\n:::\n'
            '::: video src="https://cdn.example/remote.mp4"\n:::\n::: video src="media/missing.mp4"\n:::\n')
    parsed = parse_lesson(HEADER + body)
    assert estimated_seconds(parsed, tmp_path) == pytest.approx(6, abs=0.2)
    assert estimated_seconds(parsed, None) == 0


def test_declared_minutes_win() -> None:
    long_lesson = prose(2000) + "::: quiz single\n? Q\n- [x] a\n- [ ] b\n:::\n"
    parsed = parse_lesson("---\ntitle: T\nestimated_minutes: 4\n---\n" + long_lesson)
    assert estimated_minutes(parsed, None) == 4


@pytest.mark.parametrize("declared", ["0", "-2", "soon", "''"])
def test_unusable_declared_minutes_fall_back_to_the_computed_value(declared: str) -> None:
    parsed = parse_lesson(f"---\ntitle: T\nestimated_minutes: {declared}\n---\n" + prose(400))
    assert estimated_minutes(parsed, None) == 2


def test_mp4_duration_comes_from_the_header_without_ffmpeg(
        tmp_path: Path, media: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    clip = fresh_copy(media["mp4"], tmp_path)
    monkeypatch.setattr(media_probe, "ffmpeg_exe", lambda: str(tmp_path / "no-ffmpeg-here"))
    assert duration_seconds(clip) == pytest.approx(3, abs=0.1)


@pytest.mark.parametrize("suffix", ["wav", "webm"])
def test_other_containers_are_probed_with_ffmpeg(
        tmp_path: Path, media: dict[str, Path], monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    assert duration_seconds(fresh_copy(media[suffix], tmp_path)) == pytest.approx(3, abs=0.1)
    # Without ffmpeg there is no way to read these: the answer is "unknown", not a crash.
    (tmp_path / "second").mkdir()
    monkeypatch.setattr(media_probe, "ffmpeg_exe", lambda: str(tmp_path / "no-ffmpeg-here"))
    assert duration_seconds(fresh_copy(media[suffix], tmp_path / "second")) is None


@pytest.mark.parametrize("data", [b"", b"plain text, not media\n", b"\x00\x00\x00\x01moov\xff\xff",
                                  b"\x00\x00\x00\x10moov\x00\x00\x00\x04mvhd", b"\xff" * 64])
def test_unreadable_media_gives_none(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(data)
    assert duration_seconds(path) is None
    assert duration_seconds(tmp_path / "missing.mp4") is None


def test_deeply_nested_mp4_boxes_do_not_crash(tmp_path: Path) -> None:
    # Each box claims to hold the rest of the file: a tiny file, thousands of levels deep.
    depth = 5000
    path = tmp_path / "nested.mp4"
    path.write_bytes(b"".join(struct.pack(">I4s", 8 * (depth - level), b"moov") for level in range(depth)))
    assert duration_seconds(path) is None
