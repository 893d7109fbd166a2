"""Bring a user's file into a lesson's media/ folder and say how to reference it."""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.slugs import slugify, unique_path

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"}
VIDEO_TYPES = {".mp4", ".webm", ".mov", ".m4v"}
AUDIO_TYPES = {".mp3", ".m4a", ".wav", ".ogg", ".aac", ".opus"}
CAPTION_TYPES = {".vtt"}
MAX_BYTES = 2 * 1024 ** 3  # a microlearning asset beyond 2 GB is a mistake, not a lesson


class MediaError(Exception):
    """The file cannot be added; the message says why and what to do."""


def add_media_file(lesson_dir: Path, source: Path) -> str:
    """Copy ``source`` into ``lesson_dir/media`` under a safe unique name; return the relative path."""
    source = Path(source)
    if not source.is_file():
        raise MediaError(f"{source.name} is not a file (folders cannot be added to a lesson).")
    size = source.stat().st_size
    if size == 0:
        raise MediaError(f"{source.name} is empty (0 bytes). Export it again and retry.")
    if size > MAX_BYTES:
        raise MediaError(f"{source.name} is {size // 1024 ** 3} GB; lessons take files up to 2 GB. "
                         "Trim or compress it first.")
    media = lesson_dir / "media"
    media.mkdir(parents=True, exist_ok=True)
    if source.resolve().parent == media.resolve():
        return f"media/{source.name}"
    suffix = source.suffix.lower()
    target = unique_path(media, slugify(source.stem, "file"), suffix)
    partial = target.with_name(f".{target.name}.part")
    try:
        shutil.copyfile(source, partial)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise MediaError(f"Could not copy {source.name} into the lesson: {exc.strerror or exc}. "
                         "Nothing was added.") from exc
    return f"media/{target.name}"


def markdown_for(relative: str, source_name: str) -> str:
    """Markdown referencing an added file: an image, a video/audio block or a download link."""
    suffix = Path(relative).suffix.lower()
    url = relative.replace(" ", "%20").replace(")", "%29")
    if suffix in IMAGE_TYPES:
        # Empty alt text on purpose: check flags it, so the author describes the image.
        return f"![]({url})\n"
    if suffix in VIDEO_TYPES:
        return f'::: video src="{relative}"\n:::\n'
    if suffix in AUDIO_TYPES:
        return f'::: audio src="{relative}"\n:::\n'
    return f"[{source_name}]({url})\n"
