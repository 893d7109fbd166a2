"""Start the desktop app: Qt application, theme, workspace, main window, crash recovery."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from editor.demo import ensure_demo_workspace
from editor.workspace import Workspace, WorkspaceError

LOG_VERSION_AFTER_MS = 2000
# The first frame waits this long for the recorded list (read on a worker) so that it shows it: a small
# library's is in within a few ms; a large one's, or one on a slow drive, is shown when it comes.
FIRST_FRAME_WAITS_FOR_LIST_S = 0.02
PREVIEW_ENGINE_FLAGS = "--disable-gpu"


def _prepare_environment() -> None:
    # QtWebEngine's sandbox cannot start as root (containers, CI); everywhere else keep it.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    # The preview is a document (text, pictures, a small video): Chromium's software compositing draws
    # it well, and QtWebEngine then loads no graphics driver into this process — with Mesa's llvmpipe
    # that was ~50 MB of the window's memory (libLLVM, swrast). Flags set by the user win.
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", PREVIEW_ENGINE_FLAGS)


def choose_workspace(requested: Path | None, last: Path | None) -> Workspace:
    """The workspace to open: the one asked for, else the last one, else the demo copy."""
    for candidate in (requested, last):
        if candidate is None:
            continue
        try:
            return Workspace.open(candidate, tidy=False)    # the window tidies on a worker
        except WorkspaceError:
            if candidate == requested:
                raise
    return Workspace.open(ensure_demo_workspace(), tidy=False)


def _log_version() -> None:
    from app.help.dialogs import tessera_version
    logging.getLogger("tessera.shell").info("Tessera %s started", tessera_version())


def run_gui(argv: list[str], workspace: Path | None = None) -> int:
    _prepare_environment()
    from app.kit.collector import UiThreadCollector
    from app.kit.log import install_log
    from app.kit.qt import QApplication, QEvent, Qt, QTimer
    from app.kit.settings import Settings
    from app.shell.main_window import MainWindow

    # The web engine is imported lazily (app/kit/qt_web.py); it needs shared GL contexts from the start.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    QApplication.setApplicationDisplayName("Tessera")
    app.setApplicationName("Tessera")
    app.setOrganizationName("Tessera")
    UiThreadCollector(app)      # cycles holding Qt objects must never be collected on a worker
    install_log()
    # Looking the version up loads importlib.metadata (~15 ms) and the Help dialogs' module: the log line
    # waits until the window is up.
    QTimer.singleShot(LOG_VERSION_AFTER_MS, _log_version)
    settings = Settings()
    try:
        opened = choose_workspace(workspace, settings.last_workspace())
    except WorkspaceError as exc:
        print(f"tessera: {exc}", file=sys.stderr)
        return 2
    # Staged: the first frame shows the menus and the library; the editor, the preview and the features
    # follow, and then after_start (recovery, welcome).
    window = MainWindow(settings, staged=True)
    window.open_workspace(opened)
    window.library.wait_for_list(FIRST_FRAME_WAITS_FOR_LIST_S)
    window.show()
    code = int(app.exec())
    # Web pages must be gone before QtWebEngine's profile is released at exit, or the process crashes.
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code
