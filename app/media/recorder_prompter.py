"""The teleprompter: the lesson's script scrolling at speaking pace, optionally mirrored for prompter glass.

Speed is set in words per minute, the unit people speak in: the text moves so that the reading line
passes that many words a minute whatever the font size or window width.
"""

from __future__ import annotations

from app.kit.qt import (
    QAbstractTextDocumentLayout,
    QCheckBox,
    QColor,
    QElapsedTimer,
    QHBoxLayout,
    QLabel,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPalette,
    QPushButton,
    QRectF,
    QResizeEvent,
    QTextDocument,
    QTimer,
    QVBoxLayout,
    QWheelEvent,
    QWidget,
    Signal,
)
from app.media.recorder_widgets import spin_box
from editor.spoken_text import spoken_text

DEFAULT_WPM = 140                 # an unhurried speaking pace
DEFAULT_POINTS = 28
MARGIN = 32
READING_LINE = 1 / 3              # where the eyes rest: near the camera at the top of the screen
BACKGROUND = QColor("#101317")


def script_text(lesson_text: str, selection: str = "") -> str:
    """What to read aloud: the spoken text (headings and prose, no quiz keys, no markup) of the selected
    passage, or of the whole lesson."""
    return spoken_text(selection if selection.strip() else lesson_text)


class Teleprompter(QWidget):
    running_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QTextDocument(self)
        self.document.setDocumentMargin(0)
        self.words_per_minute = DEFAULT_WPM
        self.mirrored = False
        self.offset = 0.0          # pixels scrolled from the top
        self.words = 0
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.setMinimumSize(360, 240)
        self.setAccessibleName("Teleprompter")
        self.set_font_size(DEFAULT_POINTS)

    # -- settings --------------------------------------------------------------------------------------
    def set_script(self, script: str) -> None:
        """Show ``script`` (plain text, see ``script_text``) as it is: nothing in it is markup."""
        if script.strip():
            self.document.setPlainText(script)
        else:
            # Qt reads _underscores_ as underline: asterisks give the italic meant here.
            self.document.setMarkdown("*This lesson has no text yet. Write the script in the lesson, "
                                      "or select the part to read before opening the recorder.*")
        self.words = len(self.document.toPlainText().split())
        self.reset()

    def set_speed(self, words_per_minute: int) -> None:
        self.words_per_minute = max(1, words_per_minute)

    def set_font_size(self, points: int) -> None:
        font = self.document.defaultFont()
        font.setPointSize(points)
        self.document.setDefaultFont(font)
        self._layout_text()

    def set_mirrored(self, mirrored: bool) -> None:
        self.mirrored = mirrored
        self.update()

    # -- scrolling ---------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def pixels_per_second(self) -> float:
        """Scroll speed that moves ``words_per_minute`` words past the reading line each minute."""
        if not self.words:
            return 0.0
        return self.document.size().height() / self.words * self.words_per_minute / 60

    @property
    def end_offset(self) -> float:
        return self.document.size().height()

    def start(self) -> None:
        self._clock.start()
        self._timer.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.running_changed.emit(False)

    def toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def reset(self) -> None:
        self.stop()
        self.offset = 0.0
        self.update()

    def advance(self, milliseconds: float) -> None:
        """Scroll on by ``milliseconds`` of reading time (the timer calls this; tests drive it)."""
        self.scroll_to(self.offset + self.pixels_per_second * milliseconds / 1000)
        if self.offset >= self.end_offset:
            self.stop()     # the end of the script reached the reading line

    def scroll_to(self, offset: float) -> None:
        self.offset = max(0.0, min(offset, self.end_offset))
        self.update()

    def _tick(self) -> None:
        self.advance(self._clock.restart())

    # -- Qt events -----------------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        # Finding your place again by hand must work while it scrolls, too.
        self.scroll_to(self.offset - event.angleDelta().y() / 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        fraction = self.offset / self.end_offset if self.end_offset else 0.0
        self._layout_text()
        self.offset = fraction * self.end_offset
        super().resizeEvent(event)

    def _layout_text(self) -> None:
        self.document.setTextWidth(max(100, self.width() - 2 * MARGIN))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self.mirrored:
            # Prompter glass shows the screen reversed: flip everything, reading marker included.
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        reading_y = self.height() * READING_LINE
        band = self.document.defaultFont().pointSize() * 1.6
        painter.fillRect(QRectF(0, reading_y - band / 2, self.width(), band), QColor(255, 255, 255, 18))
        painter.fillRect(QRectF(0, reading_y - band / 2, 6, band), QColor("#e0a43a"))
        painter.translate(MARGIN, reading_y - band / 2 - self.offset)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Text, QColor("#f2f4f7"))
        context.palette = palette
        context.clip = QRectF(0, self.offset - reading_y, self.document.textWidth(), self.height() + band)
        self.document.documentLayout().draw(painter, context)
        painter.resetTransform()
        # Text fades in at the bottom and out at the top, so the eye stays on the reading line.
        for top, bottom in ((0.0, self.height() * 0.12), (float(self.height()), self.height() * 0.82)):
            fade = QLinearGradient(0, top, 0, bottom)
            fade.setColorAt(0, BACKGROUND)
            fade.setColorAt(1, QColor(0, 0, 0, 0))
            painter.fillRect(QRectF(0, min(top, bottom), self.width(), abs(bottom - top)), fade)
        painter.end()


class PrompterPanel(QWidget):
    """The teleprompter with its controls: speed, text size, mirror, start/pause and back to top."""

    def __init__(self, script: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompter = Teleprompter()
        self.prompter.set_script(script)
        self.speed = spin_box(40, 300, DEFAULT_WPM, " words/min", "How fast the script scrolls, in spoken "
                              "words per minute (140 is an easy pace)")
        self.font_size = spin_box(12, 96, DEFAULT_POINTS, " pt", "Size of the script text")
        self.mirror = QCheckBox("&Mirror")
        self.mirror.setToolTip("Flip the text for a teleprompter glass that shows it reversed")
        self.scroll_button = QPushButton("Start scrolling")
        self.top_button = QPushButton("Back to top")
        controls = QHBoxLayout()
        for widget in (QLabel("Speed"), self.speed, QLabel("Text"), self.font_size, self.mirror):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.scroll_button)
        controls.addWidget(self.top_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompter, 1)
        layout.addLayout(controls)
        self.speed.valueChanged.connect(self.prompter.set_speed)
        self.font_size.valueChanged.connect(self.prompter.set_font_size)
        self.mirror.toggled.connect(self.prompter.set_mirrored)
        self.scroll_button.clicked.connect(self.prompter.toggle)
        self.top_button.clicked.connect(self.prompter.reset)
        self.prompter.running_changed.connect(
            lambda running: self.scroll_button.setText("Pause scrolling" if running else "Start scrolling"))
