"""Shared test setup: headless Qt, an isolated user data folder, and small workspaces."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Headless Qt; QtWebEngine refuses to start its sandbox as root in containers.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def tessera_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data/state folder: nothing leaks into the real home."""
    home = tmp_path_factory.mktemp("tessera-home")
    monkeypatch.setenv("TESSERA_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _cycles_collected_on_the_ui_thread(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """GUI tests run worker threads, as the app does: collect cycles on the UI thread only, as the app
    does (app/kit/collector.py), and collect what the test left before the next one runs."""
    if not {"qtbot", "qapp", "themed_app"} & set(request.fixturenames):
        yield
        return
    from app.kit.collector import UiThreadCollector

    collector = UiThreadCollector(request.getfixturevalue("qapp"))
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    from editor.workspace import Workspace
    return Workspace.create(tmp_path / "ws", "Test workspace")



@pytest.fixture(scope="session", autouse=True)
def _web_pages_go_before_the_profile():  # type: ignore[no-untyped-def]
    """Delete every window before exit: a web page outliving QtWebEngine's profile crashes the process."""
    yield
    from app.kit.qt import QApplication, QEvent

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
