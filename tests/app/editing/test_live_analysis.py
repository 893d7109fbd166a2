"""Keystrokes → analysis: the newest text is the one that counts, and an overtaken result still feeds
the preview so it follows a fast typist."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.editing.live_analysis import LiveAnalysis
from editor import analysis as analysis_module


def test_an_overtaken_result_is_interim_and_only_the_newest_is_final(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = analysis_module.analyse

    def analyse(text: str, base: Path, kind: str) -> Any:
        if text.endswith("first"):
            release.wait(10)              # still analysing when the next keys arrive
        return real(text, base, kind)

    monkeypatch.setattr(analysis_module, "analyse", analyse)
    live = LiveAnalysis(debounce_ms=0)
    interim: list[str] = []
    final: list[str] = []
    live.interim.connect(lambda request, result: interim.append(request.text))
    live.finished.connect(lambda request, result: final.append(request.text))

    live.request(tmp_path, "Typing the first", "lesson", immediately=True)
    assert not live.idle                  # started at once, on the worker
    live.request(tmp_path, "Typing the first word", "lesson")
    live.request(tmp_path, "Typing the first words", "lesson")     # only the newest of the two waits
    release.set()
    qtbot.waitUntil(lambda: live.idle and bool(final), timeout=10_000)
    assert interim == ["Typing the first"]
    assert final == ["Typing the first words"]
    live.runner.wait(5000)
