"""Trim a lesson video: play it, mark in and out points on a timeline, and cut (fast or frame-accurate).

The cut runs ``editor.media.video.trim`` off the UI thread with progress and Cancel. The result is a
new file beside the original (``intro-trimmed.mp4``) or, after confirmation, the original replaced.
``trimmed(old, new)`` gives both lesson-relative paths so the main window can update the reference.
"""

from __future__ import annotations

from pathlib import Path

from app.kit.job_indicator import JobIndicator
from app.kit.qt import (
    QAction,
    QCheckBox,
    QColor,
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMessageBox,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPushButton,
    QRectF,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.tasks import Task, TaskRunner
from app.kit.theme import Role, set_role
from app.media.caption_player import Player
from app.media.recorder_video import clock_text
from editor.media.probe import MediaInfo
from editor.media.video import trim
from editor.progress import CancelToken, ProgressCallback
from editor.slugs import unique_path

MIN_LENGTH_MS = 100          # shorter than this is no video
HANDLE_GRAB_PX = 8


class TrimTimeline(QWidget):
    """The clip as a bar: the kept part highlighted between two draggable handles, and the playhead."""

    range_changed = Signal(int, int)     # in, out (ms)
    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration = 0
        self.in_ms = 0
        self.out_ms = 0
        self.position = 0
        self._dragging = ""          # "in", "out" or "playhead"
        self.setMinimumHeight(44)
        self.setAccessibleName("Trim timeline")
        self.setToolTip("Drag the handles to choose the part to keep; click to move the playhead")

    def sizeHint(self) -> QSize:
        return QSize(600, 48)

    def set_duration(self, milliseconds: int) -> None:
        self.duration = max(0, milliseconds)
        self.in_ms, self.out_ms = 0, self.duration
        self.range_changed.emit(self.in_ms, self.out_ms)
        self.update()

    def set_in(self, milliseconds: int) -> None:
        self.in_ms = max(0, min(milliseconds, self.out_ms - MIN_LENGTH_MS))
        self.range_changed.emit(self.in_ms, self.out_ms)
        self.update()

    def set_out(self, milliseconds: int) -> None:
        self.out_ms = min(self.duration, max(milliseconds, self.in_ms + MIN_LENGTH_MS))
        self.range_changed.emit(self.in_ms, self.out_ms)
        self.update()

    def set_position(self, milliseconds: int) -> None:
        self.position = milliseconds
        self.update()

    def _track(self) -> QRectF:
        return QRectF(HANDLE_GRAB_PX, 10, max(1, self.width() - 2 * HANDLE_GRAB_PX), self.height() - 20)

    def x_of(self, milliseconds: int) -> float:
        track = self._track()
        return track.left() + track.width() * (milliseconds / self.duration if self.duration else 0)

    def ms_of(self, x: float) -> int:
        track = self._track()
        fraction = (x - track.left()) / track.width()
        return round(max(0.0, min(1.0, fraction)) * self.duration)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if abs(x - self.x_of(self.in_ms)) <= HANDLE_GRAB_PX:
            self._dragging = "in"
        elif abs(x - self.x_of(self.out_ms)) <= HANDLE_GRAB_PX:
            self._dragging = "out"
        else:
            self._dragging = "playhead"
        self.mouseMoveEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        milliseconds = self.ms_of(event.position().x())
        if self._dragging == "in":
            self.set_in(milliseconds)
        elif self._dragging == "out":
            self.set_out(milliseconds)
        elif self._dragging == "playhead":
            self.seek_requested.emit(milliseconds)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        track = self._track()
        painter.fillRect(track, QColor("#3a3f47"))
        if self.duration:
            kept = QRectF(self.x_of(self.in_ms), track.top(), self.x_of(self.out_ms) - self.x_of(self.in_ms),
                          track.height())
            painter.fillRect(kept, QColor("#3d7be0"))
            for milliseconds in (self.in_ms, self.out_ms):
                x = self.x_of(milliseconds)
                painter.fillRect(QRectF(x - 3, track.top() - 6, 6, track.height() + 12), QColor("#f2f4f7"))
            x = self.x_of(self.position)
            painter.fillRect(QRectF(x - 1, 0, 2, self.height()), QColor("#e5484d"))
        painter.end()


class TrimDialog(QDialog):
    trimmed = Signal(str, str)          # old and new lesson-relative paths (equal when replaced)

    def __init__(self, lesson_dir: Path, video: str, *, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Trim {Path(video).name}")
        self.resize(900, 620)
        self.lesson_dir = Path(lesson_dir).resolve()
        self.video = video
        self.source = (self.lesson_dir / video).resolve()
        self.runner = runner or TaskRunner(self)
        self.task: Task | None = None

        self.player = Player(slider=False)
        self.timeline = TrimTimeline()
        self.range_label = QLabel()
        self.set_in_button = QPushButton("Set &in at playhead")
        self.set_in_button.setToolTip("The kept part starts here (I)")
        self.set_out_button = QPushButton("Set &out at playhead")
        self.set_out_button.setToolTip("The kept part ends here (O)")
        self.accurate = QCheckBox("&Frame-accurate")
        self.accurate.setToolTip("Cut on the exact frame by re-encoding (slower). Without it the cut is "
                                 "instant and lossless but starts at the keyframe before the in point "
                                 "(up to 2 s early).")
        self.player.play_button.setToolTip("Play or pause (Space)")
        self.trim_button = QPushButton("&Trim…")
        self.trim_button.setDefault(True)
        self.progress = JobIndicator()
        self.close_button = QPushButton("Close")
        self.message = QLabel()
        self.message.setWordWrap(True)
        marks = QHBoxLayout()
        for widget in (self.set_in_button, self.set_out_button, self.range_label):
            marks.addWidget(widget)
        marks.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accurate)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.trim_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.player, 1)
        layout.addWidget(self.timeline)
        layout.addLayout(marks)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        for key, slot in (("I", self.set_in_at_playhead), ("O", self.set_out_at_playhead),
                          ("Space", self.player.toggle)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.set_in_button.clicked.connect(self.set_in_at_playhead)
        self.set_out_button.clicked.connect(self.set_out_at_playhead)
        self.trim_button.clicked.connect(self.ask_and_trim)
        self.close_button.clicked.connect(self.reject)
        self.player.duration_changed.connect(self.timeline.set_duration)
        self.player.position_changed.connect(self.timeline.set_position)
        self.timeline.seek_requested.connect(self.player.seek)
        self.timeline.range_changed.connect(self._show_range)

        if self.source.is_relative_to(self.lesson_dir) and self.source.is_file():
            self.player.load(self.source)
            if self.source.with_suffix(".vtt").is_file():
                self.message.setText("This video has captions. They keep their times: after trimming, shift "
                                     "them by minus the in point in the caption editor.")
        else:
            self._fail(f"There is no video '{video}' in this lesson. Check the src=\"…\" of the video block.")
        self._show_range(0, 0)

    # -- marking --------------------------------------------------------------------------------------
    def set_in_at_playhead(self) -> None:
        self.timeline.set_in(self.player.position)

    def set_out_at_playhead(self) -> None:
        self.timeline.set_out(self.player.position)

    def _show_range(self, in_ms: int, out_ms: int) -> None:
        duration = self.timeline.duration
        self.range_label.setText(
            f"In {clock_text(in_ms, tenths=True)} · Out {clock_text(out_ms, tenths=True)} · keeps "
            f"{(out_ms - in_ms) / 1000:.1f} s of {duration / 1000:.1f} s")
        self.trim_button.setEnabled(self.task is None and bool(duration)
                                    and (in_ms > 0 or out_ms < duration))

    # -- trimming -------------------------------------------------------------------------------------
    def ask_and_trim(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Trim the video",
                          "Keep the trimmed video as a new file beside the original, or replace the "
                          "original? Replacing cannot be undone.", parent=self)
        new_file = box.addButton("Save as new file", QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton("Replace original", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(new_file)
        box.exec()
        if box.clickedButton() is new_file:
            self.start_trim(replace=False)
        elif box.clickedButton() is replace:
            self.start_trim(replace=True)

    def start_trim(self, *, replace: bool) -> None:
        source, accurate = self.source, self.accurate.isChecked()
        target = source if replace else unique_path(source.parent, f"{source.stem}-trimmed", source.suffix)
        start = self.timeline.in_ms / 1000
        # Up to the end means "to the end": never lose the last frame to rounding.
        end = None if self.timeline.out_ms >= self.timeline.duration else self.timeline.out_ms / 1000

        def job(progress: ProgressCallback, cancel: CancelToken) -> MediaInfo:
            return trim(source, target, start, end, accurate=accurate, progress=progress, cancel=cancel)

        def run() -> None:
            self.task = self.runner.start(job, lambda _info: self._done(target), self._fail)
            self.task.signals.cancelled.connect(self._cancelled)
            self.progress.track(self.task, "Trimming")
            self._update_enabled()

        self.message.clear()
        if replace:
            # The original is overwritten only once the player has let go of it.
            self.player.released.connect(run, Qt.ConnectionType.SingleShotConnection)
            self.player.release()
            self.trim_button.setEnabled(False)
        else:
            run()

    def _done(self, target: Path) -> None:
        self.task = None
        self.trimmed.emit(self.video, target.relative_to(self.lesson_dir).as_posix())
        self.accept()

    def _cancelled(self) -> None:
        self.task = None
        self.message.setText("Trimming cancelled; the video is unchanged.")
        self._reload()

    def _fail(self, message: str) -> None:
        self.task = None
        set_role(self.message, Role.ERROR)   # theme colours: readable in dark too
        self.message.setText(message)
        self._reload()

    def _reload(self) -> None:
        if self.player.player.source().isEmpty() and self.source.is_file():
            self.player.load(self.source)
        self._update_enabled()

    def _update_enabled(self) -> None:
        for widget in (self.set_in_button, self.set_out_button, self.accurate, self.timeline):
            widget.setEnabled(self.task is None)
        self._show_range(self.timeline.in_ms, self.timeline.out_ms)

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
        self.player.release()
        super().done(result)
