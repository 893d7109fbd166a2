"""What is inside an audio/video file, read from ``ffmpeg -i`` (the bundled ffmpeg has no ffprobe).

``ffmpeg -hide_banner -i FILE`` with no output prints the container, duration and one line per
stream to stderr, then fails with "At least one output file must be specified"; that text is stable
enough across ffmpeg releases to parse. Parsing is a pure function so it is tested on fixed text.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from editor.media.errors import MediaError

FFMPEG_ENV = "TESSERA_FFMPEG"
PROBE_TIMEOUT_SECONDS = 60
# Demuxers Tessera reads. Everything else (playlists, concat lists, image sequences, network
# formats…) is refused: a file named .mp4 could otherwise make ffmpeg open other files or URLs.
INPUT_FORMATS = ("mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,flv,mpeg,mpegts,ogg,wav,w64,mp3,aac,flac,"
                 "asf,caf,aiff,amr,mxf,dv")

_INPUT = re.compile(r"^Input #0, (?P<format>.+?), from ", re.MULTILINE)
_DURATION = re.compile(r"Duration:\s*(?:(?P<h>\d+):(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)|N/A)"
                       r"(?:.*?bitrate:\s*(?P<kbps>\d+) kb/s)?")
_STREAM = re.compile(r"^\s*Stream #0:\d+\S*: (?P<kind>Video|Audio|Subtitle|Data|Attachment): (?P<rest>.*)$")
_SIZE = re.compile(r"\b(\d{1,5})x(\d{1,5})\b")
_RATE = re.compile(r"\b(\d+(?:\.\d+)?)(k?) (fps|tbr)\b")
_KBPS = re.compile(r"\b(\d+) kb/s\b")
_HZ = re.compile(r"\b(\d+) Hz\b")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees|^\s*rotate\s*:\s*(-?\d+)",
                       re.IGNORECASE | re.MULTILINE)
_DEPTH = re.compile(r"(?:p|le|be)?(\d{2})(?:le|be)?$")
_CHANNELS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "4.0": 4, "5.0": 5, "5.1": 6, "6.1": 7, "7.1": 8}


@dataclass(frozen=True)
class VideoStream:
    codec: str              # ffmpeg codec name: h264, hevc, vp9…
    profile: str            # "High", "Main 10"… or ""
    pixel_format: str       # yuv420p, yuv420p10le…
    bit_depth: int
    width: int              # coded size, before rotation
    height: int
    fps: float | None
    rotation: int           # degrees 0/90/180/270 from the display matrix or rotate tag
    kbps: int | None
    hdr: bool               # PQ or HLG transfer: colours need tone mapping to look right in SDR

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as the viewer sees them, after rotation."""
        return (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)


@dataclass(frozen=True)
class AudioStream:
    codec: str
    profile: str            # "LC" for plain AAC
    sample_rate: int | None
    channels: int | None
    kbps: int | None


@dataclass(frozen=True)
class MediaInfo:
    container: str          # ffmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    duration: float | None  # seconds
    kbps: int | None        # overall bitrate
    video: VideoStream | None
    audio: AudioStream | None
    stream_count: int

    @property
    def kind(self) -> str:
        return "video" if self.video else "audio" if self.audio else "none"

    def as_dict(self) -> dict[str, object]:
        found = asdict(self)
        found["kind"] = self.kind
        if self.video:
            found["video"]["display_width"], found["video"]["display_height"] = self.video.display_size
        return found


def ffmpeg_exe(configured: str | Path | None = None) -> str:
    """The ffmpeg to run: ``configured``, else ``$TESSERA_FFMPEG``, else the binary bundled in the wheel."""
    choice = configured or os.environ.get(FFMPEG_ENV)
    if choice:
        return str(choice)
    import imageio_ffmpeg
    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError as exc:
        raise MediaError("The ffmpeg program that ships with Tessera is missing. Reinstall Tessera, or set "
                         f"{FFMPEG_ENV} to an installed ffmpeg.") from exc


# Input options that open a file safely as local media (see INPUT_FORMATS).
INPUT_OPTIONS = {"protocol_whitelist": "file", "format_whitelist": INPUT_FORMATS}


def file_url(path: Path) -> str:
    """``path`` as ffmpeg should name it: "file:" keeps "concat:x" or "http:…" from reading as a protocol."""
    return f"file:{Path(path).resolve()}"


def input_args(path: Path) -> list[str]:
    """``-i path`` with the options that let ffmpeg read that one local file and nothing it names."""
    options = [part for key, value in INPUT_OPTIONS.items() for part in (f"-{key}", value)]
    return [*options, "-i", file_url(path)]


def confined_inputs(args: Sequence[str]) -> bool:
    """Whether every ``-i`` in ``args`` is a ``file:`` URL opened with INPUT_OPTIONS (see input_args).

    The one check every ffmpeg run on user media passes, however its arguments were built.
    """
    start = 0
    for index, arg in enumerate(args):
        if arg != "-i":
            continue
        before = list(args[start:index])
        pairs = {(before[i], before[i + 1]) for i in range(len(before) - 1)}
        wanted = {(f"-{key}", value) for key, value in INPUT_OPTIONS.items()}
        if not wanted <= pairs or index + 1 >= len(args) or not args[index + 1].startswith("file:"):
            return False
        start = index + 2
    return True


