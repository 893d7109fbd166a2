"""Analytics: an empty state that says how to add a learning record store, and a lesson's completion,
average score and question difficulty read off the UI thread from an LRS target."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from pytestqt.qtbot import QtBot

import app.publish.analytics_view as analytics_view
from app.kit.qt import QTableWidgetItem
from app.publish.analytics_view import DIFFICULTY, EMPTY, AnalyticsDialog
from editor.workspace import Workspace
from publishing.connectors import add_target
from publishing.connectors.lrs import LrsConnector
from publishing.packages.course import load_unit
from publishing.targets import Target
from tests.connectors.keyrings import MemoryKeyring
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import Team

WAIT_MS = 30_000
ADL = "http://adlnet.gov/expapi/verbs/"
team = review_setup.team   # the review tests' lesson with a quiz


@pytest.fixture(autouse=True)
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield keyring.get_keyring()  # type: ignore[misc]
    keyring.set_keyring(previous)


def open_view(qtbot: QtBot, team: Team) -> AnalyticsDialog:
    dialog = AnalyticsDialog(team.workspace, team.item())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_without_an_lrs_target_the_view_says_how_to_add_one(qtbot: QtBot, team: Team) -> None:
    add_target(team.workspace, Target("share", "folder", str(team.workspace.root.parent / "share")))
    dialog = open_view(qtbot, team)
    assert dialog.stack.currentIndex() == 0
    assert dialog.empty.text() == EMPTY == "Add a learning record store in Publish ▸ Targets… to see how " \
        "learners do."
    assert not dialog.target_combo.isVisible()
    with qtbot.waitSignal(dialog.open_targets):
        dialog.targets_button.click()


def statement(learner: str, verb: str, activity: str, **result: Any) -> dict[str, Any]:
    return {"actor": {"mbox": f"mailto:{learner}@example.com"}, "verb": {"id": ADL + verb},
            "object": {"id": activity, "definition": {"name": {"en": "What comes first?"}}},
            "timestamp": "2030-01-01T10:00:00Z", **({"result": result} if result else {})}


def test_an_lrs_target_shows_completion_score_and_difficulty(
        qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    add_target(team.workspace, Target("lrs", "lrs", "https://lrs.example.com/xAPI/", {"username": "key"}),
               "lrs-secret")
    lesson = load_unit(team.folder).iri
    statements = [
        statement("ana", "answered", f"{lesson}/quiz/q1", success=True),
        statement("ana", "passed", lesson, score={"scaled": 1.0}),
        statement("bo", "answered", f"{lesson}/quiz/q1", success=False),
        statement("bo", "answered", f"{lesson}/quiz/q1", success=False),
        statement("bo", "failed", lesson, score={"scaled": 0.5}),
        statement("cy", "initialized", lesson),
    ]

    class RecordedLrs(LrsConnector):
        def statements(self, since: str = "") -> Iterator[dict[str, Any]]:
            yield from statements

    def opened(workspace: Workspace, name: str) -> LrsConnector:
        assert name == "lrs"
        return RecordedLrs(Target("lrs", "lrs", "https://lrs.example.com/xAPI/", {"username": "key"}), None)

    monkeypatch.setattr(analytics_view, "open_connector", opened)
    dialog = open_view(qtbot, team)
    assert dialog.stack.currentIndex() == 1 and dialog.target_combo.currentText() == "lrs"
    assert [label.text() for label in dialog.figures.values()] == ["3", "33%", "75%"]
    assert dialog.status.text() == "1 of 3 learner(s) completed it; the average score is over 2 learner(s)."
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, column) for column in range(4)]
    assert all(isinstance(cell, QTableWidgetItem) for cell in cells)
    assert [cell.text() for cell in cells if cell] == ["What comes first?", "3", "2", "67% wrong"]
    difficulty = dialog.table.item(0, DIFFICULTY)
    assert difficulty is not None and difficulty.data(analytics_view._SHARE_ROLE) == pytest.approx(2 / 3)
    dialog.grab()                                         # the bar delegate paints without error


def test_an_unreachable_lrs_is_reported_with_what_to_do(qtbot: QtBot, team: Team) -> None:
    # Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
    add_target(team.workspace, Target("lrs", "lrs", "http://127.0.0.1:1/xAPI/", {"username": "key"}),
               "lrs-secret")
    dialog = open_view(qtbot, team)
    text = dialog.status.text()
    assert text.startswith("✖  Check the network connection, and that the server or share is available")
    assert "127.0.0.1" in text and text.endswith("Then press Refresh.")
    assert "lrs-secret" not in text and dialog.refresh_button.isEnabled()
