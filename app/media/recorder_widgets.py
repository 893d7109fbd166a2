"""Small parts of the recorder window: the sound level meter, the 3-2-1 countdown, the soft time limit."""

from __future__ import annotations

from app.kit.qt import QColor, QObject, QPainter, QPaintEvent, QSize, QSpinBox, QTimer, QWidget, Signal

QUIET, LOUD = 0.05, 0.9          # below: probably the wrong microphone; above: likely to distort


class LevelMeter(QWidget):
    """A horizontal bar of the current sound level that falls back smoothly, like a hardware meter."""

    DECAY_PER_TICK = 0.06

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = 0.0
        self.setToolTip("Sound level: speak normally; the bar should reach the green area but not the red")
        self.setAccessibleName("Sound level")
        self._decay = QTimer(self)
        self._decay.setInterval(50)
        self._decay.timeout.connect(self._fall)

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def set_level(self, level: float) -> None:
        level = max(0.0, min(1.0, level))
        if level >= self.level:
            self.level = level
            self.update()
        if not self._decay.isActive():
            self._decay.start()

    def _fall(self) -> None:
        self.level = max(0.0, self.level - self.DECAY_PER_TICK)
        if self.level == 0.0:
            self._decay.stop()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 2, 0, -2)
        painter.fillRect(rect, QColor("#2a2f36"))
        filled = rect.adjusted(0, 0, -round(rect.width() * (1 - self.level)), 0)
        colour = "#d64545" if self.level >= LOUD else "#3fa55b" if self.level >= QUIET else "#7d8590"
        painter.fillRect(filled, QColor(colour))
        painter.end()


class Countdown(QObject):
    """Counts whole seconds down to zero: ``tick(remaining)`` each second, then ``finished``."""

    tick = Signal(int)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.remaining = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.step)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, seconds: int) -> None:
        self.remaining = seconds
        if seconds <= 0:
            self.finished.emit()
            return
        self.tick.emit(seconds)
        self._timer.start()

    def step(self) -> None:
        """One second has passed (the timer calls this; tests call it to skip the wait)."""
        self.remaining -= 1
        if self.remaining > 0:
            self.tick.emit(self.remaining)
            return
        self._timer.stop()
        self.finished.emit()

    def cancel(self) -> None:
        self._timer.stop()
        self.remaining = 0


class SoftLimit(QObject):
    """Warns once per take when the recording passes ``seconds`` (microlearning videos stay short)."""

    reached = Signal()

    def __init__(self, seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self.passed = False

    def observe(self, milliseconds: int) -> None:
        if self.seconds > 0 and not self.passed and milliseconds >= self.seconds * 1000:
            self.passed = True
            self.reached.emit()

    def reset(self) -> None:
        self.passed = False


def spin_box(low: int, high: int, value: int, suffix: str, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.setToolTip(tip)
    return spin
