"""The source editor's line-number gutter keeps the text's size, lines and contrast across theme changes."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.editing.source_editor import SourceEditor
from app.kit.qt import QApplication, QColor, QImage, QPalette, QWidget
from app.kit.theme import apply_theme
from tests.app.themes import painted_contrast


def _ink_rows(image: QImage, top: int, bottom: int, background: QColor) -> list[int]:
    """Rows in [top, bottom) holding pixels clearly different from ``background``."""
    rows = []
    for y in range(max(0, top), min(bottom, image.height())):
        for x in range(image.width()):
            pixel = QColor.fromRgb(image.pixel(x, y))
            if abs(pixel.lightness() - background.lightness()) > 60:
                rows.append(y)
                break
    return rows


def _digit_rows(widget: QWidget, top: int, bottom: int) -> list[int]:
    image = widget.grab().toImage()
    background = QColor.fromRgb(image.pixel(image.width() - 2, bottom - 2))
    return _ink_rows(image, top, bottom, background)


@pytest.mark.parametrize("sequence", [("light", "dark", "light")])
def test_line_numbers_follow_live_theme_switches(qtbot: QtBot, themed_app: QApplication,
                                                 sequence: tuple[str, ...]) -> None:
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.set_font_size(18)
    editor.setPlainText("\n".join(["1111"] * 40))
    editor.setCursorWidth(0)          # only the text in the picture, no caret
    editor.resize(500, 400)
    editor.show()
    qtbot.waitExposed(editor)
    for theme in sequence:
        apply_theme(themed_app, theme)
        QApplication.processEvents()
        gutter = editor._gutter
        assert gutter.geometry().left() == editor.contentsRect().left()
        assert gutter.width() == editor.gutter_width() == editor.viewportMargins().left()
        block = editor.firstVisibleBlock()
        line = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
        top, bottom = round(line.top()), round(line.bottom())
        # The number "1" and the text "1111" on line 1: same height, same baseline.
        number, text = _digit_rows(gutter, top, bottom), _digit_rows(editor.viewport(), top, bottom)
        assert number and text
        assert abs(len(number) - len(text)) <= 1, f"numbers are {len(number)} px tall, text {len(text)} px"
        assert abs(number[-1] - text[-1]) <= 1, "the number does not sit on its line's baseline"
        assert painted_contrast(gutter, QPalette.ColorRole.PlaceholderText, area=gutter) >= 4.5
