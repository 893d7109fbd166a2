"""Video and sound made web-ready with ffmpeg: one MP4 (H.264 + AAC) or M4A every browser plays.

Decisions, per stream:
- video already H.264, 8-bit 4:2:0, upright, within 1080p, ≤ 30 fps and a sane bitrate → copied as is;
  otherwise re-encoded with x264 (CRF, capped bitrate, constant frame rate, rotation applied);
- sound is copied only when the video is copied and it is already stereo-or-mono AAC-LC; otherwise it is
  re-encoded to AAC with single-pass EBU R128 loudness normalisation;
- a video without sound stays video-only (no silent track: it would only add bytes, and players then
  show a volume control for nothing);
- a file about to be copied is decoded once first: damaged data (decode errors) makes it re-encoded, since
  a copy would keep the damage and re-encoding conceals it;
- metadata (phone GPS position, device names) and chapters are dropped; ``+faststart`` puts the index
  first so playback starts before the download ends.
ffmpeg-python builds the arguments; ``jobs.run_ffmpeg`` runs them with progress and Cancel.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ffmpeg

from editor.media.errors import MediaError
from editor.media.jobs import run_ffmpeg
from editor.media.probe import INPUT_OPTIONS, MediaInfo, VideoStream, ffmpeg_exe, file_url, probe
from editor.progress import CancelToken, ProgressCallback, no_progress, scaled

DAMAGED = "parts of the file could not be decoded (damaged data), so it is re-encoded rather than copied"


@dataclass(frozen=True)
class VideoSettings:
    max_long_side: int = 1920
    max_short_side: int = 1080
    max_fps: float = 30.0
    crf: int = 23                   # x264's visually-good default; the bitrate cap bounds the worst case
    preset: str = "veryfast"        # ~4× faster than "medium" for a few % more bytes: SMEs wait for this
    audio_kbps: int = 128           # stereo; mono gets half
    audio_rate: int = 48000
    loudness: str = "I=-16:TP=-1.5:LRA=11"   # −16 LUFS integrated: the common target for speech online
    poster_quality: int = 3         # JPEG q (2 best … 31 worst)


@dataclass(frozen=True)
class Plan:
    """What normalising a file does, decided from its probe before any work starts."""

    audio_only: bool
    copy_video: bool
    copy_audio: bool
    width: int                      # output size, as displayed
    height: int
    fps: float | None
    reasons: tuple[str, ...]        # why the video is re-encoded (empty when copied)

    @property
    def stream_copy(self) -> bool:
        return self.copy_video and self.copy_audio


def max_video_kbps(width: int, height: int) -> int:
    """Bitrate cap by picture size: enough for screen text and talking heads, not more."""
    short = min(width, height)
    return 1500 if short <= 480 else 3000 if short <= 720 else 5000


def fit_size(width: int, height: int, settings: VideoSettings) -> tuple[int, int]:
    """The largest even size within the 1080p box (turned for portrait video) keeping the aspect ratio."""
    box = ((settings.max_long_side, settings.max_short_side) if width >= height
           else (settings.max_short_side, settings.max_long_side))
    scale = min(1.0, box[0] / width, box[1] / height)
    return _even(width * scale), _even(height * scale)


def plan(info: MediaInfo, settings: VideoSettings = VideoSettings()) -> Plan:
    audio_ok = bool(info.audio and info.audio.codec == "aac" and info.audio.profile in ("LC", "")
                    and (info.audio.channels or 2) <= 2)
    if info.video is None:
        return Plan(True, False, audio_ok, 0, 0, None, ())
    video = info.video
    width, height = video.display_size
    reasons = _video_problems(video, info, settings)
    fitted = fit_size(width, height, settings)
    fps = min(video.fps, settings.max_fps) if video.fps else settings.max_fps
    copy = not reasons
    return Plan(False, copy, copy and (audio_ok or info.audio is None),
                *((width, height) if copy else fitted), video.fps if copy else fps, tuple(reasons))


def _video_problems(video: VideoStream, info: MediaInfo, settings: VideoSettings) -> list[str]:
    reasons = []
    if video.codec != "h264":
        reasons.append(f"{video.codec} video is not playable in every browser")
    if video.pixel_format != "yuv420p":
        reasons.append(f"{video.pixel_format} pixels ({video.bit_depth}-bit) need 8-bit 4:2:0")
    if video.rotation:
        reasons.append(f"rotated {video.rotation}° by a flag some players ignore")
    width, height = video.display_size
    fitted = fit_size(width, height, settings)
    if fitted != (width, height):
        reasons.append(f"{width}×{height} becomes {fitted[0]}×{fitted[1]} (at most 1080p, even sizes)")
    if video.fps and video.fps > settings.max_fps + 0.5:
        reasons.append(f"{video.fps:g} frames per second (lessons use up to {settings.max_fps:g})")
    kbps = video.kbps or info.kbps
    if kbps and kbps > 1.25 * max_video_kbps(width, height):
        reasons.append(f"{kbps} kb/s is more than this size needs")
    return reasons


def normalise(source: Path, target: Path, info: MediaInfo, *, ffmpeg_path: str | None = None,
              settings: VideoSettings = VideoSettings(), progress: ProgressCallback = no_progress,
              cancel: CancelToken | None = None) -> tuple[Plan, str]:
    """Write the web-ready version of ``source`` to ``target`` (.mp4 or .m4a); return the plan and warnings.

    A stream copy that ffmpeg refuses (odd timestamps, unusual containers) falls back to re-encoding.
    """
    cancel = cancel or CancelToken()
    chosen = plan(info, settings)
    exe = ffmpeg_exe(ffmpeg_path)
    if chosen.copy_video or chosen.copy_audio:
        if decode_complaints(source, info, exe, scaled(progress, 0.0, 0.3), cancel):
            chosen = _re_encode(chosen, info, settings, DAMAGED)
        progress = scaled(progress, 0.3, 1.0)
    step = "Copying the video" if chosen.stream_copy else "Converting"
    try:
        return chosen, run_ffmpeg(exe, convert_args(source, target, info, chosen, settings),
                                  duration=info.duration, outputs=[target], progress=progress,
                                  cancel=cancel, step=step)
    except MediaError:
        if not (chosen.copy_video or chosen.copy_audio):
            raise
    chosen = _re_encode(chosen, info, settings, "ffmpeg could not copy the streams as they are")
    return chosen, run_ffmpeg(exe, convert_args(source, target, info, chosen, settings),
                              duration=info.duration, outputs=[target], progress=progress, cancel=cancel,
                              step="Converting")


def decode_complaints(source: Path, info: MediaInfo, exe: str, progress: ProgressCallback,
                      cancel: CancelToken) -> int:
    """How many complaints ffmpeg makes decoding every frame of ``source`` (0: it decodes cleanly).

    A stream copy never decodes, so damaged data would be copied as it is and players would stall or
    show garbage there. Counting stops at the last 40 lines ffmpeg printed; any count means damage.
    """
    node = ffmpeg.input(file_url(source), **INPUT_OPTIONS)
    streams = [node[name] for name, present in (("v:0", info.video), ("a:0", info.audio)) if present]
    # The null muxer writes nothing and opens no file, so "-" does not clash with the progress pipe.
    args = list(ffmpeg.get_args(ffmpeg.output(*streams, "-", f="null")))
    try:
        complaints = run_ffmpeg(exe, args, duration=info.duration, outputs=[], progress=progress,
                                cancel=cancel, step="Checking the file for damage")
    except MediaError as exc:
        return max(1, len(str(exc).splitlines()))
    return sum(1 for line in complaints.splitlines() if line.strip())


def _re_encode(chosen: Plan, info: MediaInfo, settings: VideoSettings, why: str) -> Plan:
    """``chosen`` turned into a full re-encode of every stream, noting ``why``."""
    if info.video is None:
        return Plan(True, False, False, 0, 0, None, (*chosen.reasons, why))
    width, height = fit_size(*info.video.display_size, settings)
    fps = min(info.video.fps or settings.max_fps, settings.max_fps)
    return Plan(False, False, False, width, height, fps, (*chosen.reasons, why))


def convert_args(source: Path, target: Path, info: MediaInfo, chosen: Plan, settings: VideoSettings,
                 seek: dict[str, float] | None = None, extra: dict[str, str] | None = None) -> list[str]:
    """The ffmpeg arguments (inputs, filters, outputs) that carry out ``chosen`` for ``source``."""
    source_node = ffmpeg.input(file_url(source), **INPUT_OPTIONS, **(seek or {}))
    streams: list[Any] = []
    options: dict[str, Any] = {"map_metadata": -1, "map_chapters": -1, "movflags": "+faststart",
                               "f": "ipod" if chosen.audio_only else "mp4", **(extra or {})}
    if not chosen.audio_only:
        if chosen.copy_video:
            streams.append(source_node["v:0"])
            options["c:v"] = "copy"
        else:
            picture = source_node["v:0"].filter("fps", fps=round(chosen.fps or settings.max_fps, 3))
            picture = picture.filter("scale", chosen.width, chosen.height).filter("setsar", 1)
            streams.append(picture)
            cap = max_video_kbps(chosen.width, chosen.height)
            # A keyframe every 2 s: browsers seek and trims cut within 2 s, for a few % more bytes.
            options.update({"c:v": "libx264", "preset": settings.preset, "crf": settings.crf,
                            "pix_fmt": "yuv420p", "profile:v": "high", "maxrate": f"{cap}k",
                            "bufsize": f"{2 * cap}k", "g": round(2 * (chosen.fps or settings.max_fps))})
    if info.audio is not None:
        if chosen.copy_audio:
            streams.append(source_node["a:0"])
            options["c:a"] = "copy"
        else:
            streams.append(source_node["a:0"].filter("loudnorm", **_pairs(settings.loudness)))
            channels = min(info.audio.channels or 2, 2)
            options.update({"c:a": "aac", "b:a": f"{settings.audio_kbps * channels // 2}k",
                            "ar": settings.audio_rate, "ac": channels})
    return list(ffmpeg.get_args(ffmpeg.output(*streams, file_url(target), **options)))


def _pairs(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(":"))


def extract_poster(video: Path, target: Path, at: float, *, ffmpeg_path: str | None = None,
                   settings: VideoSettings = VideoSettings(), cancel: CancelToken | None = None) -> None:
    """Save a frame near ``at`` seconds of ``video`` as a JPEG (the still shown before playback).

    The keyframe at or before ``at`` is taken: decoding only keyframes makes this ~5× faster than an
    exact frame, and a poster need not be exact. Should that give nothing, the exact frame is taken.
    """
    cancel = cancel or CancelToken()
    for fast in (True, False):
        seek: dict[str, Any] = {"skip_frame": "nokey", "noaccurate_seek": None} if fast else {}
        node = ffmpeg.input(file_url(video), **INPUT_OPTIONS, **seek, ss=max(0.0, at))
        # Full-range pixels: the JPEG encoder refuses what keyframe-only decoding hands it otherwise.
        args = ffmpeg.get_args(node.output(file_url(target), vframes=1, f="image2", update=1,
                                           pix_fmt="yuvj420p", **{"q:v": settings.poster_quality}))
        try:
            run_ffmpeg(ffmpeg_exe(ffmpeg_path), args, duration=None, outputs=[target], progress=no_progress,
                       cancel=cancel, step="Making the poster picture")
        except MediaError as exc:
            if not fast:
                raise MediaError(f"No picture could be taken from {video.name} at {at:.1f} s "
                                 f"({exc}).") from exc
            continue
        if target.is_file() and target.stat().st_size > 0:
            return
    target.unlink(missing_ok=True)
    raise MediaError(f"No picture could be taken from {video.name} at {at:.1f} s.")


def poster_time(duration: float | None) -> float:
    """A tenth into the video, at most 3 s: past fade-ins and black first frames, still near the start."""
    return min(3.0, (duration or 0.0) * 0.1)


def trim(source: Path, target: Path, start: float, end: float | None, *, accurate: bool = False,
         ffmpeg_path: str | None = None, settings: VideoSettings = VideoSettings(),
         progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> MediaInfo:
    """Write the part of ``source`` between ``start`` and ``end`` seconds to ``target`` (atomically).

    ``accurate`` re-encodes so the cut lands on the exact frame; otherwise streams are copied and the
    cut starts at the keyframe at or before ``start`` (instant, no quality loss).
    """
    cancel = cancel or CancelToken()
    info = probe(source, ffmpeg_path)
    duration = info.duration or 0.0
    end = duration if end is None or (duration and end > duration) else end
    if duration and start >= duration:
        raise MediaError(f"{source.name} is only {duration:g} s long; choose a start before that.")
    if start < 0 or end <= start:
        raise MediaError(f"Cannot trim {source.name} from {start:g} s to {end:g} s: the end must come after "
                         f"the start, inside the clip (0–{duration:g} s).")
    if accurate:
        chosen = _re_encode(plan(info, settings), info, settings, "frame-accurate cut")
    else:
        chosen = Plan(info.video is None, info.video is not None, True, 0, 0, None, ())
    fd, partial_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    partial = Path(partial_name)
    try:
        # A copied cut starts at a keyframe before ``start``; shift its timestamps to begin at zero.
        extra = {} if accurate else {"avoid_negative_ts": "make_zero"}
        args = convert_args(source, partial, info, chosen, settings, {"ss": start, "t": end - start}, extra)
        run_ffmpeg(ffmpeg_exe(ffmpeg_path), args, duration=end - start, outputs=[partial],
                   progress=scaled(progress, 0, 0.95), cancel=cancel, step="Trimming")
        result = probe(partial, ffmpeg_path)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    progress(1.0, "Trimmed")
    return result


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)
