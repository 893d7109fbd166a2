"""Pictures made web-ready: upright, free of metadata, bounded in size, in the smallest fitting format.

Decoding is defensive (files come from phones, chat apps and shared drives): the declared size is
checked before a single pixel is decoded, truncated or corrupt files give a MediaError, and the
output is built from pixels only, so EXIF (GPS position, camera serial), XMP and comments never
reach a lesson. Format choice is by content and measured, not by file extension: photos are tried
as lossy WebP and JPEG and the smaller kept; flat graphics (screenshots, diagrams: few distinct
colours) stay lossless, as WebP or PNG, whichever is smaller, and are shrunk less, since resizing
blurs text and multiplies colours; animations (GIF, WebP, APNG) become animated WebP, while other
multi-frame files (TIFF pages, a phone's MPO depth view) keep their first frame only. docs/media.md
has the sizes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from editor.media.errors import MediaError
from editor.progress import CancelToken

# Pillow format name → what users call it. Everything else Pillow can open is refused with a hint.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP",
                    "BMP": "BMP", "TIFF": "TIFF", "AVIF": "AVIF"}
LOSSLESS_SOURCES = {"PNG", "GIF", "BMP", "TIFF"}
# Formats whose extra frames are an animation. Elsewhere they are pages (TIFF scans), a phone's depth or
# stereo view (MPO) or an image sequence (AVIF): the first frame is the picture.
ANIMATED_FORMATS = {"GIF", "WEBP", "PNG"}
# ISO-BMFF (the MP4 family) brands of still-picture files: HEIF/HEIC from phones, AVIF. ffmpeg reads them
# as a one-frame "video", so they are recognised here before any video handling sees them.
_PICTURE_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"heim": "HEIC", b"heis": "HEIC", b"hevc": "HEIC",
                   b"hevx": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"heif": "HEIF", b"avif": "AVIF",
                   b"avis": "AVIF"}
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ImageSettings:
    max_side: int = 1920                  # long side of a photo: full-HD screens, sharp in a lesson
    graphic_max_side: int = 2560          # screenshots: small text stays legible on high-density screens
    animation_max_side: int = 960         # animations are decoded whole; keep them modest
    thumb_side: int = 320
    max_pixels: int = 100_000_000         # 100 MP: any phone photo or panorama, not a decompression bomb
    max_animation_pixels: int = 100_000_000   # all frames together after resizing (~400 MB decoded)
    photo_quality: int = 80               # WebP; JPEG gets photo_quality + 5 for a similar look
    flat_colours: int = 4096              # at most this many distinct colours → a graphic, kept lossless
    lossless_margin: float = 1.5          # keep lossless when at most this much bigger than lossy


@dataclass(frozen=True)
class WebImage:
    data: bytes
    suffix: str                           # ".webp", ".jpg" or ".png"
    width: int
    height: int
    content: str                          # "photo", "graphic" or "animation"
    source_format: str
    thumbnail: bytes                      # WebP, at most thumb_side on the long side
    frames_left_out: int = 0              # pages or views after the first that were not kept


def image_format(path: Path) -> str | None:
    """Pillow's name for the picture format of ``path`` (header only), or None if it is no picture."""
    try:
        with Image.open(path) as image:
            return str(image.format)
    except Image.DecompressionBombError as exc:
        raise _bomb(Path(path).name) from exc
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def picture_container(path: Path) -> str | None:
    """"HEIC", "HEIF" or "AVIF" when ``path`` is an ISO-BMFF still picture (by its ``ftyp`` brands)."""
    try:
        with open(path, "rb") as file:
            head = file.read(64)
    except OSError:
        return None
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    size = int.from_bytes(head[:4], "big")
    # Major brand at 8, minor version at 12, then compatible brands until the end of the box.
    brands = [head[8:12], *(head[offset:offset + 4] for offset in range(16, min(size, len(head)) - 3, 4))]
    return next((_PICTURE_BRANDS[brand] for brand in brands if brand in _PICTURE_BRANDS), None)


def convert_image(path: Path, cancel: CancelToken, settings: ImageSettings = ImageSettings()) -> WebImage:
    """The web-ready version of the picture at ``path``; MediaError says why when there is none."""
    path = Path(path)
    try:
        with warnings.catch_warnings():
            # Our pixel limit (checked next) replaces Pillow's warning; its hard error still applies.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                _check_declared(path.name, image, settings)
                cancel.raise_if_cancelled()
                frames = int(getattr(image, "n_frames", 1))
                if frames > 1 and image.format in ANIMATED_FORMATS:
                    return _animation(path.name, image, cancel, settings)
                still = _still(image, cancel, settings)     # the first frame: Pillow opens at frame 0
                return replace(still, frames_left_out=frames - 1)
    except UnidentifiedImageError as exc:
        raise MediaError(f"{path.name} is not a picture Tessera can read. Use JPEG, PNG, GIF, WebP, "
                         "AVIF, BMP or TIFF.") from exc
    except Image.DecompressionBombError as exc:
        raise _bomb(path.name) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow reports truncated and corrupt data with these types.
        raise MediaError(f"{path.name} is damaged or incomplete ({exc}). Open it in an image editor, "
                         "save it again and retry.") from exc


def _bomb(name: str) -> MediaError:
    return MediaError(f"{name} declares an enormous picture; it was not opened. Scale it down below "
                      "100 megapixels and retry.")


