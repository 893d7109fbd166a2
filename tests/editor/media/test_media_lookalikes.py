"""Media that used to be accepted but stored wrong: phone pictures read as videos, pages and depth views
turned into animations, damaged video copied with its damage."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from editor.media.errors import MediaError
from editor.media.importer import import_media
from editor.media.probe import ffmpeg_exe, file_url
from tests.editor.media.conftest import H264, PICTURE, TONE, lavfi, make, media_files


def decoder_complaints(video: Path) -> list[str]:
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-i",
                           file_url(video), "-f", "null", "-"], capture_output=True, text=True, timeout=60)
    return [line for line in done.stderr.splitlines() if line.strip()]


def heic_lookalike(folder: Path) -> Path:
    """One HEVC frame in an ISO-BMFF file branded 'heic', as phones write them; ffmpeg reads it as video."""
    target = folder / "IMG_0001.heic"
    make(*lavfi("testsrc2=size=320x240:rate=1:duration=1"), "-frames:v", "1", "-c:v", "libx265",
         "-x265-params", "log-level=error", "-tag:v", "hvc1", "-brand", "heic", "-f", "mp4", str(target))
    return target


def test_a_heic_photo_is_refused_with_advice_not_stored_as_mp4(tmp_path: Path, lesson: Path) -> None:
    source = heic_lookalike(tmp_path)
    with pytest.raises(MediaError, match="HEIC photos cannot be shown in browsers"):
        import_media(source, lesson)
    with pytest.raises(MediaError, match="HEIC photos cannot be shown in browsers"):
        import_media(source.rename(tmp_path / "holiday.mp4"), lesson)      # whatever its name says
    assert media_files(lesson) == []


def test_an_avif_picture_becomes_a_web_picture(tmp_path: Path, lesson: Path) -> None:
    source = tmp_path / "photo.avif"
    Image.effect_mandelbrot((320, 240), (-2, -1.2, 1, 1.2), 60).convert("RGB").save(source)
    result = import_media(source, lesson)
    assert result.kind == "image" and result.relative.endswith((".webp", ".jpg", ".png"))
    with Image.open(result.path) as stored:
        assert stored.size == (320, 240) and getattr(stored, "n_frames", 1) == 1


def test_a_multi_page_tiff_keeps_its_first_page_and_says_so(tmp_path: Path, lesson: Path) -> None:
    source = tmp_path / "scan.tiff"
    pages = [Image.new("RGB", (200, 100), colour) for colour in ("red", "lime", "blue")]
    pages[0].save(source, save_all=True, append_images=pages[1:])
    result = import_media(source, lesson)
    assert result.details["content"] != "animation"
    with Image.open(result.path) as stored:
        assert getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((100, 50)) == (255, 0, 0)     # the first page
    assert any("Only the first page of scan.tiff" in note and "2 more pages" in note for note in result.notes)


def test_a_phone_depth_photo_is_a_still_picture(tmp_path: Path, lesson: Path) -> None:
    source = tmp_path / "portrait.jpg"
    views = [Image.new("RGB", (160, 120), "orange"), Image.new("RGB", (160, 120), "black")]   # photo, depth
    views[0].save(source, "MPO", save_all=True, append_images=views[1:])
    with Image.open(source) as written:
        assert written.format == "MPO" and written.n_frames == 2
    result = import_media(source, lesson)
    assert result.details["content"] != "animation"
    with Image.open(result.path) as stored:
        assert getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((80, 60))[0] > 200             # the photo, not the depth map


def test_a_video_with_damaged_middle_is_re_encoded_and_flagged(tmp_path: Path, lesson: Path) -> None:
    clean = tmp_path / "clean.mp4"
    make(*lavfi(PICTURE, TONE), *H264, "-c:a", "aac", "-shortest", str(clean))
    data = bytearray(clean.read_bytes())
    noise = random.Random(7)
    start = len(data) // 3                       # inside the media data, away from the index at the end
    for index in range(start, start + len(data) // 10, 7):
        data[index] = noise.randrange(256)
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    assert decoder_complaints(damaged)            # the input really is damaged

    result = import_media(damaged, lesson)
    assert result.action == "re-encoded"
    assert any("damaged" in note for note in result.notes)
    assert decoder_complaints(result.path) == []  # what learners get decodes cleanly


def test_a_clean_compliant_video_is_still_copied(tmp_path: Path, lesson: Path) -> None:
    clean = tmp_path / "clean.mp4"
    make(*lavfi(PICTURE, TONE), *H264, "-c:a", "aac", "-shortest", str(clean))
    result = import_media(clean, lesson)
    assert result.action == "stream-copied" and not any("damaged" in note for note in result.notes)
