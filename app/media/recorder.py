"""The recorder window: record a short video for the lesson with a teleprompter, then add it like an import.

Pick a camera (or a screen or window) and a microphone, watch the level, count down 3-2-1 and talk
while the script scrolls. Pause, stop, watch the take, retake, or "Use this take": the take goes
through the same normalisation as any imported video (``import_job``) with progress and Cancel, and
``take_used`` hands the ImportResult to the main window, which inserts ``result.markdown``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from app.kit.job_indicator import JobIndicator
from app.kit.qt import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.qt_media import (
    QAudioOutput,
    QMediaDevices,
    QMediaPlayer,
    QMediaRecorder,
)
from app.kit.tasks import Task, TaskRunner
from app.media.recorder_core import RecorderCore
from app.media.recorder_feeds import Catalog, availability_message, device_catalog, request_permissions
from app.media.recorder_prompter import PrompterPanel
from app.media.recorder_video import VideoView, clock_text
from app.media.recorder_widgets import Countdown, LevelMeter, SoftLimit, spin_box
from editor.media.importer import ImportResult, import_job

State = QMediaRecorder.RecorderState
SOFT_LIMIT_SECONDS = 180
NO_SOUND = "No sound"
_NOTICE_STYLE = "background:#fff4d6; color:#5c4400; border:1px solid #e8c66a; border-radius:4px; padding:6px;"
_WARNING_STYLE = "color:#b8560b; font-weight:bold;"
_RECORDING_STYLE = "color:#c62828; font-weight:bold;"


class RecorderWindow(QDialog):
    take_used = Signal(object)          # ImportResult of the normalised take, now in the lesson's media/

    def __init__(self, lesson_dir: Path, script: str = "", *, runner: TaskRunner | None = None,
                 catalog: Callable[[], Catalog] = device_catalog, countdown_seconds: int = 3,
                 soft_limit_seconds: int = SOFT_LIMIT_SECONDS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a video")
        self.resize(1100, 680)
        self.lesson_dir = Path(lesson_dir)
        self.runner = runner or TaskRunner(self)
        self.catalog_source = catalog
        self.catalog = Catalog()
        self.countdown_seconds = countdown_seconds
        self.mode = "setup"     # setup → countdown → recording ⇄ paused → review → importing
        self.task: Task | None = None
        self._recorded_ms = 0          # length of the take so far (the recorder forgets it when stopped)
        self._folder = tempfile.TemporaryDirectory(prefix="tessera-recording-", ignore_cleanup_errors=True)
        self.core = RecorderCore(Path(self._folder.name), self)
        self.countdown = Countdown(self)
        self.soft_limit = SoftLimit(soft_limit_seconds, self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(QAudioOutput(self.player))
        self._build(script)
        self._connect()
        self.core.set_preview(self.preview.sink)
        self.record_button.setFocus()
        self.refresh_devices()
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self.refresh_devices)
        self._devices.audioInputsChanged.connect(self.refresh_devices)
        request_permissions(self, self.refresh_devices)

    # -- construction ------------------------------------------------------------------------------
    def _build(self, script: str) -> None:
        self.video_choice, self.audio_choice = QComboBox(), QComboBox()
        self.video_choice.setMinimumWidth(260)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Look again for cameras, microphones, screens and windows")
        top = QHBoxLayout()
        for label, combo in (("&Picture:", self.video_choice), ("&Sound:", self.audio_choice)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            top.addWidget(caption)
            top.addWidget(combo, 1)
        top.addWidget(self.refresh_button)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(_NOTICE_STYLE)

        self.preview = VideoView("No picture yet: choose a camera, screen or window above.")
        self.meter = LevelMeter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.preview, 1)
        left_layout.addWidget(self.meter)

        self.prompter_panel = PrompterPanel(script)
        self.prompter = self.prompter_panel.prompter
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.prompter_panel)
        split.setSizes([480, 620])

        self.time_label = QLabel()
        self.limit_label = QLabel()
        self.limit_label.setWordWrap(True)
        self.limit_minutes = spin_box(1, 30, max(1, self.soft_limit.seconds // 60), " min",
                                      "Microlearning videos work best short: you are warned when a take "
                                      "passes this length (recording goes on)")
        status = QHBoxLayout()
        status.addWidget(self.time_label)
        status.addWidget(self.limit_label, 1)
        status.addWidget(QLabel("Warn after"))
        status.addWidget(self.limit_minutes)

        self.record_button = QPushButton("● Record")
        self.pause_button = QPushButton("Pause")
        self.stop_button = QPushButton("■ Stop")
        self.play_button = QPushButton("▶ Watch take")
        self.retake_button = QPushButton("Retake")
        self.retake_button.setToolTip("Discard this take and record again")
        self.use_button = QPushButton("Use this take")
        self.use_button.setToolTip("Prepare the take for the web and add it to the lesson")
        self.progress = JobIndicator()
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        for button in (self.record_button, self.pause_button, self.stop_button, self.play_button,
                       self.retake_button, self.use_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.close_button)
        self.message = QLabel()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addLayout(status)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.video_choice.currentIndexChanged.connect(self._apply_feeds)
        self.audio_choice.currentIndexChanged.connect(self._apply_feeds)
        self.refresh_button.clicked.connect(self.refresh_devices)
        self.limit_minutes.valueChanged.connect(self._set_limit)
        self.record_button.clicked.connect(self.start_take)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.play_button.clicked.connect(self.toggle_watching)
        self.retake_button.clicked.connect(self.retake)
        self.use_button.clicked.connect(self.use_take)
        self.close_button.clicked.connect(self.reject)
        self.countdown.tick.connect(lambda remaining: self.preview.set_overlay(str(remaining)))
        self.countdown.finished.connect(self._countdown_done)
        self.soft_limit.reached.connect(self._limit_reached)
        self.core.state_changed.connect(self._recorder_state)
        self.core.duration_changed.connect(self._duration)
        self.core.failed.connect(self._failed)
        self.core.level.connect(self.meter.set_level)

    # -- devices -------------------------------------------------------------------------------------
    def refresh_devices(self) -> None:
        if self.mode != "setup":
            return   # never swap devices under a take; the next refresh happens when it is over
        self.catalog = self.catalog_source()
        for combo, choices, extra in ((self.video_choice, self.catalog.video, None),
                                      (self.audio_choice, self.catalog.audio, NO_SOUND)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([choice.label for choice in choices] + ([extra] if extra else []))
            combo.blockSignals(False)
        text = availability_message(self.catalog)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self._apply_feeds()

    def _apply_feeds(self) -> None:
        video_index, audio_index = self.video_choice.currentIndex(), self.audio_choice.currentIndex()
        video = self.catalog.video[video_index].make() if 0 <= video_index < len(self.catalog.video) else None
        audio = self.catalog.audio[audio_index].make() if 0 <= audio_index < len(self.catalog.audio) else None
        self.preview.clear()
        self.preview.set_mirrored(video is not None and video.mirror_preview)
        self.core.set_feeds(video, audio)
        self.meter.set_level(0.0)
        self._update_controls()

    # -- recording -------------------------------------------------------------------------------------
    def start_take(self) -> None:
        if self.core.video_feed is None:
            self._failed("Choose a camera, screen or window to record first.")
            return
        self.message.clear()
        self.limit_label.clear()
        self.prompter.reset()
        self._set_mode("countdown")
        self.countdown.start(self.countdown_seconds)

    def _countdown_done(self) -> None:
        self.preview.set_overlay("")
        self._recorded_ms = 0
        self.time_label.setText(f"● {clock_text(0)}")
        self.soft_limit.reset()
        self.core.record()

    def toggle_pause(self) -> None:
        if self.mode == "recording":
            self.core.pause()
        elif self.mode == "paused":
            self.core.record()

    def stop(self) -> None:
        if self.mode == "countdown":
            self.countdown.cancel()
            self.preview.set_overlay("")
            self._set_mode("setup")
        elif self.mode in ("recording", "paused"):
            self.core.stop()

    def retake(self) -> None:
        self._stop_watching()
        self.core.discard()
        self.start_take()

    def _recorder_state(self, state: State) -> None:
        if state == State.RecordingState:
            self.prompter.start()
            self._set_mode("recording")
        elif state == State.PausedState:
            self.prompter.stop()
            self._set_mode("paused")
        else:
            self.prompter.stop()
            # The core has set its take by now when the recording produced a file.
            self._set_mode("review" if self.core.take is not None else "setup")

    def _duration(self, milliseconds: int) -> None:
        if not milliseconds:
            return      # the recorder resets its clock as a take ends; keep showing the take's length
        self._recorded_ms = milliseconds
        self.time_label.setText(f"● {clock_text(milliseconds)}")
        if not self.soft_limit.passed:
            self.limit_label.setStyleSheet("color:palette(mid);")
            self.limit_label.setText(f"of {clock_text(self.soft_limit.seconds * 1000)}")
        self.soft_limit.observe(milliseconds)

    def _set_limit(self, minutes: int) -> None:
        self.soft_limit.seconds = minutes * 60

    def _limit_reached(self) -> None:
        limit = clock_text(self.soft_limit.seconds * 1000)
        self.limit_label.setStyleSheet(_WARNING_STYLE)
        self.limit_label.setText(f"Past {limit}: short videos keep learners watching. Wrap up, or split the "
                                 "topic into two videos.")

    # -- the take ------------------------------------------------------------------------------------------
    def toggle_watching(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self._stop_watching()
            return
        if self.core.take is None:
            return
        self.core.set_preview(None)
        self.player.setVideoSink(self.preview.sink)
        self.preview.set_mirrored(False)
        self.player.setSource(QUrl.fromLocalFile(str(self.core.take)))
        self.player.play()
        self.play_button.setText("■ Stop watching")

    def _stop_watching(self) -> None:
        if self.player.source().isEmpty():
            return
        self.player.stop()
        self.player.setSource(QUrl())
        self.player.setVideoSink(None)  # type: ignore[arg-type]
        self.core.set_preview(self.preview.sink)
        self.preview.set_mirrored(self.core.video_feed is not None and self.core.video_feed.mirror_preview)
        self.play_button.setText("▶ Watch take")

    def use_take(self) -> None:
        if self.core.take is None:
            return
        self._stop_watching()
        self._set_mode("importing")
        self.task = self.runner.start(import_job(self.core.take, self.lesson_dir), self._imported,
                                      self._import_failed)
        self.task.signals.cancelled.connect(self._import_cancelled)
        self.progress.track(self.task, "Preparing the video for the lesson")

    def _imported(self, result: ImportResult) -> None:
        self.task = None
        self.take_used.emit(result)
        self.core.discard()
        self.accept()

    def _import_failed(self, message: str) -> None:
        self.task = None
        self._set_mode("review")
        self._failed(f"The take could not be added: {message}")

    def _import_cancelled(self) -> None:
        self.task = None
        self._set_mode("review")
        self.message.setText("Cancelled. The take is still here: use it, watch it or record again.")

    # -- state and closing ---------------------------------------------------------------------------------
    def _failed(self, text: str) -> None:
        self.message.setStyleSheet("color:#b3261e;")
        self.message.setText(text)

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.time_label.setStyleSheet(_RECORDING_STYLE if mode == "recording" else "")
        if mode == "setup":
            self.time_label.clear()
        elif mode == "review":
            self.time_label.setText(f"Take length {clock_text(self._recorded_ms, tenths=True)}")
        self._update_controls()

    def _update_controls(self) -> None:
        mode = self.mode
        for widget in (self.video_choice, self.audio_choice, self.refresh_button):
            widget.setEnabled(mode == "setup")
        self.record_button.setVisible(mode in ("setup", "countdown"))
        self.record_button.setEnabled(mode == "setup" and self.core.video_feed is not None)
        self.pause_button.setVisible(mode in ("recording", "paused"))
        self.pause_button.setText("Resume" if mode == "paused" else "Pause")
        self.stop_button.setVisible(mode in ("countdown", "recording", "paused"))
        for button in (self.play_button, self.retake_button, self.use_button):
            button.setVisible(mode in ("review", "importing"))
            button.setEnabled(mode == "review")
        if mode == "review":
            self.message.setStyleSheet("")
            self.message.setText("Watch the take if you like, then use it or record again.")

    def reject(self) -> None:
        unused_take = self.core.take is not None and self.mode in ("review", "importing")
        if unused_take and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, "Discard this take?", "The take has not been added to the lesson. Close the recorder and "
            "discard it?", QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def done(self, result: int) -> None:
        self.countdown.cancel()
        self.prompter.stop()
        self._stop_watching()
        if self.task is not None:
            self.task.cancel()
        self.core.release()
        self._folder.cleanup()
        super().done(result)

