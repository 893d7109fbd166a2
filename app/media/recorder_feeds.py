"""What the recorder records from: cameras, screens, windows and microphones, behind one small interface.

A feed attaches itself to the recorder's ``QMediaCaptureSession`` and detaches again; audio feeds
report a sound level for the meter. ``device_catalog`` lists what this computer offers right now. The
recorder core never asks what kind of feed it has, so generated feeds (``recorder_generated``) go
through exactly the same capture session and recorder as real devices.
"""

from __future__ import annotations

import array
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from app.kit.qt import (
    QApplication,
    QCameraPermission,
    QGuiApplication,
    QIODevice,
    QMicrophonePermission,
    QObject,
    QScreen,
    Qt,
    Signal,
)
from app.kit.qt_media import (
    QAudioDevice,
    QAudioFormat,
    QAudioInput,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QCapturableWindow,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaRecorder,
    QScreenCapture,
    QWindowCapture,
)

_FULL_SCALE = {QAudioFormat.SampleFormat.Int16: 32768.0, QAudioFormat.SampleFormat.Int32: 2147483648.0}
_TYPECODES = {QAudioFormat.SampleFormat.Int16: "h", QAudioFormat.SampleFormat.Int32: "i",
              QAudioFormat.SampleFormat.Float: "f", QAudioFormat.SampleFormat.UInt8: "B"}


def peak_level(data: bytes, sample_format: QAudioFormat.SampleFormat) -> float:
    """Loudest sample of ``data`` as a fraction of full scale (0–1); 0 for formats it cannot read."""
    code = _TYPECODES.get(sample_format)
    if code is None or not data:
        return 0.0
    samples = array.array(code)
    # Qt audio data is in the machine's byte order, which is what ``array`` reads.
    samples.frombytes(data[:len(data) - len(data) % samples.itemsize])
    if not samples:
        return 0.0
    if code == "B":   # unsigned 8-bit: silence is 128
        return max(abs(value - 128) for value in samples) / 128.0
    peak = max(max(samples), -min(samples))
    scale = _FULL_SCALE.get(sample_format, 1.0)
    return max(0.0, min(1.0, peak / scale))


class Feed(QObject):
    """One source of picture or sound for the capture session."""

    level = Signal(float)        # sound level 0–1 (audio feeds), also while not recording
    failed = Signal(str)         # a message for the user: the device stopped or refused

    mirror_preview = False       # show the picture as a mirror (people expect that of a camera)

    def attach(self, session: QMediaCaptureSession) -> None:
        raise NotImplementedError

    def detach(self, session: QMediaCaptureSession) -> None:
        raise NotImplementedError

    def recording_changed(self, state: QMediaRecorder.RecorderState) -> None:
        """Told about every recorder state change; live devices need nothing, generated feeds keep time."""


class CameraFeed(Feed):
    mirror_preview = True

    def __init__(self, device: QCameraDevice) -> None:
        super().__init__()
        self.camera = QCamera(device, self)
        self.camera.errorOccurred.connect(lambda _error, text: self.failed.emit(
            f"The camera stopped: {text or 'it may be in use by another program'}."))

    def attach(self, session: QMediaCaptureSession) -> None:
        session.setCamera(self.camera)
        self.camera.start()

    def detach(self, session: QMediaCaptureSession) -> None:
        self.camera.stop()
        session.setCamera(None)  # type: ignore[arg-type]


class ScreenFeed(Feed):
    def __init__(self, screen: QScreen) -> None:
        super().__init__()
        self.capture = QScreenCapture(self)
        self.capture.setScreen(screen)
        self.capture.errorOccurred.connect(lambda _error, text: self.failed.emit(
            f"The screen cannot be recorded: {text}. On macOS allow screen recording for Tessera in System "
            "Settings › Privacy & Security."))

    def attach(self, session: QMediaCaptureSession) -> None:
        session.setScreenCapture(self.capture)
        self.capture.start()

    def detach(self, session: QMediaCaptureSession) -> None:
        self.capture.stop()
        session.setScreenCapture(None)  # type: ignore[arg-type]


class WindowFeed(Feed):
    def __init__(self, window: QCapturableWindow) -> None:
        super().__init__()
        self.capture = QWindowCapture(self)
        self.capture.setWindow(window)
        self.capture.errorOccurred.connect(lambda _error, text: self.failed.emit(
            f"That window cannot be recorded: {text}. It may have closed; press Refresh."))

    def attach(self, session: QMediaCaptureSession) -> None:
        session.setWindowCapture(self.capture)
        self.capture.start()

    def detach(self, session: QMediaCaptureSession) -> None:
        self.capture.stop()
        session.setWindowCapture(None)  # type: ignore[arg-type]


