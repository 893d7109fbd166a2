"""Probing without ffprobe: ``ffmpeg -i`` text parsed into streams, then real generated files."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor import media_probe
from editor.media.errors import MediaError
from editor.media.probe import FFMPEG_ENV, ffmpeg_exe, parse_probe_output, probe

PHONE = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'IMG_0042.MOV':
  Metadata:
    com.apple.quicktime.location.ISO6709: +48.8584+002.2945+035.000/
  Duration: 00:01:02.50, start: 0.000000, bitrate: 9123 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67), 3840x2160, 8900 kb/s, 29.97 fps, 30 tbr, 600 tbn (default)
      Metadata:
        handler_name    : Core Media Video
      Side data:
        Display Matrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 189 kb/s (default)
  Stream #0:2[0x3](und): Data: none (mebx / 0x7862656D), 0 kb/s (default)
At least one output file must be specified
"""  # noqa: E501  (ffmpeg's own line lengths)

OLD_ROTATE_TAG = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'old.mp4':
  Duration: 00:00:05.00, start: 0.000000, bitrate: 500 kb/s
  Stream #0:0(eng): Video: h264 (Baseline) (avc1 / 0x31637661), yuv420p, 640x360, 400 kb/s, 30 fps, 30 tbr, 90k tbn
    Metadata:
      rotate          : 180
  Stream #0:1(eng): Audio: mp3 (mp4a / 0x6134706D), 44100 Hz, 5.1, fltp, 96 kb/s
"""  # noqa: E501

SONG_WITH_COVER = """\
Input #0, mp3, from 'song.mp3':
  Duration: N/A, start: 0.025056, bitrate: N/A
  Stream #0:0: Audio: mp3 (mp3float), 44100 Hz, stereo, fltp, 128 kb/s
  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600, 90k tbr, 90k tbn (attached pic)
"""  # noqa: E501


def test_a_phone_recording_is_read_in_full() -> None:
    info = parse_probe_output(PHONE)
    assert info is not None and info.kind == "video"
    assert info.container == "mov,mp4,m4a,3gp,3g2,mj2"
    assert info.duration == pytest.approx(62.5)
    assert info.kbps == 9123 and info.stream_count == 3
    video = info.video
    assert video is not None
    assert (video.codec, video.profile, video.pixel_format, video.bit_depth) == ("hevc", "Main 10",
                                                                                "yuv420p10le", 10)
    assert (video.width, video.height, video.rotation, video.display_size) == (3840, 2160, 270, (2160, 3840))
    assert video.fps == pytest.approx(29.97) and video.kbps == 8900 and video.hdr
    assert info.audio is not None
    assert (info.audio.codec, info.audio.profile, info.audio.sample_rate, info.audio.channels) == (
        "aac", "LC", 48000, 2)


def test_the_old_rotate_tag_and_surround_sound_are_understood() -> None:
    info = parse_probe_output(OLD_ROTATE_TAG)
    assert info is not None and info.video is not None and info.audio is not None
    assert info.video.rotation == 180 and info.video.display_size == (640, 360)
    assert info.video.profile == "Baseline" and info.video.bit_depth == 8 and not info.video.hdr
    assert info.audio.channels == 6 and info.audio.profile == ""


def test_album_art_is_not_mistaken_for_video() -> None:
    info = parse_probe_output(SONG_WITH_COVER)
    assert info is not None and info.kind == "audio" and info.video is None
    assert info.duration is None and info.kbps is None


@pytest.mark.parametrize("text", ["", "file.mp4: Invalid data found when processing input",
                                  "Input #0, mp4, from 'x':\n  Duration: N/A\n"])
def test_output_without_streams_describes_nothing(text: str) -> None:
    info = parse_probe_output(text)
    assert info is None or info.kind == "none"


def test_generated_files_probe_as_made(clips: dict[str, Path]) -> None:
    rotated = probe(clips["rotated"])
    assert rotated.video is not None and rotated.video.rotation == 90
    assert rotated.video.display_size == (240, 320) and rotated.duration == pytest.approx(2, abs=0.1)
    hevc = probe(clips["hevc10"])
    assert hevc.video is not None and (hevc.video.codec, hevc.video.bit_depth) == ("hevc", 10)
    assert probe(clips["silent"]).audio is None
    wav = probe(clips["wav"])
    assert wav.kind == "audio" and wav.audio is not None and wav.audio.codec == "pcm_s16le"
    assert wav.as_dict()["kind"] == "audio"
    assert probe(clips["plain"]).as_dict()["video"] == {
        **probe(clips["plain"]).as_dict()["video"], "display_width": 320, "display_height": 240}


@pytest.mark.parametrize("name, says", [("empty", r"empty \(0 bytes\)"), ("text", "not a video or sound"),
                                        ("truncated", "not a video or sound"),
                                        ("playlist", "not a video or sound")])
def test_bad_files_give_a_clear_reason(bad_media: dict[str, Path], name: str, says: str) -> None:
    with pytest.raises(MediaError, match=says):
        probe(bad_media[name])


def test_a_missing_ffmpeg_is_reported_not_crashed(clips: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="Could not start ffmpeg"):
        probe(clips["plain"], str(tmp_path / "no-ffmpeg"))


def test_the_ffmpeg_comes_from_the_parameter_then_the_environment_then_the_wheel(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(FFMPEG_ENV, raising=False)
    bundled = ffmpeg_exe()
    assert Path(bundled).is_file()
    monkeypatch.setenv(FFMPEG_ENV, "/opt/ffmpeg/bin/ffmpeg")
    assert ffmpeg_exe() == "/opt/ffmpeg/bin/ffmpeg"
    assert ffmpeg_exe(tmp_path / "mine") == str(tmp_path / "mine")
    # The older helper keeps working and follows the same choice.
    assert media_probe.ffmpeg_exe() == "/opt/ffmpeg/bin/ffmpeg"


def test_duration_seconds_uses_the_new_probe_for_non_mp4(clips: dict[str, Path]) -> None:
    assert media_probe.duration_seconds(clips["vfr"]) == pytest.approx(2, abs=0.1)
    assert media_probe.duration_seconds(clips["wav"]) == pytest.approx(2, abs=0.1)
