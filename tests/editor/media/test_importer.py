"""The import pipeline end to end: classify, dedupe, convert, store atomically, say what to paste."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

from editor.checks import check_text
from editor.media.errors import MediaError
from editor.media.importer import ImportOptions, import_job, import_media, markdown_snippet
from editor.media.jobs import JobQueue, JobState
from editor.media.store import STAGING_PREFIX, MediaStore
from editor.progress import Cancelled, CancelToken

from .conftest import H264, PICTURE, lavfi, make, media_files
from .test_images import phone_photo, photo_pixels, png_declaring


def test_a_photo_lands_converted_with_alt_text_and_a_cached_thumbnail(tmp_path: Path, lesson: Path,
                                                                      workspace) -> None:  # type: ignore[no-untyped-def]
    result = import_media(phone_photo(tmp_path / "Team Photo.JPG"), lesson,
                          ImportOptions(alt="The team [on site]"))
    assert result.kind == "image" and result.action == "converted"
    assert result.relative.startswith("media/team-photo-") and result.path.parent == lesson / "media"
    assert result.markdown == f"![The team \\[on site\\]]({result.relative})\n"
    assert result.details["width"] == 400 and result.details["height"] == 600
    assert result.thumbnail is not None and result.thumbnail.is_relative_to(workspace.cache_dir)
    assert Image.open(result.thumbnail).format == "WEBP"
    assert result.notes == ()
    assert media_files(lesson) == [result.path.name]


def test_missing_alt_text_is_noted_and_flagged_by_check(tmp_path: Path, lesson: Path) -> None:
    result = import_media(phone_photo(tmp_path / "p.jpg"), lesson)
    assert result.markdown.startswith("![](") and "alt text" in result.notes[0]
    codes = [d.code for d in check_text(f"---\nid: x\ntitle: T\n---\n{result.markdown}", lesson)]
    assert "image-no-alt" in codes and "media-missing" not in codes


def test_the_same_content_is_stored_once_whatever_its_name(tmp_path: Path, lesson: Path) -> None:
    first = import_media(phone_photo(tmp_path / "a.jpg"), lesson)
    copy = tmp_path / "renamed copy.jpg"
    copy.write_bytes((tmp_path / "a.jpg").read_bytes())
    again = import_media(copy, lesson, ImportOptions(alt="Same"))
    assert again.action == "reused" and again.path == first.path and again.thumbnail == first.thumbnail
    assert media_files(lesson) == [first.path.name]
    other = tmp_path / "b.jpg"
    photo_pixels((50, 50)).save(other)
    assert import_media(other, lesson).path != first.path


def test_a_phone_video_gets_rotated_mp4_poster_and_block(clips: dict[str, Path], lesson: Path) -> None:
    reports: list[float] = []
    result = import_media(clips["rotated"], lesson,
                          progress=lambda fraction, message: reports.append(fraction))
    assert result.kind == "video" and result.action == "re-encoded"
    assert (result.details["width"], result.details["height"]) == (240, 320)
    assert result.poster == result.relative.replace(".mp4", ".jpg")
    assert result.markdown == f'::: video src="{result.relative}" poster="{result.poster}"\n:::\n'
    assert Image.open(lesson / result.poster).size == (240, 320)
    assert result.thumbnail is not None and result.thumbnail.is_file()
    assert reports == sorted(reports) and reports[-1] == 1.0
    assert media_files(lesson) == sorted([Path(result.relative).name, Path(result.poster).name])
    again = import_media(clips["rotated"], lesson)
    assert (again.action, again.poster) == ("reused", result.poster)


def test_compliant_video_is_stream_copied_and_sound_only_becomes_m4a(clips: dict[str, Path],
                                                                      lesson: Path) -> None:
    copied = import_media(clips["plain"], lesson)
    assert copied.action == "stream-copied" and copied.details["reasons"] == []
    voice = import_media(clips["wav"], lesson)
    assert voice.kind == "audio" and voice.relative.endswith(".m4a") and voice.poster == ""
    assert voice.markdown == f'::: audio src="{voice.relative}"\n:::\n'


def test_silent_video_is_kept_silent_and_says_so(clips: dict[str, Path], lesson: Path) -> None:
    result = import_media(clips["silent"], lesson)
    assert result.kind == "video" and any("no sound track" in note for note in result.notes)


def test_a_partly_readable_video_imports_with_a_warning(clips: dict[str, Path], tmp_path: Path,
                                                       lesson: Path) -> None:
    # With the index first (+faststart) a cut-off file still opens: keep what is there, and say so.
    whole = tmp_path / "whole.mp4"
    make(*lavfi(PICTURE), *H264, "-movflags", "+faststart", str(whole))
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 3 // 4])
    result = import_media(cut, lesson)
    assert result.kind == "video" and any("damaged" in note or "incomplete" in note for note in result.notes)


@pytest.mark.parametrize("name, says", [("empty", "empty"), ("text", "not a video or sound file"),
                                        ("truncated", "not a video or sound file"),
                                        ("playlist", "not a video or sound file")])
def test_bad_media_fails_clearly_and_leaves_nothing(bad_media: dict[str, Path], lesson: Path, name: str,
                                                    says: str) -> None:
    with pytest.raises(MediaError, match=says):
        import_media(bad_media[name], lesson)
    assert media_files(lesson) == []


def test_unsupported_and_missing_files_are_explained(tmp_path: Path, lesson: Path) -> None:
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    with pytest.raises(MediaError, match="Most Compatible"):
        import_media(heic, lesson)
    icon = tmp_path / "icon.ico"
    Image.new("RGB", (16, 16)).save(icon)
    with pytest.raises(MediaError, match="ICO picture"):
        import_media(icon, lesson)
    bomb = tmp_path / "poster.png"
    bomb.write_bytes(png_declaring(60_000, 60_000))
    with pytest.raises(MediaError, match="enormous picture"):
        import_media(bomb, lesson)
    with pytest.raises(MediaError, match="does not exist"):
        import_media(tmp_path / "nowhere.png", lesson)
    with pytest.raises(MediaError, match="not a file"):
        import_media(tmp_path, lesson)
    assert media_files(lesson) == []


def test_cancel_during_conversion_leaves_the_lesson_untouched(clips: dict[str, Path], lesson: Path) -> None:
    token = CancelToken()

    def cancel_when_converting(fraction: float, message: str) -> None:
        if message == "Converting":
            token.cancel()

    with pytest.raises(Cancelled):
        import_media(clips["hevc10"], lesson, progress=cancel_when_converting, cancel=token)
    assert media_files(lesson) == []        # staging folder gone too


def test_stale_staging_folders_of_crashed_imports_are_cleared(clips: dict[str, Path], lesson: Path) -> None:
    crashed = lesson / "media" / f"{STAGING_PREFIX}old"
    crashed.mkdir(parents=True)
    (crashed / "half.mp4").write_bytes(b"half")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(crashed, (day_ago, day_ago))
    recent = lesson / "media" / f"{STAGING_PREFIX}running"
    recent.mkdir()
    result = import_media(clips["plain"], lesson)
    assert media_files(lesson) == sorted([f"{STAGING_PREFIX}running", result.path.name,
                                          Path(result.poster).name])


def test_captions_svg_and_other_files(tmp_path: Path, lesson: Path) -> None:
    srt = tmp_path / "talk.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    captions = import_media(srt, lesson)
    assert captions.kind == "captions" and captions.path.suffix == ".vtt"
    assert captions.path.read_text(encoding="utf-8").startswith("WEBVTT")
    drawing = tmp_path / "diagram.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    svg = import_media(drawing, lesson, ImportOptions(alt="A diagram"))
    assert (svg.kind, svg.action) == ("image", "copied") and svg.markdown.startswith("![A diagram](media/")
    assert svg.path.read_bytes() == drawing.read_bytes()
    pdf = tmp_path / "Handout.pdf"
    pdf.write_bytes(b"%PDF-1.4 handout")
    with pytest.raises(MediaError, match="attach it as a download"):
        import_media(pdf, lesson)
    kept = import_media(pdf, lesson, ImportOptions(keep_other_files=True))
    assert kept.kind == "file" and kept.markdown == f"[Handout.pdf]({kept.relative})\n"


def test_a_file_already_in_media_is_referenced_as_it_is(lesson: Path) -> None:
    existing = lesson / "media" / "already here.png"
    existing.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8)).save(existing)
    result = import_media(existing, lesson, ImportOptions(alt="x"))
    assert (result.path, result.relative, result.action) == (existing, "media/already here.png", "reused")
    assert result.markdown == "![x](media/already%20here.png)\n"


def test_a_failed_commit_leaves_nothing(tmp_path: Path, lesson: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(MediaError, match="No space left"):
        import_media(phone_photo(tmp_path / "p.jpg"), lesson)
    assert media_files(lesson) == []


def test_jobs_run_imports_from_a_queue(clips: dict[str, Path], lesson: Path, tmp_path: Path) -> None:
    queue = JobQueue()
    video = queue.submit("video", import_job(clips["plain"], lesson))
    bad = queue.submit("bad", import_job(tmp_path / "missing.mp4", lesson))
    assert video.wait(30) and bad.wait(30)
    queue.close(5)
    assert video.state is JobState.DONE and video.result is not None and video.result.kind == "video"
    assert bad.state is JobState.FAILED and "does not exist" in bad.error


def test_markdown_snippets_escape_what_markdown_would_misread() -> None:
    assert markdown_snippet("image", "media/a).png", alt="x\\y\nz") == "![x\\\\y z](media/a%29.png)\n"
    assert markdown_snippet("audio", "media/t.m4a") == '::: audio src="media/t.m4a"\n:::\n'


def test_store_names_by_content(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    assert store.stem_for("Ünïcode Näme!.JPG", "0123456789abcdef") == "unicode-name-0123456789ab"
    assert store.find("0123456789abcdef", {".webp"}) is None
