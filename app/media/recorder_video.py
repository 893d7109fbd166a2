"""A widget that shows video frames from a ``QVideoSink``, and media times as people read them.

Qt's own QVideoWidget draws through a native surface that ``grab()`` and offscreen rendering never
see. Painting the frames ourselves shows the same picture everywhere: on screen, in tests and in
screenshots. The recorder, the trim dialog and the caption editor all use this view.
"""

from __future__ import annotations

from app.kit.qt import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QRect,
    QRectF,
    Qt,
    QWidget,
)
from app.kit.qt_media import (
    QVideoFrame,
    QVideoSink,
)


def clock_text(milliseconds: int, *, tenths: bool = False) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour), with tenths of a second when asked: "1:05.3"."""
    milliseconds = max(0, milliseconds)
    total_tenths = milliseconds // 100
    seconds, tenth = divmod(total_tenths, 10)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"{text}.{tenth}" if tenths else text


class VideoView(QWidget):
    """Paints the newest frame of ``sink`` scaled to fit, or a placeholder text; optional big overlay."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._show_frame)
        self.placeholder = placeholder
        self.overlay = ""            # large text over the picture, e.g. the 3-2-1 countdown
        self.caption = ""            # a caption shown at the bottom, as learners will see it
        self.mirrored = False        # a camera preview reads naturally as a mirror; recordings are not
        self._frame = QVideoFrame()
        self.setMinimumSize(320, 180)

    @property
    def has_frame(self) -> bool:
        return self._frame.isValid()

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.update()

    def set_overlay(self, text: str) -> None:
        self.overlay = text
        self.update()

    def set_caption(self, text: str) -> None:
        self.caption = text
        self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        self.mirrored = mirrored
        self.update()

    def clear(self) -> None:
        self._frame = QVideoFrame()
        self.update()

    def _show_frame(self, frame: QVideoFrame) -> None:
        self._frame = frame
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#111418"))
        if self._frame.isValid():
            painter.save()
            if self.mirrored:
                painter.translate(self.width(), 0)
                painter.scale(-1, 1)
            self._frame.paint(painter, QRectF(self.rect()), QVideoFrame.PaintOptions())
            painter.restore()
        elif self.placeholder:
            painter.setPen(QColor("#c9ced6"))
            painter.drawText(self.rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
        if self.caption:
            self._paint_caption(painter, self._picture_rect())
        if self.overlay:
            font = QFont(self.font())
            font.setPixelSize(max(24, self.height() // 3))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor(255, 255, 255, 230))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.overlay)
        painter.end()

    def _picture_rect(self) -> QRect:
        """Where the picture is drawn: the frame scaled to fit, centred (the whole view without one)."""
        if not self._frame.isValid():
            return self.rect()
        size = self._frame.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect((self.width() - size.width()) // 2, (self.height() - size.height()) // 2,
                     size.width(), size.height())

    def _paint_caption(self, painter: QPainter, picture: QRect) -> None:
        # Sized and placed on the picture as a browser's player does, so line breaks look the same.
        font = QFont(self.font())
        font.setPixelSize(max(12, picture.height() // 18))
        painter.setFont(font)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
        area = picture.adjusted(picture.width() // 10, 0, -picture.width() // 10, -picture.height() // 20)
        text_rect = painter.boundingRect(area, flags, self.caption)
        painter.fillRect(text_rect.adjusted(-8, -4, 8, 4), QColor(0, 0, 0, 190))
        painter.setPen(QColor("white"))
        painter.drawText(text_rect, flags, self.caption)
