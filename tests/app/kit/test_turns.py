"""Steps queued with ``next_turn`` run in order, one per turn of the event loop, so a timer due meanwhile
runs between them."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QApplication, QEvent, QObject, QTimer, is_alive
from app.kit.turns import next_turn


def test_steps_run_in_order_one_per_turn_with_timers_between(qtbot: QtBot) -> None:
    owner = QObject()
    ran: list[str] = []
    ticker = QTimer(owner, interval=0)      # due at every turn: it marks where one turn ends
    ticker.timeout.connect(lambda: ran.append("tick"))
    ticker.start()
    for name in ("first", "second", "third"):
        next_turn(owner, lambda name=name: ran.append(name))
    qtbot.waitUntil(lambda: "third" in ran)
    ticker.stop()
    steps = [entry for entry in ran if entry != "tick"]
    assert steps == ["first", "second", "third"]
    between = ran[ran.index("first"):ran.index("third")]
    assert between.count("tick") >= 2      # never two steps in one turn


def test_a_gone_receiver_skips_its_step_and_a_failing_step_stops_no_other(qtbot: QtBot,
                                                                          monkeypatch: pytest.MonkeyPatch
                                                                          ) -> None:
    gone, kept = QObject(), QObject()
    ran: list[str] = []

    def fails() -> None:
        raise RuntimeError("a step that breaks")

    errors: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda _type, value, _tb: errors.append(value))
    next_turn(gone, lambda: ran.append("gone"))
    next_turn(kept, fails)
    next_turn(kept, lambda: ran.append("after the failure"))
    gone.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)     # gone before any turn ran
    assert not is_alive(gone)
    qtbot.waitUntil(lambda: ran == ["after the failure"])
    assert [str(error) for error in errors] == ["a step that breaks"]
