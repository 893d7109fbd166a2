"""Offline transcription, pluggable: draft captions from a video's speech.

The built-in engine is faster-whisper (``whisper.py``, an optional extra; its model is a local folder,
never downloaded). An organisation adds another by registering an object that follows ``Transcriber``
— in code with ``register`` or as a Python plug-in under the entry-point group ``tessera.transcribers``
whose value is a zero-argument callable returning the transcriber. The engine receives 16 kHz mono
WAV, what speech models expect, so it never has to read video itself.
"""

from __future__ import annotations

import enum
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

import ffmpeg

from editor.media.captions import Captions
from editor.media.errors import MediaError
from editor.media.jobs import run_ffmpeg
from editor.media.probe import INPUT_OPTIONS, ffmpeg_exe, file_url, probe
from editor.media.timecode import vtt_timestamp
from editor.progress import CancelToken, ProgressCallback, no_progress, scaled

ENTRY_POINT_GROUP = "tessera.transcribers"
SPEECH_SAMPLE_RATE = 16000
# Lessons are micro: a clip longer than this is a recording to cut up, not one to caption whole
# (the engine would run for many minutes, and the captions would serve nobody in one piece).
MAX_SPEECH_SECONDS = 30 * 60


class TranscriptionFailure(enum.Enum):
    """Why captions could not be made; the app explains each one (and how to enable the engine)."""

    ENGINE_MISSING = "engine-missing"           # the speech engine is not installed
    MODEL_MISSING = "model-missing"             # no speech model configured or shipped by a package
    MODEL_UNREADABLE = "model-unreadable"       # the configured folder is not a usable model
    LANGUAGE_UNSUPPORTED = "language-unsupported"
    UNREADABLE_MEDIA = "unreadable-media"       # not media, damaged, or the sound cannot be decoded
    NO_AUDIO = "no-audio"
    NO_SPEECH = "no-speech"                     # silence, music or noise only
    TOO_LONG = "too-long"
    NOT_IN_LESSON = "not-in-lesson"
    ALREADY_DONE = "already-done"               # captions or a transcript exist; replacing must be asked for


class TranscriptionError(MediaError):
    """A MediaError whose ``reason`` the app can act on (e.g. offer "how to enable" or "trim first")."""

    def __init__(self, reason: TranscriptionFailure, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@runtime_checkable
class Transcriber(Protocol):
    """A speech-to-text engine that runs on this computer."""

    name: str               # shown to users, unique in the registry

    @property
    def languages(self) -> tuple[str, ...]:
        """Language codes it understands; empty means "detects the language"."""
        ...

    def available(self) -> bool:
        """True when the engine and its model are installed and usable offline."""
        ...

    def transcribe(self, speech: Path, language: str | None, progress: ProgressCallback,
                   cancel: CancelToken) -> Captions:
        """Timed cues for the 16 kHz mono WAV at ``speech``."""
        ...


_registry: dict[str, Transcriber] = {}


def register(transcriber: Transcriber) -> None:
    if not isinstance(transcriber, Transcriber):
        raise TypeError(f"{transcriber!r} does not implement the Transcriber protocol")
    _registry[transcriber.name] = transcriber


def unregister(name: str) -> None:
    _registry.pop(name, None)


def transcribers() -> list[Transcriber]:
    """Every registered engine that is usable now, plug-ins included, by name."""
    load_plugins()
    return sorted((engine for engine in _registry.values() if engine.available()), key=lambda e: e.name)


def load_plugins() -> list[str]:
    """Register the engines installed as plug-ins; return the problems of those that failed to load."""
    problems = []
    from importlib.metadata import entry_points  # ~10 ms to import: only when captions are made

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in _registry:
            continue
        try:
            register(entry.load()())
        except Exception as exc:   # a broken plug-in must not break importing media
            problems.append(f"Transcription plug-in '{entry.name}' could not be loaded: {exc}")
    return problems


def transcribe_media(media: Path, engine: Transcriber, language: str | None = None, *,
                     ffmpeg_path: str | None = None, max_seconds: float = MAX_SPEECH_SECONDS,
                     progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> Captions:
    """Draft captions for the speech in ``media`` (video or sound) using ``engine``.

    TranscriptionError says why when the file has no usable sound or is too long; Cancel raises
    Cancelled and leaves nothing behind (the speech is extracted into a temporary folder).
    """
    cancel = cancel or CancelToken()
    name = Path(media).name
    try:
        info = probe(media, ffmpeg_path)
    except TranscriptionError:
        raise
    except MediaError as exc:
        raise TranscriptionError(TranscriptionFailure.UNREADABLE_MEDIA, str(exc)) from exc
    if info.audio is None:
        raise TranscriptionError(TranscriptionFailure.NO_AUDIO,
                                 f"{name} has no sound track, so there is nothing to transcribe.")
    if info.duration is not None and info.duration > max_seconds:
        raise TranscriptionError(TranscriptionFailure.TOO_LONG, (
            f"{name} is {vtt_timestamp(round(info.duration * 1000))[:8]} long; captions are made for clips "
            f"up to {round(max_seconds / 60)} minutes. Trim it or split it into shorter clips, then retry."))
    if language and engine.languages and language not in engine.languages:
        raise TranscriptionError(TranscriptionFailure.LANGUAGE_UNSUPPORTED, (
            f"{engine.name} does not understand '{language}'. It knows: {', '.join(engine.languages)}."))
    with tempfile.TemporaryDirectory(prefix="tessera-speech-") as folder:
        speech = Path(folder) / "speech.wav"
        args = ffmpeg.get_args(ffmpeg.input(file_url(media), **INPUT_OPTIONS)["a:0"].output(
            file_url(speech), ac=1, ar=SPEECH_SAMPLE_RATE, f="wav"))
        try:
            run_ffmpeg(ffmpeg_exe(ffmpeg_path), args, duration=info.duration, outputs=[speech],
                       progress=scaled(progress, 0, 0.1), cancel=cancel, step="Extracting the speech")
        except MediaError as exc:
            raise TranscriptionError(TranscriptionFailure.UNREADABLE_MEDIA, (
                f"The sound of {name} cannot be decoded; the file may be damaged. Export it again and "
                f"retry. ({exc})")) from exc
        return engine.transcribe(speech, language, scaled(progress, 0.1, 1.0), cancel)
