"""Preview copies of lesson media in open formats.

Learners' browsers play the H.264/AAC files that packages ship, but the open-source
web engine behind the app preview cannot decode them. So the preview plays a small
VP8/Opus WebM copy made by the bundled ffmpeg and kept as derived data (safe to delete).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from editor.lesson_parse import ParsedLesson
from editor.media_probe import ffmpeg_exe
from editor.progress import Cancelled, CancelToken

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
    """Encode a small WebM copy of ``source`` (video scaled to ≤ 854 px wide) at ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part.webm")
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(source),
               "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "800k",
               "-vf", "scale='min(854,iw)':-2", "-c:a", "libopus", "-b:a", "64k", str(partial)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            try:
                _, errors = process.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.cancelled:
                    process.kill()
                    process.communicate()
                    raise Cancelled() from None
        if process.returncode != 0:
            raise RuntimeError(f"Could not make a preview copy of {source.name}: "
                               f"{errors.strip().splitlines()[-1] if errors.strip() else 'ffmpeg failed'}")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
