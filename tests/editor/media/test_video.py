"""Video and sound: what gets copied, what gets re-encoded, and that the result is what browsers play."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from editor.media.errors import MediaError
from editor.media.probe import AudioStream, MediaInfo, VideoStream, probe
from editor.media.video import VideoSettings, extract_poster, fit_size, normalise, plan, poster_time, trim
from editor.progress import Cancelled, CancelToken

from .conftest import make

AAC = AudioStream("aac", "LC", 48000, 2, 128)


def video_info(**changes: object) -> MediaInfo:
    fields: dict[str, object] = {"codec": "h264", "profile": "High", "pixel_format": "yuv420p",
                                 "bit_depth": 8, "width": 1280, "height": 720, "fps": 30.0, "rotation": 0,
                                 "kbps": 2000, "hdr": False}
    fields.update(changes)
    return MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", 60.0, 2200, VideoStream(**fields), AAC, 2)  # type: ignore[arg-type]


def test_a_compliant_file_is_copied() -> None:
    chosen = plan(video_info())
    assert chosen.stream_copy and chosen.reasons == () and (chosen.width, chosen.height) == (1280, 720)


@pytest.mark.parametrize("changes, reason", [
    ({"codec": "hevc"}, "hevc video"),
    ({"pixel_format": "yuv420p10le", "bit_depth": 10}, "10-bit"),
    ({"rotation": 90}, "rotated 90°"),
    ({"width": 3840, "height": 2160, "kbps": 4000}, "3840×2160 becomes 1920×1080"),
    ({"fps": 60.0}, "60 frames per second"),
    ({"kbps": 12000}, "12000 kb/s"),
])
def test_each_problem_forces_a_re_encode_and_says_why(changes: dict[str, object], reason: str) -> None:
    chosen = plan(video_info(**changes))
    assert not chosen.copy_video and not chosen.copy_audio
    assert any(reason in text for text in chosen.reasons)


def test_sound_is_re_encoded_alone_when_only_it_is_unusual() -> None:
    info = video_info()
    opus = MediaInfo(info.container, info.duration, info.kbps, info.video,
                     AudioStream("opus", "", 48000, 2, 96), 2)
    chosen = plan(opus)
    assert chosen.copy_video and not chosen.copy_audio and not chosen.stream_copy


def test_portrait_video_fits_the_turned_box_at_even_sizes() -> None:
    settings = VideoSettings()
    assert fit_size(2160, 3840, settings) == (1080, 1920)
    assert fit_size(1440, 1080, settings) == (1440, 1080)
    assert fit_size(321, 241, settings) == (320, 240)
    assert fit_size(4000, 1000, settings) == (1920, 480)


def test_poster_time_stays_near_the_start() -> None:
    assert poster_time(2.0) == pytest.approx(0.2)
    assert poster_time(600.0) == 3.0 and poster_time(None) == 0.0


def normalised(source: Path, tmp_path: Path, suffix: str = ".mp4",
               settings: VideoSettings | None = None) -> tuple[MediaInfo, list[tuple[float, str]]]:
    reports: list[tuple[float, str]] = []
    target = tmp_path / f"out{suffix}"
    normalise(source, target, probe(source), settings=settings or VideoSettings(),
              progress=lambda fraction, message: reports.append((fraction, message)))
    return probe(target), reports


def test_compliant_clip_is_stream_copied_with_faststart(clips: dict[str, Path], tmp_path: Path) -> None:
    result, reports = normalised(clips["plain"], tmp_path)
    data = (tmp_path / "out.mp4").read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")          # index first: playback starts at once
    assert result.video is not None and result.video.codec == "h264"
    assert reports[0] == (0.0, "Checking the file for damage") and reports[-1][0] == 1.0
    assert (0.3, "Copying the video") in reports                  # a clean file is then copied


def test_phone_rotation_is_applied_to_the_pixels(clips: dict[str, Path], tmp_path: Path) -> None:
    result, reports = normalised(clips["rotated"], tmp_path)
    assert result.video is not None
    assert (result.video.width, result.video.height, result.video.rotation) == (240, 320, 0)
    fractions = [fraction for fraction, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_ten_bit_hevc_becomes_eight_bit_h264_with_normalised_sound(clips: dict[str, Path],
                                                                   tmp_path: Path) -> None:
    result, _ = normalised(clips["hevc10"], tmp_path)
    assert result.video is not None and result.audio is not None
    assert (result.video.codec, result.video.pixel_format, result.video.bit_depth) == ("h264", "yuv420p", 8)
    assert (result.audio.codec, result.audio.sample_rate) == ("aac", 48000)
    assert result.duration == pytest.approx(2, abs=0.1)


def test_variable_frame_rate_with_opus_keeps_the_video_and_converts_the_sound(clips: dict[str, Path],
                                                                              tmp_path: Path) -> None:
    chosen = plan(probe(clips["vfr"]))
    assert chosen.copy_video and not chosen.copy_audio
    result, _ = normalised(clips["vfr"], tmp_path)
    assert result.video is not None and result.audio is not None and result.audio.codec == "aac"
    assert result.duration == pytest.approx(2, abs=0.15)


def test_variable_frame_rate_becomes_constant_when_re_encoded(clips: dict[str, Path], tmp_path: Path) -> None:
    small = VideoSettings(max_long_side=160, max_short_side=120)
    result, _ = normalised(clips["vfr"], tmp_path, settings=small)
    assert result.video is not None and (result.video.width, result.video.height) == (160, 120)
    assert result.video.fps == pytest.approx(25)          # the gap is filled: 25 fps throughout


def test_sixty_fps_is_halved_and_silent_video_stays_silent(clips: dict[str, Path], tmp_path: Path) -> None:
    result, _ = normalised(clips["big"], tmp_path)
    assert result.video is not None and result.video.fps == pytest.approx(30) and result.audio is None
    silent, _ = normalised(clips["silent"], tmp_path / "..")
    assert silent.audio is None and silent.video is not None


@pytest.mark.parametrize("name", ["wav", "m4a"])
def test_sound_only_becomes_m4a(clips: dict[str, Path], tmp_path: Path, name: str) -> None:
    result, _ = normalised(clips[name], tmp_path, ".m4a")
    assert result.kind == "audio" and result.audio is not None and result.audio.codec == "aac"
    assert result.container.startswith("mov,mp4,m4a")


def test_poster_is_a_frame_of_the_video(clips: dict[str, Path], tmp_path: Path) -> None:
    poster = tmp_path / "poster.jpg"
    extract_poster(clips["plain"], poster, 0.5)
    assert poster.read_bytes()[:2] == b"\xff\xd8"
    assert Image.open(poster).size == (320, 240)
    with pytest.raises(MediaError, match="No picture"):
        extract_poster(clips["wav"], tmp_path / "none.jpg", 0.5)
    assert not (tmp_path / "none.jpg").exists()


def test_fast_trim_cuts_at_a_keyframe_and_accurate_trim_at_the_frame(clips: dict[str, Path],
                                                                     tmp_path: Path) -> None:
    # The clip has a keyframe every 12 frames (0.48 s): a fast cut at 0.7 s starts at 0.48 s.
    fast = trim(clips["plain"], tmp_path / "fast.mp4", 0.7, 1.5)
    assert fast.duration == pytest.approx(1.02, abs=0.1)
    exact = trim(clips["plain"], tmp_path / "exact.mp4", 0.7, 1.5, accurate=True)
    assert exact.duration == pytest.approx(0.8, abs=0.05)
    to_end = trim(clips["wav"], tmp_path / "tail.m4a", 1.5, None, accurate=True)
    assert to_end.duration == pytest.approx(0.5, abs=0.05) and to_end.kind == "audio"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["exact.mp4", "fast.mp4", "tail.m4a"]


@pytest.mark.parametrize("start, end, says", [(1.5, 1.0, "end must come after"), (-1, 1, "end must come"),
                                              (5.0, None, "only 2 s long")])
def test_impossible_trims_are_refused(clips: dict[str, Path], tmp_path: Path, start: float,
                                      end: float | None, says: str) -> None:
    with pytest.raises(MediaError, match=says):
        trim(clips["plain"], tmp_path / "x.mp4", start, end)
    assert list(tmp_path.iterdir()) == []


def test_cancelled_trim_leaves_nothing(clips: dict[str, Path], tmp_path: Path) -> None:
    token = CancelToken()
    with pytest.raises(Cancelled):
        trim(clips["plain"], tmp_path / "x.mp4", 0.2, 1.8, accurate=True, cancel=token,
             progress=lambda fraction, message: token.cancel())
    assert list(tmp_path.iterdir()) == []


def test_a_failed_stream_copy_falls_back_to_re_encoding(clips: dict[str, Path], tmp_path: Path) -> None:
    # H.264 in an AVI is "compliant" by codec but copied with timestamps MP4 rejects half the time;
    # whatever ffmpeg does, the import must end with a playable MP4.
    avi = tmp_path / "camera.avi"
    make("-i", str(clips["plain"]), "-c", "copy", str(avi))
    result, _ = normalised(avi, tmp_path)
    assert result.video is not None and result.video.codec == "h264"