def probe(path: Path, ffmpeg: str | None = None) -> MediaInfo:
    """Streams, duration and sizes of ``path``; MediaError with a plain reason when it is not media."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if size == 0:
        raise MediaError(f"{path.name} is empty (0 bytes). Export or record it again and retry.")
    exe = ffmpeg_exe(ffmpeg)
    try:
        result = subprocess.run([exe, "-hide_banner", "-nostdin", *input_args(path)],
                                capture_output=True, text=True, errors="replace",
                                timeout=PROBE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise MediaError(f"Reading {path.name} took over {PROBE_TIMEOUT_SECONDS} s; the file may be "
                         "damaged or on a very slow drive. Copy it to this computer and retry.") from exc
    except OSError as exc:
        raise MediaError(f"Could not start ffmpeg ({exe}): {exc.strerror or exc}. Reinstall Tessera or fix "
                         f"{FFMPEG_ENV}.") from exc
    info = parse_probe_output(result.stderr)
    if info is None or info.kind == "none":
        raise MediaError(f"{path.name} is not a video or sound file Tessera can read (it may be damaged, "
                         "incomplete, or another kind of file). Export it again as MP4 (video) or M4A/MP3 "
                         "(sound) and retry.")
    return info


def parse_probe_output(stderr: str) -> MediaInfo | None:
    """The MediaInfo described by ``ffmpeg -i`` stderr, or None when ffmpeg could not open the input."""
    opened = _INPUT.search(stderr)
    if not opened:
        return None
    duration, kbps = _duration(stderr)
    video: VideoStream | None = None
    audio: AudioStream | None = None
    streams = _stream_sections(stderr[opened.end():])
    for kind, line, details in streams:
        if kind == "Video" and video is None and not _is_cover_art(line):
            video = _video(line, details)
        elif kind == "Audio" and audio is None:
            audio = _audio(line)
    return MediaInfo(opened["format"], duration, kbps, video, audio, len(streams))


def _duration(stderr: str) -> tuple[float | None, int | None]:
    match = _DURATION.search(stderr)
    if not match:
        return None, None
    kbps = int(match["kbps"]) if match["kbps"] else None
    if match["h"] is None:
        return None, kbps
    return int(match["h"]) * 3600 + int(match["m"]) * 60 + float(match["s"]), kbps


def _stream_sections(text: str) -> list[tuple[str, str, str]]:
    """(kind, stream line, the indented lines after it) for every stream of input #0."""
    sections: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        match = _STREAM.match(line)
        if match:
            sections.append((match["kind"], match["rest"], []))
        elif line.startswith("Input #") or line.startswith("Output #"):
            break
        elif sections and line.startswith("    "):
            sections[-1][2].append(line)
    return [(kind, rest, "\n".join(details)) for kind, rest, details in sections]


def _is_cover_art(line: str) -> bool:
    # An MP3/M4A's embedded album picture shows up as a one-frame video stream.
    return "(attached pic)" in line


def _split_top_level(text: str) -> list[str]:
    """Split at commas that are not inside parentheses or brackets: "yuv420p(tv, progressive)" stays whole."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _codec_and_profile(first: str) -> tuple[str, str]:
    codec, _, remainder = first.partition(" ")
    profile = re.match(r"\(([^)]*)\)", remainder.strip())
    # "(avc1 / 0x31637661)" is a codec tag, not a profile.
    return codec, profile[1] if profile and " / " not in profile[1] else ""


def _video(line: str, details: str) -> VideoStream:
    parts = _split_top_level(line)
    codec, profile = _codec_and_profile(parts[0])
    pixel_format = parts[1].split("(")[0].strip() if len(parts) > 1 else ""
    size = next((_SIZE.search(part) for part in parts[1:] if _SIZE.search(part)), None)
    rates = {unit: float(value) * (1000 if k else 1) for value, k, unit in _RATE.findall(line)}
    kbps = _KBPS.search(line)
    return VideoStream(
        codec=codec, profile=profile, pixel_format=pixel_format, bit_depth=_bit_depth(pixel_format),
        width=int(size[1]) if size else 0, height=int(size[2]) if size else 0,
        fps=rates.get("fps") or rates.get("tbr"), rotation=_rotation(details),
        kbps=int(kbps[1]) if kbps else None, hdr="smpte2084" in line or "arib-std-b67" in line)


def _audio(line: str) -> AudioStream:
    parts = _split_top_level(line)
    codec, profile = _codec_and_profile(parts[0])
    rate = _HZ.search(line)
    layout = parts[2].split("(")[0].strip() if len(parts) > 2 else ""
    channels = _CHANNELS.get(layout)
    if channels is None and (counted := re.match(r"(\d+) channels", layout)):
        channels = int(counted[1])
    kbps = _KBPS.search(line)
    return AudioStream(codec=codec, profile=profile, sample_rate=int(rate[1]) if rate else None,
                       channels=channels, kbps=int(kbps[1]) if kbps else None)


def _bit_depth(pixel_format: str) -> int:
    # yuv420p10le → 10, p010le → 10, gbrp12 → 12; plain formats (yuv420p, nv12, rgb24) are 8-bit.
    match = _DEPTH.search(pixel_format)
    return int(match[1]) if match and 9 <= int(match[1]) <= 16 else 8


def _rotation(details: str) -> int:
    match = _ROTATION.search(details)
    if not match:
        return 0
    degrees = round(float(match[1] or match[2])) % 360
    return degrees if degrees in (90, 180, 270) else 0
