"""Make the recorder and caption editor screenshots from the real windows, on a copy of a demo lesson.

The recorder records from the generated test picture and tone (no camera is needed) with the lesson's
script in the teleprompter, mid-take; the caption editor shows the demo video with its captions, the
playhead on the third cue and one cue that overlaps the next (so the inline check shows). Saves:

    docs/screenshots/recorder.png          the recorder window while recording
    docs/screenshots/caption-editor.png    the caption editor

Run: ``.venv/bin/python docs/make_media_screenshots.py [--out FOLDER]``
The offscreen Qt platform is used unless QT_QPA_PLATFORM is already set (e.g. ``xcb`` under Xvfb).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import isolated_home  # noqa: E402 - needs the path set above
from editor.paths import DEMO_WORKSPACE  # noqa: E402

LESSON = "giving-feedback-sbi"
VIDEO = "media/sbi-intro.mp4"
CAPTIONS = "media/sbi-intro.vtt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with isolated_home("tessera-media-shots-") as home:
        lesson = home / LESSON
        shutil.copytree(DEMO_WORKSPACE / "lessons" / LESSON, lesson)
        args.out.mkdir(parents=True, exist_ok=True)
        shoot(lesson, args.out)
    return 0


def shoot(lesson: Path, out: Path) -> None:
    from app.kit.qt import QApplication, QEventLoop, QTimer
    from app.media.caption_editor import CaptionEditor
    from app.media.recorder import RecorderWindow
    from app.media.recorder_feeds import Catalog, FeedChoice
    from app.media.recorder_generated import PatternFeed, ToneFeed
    from app.media.recorder_prompter import script_text

    app = QApplication.instance() or QApplication([])

    def wait(milliseconds: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def generated() -> Catalog:
        return Catalog([FeedChoice("Test picture (no camera on this computer)", PatternFeed, "generated")],
                       [FeedChoice("Test tone", ToneFeed, "generated")])

    recorder = RecorderWindow(lesson, script_text((lesson / "lesson.md").read_text(encoding="utf-8")),
                              catalog=generated, countdown_seconds=0)
    recorder.resize(1200, 720)
    recorder.show()
    wait(500)
    recorder.start_take()
    wait(2600)
    recorder.prompter.scroll_to(recorder.prompter.pixels_per_second * 9)   # a few sentences in
    wait(200)
    recorder.grab().save(str(out / "recorder.png"))
    recorder.stop()
    wait(500)
    recorder.core.discard()
    recorder.close()

    editor = CaptionEditor(lesson, VIDEO, CAPTIONS)
    editor.resize(1280, 640)
    editor.show()
    model = editor.model
    # An overlap to show the inline check: cue 4 made to run into cue 5.
    model.setData(model.index(3, 1), "0:12.600")
    wait(1000)                          # the video loads; seeking needs its duration
    editor.player.seek(7200)
    wait(800)
    editor.table.selectRow(2)
    wait(200)
    editor.grab().save(str(out / "caption-editor.png"))
    editor.undo_stack.setClean()
    editor.close()
    app.processEvents()


if __name__ == "__main__":
    raise SystemExit(main())
