"""Make the documentation screenshots of *Make captions* and the LMS test bench from the real windows.

Saves, in docs/screenshots/:

    make-captions.png     the main window making captions for a video (the video card's Make captions, the
                          problem's one-click fix and the status-bar progress with Cancel)
    captions-made.png    the caption editor on the captions just made
    test-bench.png        Publish → Test in a simulated LMS after answering, reloading and relaunching

Needs what the tests need: espeak-ng, the captions extra with a packaged model, Chromium is not needed.
Run under Xvfb for real window decorations: ``xvfb-run -a -s "-screen 0 1600x1000x24" env
QT_QPA_PLATFORM=xcb .venv/bin/python docs/make_feature_screenshots.py``; offscreen is used otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import isolated_home  # noqa: E402 - needs the path set above

DEMO_LESSON = ROOT / "resources" / "demo" / "lessons" / "spotting-phishing"
TIMEOUT_S = 180
LESSON_BODY = """
## Lifting safely

Watch the short video, then try it at your desk.

::: video src="media/lifting.mp4"
:::
"""
# A learner's first answer, clicked in the lesson inside the bench LMS's frame.
ANSWER_FIRST_QUESTION = """(() => {
  const page = document.getElementById('content').contentDocument;
  const quiz = page.querySelector('.ts-quiz');
  quiz.querySelector('.ts-option label').click();
  quiz.querySelector('.ts-check').click();
})()"""


def wait_until(condition: Callable[[], object], what: str, timeout_s: float = TIMEOUT_S) -> None:
    from app.kit.qt import QApplication

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"make_feature_screenshots: timed out waiting for {what}.")
        QApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() >= end, "the paint to settle")


def save(widget: Any, path: Path, settle_s: float = 0.6) -> Path:
    settle(settle_s)
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"make_feature_screenshots: could not write {path}.")
    print(f"Saved {path}")
    return path


def captions_screens(out: Path, home: Path) -> None:
    from app.editing.media_cards import VideoCard
    from app.kit.qt import QApplication, QPushButton
    from app.kit.settings import Settings
    from app.media.caption_editor import CaptionEditor
    from app.shell.main_window import MainWindow
    from editor.workspace import Workspace
    from tests.editor.media.speech import SCRIPT, speak, with_video

    workspace = Workspace.create(home / "Warehouse training", "Warehouse training")
    lesson = workspace.new_lesson("Safe lifting")
    (lesson / "lesson.md").write_text((lesson / "lesson.md").read_text(encoding="utf-8") + LESSON_BODY,
                                      encoding="utf-8")
    (lesson / "media").mkdir(exist_ok=True)
    # Three readings: long enough for the progress to be seen, short enough for a quick run.
    with_video(speak(" ".join([SCRIPT] * 3), home / "speech.wav"), lesson / "media" / "lifting.mp4")

    window = MainWindow(Settings())
    window.resize(1440, 900)
    window.open_workspace(workspace)
    window.show()
    window.library.reload(lesson)       # selected once the library has read its list
    wait_until(lambda: window.editor.problems.findChild(QPushButton, "fix-video-no-captions"), "the problem")
    card = next(c for c in window.editor.blocks.cards if isinstance(c, VideoCard))
    settle()                            # the cards are laid out before they can be scrolled to
    window.editor.blocks.ensureWidgetVisible(card, 0, 120)
    make = next(b for b in card.findChildren(QPushButton) if b.accessibleName() == "Make captions")
    make.click()                        # the video card's button (the problem's fix does the same)
    wait_until(lambda: window.jobs.bar.value() > 100, "transcription progress")
    save(window, out / "make-captions.png", settle_s=0.2)

    def editor() -> CaptionEditor | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, CaptionEditor)), None)

    wait_until(editor, "the caption editor")
    dialog = editor()
    assert dialog is not None
    wait_until(lambda: dialog.player.duration > 0, "the video")
    dialog.player.seek(dialog.model.captions.cues[2].start + 300)
    dialog.table.selectRow(2)
    dialog.message.setText("Captions made on this computer: check them while the video plays.")
    save(dialog, out / "captions-made.png")
    dialog.done(0)
    window.editor.save()
    window.close()


def test_bench_screen(out: Path) -> None:
    from app.publish.testbench_dialog import TestBenchDialog
    from publishing.testbench.records import ApiCall, Commit

    dialog = TestBenchDialog([DEMO_LESSON], "Spotting phishing", fmt="scorm2004")
    dialog.show()

    def calls(name: str, launch: int) -> list[ApiCall]:
        return [r for r in dialog.log.records
                if isinstance(r, ApiCall) and r.name == name and r.launch == launch]

    wait_until(lambda: calls("Initialize", 1), "the first launch")
    settle(1.0)
    dialog.view.page().runJavaScript(ANSWER_FIRST_QUESTION)
    wait_until(lambda: any(isinstance(r, Commit) and "cmi.interactions.0.id" in r.values
                           for r in dialog.log.records), "the answer to be stored")
    settle(1.0)
    dialog.reload_page()
    wait_until(lambda: len(calls("Initialize", 1)) == 2, "the reload")
    settle(1.0)
    dialog.relaunch()
    wait_until(lambda: calls("Initialize", 2), "the relaunch")
    settle(1.5)
    stored = [i for i, r in enumerate(dialog.log.records) if isinstance(r, Commit) and r.launch == 1]
    dialog.log.table.selectRow(stored[-1])
    dialog.log.table.scrollToBottom()
    save(dialog, out / "test-bench.png")
    dialog.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save the screenshots of Make captions and the test bench.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="output folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    args.out.mkdir(parents=True, exist_ok=True)
    from app.kit import qt

    with isolated_home("tessera-screenshots-"), tempfile.TemporaryDirectory() as work:
        app = qt.QApplication([sys.argv[0]])
        app.setApplicationDisplayName("Tessera")
        captions_screens(args.out, Path(work))
        test_bench_screen(args.out)
        for widget in qt.QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        qt.QApplication.sendPostedEvents(None, qt.QEvent.Type.DeferredDelete)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
