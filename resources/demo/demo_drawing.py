"""Drawing primitives shared by the demo's diagrams and video slides: palette, fonts, cards, text.

Everything is flat shapes and text so the PNGs stay small and crisp, and the output is
the same on every run (no randomness, no time stamps).
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

Color = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Box = tuple[int, int, int, int]

INK: Color = (30, 41, 59)
MUTED: Color = (88, 102, 122)
PAPER: Color = (248, 250, 252)
WHITE: Color = (255, 255, 255)
LINE: Color = (203, 213, 225)
TEAL: Color = (13, 118, 110)
BLUE: Color = (37, 99, 235)
AMBER: Color = (194, 105, 6)
RED: Color = (200, 30, 30)
GREEN: Color = (21, 128, 61)
PURPLE: Color = (109, 40, 217)
YELLOW: Color = (254, 240, 138)

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "mono": "DejaVuSansMono.ttf",
               "italic": "DejaVuSans-Oblique.ttf"}


@functools.cache
def font(size: int, style: str = "regular") -> Font:
    """DejaVu when installed (legible, wide Unicode coverage), else Pillow's built-in font."""
    path = _FONT_DIR / _FONT_FILES[style]
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def tint(color: Color, amount: float) -> Color:
    """``color`` mixed with white; ``amount`` 0 keeps it, 1 gives white."""
    return mix(color, WHITE, amount)


def mix(start: Color, end: Color, amount: float) -> Color:
    r1, g1, b1 = start
    r2, g2, b2 = end
    return (round(r1 + (r2 - r1) * amount), round(g1 + (g2 - g1) * amount), round(b1 + (b2 - b1) * amount))


def canvas(width: int, height: int, background: Color = PAPER) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), background)
    return image, ImageDraw.Draw(image)


def wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}".strip()
            if current and draw.textlength(candidate, font=face) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def paragraph(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, face: Font, fill: Color,
              width: int, spacing: float = 1.3) -> int:
    """Draw wrapped text from its top-left corner; returns the y just below it."""
    x, y = xy
    step = round(_line_height(face) * spacing)
    for line in wrap(draw, text, face, width):
        draw.text((x, y), line, font=face, fill=fill)
        y += step
    return y


def _line_height(face: Font) -> int:
    top, bottom = face.getbbox("Ag")[1::2]
    return int(bottom - top)


def card(draw: ImageDraw.ImageDraw, box: Box, fill: Color = WHITE, outline: Color | None = LINE,
         radius: int = 18, width: int = 2, shadow: bool = True) -> None:
    """A rounded card with a hard, offset shadow (no blur keeps files small)."""
    if shadow:
        x0, y0, x1, y1 = box
        draw.rounded_rectangle((x0 + 4, y0 + 6, x1 + 4, y1 + 6), radius, fill=(226, 232, 240))
    draw.rounded_rectangle(box, radius, fill=fill, outline=outline, width=width)


def badge(draw: ImageDraw.ImageDraw, center: tuple[int, int], radius: int, fill: Color, label: str,
          face: Font, text_fill: Color = WHITE) -> None:
    x, y = center
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
    draw.text((x, y), label, font=face, fill=text_fill, anchor="mm")


def arrow(draw: ImageDraw.ImageDraw, start: tuple[int, int], end: tuple[int, int], fill: Color,
          width: int = 6, head: int = 18) -> None:
    """A straight arrow; the head is a triangle aligned with the shaft."""
    (x0, y0), (x1, y1) = start, end
    length = max(1.0, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    base = (x1 - ux * head, y1 - uy * head)
    draw.line((start, (round(base[0]), round(base[1]))), fill=fill, width=width)
    left = (base[0] - uy * head * 0.6, base[1] + ux * head * 0.6)
    right = (base[0] + uy * head * 0.6, base[1] - ux * head * 0.6)
    draw.polygon([end, left, right], fill=fill)


def check_mark(draw: ImageDraw.ImageDraw, box: Box, fill: Color) -> None:
    """A tick inside a rounded square, for checklists."""
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, 6, fill=fill)
    w, h = x1 - x0, y1 - y0
    draw.line([(x0 + w * 0.22, y0 + h * 0.52), (x0 + w * 0.42, y0 + h * 0.72), (x0 + w * 0.78, y0 + h * 0.3)],
              fill=WHITE, width=max(3, w // 8), joint="curve")


def header(draw: ImageDraw.ImageDraw, width: int, title: str, subtitle: str = "",
           accent: Color = TEAL) -> int:
    """Title band used by every diagram; returns the y where content may start."""
    draw.rectangle((0, 0, width, 8), fill=accent)
    draw.text((48, 34), title, font=font(38, "bold"), fill=INK)
    if subtitle:
        draw.text((48, 86), subtitle, font=font(22), fill=MUTED)
        return 136
    return 100


def segments(draw: ImageDraw.ImageDraw, xy: tuple[int, int], parts: list[tuple[str, Color]],
             face: Font) -> int:
    """Draw text pieces side by side in their own colours; returns the x after the last one."""
    x, y = xy
    for text, color in parts:
        draw.text((x, y), text, font=face, fill=color)
        x += round(draw.textlength(text, font=face))
    return x


def save_png(image: Image.Image, path: Path) -> None:
    """Palette PNG: diagrams use few colours, so this is a fraction of the RGB size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, format="PNG", optimize=True)
