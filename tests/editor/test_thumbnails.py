"""Thumbnails: which picture stands for a lesson, cropping, caching and hostile image files."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from editor import thumbnails
from editor.lesson_parse import parse_lesson
from editor.media_refs import MarkdownImage, markdown_images
from editor.thumbnails import THUMBS, lesson_picture, thumbnail_for
from editor.workspace import LESSON_FILE, Item, Workspace


def _lesson(workspace: Workspace, body: str, title: str = "Pictures") -> Item:
    folder = workspace.new_lesson(title)
    source = folder / LESSON_FILE
    source.write_text(source.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    return workspace.read_item(source)


def _save(path: Path, image: Image.Image) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def _rgb_at(path: Path, x: int, y: int) -> tuple[int, ...]:
    with Image.open(path) as image:
        pixel = image.convert("RGB").getpixel((x, y))
    assert isinstance(pixel, tuple)
    return pixel


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header declares ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0"))
            + chunk(b"IEND", b""))


def test_markdown_images_gives_source_alt_and_file_line() -> None:
    text = "Intro line\n\n![A chart](media/chart.png \"Sales\") and ![](media/b.jpg)\n"
    assert list(markdown_images(text, first_line=10)) == [
        MarkdownImage(12, "media/chart.png", "A chart"), MarkdownImage(12, "media/b.jpg", "")]


def test_first_markdown_image_wins_over_video_poster(workspace: Workspace) -> None:
    item = _lesson(workspace, '::: video src="media/v.mp4" poster="media/poster.png"\n:::\n\n'
                   "![Later](media/later.png)\n")
    _save(item.path / "media" / "poster.png", Image.new("RGB", (30, 20), "blue"))
    _save(item.path / "media" / "later.png", Image.new("RGB", (30, 20), "red"))
    parsed = parse_lesson(item.source.read_text(encoding="utf-8"))
    assert lesson_picture(parsed, item.path) == (item.path / "media" / "later.png").resolve()


def test_video_poster_is_used_when_there_is_no_image(workspace: Workspace, tmp_path: Path) -> None:
    item = _lesson(workspace, '::: video src="media/v.mp4" poster="media/poster.png"\n:::\n')
    _save(item.path / "media" / "poster.png", Image.new("RGB", (90, 60), (0, 0, 255)))
    thumb = thumbnail_for(item, tmp_path / "cache")
    assert thumb is not None and _rgb_at(thumb, 48, 32) == (0, 0, 255)


def test_missing_remote_and_outside_pictures_are_skipped(workspace: Workspace, tmp_path: Path) -> None:
    _save(workspace.root / "outside.png", Image.new("RGB", (30, 20), "red"))
    item = _lesson(workspace, "![gone](media/missing.png)\n\n![web](https://example.org/x.png)\n\n"
                   "![escape](../../outside.png)\n")
    parsed = parse_lesson(item.source.read_text(encoding="utf-8"))
    assert lesson_picture(parsed, item.path) is None
    assert thumbnail_for(item, tmp_path / "cache") is None


def test_thumbnail_is_cropped_to_fill_and_cached(workspace: Workspace, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    item = _lesson(workspace, "![Wide](media/wide.png)\n")
    # A 3:1 picture: red thirds at the sides, green in the middle. Filling 3:2 keeps only the middle.
    wide = Image.new("RGB", (300, 100), (255, 0, 0))
    wide.paste((0, 200, 0), (60, 0, 240, 100))
    _save(item.path / "media" / "wide.png", wide)
    writes: list[Path] = []
    real_write = thumbnails.atomic_write_bytes

    def counting_write(path: Path, data: bytes) -> None:
        writes.append(path)
        real_write(path, data)

    monkeypatch.setattr(thumbnails, "atomic_write_bytes", counting_write)
    cache = tmp_path / "cache"

    thumb = thumbnail_for(item, cache)

    assert thumb is not None and thumb.parent == cache / THUMBS and thumb.suffix == ".png"
    with Image.open(thumb) as image:
        assert image.size == (96, 64)
    assert _rgb_at(thumb, 1, 32) == _rgb_at(thumb, 94, 32) == (0, 200, 0)
    assert thumbnail_for(item, cache) == thumb
    assert writes == [thumb]  # the second call reused the file


def test_changed_picture_makes_a_new_thumbnail_and_drops_the_old(workspace: Workspace,
                                                                  tmp_path: Path) -> None:
    item = _lesson(workspace, "![Cover](media/cover.png)\n")
    cover = _save(item.path / "media" / "cover.png", Image.new("RGB", (90, 60), (255, 0, 0)))
    first = thumbnail_for(item, tmp_path)
    _save(cover, Image.new("RGB", (90, 60), (0, 0, 255)))
    stat = cover.stat()
    os.utime(cover, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))

    second = thumbnail_for(item, tmp_path)

    assert first is not None and second is not None and second != first
    assert not first.exists() and _rgb_at(second, 48, 32) == (0, 0, 255)


def test_each_size_has_its_own_thumbnail(workspace: Workspace, tmp_path: Path) -> None:
    item = _lesson(workspace, "![Cover](media/cover.png)\n")
    _save(item.path / "media" / "cover.png", Image.new("RGBA", (90, 60), (0, 0, 255, 128)))
    small, large = thumbnail_for(item, tmp_path, (48, 32)), thumbnail_for(item, tmp_path, (192, 128))
    assert small is not None and large is not None and small.exists()
    with Image.open(large) as image:
        assert image.size == (192, 128) and image.mode == "RGBA"


@pytest.mark.parametrize("content", [b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
                                     _png_claiming(10, 10)[:-20]])
def test_corrupt_picture_gives_none(workspace: Workspace, tmp_path: Path, content: bytes) -> None:
    item = _lesson(workspace, "![Broken](media/broken.png)\n")
    (item.path / "media" / "broken.png").write_bytes(content)
    cache = tmp_path / "cache"
    assert thumbnail_for(item, cache) is None
    assert not list(cache.rglob("*.png"))


def test_decompression_bomb_gives_none(workspace: Workspace, tmp_path: Path) -> None:
    item = _lesson(workspace, "![Huge](media/huge.png)\n")
    (item.path / "media" / "huge.png").write_bytes(_png_claiming(100_000, 100_000))
    assert Image.MAX_IMAGE_PIXELS is not None and 2 * Image.MAX_IMAGE_PIXELS < 100_000 ** 2
    assert thumbnail_for(item, tmp_path / "cache") is None


def test_picture_over_our_pixel_limit_is_not_decoded(workspace: Workspace, tmp_path: Path) -> None:
    # A real, decodable 48-megapixel picture: Pillow would accept it, the library does not.
    item = _lesson(workspace, "![Huge](media/huge.png)\n")
    Image.new("1", (8_000, 6_000)).save(item.path / "media" / "huge.png")
    assert thumbnails.MAX_SOURCE_PIXELS < 8_000 * 6_000
    assert thumbnail_for(item, tmp_path / "cache") is None


def test_links_unreadable_lessons_and_unwritable_caches_give_none(workspace: Workspace,
                                                                   tmp_path: Path) -> None:
    link = workspace.read_item(workspace.new_link("https://example.org", "A link"))
    assert thumbnail_for(link, tmp_path) is None
    item = _lesson(workspace, "![Cover](media/cover.png)\n")
    _save(item.path / "media" / "cover.png", Image.new("RGB", (90, 60), "red"))
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert thumbnail_for(item, blocked) is None
    item.source.write_bytes(b"\xff\xfe not utf-8")
    assert thumbnail_for(item, tmp_path) is None
