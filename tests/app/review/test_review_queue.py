"""My reviews: what waits for a reviewer, overdue items marked, double-click opens, empty states."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from app.kit.qt import QColor, Qt, QTableWidget, QTableWidgetItem
from app.review.queue import EMPTY_TITLE, ReviewQueueDialog
from editor import review
from editor.workspace import LESSON_FILE, Item
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, SECOND_REVIEWER, Team

WAIT_MS = 10_000
team = review_setup.team   # the review tests' lesson with media and team of four


def _another_lesson(team: Team, item_id: str, title: str) -> Item:
    """A lesson like the team's, without media, under another id and title."""
    folder = team.workspace.root / "lessons" / item_id
    folder.mkdir(parents=True)
    text = review_setup.LESSON.replace("lesson0001", item_id).replace("Giving feedback that lands", title)
    (folder / LESSON_FILE).write_text(text.replace("![A feedback model](media/model.png \"The model\")", ""),
                                      encoding="utf-8")
    return team.workspace.read_item(folder / LESSON_FILE)


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    assert found is not None
    return found


def titles(table: QTableWidget) -> list[str]:
    return [cell(table, row, 0).text() for row in range(table.rowCount())]


def open_queue(qtbot: QtBot, team: Team, email: str) -> ReviewQueueDialog:
    dialog = ReviewQueueDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.set_workspace(team.workspace, email)
    return dialog


def test_the_queue_lists_what_waits_for_the_reviewer_overdue_first(qtbot: QtBot, team: Team) -> None:
    today = dt.date.today()     # when the test runs, as the queue reckons: not when the module was loaded
    workspace = team.workspace
    later = _another_lesson(team, "standups01", "Running stand-ups")
    elsewhere = _another_lesson(team, "lifting01", "Lifting safely")
    review.submit(workspace, later, AUTHOR, [REVIEWER, SECOND_REVIEWER], today + dt.timedelta(days=4))
    review.submit(workspace, team.item(), AUTHOR, [REVIEWER], today - dt.timedelta(days=2),
                  today=today - dt.timedelta(days=10))
    review.submit(workspace, elsewhere, AUTHOR, [SECOND_REVIEWER])

    dialog = open_queue(qtbot, team, REVIEWER)
    table = dialog.table
    assert dialog.stack.currentWidget() is table
    assert table.rowCount() == 2
    assert titles(table) == ["Giving feedback that lands", "Running stand-ups"]
    assert cell(table, 0, 1).text() == "Ana Pereira"
    assert cell(table, 0, 3).text().endswith("overdue by 2 days")
    assert cell(table, 0, 3).foreground().color() == QColor("#b3261e")
    assert cell(table, 0, 0).background().color() == QColor("#fdecec")     # the whole row is tinted
    assert cell(table, 1, 0).background().style() == Qt.BrushStyle.NoBrush
    assert cell(table, 1, 4).text() == "0 of 1"
    assert dialog.subtitle.text().startswith("2 items · 1 overdue")

    where = table.visualItemRect(cell(table, 1, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)   # a real double-click
    with qtbot.waitSignal(dialog.open_item, timeout=WAIT_MS) as opened:     # starts with a press
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args[0].source == later.source

    # Approving takes an item out of the reviewer's queue.
    review.approve(workspace, team.item(), REVIEWER)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.refresh_button.click()
    assert titles(table) == ["Running stand-ups"]


def test_empty_queue_and_people_who_are_not_set_up(qtbot: QtBot, team: Team) -> None:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    dialog = open_queue(qtbot, team, PUBLISHER)
    assert dialog.table.rowCount() == 0
    assert dialog.stack.currentIndex() == 1
    assert dialog.empty_title.text() == EMPTY_TITLE
    assert dialog.preferences_button.isHidden()
    assert not dialog.open_button.isEnabled()

    stranger = open_queue(qtbot, team, "zoe@example.com")
    assert "zoe@example.com is not a member" in stranger.empty_hint.text()
    with qtbot.waitSignal(stranger.open_preferences, timeout=WAIT_MS):
        stranger.preferences_button.click()
