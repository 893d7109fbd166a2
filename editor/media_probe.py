"""Media duration without ffprobe: MP4 headers read directly, anything else via ffmpeg.

The bundled ffmpeg (imageio-ffmpeg) has no ffprobe, so ``editor.media.probe`` parses
``ffmpeg -i`` output when the container is not MP4/M4A/MOV.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path
from typing import BinaryIO

from editor.media.errors import MediaError
from editor.media.probe import ffmpeg_exe, probe

__all__ = ["duration_seconds", "ffmpeg_exe"]

_CONTAINERS = {b"moov", b"trak", b"mdia"}


def duration_seconds(path: Path) -> float | None:
    """Duration of an audio/video file, or None if it cannot be read as media."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _cached_duration(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _cached_duration(path: str, mtime_ns: int, size: int) -> float | None:
    found = _mp4_duration(Path(path))
    return found if found is not None else _ffmpeg_duration(path)


def _mp4_duration(path: Path) -> float | None:
    try:
        with path.open("rb") as handle:
            return _find_mvhd(handle, path.stat().st_size)
    except (OSError, struct.error):
        return None


def _find_mvhd(handle: BinaryIO, end: int, depth: int = 0) -> float | None:
    if depth > 4:   # mvhd sits at moov level; deeper nesting is a damaged or hostile file
        return None
    while handle.tell() + 8 <= end:
        start = handle.tell()
        size, kind = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
            header = 16
        elif size == 0:
            size = end - start
        if size < header:
            return None
        if kind == b"mvhd":
            version = handle.read(1)[0]
            handle.read(3)
            if version == 1:
                _, _, scale, units = struct.unpack(">QQIQ", handle.read(28))
            else:
                _, _, scale, units = struct.unpack(">IIII", handle.read(16))
            return units / scale if scale else None
        if kind in _CONTAINERS:
            found = _find_mvhd(handle, start + size, depth + 1)
            if found is not None:
                return found
        handle.seek(start + size)
    return None


def _ffmpeg_duration(path: str) -> float | None:
    try:
        # ffmpeg_exe is looked up in this module at call time, so tests can swap the ffmpeg in use.
        return probe(Path(path), ffmpeg_exe()).duration
    except MediaError:
        return None
