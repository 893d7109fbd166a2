"""Preview copies: ffmpeg reads only the one file we name, never what a playlist or concat list points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.media.errors import MediaError
from editor.media.probe import probe
from editor.preview_proxy import make_proxy
from tests.editor.media.conftest import PICTURE, TONE, lavfi, make


@pytest.fixture
def outside_clip(tmp_path: Path) -> Path:
    """A video outside the lesson, as an MPEG-TS segment any HLS playlist can name."""
    clip = tmp_path / "outside" / "private.ts"
    clip.parent.mkdir()
    make(*lavfi(PICTURE, TONE), "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest",
         "-f", "mpegts", str(clip))
    return clip


def hls(clip: Path) -> str:
    return f"#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:2.0,\n{clip}\n#EXT-X-ENDLIST\n"


def concat(clip: Path) -> str:
    return f"ffconcat version 1.0\nfile '{clip}'\n"


@pytest.mark.parametrize(("name", "listing"), [("local.m3u8", hls), ("clip.mp4", hls), ("clip.mp4", concat),
                                               ("cut.ffconcat", concat)])
def test_a_playlist_in_the_lesson_never_becomes_a_preview_of_a_file_outside(
        lesson: Path, tmp_path: Path, outside_clip: Path, name: str, listing) -> None:  # type: ignore[no-untyped-def]
    playlist = lesson / "media" / name
    playlist.write_text(listing(outside_clip), encoding="utf-8")
    target = tmp_path / "cache" / "preview" / "copy.webm"
    with pytest.raises(MediaError, match="preview copy"):
        make_proxy(playlist, target)
    assert not target.exists()
    assert not list(target.parent.iterdir())


def test_a_real_video_in_the_lesson_still_gets_its_preview_copy(lesson: Path, clips: dict[str, Path],
                                                                tmp_path: Path) -> None:
    video = lesson / "media" / "plain.mp4"
    video.write_bytes(clips["plain"].read_bytes())
    made = make_proxy(video, tmp_path / "preview" / "copy.webm")
    info = probe(made)
    assert info.video is not None and info.video.codec == "vp8" and info.audio is not None
    assert info.duration is not None and info.duration > 1.5
