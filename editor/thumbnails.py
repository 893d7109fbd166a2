"""Small preview pictures for the library: a lesson's first image, cropped to fill, cached on disk.

Thumbnails are derived data: they live under ``<cache>/thumbs``, are keyed by the
source image's path, modification time and byte size plus the thumbnail size, and
can be deleted at any time. Images come from users and shared drives, so decoding is
defensive: a corrupt file or a decompression bomb gives ``None``, never an exception.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageOps

from editor.atomic import atomic_write_bytes
from editor.lesson_file import LoadError, read_text
from editor.lesson_parse import ParsedLesson, parse_lesson
from editor.media_refs import markdown_images
from editor.workspace import Item

THUMBS = "thumbs"
DEFAULT_SIZE = (96, 64)
# Far below Pillow's own bomb limit: no lesson picture needs more, and decoding one
# this size already costs ~160 MB of memory on a worker thread.
MAX_SOURCE_PIXELS = 40_000_000


def lesson_picture(parsed: ParsedLesson, lesson_dir: Path) -> Path | None:
    """The picture that stands for a lesson: its first Markdown image, else a video poster.

    Only existing files inside the lesson folder count; remote URLs are never fetched.
    """
    markdown_sources = (image.src for block in parsed.blocks if block.kind == "markdown"
                        for image in markdown_images(block.body, block.body_line))
    poster_sources = (block.attrs.get("poster", "") for block in parsed.blocks if block.kind == "video")
    for src in (*markdown_sources, *poster_sources):
        path = _local_file(src, lesson_dir)
        if path is not None:
            return path
    return None


def thumbnail_for(item: Item, cache_dir: Path, size: tuple[int, int] = DEFAULT_SIZE) -> Path | None:
    """A PNG of ``size`` showing ``item``, made once and reused while its picture is unchanged.

    ``None`` when the item has no usable picture (curated links, lessons without images,
    unreadable or corrupt files, oversized images) or the cache cannot be written.
    """
    if item.kind != "lesson":
        return None
    try:
        text, _ = read_text(item.source)
    except LoadError:
        return None
    picture = lesson_picture(parse_lesson(text), item.folder)
    if picture is None:
        return None
    try:
        stat = picture.stat()
    except OSError:
        return None
    target = _cache_file(Path(cache_dir) / THUMBS, picture, stat.st_mtime_ns, stat.st_size, size)
    if target.is_file():
        return target
    data = _render_png(picture, size)
    if data is None:
        return None
    try:
        atomic_write_bytes(target, data)
    except OSError:
        return None
    _remove_stale(target)
    return target


def _local_file(src: str, lesson_dir: Path) -> Path | None:
    parts = urlsplit(src)
    if not parts.path or parts.scheme or parts.netloc:
        return None
    root = lesson_dir.resolve()
    target = (root / unquote(parts.path)).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


def _cache_file(folder: Path, picture: Path, mtime_ns: int, byte_size: int, size: tuple[int, int]) -> Path:
    # The first part names the picture, the second its state: a newer state replaces older files.
    source_key = hashlib.sha256(str(picture).encode("utf-8")).hexdigest()[:16]
    state_key = hashlib.sha256(f"{mtime_ns}:{byte_size}".encode()).hexdigest()[:12]
    return folder / f"{source_key}-{size[0]}x{size[1]}-{state_key}.png"


def _remove_stale(current: Path) -> None:
    prefix = current.name.rsplit("-", 1)[0]
    for old in current.parent.glob(f"{prefix}-*.png"):
        if old != current:
            old.unlink(missing_ok=True)


def _render_png(picture: Path, size: tuple[int, int]) -> bytes | None:
    try:
        with Image.open(picture) as image:
            # Check the declared size before decoding a single pixel.
            if image.width * image.height > MAX_SOURCE_PIXELS:
                return None
            image.draft("RGB", (size[0] * 2, size[1] * 2))  # JPEG: decode at a reduced scale
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            converted = upright.convert("RGBA" if has_alpha else "RGB")
            fitted = ImageOps.fit(converted, size, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            fitted.save(buffer, "PNG", optimize=True)
            return buffer.getvalue()
    except Exception:  # Pillow raises many types on hostile or broken files; all mean "no thumbnail"
        return None