class MicrophoneFeed(Feed):
    """Records through ``QAudioInput``; a second, read-only ``QAudioSource`` on the same device feeds the
    level meter, because the capture session offers no way to look at the sound it records."""

    def __init__(self, device: QAudioDevice) -> None:
        super().__init__()
        self.input = QAudioInput(device, self)
        self._format = device.preferredFormat()
        self._meter = QAudioSource(device, self._format, self)
        self._meter_io: QIODevice | None = None

    def attach(self, session: QMediaCaptureSession) -> None:
        session.setAudioInput(self.input)
        self._meter_io = self._meter.start()
        if self._meter_io is not None:
            self._meter_io.readyRead.connect(self._measure)

    def detach(self, session: QMediaCaptureSession) -> None:
        self._meter.stop()
        self._meter_io = None
        session.setAudioInput(None)  # type: ignore[arg-type]

    def _measure(self) -> None:
        if self._meter_io is not None:
            self.level.emit(peak_level(bytes(self._meter_io.readAll().data()), self._format.sampleFormat()))


@dataclass(frozen=True)
class FeedChoice:
    label: str
    make: Callable[[], Feed]
    kind: str                    # "camera", "screen", "window", "microphone" or "generated"


@dataclass(frozen=True)
class Catalog:
    """What can be recorded from right now: picture feeds and sound feeds, best first."""

    video: list[FeedChoice] = field(default_factory=list)
    audio: list[FeedChoice] = field(default_factory=list)
    denied: tuple[str, ...] = ()     # "camera" / "microphone" the system does not let Tessera use

    def has(self, kind: str) -> bool:
        return any(choice.kind == kind for choice in (*self.video, *self.audio))


def device_catalog() -> Catalog:
    """Cameras (default first), screens, windows and microphones (default first) on this computer."""
    cameras = sorted(QMediaDevices.videoInputs(), key=lambda d: not d.isDefault())
    mics = sorted(QMediaDevices.audioInputs(), key=lambda d: not d.isDefault())
    screens = QGuiApplication.screens()
    video = [FeedChoice(f"Camera: {device.description()}", partial(CameraFeed, device), "camera")
             for device in cameras]
    for number, screen in enumerate(screens, start=1):
        size = screen.size()
        name = screen.name() or f"Screen {number}"
        video.append(FeedChoice(f"Screen: {name} ({size.width()}×{size.height()})",
                                partial(ScreenFeed, screen), "screen"))
    video += [FeedChoice(f"Window: {window.description()}", partial(WindowFeed, window), "window")
              for window in QWindowCapture.capturableWindows() if window.description()]
    audio = [FeedChoice(f"Microphone: {device.description()}", partial(MicrophoneFeed, device), "microphone")
             for device in mics]
    return Catalog(video, audio, denied_devices())


def denied_devices() -> tuple[str, ...]:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return ()
    checks = (("camera", QCameraPermission()), ("microphone", QMicrophonePermission()))
    return tuple(name for name, permission in checks
                 if app.checkPermission(permission) == Qt.PermissionStatus.Denied)


def request_permissions(context: QObject, on_answer: Callable[[], None]) -> None:
    """Ask once for camera and microphone access where the system wants that (macOS, Windows)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for permission in (QCameraPermission(), QMicrophonePermission()):
        if app.checkPermission(permission) == Qt.PermissionStatus.Undetermined:
            app.requestPermission(permission, context, lambda _answer: on_answer())


def availability_message(catalog: Catalog) -> str:
    """A plain sentence on what is missing and what the user can do; empty when all is there."""
    # A generated feed stands in for the device it imitates.
    camera = any(choice.kind in ("camera", "generated") for choice in catalog.video)
    microphone = bool(catalog.audio)
    screen = catalog.has("screen") or catalog.has("window")
    if camera and microphone:
        return ""
    missing = " or ".join(name for name, present in (("camera", camera), ("microphone", microphone))
                          if not present)
    allowed = [name for name in catalog.denied if name in missing]
    fix = (f"Tessera is not allowed to use the {' and '.join(allowed)}: allow it in your system's privacy "
           "settings, then press Refresh." if allowed else
           "Connect one (and allow Tessera to use it in your system's privacy settings), then press Refresh.")
    if not camera and not microphone and not screen:
        return f"No camera, microphone or screen was found, so there is nothing to record from. {fix}"
    if not camera and screen:
        sound = "with your voice" if microphone else "without sound"
        return f"No {missing} was found. {fix} Meanwhile you can record your screen {sound}."
    if not camera:
        return f"No camera was found. {fix}"
    return f"No microphone was found: a recording will have no sound. {fix}"
