"""A small video player for editing: picture, play/pause, a position slider and the time.

Shared by the caption editor and the trim dialog. Qt's FFmpeg backend decodes the lessons' H.264/AAC
files directly, so the lesson's own file plays (no preview copy is needed, unlike the web preview).
"""

from __future__ import annotations

from pathlib import Path

from app.kit.qt import (
    Q_ARG,
    QHBoxLayout,
    QLabel,
    QMetaObject,
    QPushButton,
    QSlider,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.kit.qt_media import (
    QAudioOutput,
    QMediaPlayer,
)
from app.media.recorder_video import VideoView, clock_text

PLAYING = QMediaPlayer.PlaybackState.PlayingState


class Player(QWidget):
    position_changed = Signal(int)      # milliseconds
    duration_changed = Signal(int)
    released = Signal()                 # the file is let go, some time after release()

    def __init__(self, *, slider: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(QAudioOutput(self.player))
        self.view = VideoView("Loading the video…")
        self.player.setVideoSink(self.view.sink)
        self.play_button = QPushButton("▶ Play")
        self.play_button.setToolTip("Play or pause")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position")
        self.slider.setVisible(slider)
        self.time_label = QLabel(clock_text(0, tenths=True))
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        if not slider:
            controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(controls)

        self.play_button.clicked.connect(self.toggle)
        self.slider.sliderMoved.connect(self.seek)
        self.player.positionChanged.connect(self._position)
        self.player.durationChanged.connect(self._duration)
        self.player.playbackStateChanged.connect(self._playback_state)
        self.player.mediaStatusChanged.connect(self._media_status)
        self.player.errorOccurred.connect(
            lambda _error, text: self.view.set_placeholder(f"This video cannot be played here: {text}"))

    @property
    def position(self) -> int:
        return int(self.player.position())

    @property
    def duration(self) -> int:
        return int(self.player.duration())

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == PLAYING

    def load(self, path: Path) -> None:
        self.view.clear()
        self.player.setSource(QUrl.fromLocalFile(str(path)))

    def release(self) -> None:
        """Let go of the file (before it is replaced, and when the window closes); ``released`` follows.

        ``stop()`` and ``setSource()`` wait for Qt's media threads to finish. Called from Python, the
        UI thread would wait holding the GIL, while a media thread that needs the GIL (to log through
        a Python message handler, or to reach a Python override) waits for the UI thread: a deadlock
        that froze the app. Queued, the event loop makes both calls from C++ without the GIL, in
        order, and ``released`` is emitted after them.
        """
        connection = Qt.ConnectionType.QueuedConnection
        QMetaObject.invokeMethod(self.player, "stop", connection)
        QMetaObject.invokeMethod(self.player, "setSource", connection, Q_ARG(QUrl, QUrl()))
        QMetaObject.invokeMethod(self, "_announce_released", connection)

    @Slot()
    def _announce_released(self) -> None:
        self.view.clear()
        self.released.emit()

    def toggle(self) -> None:
        if self.playing:
            self.player.pause()
        else:
            self.player.play()

    def seek(self, milliseconds: int) -> None:
        self.player.setPosition(max(0, min(int(milliseconds), self.duration or int(milliseconds))))

    def _position(self, milliseconds: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(int(milliseconds))
        self.time_label.setText(f"{clock_text(milliseconds, tenths=True)} / "
                                f"{clock_text(self.duration, tenths=True)}")
        self.position_changed.emit(int(milliseconds))

    def _duration(self, milliseconds: int) -> None:
        self.slider.setRange(0, int(milliseconds))
        self._position(self.position)
        self.duration_changed.emit(int(milliseconds))

    def _playback_state(self, state: QMediaPlayer.PlaybackState) -> None:
        self.play_button.setText("❚❚ Pause" if state == PLAYING else "▶ Play")

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and not self.view.has_frame:
            # Show the first picture instead of a black box until the user presses Play.
            self.player.pause()
