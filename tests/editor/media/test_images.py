"""Pictures: upright, metadata-free, bounded, in the format that suits their content; bad files refused."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from editor.media.errors import MediaError
from editor.media.images import ImageSettings, convert_image, image_format, thumbnail_of
from editor.progress import Cancelled, CancelToken

SERIAL = "CAM-SERIAL-42"


def photo_pixels(size: tuple[int, int], alpha: bool = False) -> Image.Image:
    """Noise over colour bands: tens of thousands of colours, like a camera picture."""
    bands = [Image.effect_noise(size, 70).point(lambda v, shift=shift: (v + shift) % 256)
             for shift in (0, 60, 140)]
    picture = Image.merge("RGB", bands)
    if alpha:
        picture.putalpha(Image.linear_gradient("L").resize(size))
    return picture


def phone_photo(path: Path, size: tuple[int, int] = (600, 400)) -> Path:
    """A JPEG stored sideways (EXIF orientation 6) with GPS and a camera serial; red left, blue right."""
    halves = Image.new("RGB", size, (20, 20, 220))
    ImageDraw.Draw(halves).rectangle((0, 0, size[0] // 2, size[1]), fill=(220, 20, 20))
    picture = Image.blend(photo_pixels(size), halves, 0.75)
    exif = Image.Exif()
    exif[0x0112] = 6                       # rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 30.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # body serial number
    picture.save(path, "JPEG", quality=92, exif=exif.tobytes())
    assert SERIAL.encode() in path.read_bytes()
    return path


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_phone_photo_is_turned_upright_and_loses_its_metadata(tmp_path: Path) -> None:
    web = convert_image(phone_photo(tmp_path / "IMG_0001.JPG"), CancelToken())
    picture = opened(web.data)
    assert (web.width, web.height) == picture.size == (400, 600)     # stored 600×400 sideways
    red, _, blue = picture.convert("RGB").getpixel((200, 20))
    assert red > 150 > blue                                          # the red half is now on top
    red, _, blue = picture.convert("RGB").getpixel((200, 580))
    assert blue > 150 > red
    assert SERIAL.encode() not in web.data and b"PhoneMaker" not in web.data
    assert len(picture.getexif()) == 0
    assert not {"exif", "xmp", "icc_profile"} & set(picture.info)
    assert web.source_format == "JPEG" and web.content == "photo"


def test_big_photos_shrink_to_the_long_side_limit_and_get_a_thumbnail(tmp_path: Path) -> None:
    source = tmp_path / "wide.jpg"
    photo_pixels((4000, 1000)).save(source, quality=90)
    web = convert_image(source, CancelToken())
    assert (web.width, web.height) == (1920, 480)
    assert max(opened(web.thumbnail).size) == 320 and opened(web.thumbnail).format == "WEBP"
    small = convert_image(source, CancelToken(), ImageSettings(max_side=800))
    assert (small.width, small.height) == (800, 200)


def test_a_photo_is_stored_in_the_smaller_of_webp_and_jpeg(tmp_path: Path) -> None:
    source = tmp_path / "photo.png"
    photo_pixels((640, 480)).save(source)
    web = convert_image(source, CancelToken())
    assert web.content == "photo" and web.suffix in (".webp", ".jpg")
    pixels = Image.open(source).convert("RGB")
    jpeg, webp = io.BytesIO(), io.BytesIO()
    pixels.save(jpeg, "JPEG", quality=85, optimize=True, progressive=True)
    pixels.save(webp, "WEBP", quality=80, method=4)
    assert len(web.data) <= min(len(jpeg.getvalue()), len(webp.getvalue()))
    assert len(web.data) < source.stat().st_size / 3


def test_a_screenshot_stays_lossless_and_much_smaller_than_its_png(tmp_path: Path) -> None:
    source = tmp_path / "screenshot.png"
    shot = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 1280, 60), fill=(40, 70, 160))
    for row in range(40):
        draw.text((20, 80 + row * 17), f"Settings › Privacy › option {row}: enabled", fill="black")
    shot.save(source, compress_level=1)
    web = convert_image(source, CancelToken())
    assert web.content == "graphic" and web.suffix in (".webp", ".png")
    assert ImageChops.difference(opened(web.data).convert("RGB"), shot).getbbox() is None   # pixel-exact
    assert len(web.data) < source.stat().st_size / 2


def test_flat_graphics_are_judged_before_resizing_and_shrink_less(tmp_path: Path) -> None:
    source = tmp_path / "wide-diagram.png"
    diagram = Image.new("RGB", (3200, 800), "white")
    for column in range(0, 3200, 40):
        ImageDraw.Draw(diagram).line((column, 0, column, 800), fill=(20, 90, 200), width=3)
    diagram.save(source)
    web = convert_image(source, CancelToken())
    assert web.content == "graphic" and (web.width, web.height) == (2560, 640)
    assert opened(web.data).format in ("WEBP", "PNG")


@pytest.mark.parametrize("photo", [False, True])
def test_transparency_is_kept(tmp_path: Path, photo: bool) -> None:
    source = tmp_path / "logo.png"
    if photo:
        photo_pixels((300, 200), alpha=True).save(source)
    else:
        logo = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
        ImageDraw.Draw(logo).ellipse((50, 20, 250, 180), fill=(250, 160, 0, 255))
        logo.save(source)
    web = convert_image(source, CancelToken())
    result = opened(web.data)
    assert web.suffix == ".webp" and result.mode == "RGBA"
    assert result.getpixel((2, 2))[3] < 40


def test_an_opaque_alpha_channel_is_dropped(tmp_path: Path) -> None:
    source = tmp_path / "opaque.png"
    photo_pixels((200, 100)).convert("RGBA").save(source)
    assert opened(convert_image(source, CancelToken()).data).mode == "RGB"


def test_animated_gif_becomes_animated_webp_with_its_timing(tmp_path: Path) -> None:
    source = tmp_path / "spinner.gif"
    frames = [Image.new("RGB", (120, 90), colour) for colour in ("red", "green", "blue", "yellow")]
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=[80, 80, 200, 0], loop=0)
    web = convert_image(source, CancelToken())
    result = Image.open(io.BytesIO(web.data))
    assert web.content == "animation" and web.suffix == ".webp"
    assert result.format == "WEBP" and result.n_frames == 4 and result.size == (120, 90)
    durations = []
    for index in range(4):
        result.seek(index)
        result.load()
        durations.append(result.info["duration"])
    assert durations == [80, 80, 200, 100]        # a 0 ms GIF frame shows as 100 ms in browsers
    assert result.convert("RGB").getpixel((60, 45))[2] < 60       # frame 4 is yellow: no blue
    result.seek(2)
    assert result.convert("RGB").getpixel((60, 45))[2] > 200      # frame 3 is blue


def test_an_animation_too_long_to_decode_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "long.gif"
    frames = [Image.new("L", (200, 200), shade) for shade in range(0, 250, 10)]
    frames[0].save(source, save_all=True, append_images=frames[1:])
    with pytest.raises(MediaError, match="Convert it to a video"):
        convert_image(source, CancelToken(), ImageSettings(max_animation_pixels=200 * 200 * 10))


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    source = tmp_path / "scan.png"
    grey = Image.new("I;16", (64, 64))
    grey.putdata([index * 16 for index in range(64 * 64)])
    grey.save(source)
    result = opened(convert_image(source, CancelToken()).data).convert("L")
    assert result.getextrema() == (0, 255) and 100 < result.getpixel((0, 32)) < 150


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height``; decoding it would need gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat_data = zlib.compress(b"\x00" * 64)
    idat = (struct.pack(">I", len(idat_data)) + b"IDAT" + idat_data
            + struct.pack(">I", zlib.crc32(b"IDAT" + idat_data)))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + end


@pytest.mark.parametrize("size, says", [((12_000, 9_000), "108 megapixels"),
                                        ((60_000, 60_000), "enormous picture")])
def test_decompression_bombs_are_refused_before_decoding(tmp_path: Path, size: tuple[int, int],
                                                          says: str) -> None:
    source = tmp_path / "bomb.png"
    source.write_bytes(png_declaring(*size))
    with pytest.raises(MediaError, match=says):
        convert_image(source, CancelToken())


def test_truncated_and_foreign_pictures_get_clear_messages(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    photo_pixels((300, 300)).save(whole, quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(MediaError, match="damaged or incomplete"):
        convert_image(cut, CancelToken())
    icon = tmp_path / "favicon.ico"
    Image.new("RGB", (32, 32), "red").save(icon)
    assert image_format(icon) == "ICO"
    with pytest.raises(MediaError, match="ICO picture, which lessons cannot show"):
        convert_image(icon, CancelToken())
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    assert image_format(text) is None
    with pytest.raises(MediaError, match="not a picture"):
        convert_image(text, CancelToken())


def test_a_cancelled_conversion_stops(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    photo_pixels((200, 200)).save(source)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        convert_image(source, token)


def test_thumbnail_of_a_poster(tmp_path: Path) -> None:
    poster = tmp_path / "poster.jpg"
    photo_pixels((1280, 720)).save(poster)
    thumb = opened(thumbnail_of(poster))
    assert thumb.size == (320, 180) and thumb.format == "WEBP"
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 nope")
    with pytest.raises(MediaError, match="No thumbnail"):
        thumbnail_of(tmp_path / "broken.jpg")
