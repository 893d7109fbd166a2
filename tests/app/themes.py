"""Theme helpers for GUI tests: WCAG contrast, the contrast of what a widget actually paints, and a
fixture that puts the application's theme back afterwards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from app.kit.qt import QApplication, QColor, QGuiApplication, QPalette, QWidget
from app.kit.theme import ThemeFollower


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def painted_contrast(widget: QWidget, ink_role: QPalette.ColorRole = QPalette.ColorRole.Text,
                     area: QWidget | None = None) -> float:
    """Contrast between the colour painted most (the background) and the colour ``widget``'s text is in.

    The text colour is the one the widget's palette gives (a style sheet's ``color`` lands there too); it
    must really appear in the picture, so a test cannot pass on a colour nobody paints with. ``area`` is
    what to photograph when ``widget`` itself is transparent (its parent, say).
    """
    image = (area or widget).grab().toImage()
    counts: Counter[int] = Counter(image.pixel(x, y) for x in range(image.width())
                                   for y in range(image.height()))
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    ink = widget.palette().color(ink_role)
    painted = [QColor.fromRgb(pixel) for pixel in counts]
    assert any(abs(colour.red() - ink.red()) + abs(colour.green() - ink.green())
               + abs(colour.blue() - ink.blue()) <= 24 for colour in painted), \
        f"{ink.name()} is not painted anywhere in {type(widget).__name__}"
    return contrast(background, ink)


@pytest.fixture
def themed_app(qapp: QApplication) -> Iterator[QApplication]:
    """The shared application, put back as it was: other tests must not inherit a theme."""
    palette, style_sheet, style = QPalette(qapp.palette()), qapp.styleSheet(), qapp.style().name()
    yield qapp
    follower = qapp.findChild(ThemeFollower)
    if follower is not None:
        follower.setParent(None)
        follower.deleteLater()
    QGuiApplication.styleHints().unsetColorScheme()
    qapp.setStyleSheet(style_sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
