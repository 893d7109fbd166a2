"""Version history: the versions with who did what, a readable diff, and restoring a version."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QTableWidget, QTableWidgetItem
from app.review.diff import LIGHT
from app.review.history_dialog import HistoryDialog
from editor import review
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import AUTHOR, REVIEWER, Team

WAIT_MS = 10_000
team = review_setup.team   # the review tests' lesson with media and team of four
FIRST_PICTURE = b"\x89PNG first picture"


@pytest.fixture
def revised(team: Team) -> Team:
    """v1 submitted, changes requested, then a revised text and picture submitted as v2."""
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.request_changes(team.workspace, team.item(), REVIEWER, "Say what the request is.")
    team.edit("Close with one clear request", "Close with one clear, kind request")
    (team.folder / "media" / "model.png").write_bytes(b"\x89PNG a better picture")
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    return team


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    assert found is not None
    return found


def open_history(qtbot: QtBot, team: Team, email: str = AUTHOR) -> HistoryDialog:
    dialog = HistoryDialog(team.workspace, team.item(), email)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_versions_are_listed_newest_first_with_what_happened(qtbot: QtBot, revised: Team) -> None:
    dialog = open_history(qtbot, revised)
    table = dialog.table
    assert [cell(table, row, 0).text() for row in range(table.rowCount())] == ["v2 (current)", "v1"]
    assert cell(table, 1, 2).text() == "Submitted by Ana Pereira · changes requested by Bo Lindqvist"
    assert cell(table, 0, 2).text() == "Submitted by Ana Pereira"


def test_the_diff_shows_the_changed_line_and_the_media_change(qtbot: QtBot, revised: Team) -> None:
    dialog = open_history(qtbot, revised)
    with qtbot.waitSignal(dialog.diff_shown, timeout=WAIT_MS):
        dialog.select_versions("v1", "v2")
    assert dialog.diff is not None
    assert (dialog.diff.old_label, dialog.diff.new_label) == ("v1", "v2 (current)")
    assert dialog.diff.media_changed == ["media/model.png"]
    shown = dialog.view.toPlainText()
    assert "Changes from v1 to v2 (current)" in shown
    assert "media/model.png" in shown and "Changed" in shown
    assert "Close with one clear request" in shown and "Close with one clear, kind request" in shown
    page = dialog.view.toHtml()
    added, removed = LIGHT.added[0], LIGHT.removed[0]
    assert page.index(removed) < page.index("Close with one clear request") < page.index(added) \
        < page.index("Close with one clear, kind request")
    assert not dialog.restore_button.isEnabled()       # two versions selected: nothing to restore


def test_restoring_a_version_writes_it_back_as_a_draft(qtbot: QtBot, revised: Team) -> None:
    dialog = open_history(qtbot, revised)
    with qtbot.waitSignal(dialog.diff_shown, timeout=WAIT_MS):
        dialog.select_versions("v1")                    # compared with the current content
    assert dialog.diff is not None and dialog.diff.new_label == "v2 (current)"
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.confirm_box is not None and dialog.confirm_button is not None
    with qtbot.waitSignal(dialog.restored, timeout=WAIT_MS) as restored, \
            qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.confirm_button.click()
    assert restored.args == [revised.source]
    assert "Close with one clear request" in revised.text()
    assert (revised.folder / "media" / "model.png").read_bytes() == FIRST_PICTURE
    state = review.review_state(revised.workspace, revised.item())
    assert state.status == "in_review" and state.content_changed   # the v2 round now sees other content
    assert "Restored v1" in dialog.note.text()
    table = dialog.table
    assert [cell(table, row, 0).text() for row in range(table.rowCount())] == ["v2", "v1 (current)"]
    assert cell(table, 0, 2).text() == "Submitted by Ana Pereira · replaced by a restore"
    assert cell(table, 1, 2).text().endswith("· restored by Ana Pereira")


def test_restoring_is_refused_clearly(qtbot: QtBot, revised: Team) -> None:
    reviewer = open_history(qtbot, revised, REVIEWER)
    reviewer.select_versions("v1")
    assert not reviewer.restore_button.isEnabled()
    assert "'author' role" in reviewer.restore_button.toolTip()

    author = HistoryDialog(revised.workspace, revised.item(), AUTHOR, save_first=lambda: False)
    qtbot.addWidget(author)
    with qtbot.waitSignal(author.loaded, timeout=WAIT_MS):
        author.show()
    author.select_versions("v1")
    author.restore_button.click()
    assert author.confirm_button is not None
    with qtbot.waitSignal(author.failed, timeout=WAIT_MS) as failure:
        author.confirm_button.click()
    assert "could not be saved" in failure.args[0]
    assert not author.error_frame.isHidden()
    assert "Close with one clear, kind request" in revised.text()    # nothing was written