def _check_declared(name: str, image: Image.Image, settings: ImageSettings) -> None:
    if image.format not in ACCEPTED_FORMATS:
        raise MediaError(f"{name} is a {image.format} picture, which lessons cannot show. Save it as PNG "
                         "or JPEG and retry.")
    width, height = image.size
    if width < 1 or height < 1:
        raise MediaError(f"{name} declares an empty picture ({width}×{height}). Export it again.")
    if width * height > settings.max_pixels:
        raise MediaError(f"{name} is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); "
                         f"the limit is {settings.max_pixels / 1e6:.0f}. Scale it down and retry.")


def _still(image: Image.Image, cancel: CancelToken, settings: ImageSettings) -> WebImage:
    source_format = str(image.format)
    if source_format in ("JPEG", "MPO"):
        # Decode at a reduced scale when the picture is much bigger than needed: faster, less memory.
        image.draft("RGB", (settings.max_side, settings.max_side))
    image.load()
    upright = _upright(image)
    cancel.raise_if_cancelled()
    pixels = _plain_pixels(_to_srgb(upright))
    # Judged before resizing: scaling blends neighbours into new colours and hides how flat it was.
    graphic = pixels.getcolors(settings.flat_colours) is not None
    side = settings.graphic_max_side if graphic else settings.max_side
    pixels.thumbnail((side, side), Image.Resampling.LANCZOS)
    cancel.raise_if_cancelled()
    if graphic:
        candidates = [_encode(pixels, "WEBP", lossless=True), _encode(pixels, "PNG")]
        data, suffix = min(candidates, key=lambda found: len(found[0]))
    else:
        data, suffix = _photo(pixels, source_format in LOSSLESS_SOURCES, settings)
    return WebImage(data, suffix, pixels.width, pixels.height, "graphic" if graphic else "photo",
                    source_format, _thumbnail(pixels, settings))


def _photo(pixels: Image.Image, lossless_source: bool, settings: ImageSettings) -> tuple[bytes, str]:
    lossy = [_encode(pixels, "WEBP", quality=settings.photo_quality)]
    if pixels.mode == "RGB":
        lossy.append(_encode(pixels, "JPEG", quality=settings.photo_quality + 5))
    best = min(lossy, key=lambda found: len(found[0]))
    if lossless_source:
        # A screenshot with a photo in it: text stays crisp if lossless costs little more.
        lossless = _encode(pixels, "WEBP", lossless=True)
        if len(lossless[0]) <= settings.lossless_margin * len(best[0]):
            return lossless
    return best


def _animation(name: str, image: Image.Image, cancel: CancelToken, settings: ImageSettings) -> WebImage:
    source_format = str(image.format)
    count = int(getattr(image, "n_frames", 1))
    scale = min(1.0, settings.animation_max_side / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    if count * size[0] * size[1] > settings.max_animation_pixels:
        raise MediaError(f"{name} is a long animation ({count} frames of {image.width}×{image.height}). "
                         "Convert it to a video (MP4) and import that instead.")
    frames: list[Image.Image] = []
    durations: list[int] = []
    for frame in ImageSequence.Iterator(image):
        cancel.raise_if_cancelled()
        converted = frame.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
        converted.info = {}
        frames.append(converted)
        # Browsers show 0 ms and 10 ms GIF frames at 100 ms; keep that look.
        delay = int(frame.info.get("duration", 100) or 100)
        durations.append(delay if delay > 10 else 100)
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=durations,
                   loop=int(image.info.get("loop", 0)), quality=settings.photo_quality,
                   allow_mixed=True, method=4)
    return WebImage(buffer.getvalue(), ".webp", size[0], size[1], "animation", source_format,
                    _thumbnail(frames[0], settings))


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # broken EXIF must not block an import; the picture stays as stored
        return image.copy()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted from the embedded colour profile (e.g. a phone's Display P3) to sRGB.

    The profile itself is dropped with the rest of the metadata, so without this step colours
    would shift; a broken profile leaves the pixels as they are.
    """
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        converted = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                              outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def _plain_pixels(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is see-through, with no metadata attached."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La") or "transparency" in image.info
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")   # 16-bit grey → 8-bit
    converted = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and converted.getchannel("A").getextrema() == (255, 255):
        converted = converted.convert("RGB")
    converted.info = {}
    return converted


def _encode(pixels: Image.Image, kind: str, *, quality: int = 0, lossless: bool = False) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    if kind == "WEBP":
        if lossless:
            pixels.save(buffer, "WEBP", lossless=True, quality=80, method=4, exact=False)
        else:
            pixels.save(buffer, "WEBP", quality=quality, method=4)
        return buffer.getvalue(), ".webp"
    if kind == "JPEG":
        pixels.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        return buffer.getvalue(), ".jpg"
    pixels.save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), ".png"


def thumbnail_of(path: Path, settings: ImageSettings = ImageSettings()) -> bytes:
    """A small WebP of the picture at ``path`` (a video's poster, say), for lists and pickers."""
    try:
        with Image.open(path) as image:
            _check_declared(Path(path).name, image, settings)
            image.draft("RGB", (settings.thumb_side, settings.thumb_side))
            return _thumbnail(_plain_pixels(_upright(image)), settings)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise MediaError(f"No thumbnail could be made from {Path(path).name}: {exc}.") from exc


def _thumbnail(pixels: Image.Image, settings: ImageSettings) -> bytes:
    small = pixels.copy()
    small.thumbnail((settings.thumb_side, settings.thumb_side), Image.Resampling.LANCZOS)
    small.info = {}
    return _encode(small, "WEBP", quality=75)[0]
