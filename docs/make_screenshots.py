"""Make the documentation screenshots from the real main window.

Opens ``MainWindow`` on a workspace (by default a fresh copy of the demo workspace under a temporary
TESSERA_HOME, or a small generated one while the demo is not there), selects the richest lesson, waits
until the preview shows it with its pictures and video loaded, and saves:

    docs/screenshots/main-light.png      the whole window in the Blocks view, light theme
    docs/screenshots/main-dark.png       the whole window in the Blocks view, dark theme
    docs/screenshots/blocks-phone.png    the whole window in the Blocks view with the phone preview
    docs/screenshots/search-{light,dark}.png     the Ctrl+K search popup with results and facets
    docs/screenshots/narrow-{light,dark}.png     the window at 640 px wide
    docs/screenshots/problems-{light,dark}.png   the editor with two problems listed under the text
    docs/screenshots/welcome-{light,dark}.png    the first-start welcome
    docs/screenshots/guide-{light,dark}.png      Help → Tessera guide
    docs/screenshots/shortcuts-{light,dark}.png  Help → Keyboard shortcuts
    docs/screenshots/preview-phone.png   the preview pane at phone width, light theme
    docs/screenshots/source-light.png    the whole window in the Source view, light theme

In the Blocks view the cursor is put in the lesson's quiz (or its first card), so the preview
scrolls to it as it does when someone picks a card.

Run: ``.venv/bin/python docs/make_screenshots.py [--workspace PATH] [--lesson FOLDER] [--out FOLDER]``
The offscreen Qt platform is used unless QT_QPA_PLATFORM is already set (e.g. ``xcb`` under Xvfb).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import isolated_home  # noqa: E402 - needs the path set above
from editor.lesson_parse import parse_lesson  # noqa: E402
from editor.paths import DEMO_WORKSPACE  # noqa: E402
from editor.thumbnails import markdown_images  # noqa: E402
from editor.workspace import MARKER, Item, Workspace, WorkspaceError  # noqa: E402

WINDOW_SIZE = (1440, 900)
MEDIA_TIMEOUT_MS = 8000
PAINT_SETTLE_MS = 400      # after the page says it is ready, give the compositor a frame or two
TIMEOUT_MS = 60_000
# True once every picture has loaded and every video can show its first frame (or has given up).
MEDIA_READY_JS = ("Array.from(document.images).every(i => i.complete) && "
                  "Array.from(document.querySelectorAll('video')).every(v => v.readyState >= 2 || v.error)")


def richness(item: Item) -> tuple[int, bool, str]:
    """How much of the lesson format a lesson shows off: distinct block kinds, then having a picture."""
    parsed = parse_lesson(item.source.read_text(encoding="utf-8"))
    has_picture = any(True for block in parsed.blocks if block.kind == "markdown"
                      for _image in markdown_images(block.body, block.body_line))
    return len({block.kind for block in parsed.blocks}), has_picture, item.title


def pick_lesson(workspace: Workspace, folder: str | None) -> Item:
    lessons = [item for item in workspace.items() if item.kind == "lesson" and not item.problem]
    if folder:
        for item in lessons:
            if item.path.name == folder:
                return item
        raise SystemExit(f"make_screenshots: no lesson folder '{folder}' in {workspace.root}. Choose one "
                         f"of: {', '.join(sorted(item.path.name for item in lessons))}.")
    if not lessons:
        raise SystemExit(f"make_screenshots: {workspace.root} has no readable lessons to show.")
    return max(lessons, key=richness)


def open_workspace(requested: Path | None, home: Path) -> Workspace:
    if requested is not None:
        try:
            return Workspace.open(requested)
        except WorkspaceError as exc:
            raise SystemExit(f"make_screenshots: {exc}") from exc
    if (DEMO_WORKSPACE / MARKER).is_file():
        from editor.demo import ensure_demo_workspace
        return Workspace.open(ensure_demo_workspace())
    print("The demo workspace is not there yet; using a small generated one.")
    from benchmarks.make_workspace import make_workspace
    return make_workspace(home / "Generated workspace", lessons=12, links=4)


class Shooter:
    """Runs the screenshot steps one after another inside a single Qt event loop."""

    def __init__(self, qt: Any, window: Any, out: Path) -> None:
        self.qt, self.window, self.out = qt, window, out
        self.saved: list[Path] = []
        self.steps: list[Callable[[], None]] = []
        self.media_waited_ms = 0

    def run(self, steps: list[Callable[[], None]]) -> None:
        self.steps = list(steps)
        self.next()

    def next(self) -> None:
        if self.steps:
            self.steps.pop(0)()
        else:
            self.qt.QTimer.singleShot(0, self.qt.QApplication.instance().quit)

    def when_media_ready(self) -> None:
        """Continue once pictures and video frames are in (a half-loaded video shows a spinner)."""
        def check(ready: object) -> None:
            if ready or self.media_waited_ms >= MEDIA_TIMEOUT_MS:
                self.media_waited_ms = 0
                self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)
            else:
                self.media_waited_ms += 100
                self.qt.QTimer.singleShot(100, self.when_media_ready)
        self.window.preview.run_js(MEDIA_READY_JS, check)

    def save(self, widget: Any, name: str) -> None:
        path = self.out / name
        if not widget.grab().save(str(path), "PNG"):
            raise SystemExit(f"make_screenshots: could not write {path}; check the folder is writable.")
        self.saved.append(path)
        self.next()

    def set_theme(self, theme: str) -> None:
        window = self.window
        window.prefs = dataclasses.replace(window.prefs, theme=theme)
        window._apply_preferences()
        self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)

    def choose_card(self, kind: str) -> None:
        """Put the cursor in the first card of ``kind`` (or the first card), as a person picking it."""
        editor = self.window.editor
        editor.tabs.setCurrentWidget(editor.blocks)
        cards = editor.blocks.cards
        card = next((c for c in cards if c.kind.value == kind), cards[0] if cards else None)
        if card is not None:
            editor.blocks.focus_card(card)
        self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)

    def show_source(self) -> None:
        editor = self.window.editor
        editor.tabs.setCurrentWidget(editor.source)
        editor.source.go_to_line(editor.blocks.cards[0].block.line if editor.blocks.cards else 1)
        self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)

    def search(self, text: str) -> None:
        """Open the Ctrl+K popup and type ``text``; continue once its results are shown."""
        self.window.search.show_popup()
        popup = self.window.search.popup

        def shown() -> None:
            if popup.list.count() and not popup._busy:
                self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)
            else:
                self.qt.QTimer.singleShot(100, shown)
        popup.box.setText(text)
        popup.box.deselect()
        self.qt.QTimer.singleShot(300, shown)

    def save_popup(self, name: str) -> None:
        popup = self.window.search.popup
        self.save(popup, name)
        popup.hide()

    def save_dialog(self, make: Callable[[], Any], name: str) -> None:
        dialog = make()
        dialog.show()

        def shoot() -> None:
            self.save(dialog, name)
            dialog.close()
        self.qt.QTimer.singleShot(PAINT_SETTLE_MS, shoot)

    def add_problems(self) -> None:
        """Type a picture without alt text that does not exist: the problems list fills in."""
        source = self.window.editor.source
        source.moveCursor(source.textCursor().MoveOperation.End)
        source.insertPlainText("\n\n![](media/team-photo-from-the-kick-off-meeting-in-the-big-room.png)\n")
        self.qt.QTimer.singleShot(1500, self.next)

    def undo_problems(self) -> None:
        source = self.window.editor.source
        source.undo()
        source.moveCursor(source.textCursor().MoveOperation.Start)   # the next shots start at the top
        self.qt.QTimer.singleShot(1000, self.next)

    def resize(self, width: int, height: int, tries: int = 10) -> None:
        """Resize like a user dragging: below 900 px the preview steps aside and the window goes on."""
        self.window.resize(width, height)
        if self.window.width() != width and tries:
            self.qt.QTimer.singleShot(100, lambda: self.resize(width, height, tries - 1))
        else:
            self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)

    def set_preview_width(self, name: str) -> None:
        self.window.preview.set_width(name)
        self.qt.QTimer.singleShot(PAINT_SETTLE_MS, self.next)


def make_screenshots(workspace_path: Path | None, lesson: str | None, out: Path) -> list[Path]:
    from app.kit import qt
    from app.kit.settings import Settings
    from app.shell.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    with isolated_home("tessera-screenshots-") as home:
        workspace = open_workspace(workspace_path, home)
        item = pick_lesson(workspace, lesson)
        app = qt.QApplication([sys.argv[0]])
        app.setApplicationDisplayName("Tessera")
        window = MainWindow(Settings())
        window.resize(*WINDOW_SIZE)
        window.open_workspace(workspace)
        window.show()
        shooter = Shooter(qt, window, out)
        from app.help.dialogs import GuideDialog, ShortcutsDialog
        from app.help.welcome import WelcomeDialog

        steps: list[Callable[[], None]] = []
        # Light first, then dark switched to while running: every view must follow the change live.
        for theme in ("light", "dark"):
            steps += [
                lambda t=theme: shooter.set_theme(t),
                lambda: shooter.choose_card("quiz"),
                shooter.when_media_ready,
                lambda t=theme: shooter.save(window, f"main-{t}.png"),
                lambda: shooter.search("feedback"),
                lambda t=theme: shooter.save_popup(f"search-{t}.png"),
                lambda t=theme: shooter.save_dialog(lambda: WelcomeDialog(window), f"welcome-{t}.png"),
                lambda t=theme: shooter.save_dialog(lambda: GuideDialog(window), f"guide-{t}.png"),
                lambda t=theme: shooter.save_dialog(lambda: ShortcutsDialog(window), f"shortcuts-{t}.png"),
                shooter.add_problems,
                lambda t=theme: shooter.save(window.editor, f"problems-{t}.png"),
                shooter.undo_problems,
                lambda: shooter.resize(640, 820),
                shooter.when_media_ready,
                lambda t=theme: shooter.save(window, f"narrow-{t}.png"),
                lambda: shooter.resize(*WINDOW_SIZE),
            ]
        steps += [
            lambda: shooter.set_theme("light"),
            lambda: shooter.set_preview_width("phone"),
            lambda: shooter.choose_card("quiz"),
            shooter.when_media_ready,
            lambda: shooter.save(window, "blocks-phone.png"),
            lambda: shooter.save(window.preview, "preview-phone.png"),
            lambda: shooter.set_preview_width("desktop"),
            shooter.show_source,
            shooter.when_media_ready,
            lambda: shooter.save(window, "source-light.png"),
        ]

        def first_preview() -> None:
            window.preview.updated.disconnect(first_preview)
            shooter.run(steps)

        def select_once_listed() -> None:      # the list is read on a worker after the window shows
            window.library.loaded.disconnect(select_once_listed)
            if not window.library.select_path(item.path):
                raise SystemExit(f"make_screenshots: '{item.title}' is not listed in the library.")

        window.preview.updated.connect(first_preview)
        window.library.loaded.connect(select_once_listed)
        qt.QTimer.singleShot(TIMEOUT_MS, app.quit)
        app.exec()
    if len(shooter.saved) < 15:
        raise SystemExit("make_screenshots: the preview did not finish in time; nothing complete was saved.")
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save the documentation screenshots of the main window.")
    parser.add_argument("--workspace", type=Path, help="workspace to show (default: a copy of the demo)")
    parser.add_argument("--lesson", help="lesson folder name to select (default: the richest lesson)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="output folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    for path in make_screenshots(args.workspace, args.lesson, args.out):
        print(f"Saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
