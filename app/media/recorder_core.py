"""The recording engine behind the recorder window: one capture session, one recorder, takes on disk.

Feeds (camera, screen, microphone or generated) attach to the session; the preview is a video sink;
each take is an MP4 in a temporary folder, recorded with whatever codec Qt's backend can encode
(there is often no H.264 encoder) and normalised by the media import afterwards.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.kit.qt import (
    QObject,
    QUrl,
    Signal,
)
from app.kit.qt_media import (
    QMediaCaptureSession,
    QMediaFormat,
    QMediaRecorder,
    QVideoSink,
)
from app.media.recorder_feeds import Feed

State = QMediaRecorder.RecorderState
_PREFERRED_VIDEO = (QMediaFormat.VideoCodec.H264, QMediaFormat.VideoCodec.MPEG4)


def recording_format() -> QMediaFormat:
    """MP4 with H.264 when Qt can encode it, else MPEG-4 Part 2, and AAC sound: all import cleanly."""
    media_format = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
    encodable = media_format.supportedVideoCodecs(QMediaFormat.ConversionMode.Encode)
    for codec in _PREFERRED_VIDEO:
        if codec in encodable:
            media_format.setVideoCodec(codec)
            break
    if QMediaFormat.AudioCodec.AAC in media_format.supportedAudioCodecs(QMediaFormat.ConversionMode.Encode):
        media_format.setAudioCodec(QMediaFormat.AudioCodec.AAC)
    return media_format


class RecorderCore(QObject):
    state_changed = Signal(object)      # QMediaRecorder.RecorderState
    duration_changed = Signal(int)      # milliseconds recorded in this take (pauses excluded)
    failed = Signal(str)
    level = Signal(float)               # sound level 0–1 of the audio feed

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.session = QMediaCaptureSession(self)
        self.recorder = QMediaRecorder(self)
        self.recorder.setMediaFormat(recording_format())
        # Takes are re-encoded on import: a generous intermediate keeps that second pass clean.
        self.recorder.setQuality(QMediaRecorder.Quality.HighQuality)
        self.session.setRecorder(self.recorder)
        self.recorder.recorderStateChanged.connect(self._state_changed)
        self.recorder.durationChanged.connect(lambda ms: self.duration_changed.emit(int(ms)))
        self.recorder.errorOccurred.connect(self._error)
        self.video_feed: Feed | None = None
        self.audio_feed: Feed | None = None
        self.take: Path | None = None
        self._recording_to: Path | None = None
        self._number = 0

    @property
    def state(self) -> QMediaRecorder.RecorderState:
        return self.recorder.recorderState()

    def set_preview(self, sink: QVideoSink | None) -> None:
        self.session.setVideoSink(sink)  # type: ignore[arg-type]

    def set_feeds(self, video: Feed | None, audio: Feed | None) -> None:
        """Swap what is recorded (only while not recording); the old feeds are released."""
        for old in (self.video_feed, self.audio_feed):
            if old is not None:
                old.detach(self.session)
                old.deleteLater()
        self.video_feed, self.audio_feed = video, audio
        for feed in (video, audio):
            if feed is not None:
                feed.failed.connect(self.failed)
                feed.attach(self.session)
        if audio is not None:
            audio.level.connect(self.level)

    def record(self) -> None:
        """Start a new take, or resume a paused one."""
        if self.state == State.PausedState:
            self.recorder.record()
            return
        self.discard()
        self._number += 1
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        self._recording_to = self.folder / f"recording-{stamp}-{self._number}.mp4"
        self.recorder.setOutputLocation(QUrl.fromLocalFile(str(self._recording_to)))
        self.recorder.record()

    def pause(self) -> None:
        self.recorder.pause()

    def stop(self) -> None:
        self.recorder.stop()

    def discard(self) -> None:
        """Delete the finished take (a retake, or the window closing without using it)."""
        if self.take is not None:
            self.take.unlink(missing_ok=True)
            self.take = None

    def release(self) -> None:
        """Stop everything and let go of the devices; unfinished takes are deleted."""
        if self.state != State.StoppedState:
            self._recording_to = None      # what finishes now is not a take anyone wants
            self.recorder.stop()
        self.set_feeds(None, None)
        self.discard()

    def _state_changed(self, state: QMediaRecorder.RecorderState) -> None:
        for feed in (self.video_feed, self.audio_feed):
            if feed is not None:
                feed.recording_changed(state)
        if state == State.StoppedState and self._recording_to is not None:
            finished, self._recording_to = self._recording_to, None
            if finished.is_file() and finished.stat().st_size > 0:
                self.take = finished
            else:
                finished.unlink(missing_ok=True)
                self.failed.emit("Nothing was recorded: the take ended before the first picture arrived. "
                                 "Check that the preview shows a picture, then try again.")
        elif state == State.StoppedState:
            for stray in self.folder.glob("recording-*.mp4"):
                if stray != self.take:
                    stray.unlink(missing_ok=True)
        self.state_changed.emit(state)

    def _error(self, _error: QMediaRecorder.Error, text: str) -> None:
        self.failed.emit(f"Recording failed: {text or 'the recorder stopped'}. Try again, or choose another "
                         "camera or screen.")
