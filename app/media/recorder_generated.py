"""Generated feeds: a moving test picture and a tone sent through ``QVideoFrameInput``/``QAudioBufferInput``.

They let the recorder run end to end where there is no camera or microphone (tests, screenshots, a
machine without devices). They behave like live devices: produced in real time, shown in the preview
while idle, and time-stamped on the take's own clock while recording, so pauses leave no gap.

Two Qt quirks shape the code (Qt 6.11, FFmpeg backend): a ``QAudioBufferInput`` built with a format
may never become ready to send, so its format comes from the first buffer instead; and buffers
refused before the recorder runs can leave it stuck, so sound is only sent while recording.
"""

from __future__ import annotations

import array
import math
from collections import deque
from collections.abc import Callable

from app.kit.qt import (
    QByteArray,
    QColor,
    QElapsedTimer,
    QFont,
    QImage,
    QPainter,
    Qt,
    QTimer,
)
from app.kit.qt_media import (
    QAudioBuffer,
    QAudioBufferInput,
    QAudioFormat,
    QMediaCaptureSession,
    QMediaRecorder,
    QVideoFrame,
    QVideoFrameInput,
)
from app.media.recorder_feeds import Feed, peak_level

TICK_MS = 20
MAX_BACKLOG = 12          # units kept while the recorder is busy; older ones are dropped like a live device
RECORDING = QMediaRecorder.RecorderState.RecordingState
STOPPED = QMediaRecorder.RecorderState.StoppedState


class _GeneratedFeed(Feed):
    """Produces ``rate`` units a second in real time; units made while recording are stamped and queued."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate = rate
        self.made = 0                 # units produced since attach (drives the picture/tone)
        self.in_take = 0              # units stamped in the current take (its clock; pauses excluded)
        self.recording = False
        self._queue: deque[object] = deque()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start_producing(self) -> None:
        self.made = 0
        self._clock.start()
        self._timer.start()

    def stop_producing(self) -> None:
        self._timer.stop()
        self._queue.clear()

    def recording_changed(self, state: QMediaRecorder.RecorderState) -> None:
        self.recording = state == RECORDING
        if state == STOPPED:
            self.in_take = 0
            self._queue.clear()

    def _tick(self) -> None:
        due = int(self._clock.elapsed() * self.rate / 1000)
        # After a stall (a busy machine) skip ahead instead of bursting: a live device drops, too.
        self.made = max(self.made, due - MAX_BACKLOG)
        while self.made < due:
            unit = self.make_unit(self.made, self.in_take if self.recording else None)
            self.made += 1
            if self.recording:
                self.in_take += 1
                self._queue.append(unit)
            else:
                self.preview(unit)
        while len(self._queue) > MAX_BACKLOG:
            self._queue.popleft()
        self.flush()

    def flush(self) -> None:
        while self._queue and self.send(self._queue[0]):
            self._queue.popleft()

    def make_unit(self, number: int, take_number: int | None) -> object:
        raise NotImplementedError

    def send(self, unit: object) -> bool:
        raise NotImplementedError

    def preview(self, unit: object) -> None:
        """A unit made while not recording: shown (pictures) or only measured (sound)."""


class PatternFeed(_GeneratedFeed):
    """A colour test picture with a moving bar and a running clock, ``fps`` frames a second."""

    def __init__(self, width: int = 640, height: int = 360, fps: int = 25) -> None:
        super().__init__(fps)
        self.input = QVideoFrameInput(self)
        self.input.readyToSendVideoFrame.connect(self.flush)
        self._image = QImage(width, height, QImage.Format.Format_RGB32)
        self._frame_us = 1_000_000 // fps

    def attach(self, session: QMediaCaptureSession) -> None:
        session.setVideoFrameInput(self.input)
        self.start_producing()

    def detach(self, session: QMediaCaptureSession) -> None:
        self.stop_producing()
        session.setVideoFrameInput(None)  # type: ignore[arg-type]

    def make_unit(self, number: int, take_number: int | None) -> object:
        image, width, height = self._image, self._image.width(), self._image.height()
        image.fill(QColor.fromHsv(int(number * 2) % 360, 90, 150))
        painter = QPainter(image)
        bar = (number * 6) % width
        painter.fillRect(bar, 0, width // 12, height, QColor(255, 255, 255, 70))
        font = QFont()
        font.setPixelSize(height // 9)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        seconds = number / self.rate
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter,
                         f"Test picture\n{int(seconds // 60)}:{seconds % 60:04.1f}")
        painter.end()
        frame = QVideoFrame(image)
        if take_number is not None:
            frame.setStartTime(take_number * self._frame_us)
            frame.setEndTime((take_number + 1) * self._frame_us)
        return frame

    def send(self, unit: object) -> bool:
        assert isinstance(unit, QVideoFrame)
        return bool(self.input.sendVideoFrame(unit))

    def preview(self, unit: object) -> None:
        assert isinstance(unit, QVideoFrame)
        self.input.sendVideoFrame(unit)   # a refused preview frame is simply not shown


class ToneFeed(_GeneratedFeed):
    """A 440 Hz tone whose loudness swells like speech, in 20 ms buffers of 48 kHz mono."""

    SAMPLE_RATE = 48_000
    CHUNK = SAMPLE_RATE * TICK_MS // 1000

    def __init__(self, envelope: Callable[[float], float] | None = None) -> None:
        super().__init__(1000 / TICK_MS)
        self.input = QAudioBufferInput(self)    # no format here: see the module note
        self.input.readyToSendAudioBuffer.connect(self.flush)
        self.format = QAudioFormat()
        self.format.setSampleRate(self.SAMPLE_RATE)
        self.format.setChannelCount(1)
        self.format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self.envelope = envelope or (lambda seconds: 0.2 + 0.6 * abs(math.sin(seconds * 1.7)))

    def attach(self, session: QMediaCaptureSession) -> None:
        session.setAudioBufferInput(self.input)
        self.start_producing()

    def detach(self, session: QMediaCaptureSession) -> None:
        self.stop_producing()
        session.setAudioBufferInput(None)  # type: ignore[arg-type]

    def make_unit(self, number: int, take_number: int | None) -> object:
        first = number * self.CHUNK
        loudness = self.envelope(first / self.SAMPLE_RATE) * 32767
        step = 2 * math.pi * 440 / self.SAMPLE_RATE
        samples = array.array("h", (int(loudness * math.sin(step * (first + i))) for i in range(self.CHUNK)))
        data = samples.tobytes()
        self.level.emit(peak_level(data, self.format.sampleFormat()))
        start_us = (take_number or 0) * self.CHUNK * 1_000_000 // self.SAMPLE_RATE
        return QAudioBuffer(QByteArray(data), self.format, start_us)

    def send(self, unit: object) -> bool:
        assert isinstance(unit, QAudioBuffer)
        return bool(self.input.sendAudioBuffer(unit))
