"""Make the review screenshots from the real widgets, on a realistic review in a copy of the demo workspace.

Sets up a team in a fresh copy of the demo workspace (under a temporary TESSERA_HOME): members, a
policy of two approvals, several lessons submitted to one reviewer with different due dates, a
lesson with anchored comments, replies and a resolved thread, and a lesson revised after a request
for changes (text, a detail and a picture). Events are recorded through the core at staggered
times in the past, so the times read like a real week. Saves:

    docs/screenshots/review-queue.png    "My reviews" for the reviewer Bo Lindqvist
    docs/screenshots/review-thread.png   the Review tab of a lesson under review, as Bo sees it
    docs/screenshots/review-diff.png     the history dialog comparing the two submitted versions

Run: ``.venv/bin/python docs/make_review_screenshots.py [--out FOLDER]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import isolated_home  # noqa: E402 - needs the path set above

ANA, BO, PRIYA, MARCUS = "ana@example.com", "bo@example.com", "priya@example.com", "marcus@example.com"
TEAM = [("Ana Pereira", ANA, ["author", "reviewer"]), ("Bo Lindqvist", BO, ["reviewer"]),
        ("Priya Raman", PRIYA, ["author", "reviewer"]), ("Marcus Lee", MARCUS, ["author", "publisher"]),
        ("Tomasz Nowak", "tomasz@example.com", ["author"]), ("Jana Wolff", "jana@example.com", ["author"]),
        ("Sam Okafor", "sam@example.com", ["author"]), ("Grace Mensah", "grace@example.com", ["author"])]
SETTLE_MS = 300


class _Clock:
    """Stands in for the clock of the review log, so a scripted week gets realistic times."""

    def __init__(self) -> None:
        self.moment = dt.datetime.now(dt.UTC)

    def at(self, days_ago: float, hour: int, minute: int) -> None:
        local = (dt.datetime.now() - dt.timedelta(days=days_ago)).replace(hour=hour, minute=minute)
        self.moment = local.astimezone(dt.UTC)


CLOCK = _Clock()


class _ScriptedDatetime(dt.datetime):
    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return CLOCK.moment.astimezone(tz)


@contextmanager
def scripted_clock() -> Iterator[None]:
    from editor.review import events
    real = events.dt
    events.dt = types.SimpleNamespace(datetime=_ScriptedDatetime, timedelta=dt.timedelta,  # type: ignore[assignment]
                                      UTC=dt.UTC, date=dt.date)
    try:
        yield
    finally:
        events.dt = real


def build_scenario(workspace: Any) -> dict[str, Any]:
    """Record a week of reviews; returns the items the screenshots show."""
    from PIL import Image, ImageDraw

    from editor import review
    for name, email, roles in TEAM:
        review.add_member(workspace, name, email, roles)
    review.save_policy(workspace, review.Policy(approvals_needed=2))
    items = {item.path.name: item for item in workspace.items() if item.kind == "lesson"}
    today = dt.date.today()

    def item(folder: str) -> Any:
        return workspace.read_item(items[folder].source)

    with scripted_clock():
        # The queue: four lessons wait for Bo, one of them overdue, one already approved by Priya.
        CLOCK.at(9, 9, 40)
        review.submit(workspace, item("lifting-safely"), "tomasz@example.com", [BO, PRIYA],
                      today - dt.timedelta(days=2), "Updated for the new warehouse layout.",
                      today=today - dt.timedelta(days=9))
        CLOCK.at(4, 14, 5)
        review.submit(workspace, item("spotting-phishing"), MARCUS, [BO, PRIYA], today + dt.timedelta(days=1))
        CLOCK.at(3, 10, 20)
        review.approve(workspace, item("spotting-phishing"), PRIYA, "Clear and current.")
        CLOCK.at(1, 16, 45)
        review.submit(workspace, item("xlookup-basics"), "sam@example.com", [BO, ANA],
                      today + dt.timedelta(days=6))
        CLOCK.at(0, 8, 55)
        review.submit(workspace, item("first-week"), "grace@example.com", [BO, PRIYA])

        # The thread: Ana's feedback lesson, commented while in review.
        feedback = "giving-feedback-sbi"
        source = items[feedback].source
        text = source.read_text(encoding="utf-8")
        CLOCK.at(6, 11, 10)
        review.add_comment(workspace, item(feedback), PRIYA, "Could we link the one-page SBI worksheet "
                           "here? People ask for it after the course.",
                           review.anchor_quote(text, "it takes less than a minute"))
        source.write_text(text.replace(" It works for praise and for criticism, and it takes less than a "
                                       "minute.", " It works for praise and for criticism alike."),
                          encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        CLOCK.at(5, 9, 30)
        review.submit(workspace, item(feedback), ANA, [BO, PRIYA], today + dt.timedelta(days=3),
                      "Shortened the intro; the quiz is new.")
        CLOCK.at(2, 15, 2)
        bo_comment = review.add_comment(
            workspace, item(feedback), BO, "“As a camera would have recorded it” is a great image. Could the "
            "example name a neutral colleague instead of Priya? She is in most of our teams.",
            review.anchor_quote(text, "you cut in twice while Priya was presenting her estimate"))
        CLOCK.at(2, 15, 9)
        quiz_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("::: quiz"))
        quiz = review.add_comment(workspace, item(feedback), BO, "Nice distractors. Maybe add a fourth "
                                  "option about the impact, so the question tests more than one part.",
                                  review.anchor_block(text, quiz_line))
        CLOCK.at(1, 9, 14)
        review.reply(workspace, item(feedback), ANA, bo_comment.id, "Good point, I'll use “Alex” in the "
                     "next round.")
        CLOCK.at(1, 9, 20)
        review.reply(workspace, item(feedback), ANA, quiz.id, "Kept it to three on purpose: it is the "
                     "first check in the lesson.")
        CLOCK.at(0, 9, 41)
        review.approve(workspace, item(feedback), PRIYA, "Ready from my side.")
        CLOCK.at(0, 10, 2)
        review.resolve(workspace, item(feedback), BO, quiz.id)
        CLOCK.at(0, 10, 5)
        review.add_comment(workspace, item(feedback), BO, "The takeaways read well. One idea: end with the "
                           "question learners should ask, in bold.")

        # The diff: the stand-up lesson, revised after a request for changes.
        standup, sam = "ten-minute-standup", "sam@example.com"
        lesson = items[standup]
        CLOCK.at(8, 13, 30)
        review.submit(workspace, item(standup), sam, [BO, PRIYA])
        CLOCK.at(7, 10, 0)
        review.request_changes(workspace, item(standup), BO, "Rule 4 should say how long the time-box is, "
                               "and the board picture still highlights last sprint's blocked note.")
        text = lesson.source.read_text(encoding="utf-8")
        text = text.replace("4. **Time-box it.** Run a timer everyone can see.",
                            "4. **Time-box it.** Run a ten-minute timer everyone can see, and stop when it "
                            "rings.")
        text = text.replace("they are the most important thing to hear about.\n",
                            "they are the most important thing to hear about.\n\nKeep the board on screen "
                            "for the whole stand-up, so people can update their notes as they speak.\n")
        text = text.replace("summary: Walk the board,", "summary: Ten minutes, one board — walk the board,")
        lesson.source.write_text(text, encoding="utf-8")
        board_path = lesson.path / "media" / "standup-board.png"
        with Image.open(board_path) as picture:
            board = picture.convert("RGB")
        ImageDraw.Draw(board).rectangle((12, 12, 150, 40), fill="#fde68a")
        board.save(board_path)
        CLOCK.at(6, 17, 40)
        review.submit(workspace, item(standup), sam, [BO, PRIYA],
                      note="Rule 4 now names the ten minutes; refreshed the board picture.")
    return {"thread": item(feedback), "diff": item(standup)}


def make_screenshots(out: Path) -> list[Path]:
    from app.kit import qt
    from app.kit.theme import apply_theme
    from app.review.history_dialog import HistoryDialog
    from app.review.panel import ReviewPanel
    from app.review.queue import ReviewQueueDialog
    from editor.demo import ensure_demo_workspace
    from editor.workspace import Workspace

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with isolated_home("tessera-review-screens-"):
        workspace = Workspace.open(ensure_demo_workspace())
        shown = build_scenario(workspace)
        app = qt.QApplication([sys.argv[0]])
        app.setApplicationDisplayName("Tessera")
        apply_theme(app, "light")

        def wait(signal: Any) -> None:
            """Run the event loop until ``signal`` (at most 20 s), then a moment more for painting."""
            loop = qt.QEventLoop()
            if signal is not None:
                signal.connect(loop.quit)
                qt.QTimer.singleShot(20_000, loop.quit)   # never hang on a signal that does not come
                loop.exec()
            qt.QTimer.singleShot(SETTLE_MS, loop.quit)
            loop.exec()

        def save(widget: Any, name: str) -> None:
            path = out / name
            if not widget.grab().save(str(path), "PNG"):
                raise SystemExit(f"make_review_screenshots: could not write {path}.")
            saved.append(path)

        queue = ReviewQueueDialog()
        queue.resize(860, 370)
        queue.show()
        queue.set_workspace(workspace, BO)
        wait(queue.loaded)
        save(queue, "review-queue.png")

        panel = ReviewPanel()
        panel.resize(560, 960)
        panel.show()
        panel.set_item(workspace, shown["thread"], BO)
        wait(panel.refreshed)
        panel.comments.show_resolved.setChecked(True)
        wait(None)
        save(panel, "review-thread.png")

        history = HistoryDialog(workspace, shown["diff"], "sam@example.com")
        history.resize(1180, 700)
        history.show()
        wait(history.loaded)
        history.select_versions("v1", "v2")
        wait(history.diff_shown)
        save(history, "review-diff.png")
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save the review screenshots.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="output folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in make_screenshots(args.out):
        print(f"Saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
