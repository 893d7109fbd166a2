"""What the GUI entry point sets up before Qt starts: the preview's web engine draws in software unless
the user asked Chromium for something else."""

from __future__ import annotations

import os

import pytest

from app.shell.gui import PREVIEW_ENGINE_FLAGS, _prepare_environment


def test_the_preview_draws_in_software_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QTWEBENGINE_CHROMIUM_FLAGS", raising=False)
    _prepare_environment()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] == PREVIEW_ENGINE_FLAGS == "--disable-gpu"


def test_chromium_flags_the_user_set_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--enable-gpu-rasterization")
    _prepare_environment()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--enable-gpu-rasterization"
