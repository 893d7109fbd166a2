"""The welcome on first start (and from Help → Welcome), and what each of its choices does."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.help.welcome import Start, WelcomeDialog
from editor.demo import ensure_demo_workspace, ensure_personal_workspace
from editor.workspace import Workspace, WorkspaceError

if TYPE_CHECKING:
    from app.shell.main_window import MainWindow

log = logging.getLogger("tessera.shell")


def show_welcome(window: MainWindow) -> WelcomeDialog:
    """Show the welcome without blocking; its choice is carried out when it closes."""
    dialog = WelcomeDialog(window)
    dialog.finished.connect(lambda _result: start_as(window, dialog.choice))
    dialog.open()
    return dialog


def start_as(window: MainWindow, choice: Start) -> None:
    try:
        if choice is Start.CREATE_LESSON:
            # A workspace of their own, so the demo stays a clean example to come back to.
            if window.workspace is None or window.workspace.root != ensure_personal_workspace():
                window.open_workspace(Workspace.open(ensure_personal_workspace()))
            window.new_lesson()
        elif choice is Start.OPEN_DEMO:
            if window.workspace is None or window.workspace.root != ensure_demo_workspace():
                window.open_workspace(Workspace.open(ensure_demo_workspace()))
            _open_first_item(window)
        elif choice is Start.READ_GUIDE:
            window.help.show_guide()
    except (WorkspaceError, OSError) as exc:
        log.warning("Could not start as %s: %s", choice.name, exc)
        window.show_error("That did not work", str(exc))


def _open_first_item(window: MainWindow) -> None:
    """Open the library's first item, once the list is in (it is read on a worker)."""
    library = window.library
    if library.reading():
        def loaded() -> None:
            library.loaded.disconnect(loaded)
            _open_first_item(window)
        library.loaded.connect(loaded)
        return
    first = library.model.item_at(0)
    if first is not None and window.open_item_now() is None:
        library.select_path(first.path)

