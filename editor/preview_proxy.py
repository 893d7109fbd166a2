"""Preview copies of lesson media in open formats.

Learners' browsers play the H.264/AAC files that packages ship, but the open-source
web engine behind the app preview cannot decode them. So the preview plays a small
VP8/Opus WebM copy made by the bundled ffmpeg and kept as derived data (safe to delete).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from editor import media_probe
from editor.lesson_parse import ParsedLesson
from editor.media.jobs import run_ffmpeg
from editor.media.probe import file_url, input_args
from editor.progress import CancelToken, no_progress

PREVIEW_DIR = "preview"
# Containers and codecs the preview engine plays as they are.
OPEN_FORMATS = {".webm", ".ogg", ".ogv", ".oga", ".opus", ".wav", ".mp3", ".flac"}


def local_media(parsed: ParsedLesson, lesson_dir: Path) -> Iterator[tuple[str, Path]]:
    """(src as written, file) for every local video/audio file the lesson plays."""
    for block in parsed.blocks:
        if block.kind not in ("video", "audio"):
            continue
        src = block.attrs.get("src", "")
        parts = urlsplit(src)
        if not src or parts.scheme or parts.netloc:
            continue
        path = (lesson_dir / unquote(parts.path)).resolve()
        if path.is_file() and path.is_relative_to(lesson_dir.resolve()):
            yield src, path


def needs_proxy(path: Path) -> bool:
    return path.suffix.lower() not in OPEN_FORMATS


def proxy_path(cache_dir: Path, source: Path) -> Path:
    """Where the preview copy of ``source`` lives; the name changes when the source does."""
    stat = source.stat()
    key = hashlib.sha256(f"{source}|{stat.st_mtime_ns}|{stat.st_size}".encode()).hexdigest()[:20]
    return cache_dir / PREVIEW_DIR / f"{key}.webm"


def make_proxy(source: Path, target: Path, cancel: CancelToken | None = None) -> Path:
    """Encode a small WebM copy of ``source`` (video scaled to ≤ 854 px wide) at ``target``.

    ``source`` comes from a shared lesson: it is opened with ``input_args`` so that a playlist or
    concat list in its place cannot make ffmpeg read files outside the lesson. MediaError on failure.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part.webm")
    args = [*input_args(source), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "800k",
            "-vf", "scale='min(854,iw)':-2", "-c:a", "libopus", "-b:a", "64k", file_url(partial)]
    try:
        run_ffmpeg(media_probe.ffmpeg_exe(), args, duration=None, outputs=[partial], progress=no_progress,
                   cancel=cancel or CancelToken(), step=f"Making a preview copy of {source.name}")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
