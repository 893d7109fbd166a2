"""The transcription plug-in point: protocol, registry, entry points, and speech handed over as 16 kHz WAV."""

from __future__ import annotations

import importlib.metadata
import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from editor.media import transcribe
from editor.media.captions import Captions, Cue
from editor.media.errors import MediaError
from editor.progress import CancelToken, ProgressCallback


@dataclass
class FakeEngine:
    """Stands in for a real offline engine: reports what it was given, returns one cue per second."""

    name: str = "fake"
    languages: tuple[str, ...] = ("en",)
    installed: bool = True
    heard: list[tuple[int, int, float]] = field(default_factory=list)

    def available(self) -> bool:
        return self.installed

    def transcribe(self, speech: Path, language: str | None, progress: ProgressCallback,
                   cancel: CancelToken) -> Captions:
        with wave.open(str(speech)) as audio:
            seconds = audio.getnframes() / audio.getframerate()
            self.heard.append((audio.getframerate(), audio.getnchannels(), seconds))
        progress(1.0, "Transcribing")
        return Captions(tuple(Cue(second * 1000, (second + 1) * 1000, f"second {second}")
                              for second in range(round(seconds))))


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    yield
    for name in ("fake", "absent", "plugin"):
        transcribe.unregister(name)


def test_engines_register_and_only_usable_ones_are_offered() -> None:
    transcribe.register(FakeEngine())
    transcribe.register(FakeEngine(name="absent", installed=False))
    assert [engine.name for engine in transcribe.transcribers()] == ["fake"]
    with pytest.raises(TypeError):
        transcribe.register(object())  # type: ignore[arg-type]


def test_speech_reaches_the_engine_as_16khz_mono_wav(clips: dict[str, Path]) -> None:
    engine = FakeEngine()
    captions = transcribe.transcribe_media(clips["hevc10"], engine, "en")
    assert engine.heard == [(16000, 1, pytest.approx(2, abs=0.05))]
    assert [cue.text for cue in captions.cues] == ["second 0", "second 1"]


def test_unsuitable_requests_are_refused_clearly(clips: dict[str, Path]) -> None:
    with pytest.raises(MediaError, match="no sound track"):
        transcribe.transcribe_media(clips["silent"], FakeEngine())
    with pytest.raises(MediaError, match="does not understand 'de'"):
        transcribe.transcribe_media(clips["plain"], FakeEngine(), "de")


def test_plugins_load_from_entry_points_and_broken_ones_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    class Entry:
        def __init__(self, name: str, factory: object) -> None:
            self.name, self._factory = name, factory

        def load(self) -> object:
            return self._factory

    def broken() -> object:
        raise ImportError("model files missing")

    found = [Entry("plugin", lambda: FakeEngine(name="plugin")), Entry("broken", broken)]
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group: found if group == transcribe.ENTRY_POINT_GROUP else [])
    problems = transcribe.load_plugins()
    assert problems == ["Transcription plug-in 'broken' could not be loaded: model files missing"]
    assert [engine.name for engine in transcribe.transcribers()] == ["plugin"]
