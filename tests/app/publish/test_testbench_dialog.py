"""Publish → Test in a simulated LMS, on a demo lesson: the author plays the package in the app's web engine
(answer, reload, relaunch with the saved data), the log shows every call and what the LMS stores, the
verdict judges it; the scripted learner runs headless off the UI thread. Every server is stopped."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.publish.testbench_dialog import TestBenchDialog
from publishing.testbench.records import ApiCall, Commit, Observation, StatementRecord

DEMO_LESSON = Path(__file__).resolve().parents[3] / "resources" / "demo" / "lessons" / "spotting-phishing"
LOAD_MS = 60_000
# A learner's first answer, clicked in the lesson inside the bench LMS's frame (same origin).
ANSWER_FIRST_QUESTION = """(() => {
  const page = document.getElementById('content').contentDocument;
  const quiz = page.querySelector('.ts-quiz');
  quiz.querySelector('.ts-option label').click();
  quiz.querySelector('.ts-check').click();
  return quiz.dataset.quizId;
})()"""


def open_bench(qtbot: QtBot, fmt: str) -> TestBenchDialog:
    dialog = TestBenchDialog([DEMO_LESSON], "Spotting phishing", fmt=fmt)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def calls(dialog: TestBenchDialog, name: str, launch: int) -> list[ApiCall]:
    return [r for r in dialog.log.records if isinstance(r, ApiCall) and r.name == name and r.launch == launch]


def run_js(qtbot: QtBot, dialog: TestBenchDialog, script: str) -> object:
    results: list[object] = []
    dialog.view.page().runJavaScript(script, 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    return results[0]


def assert_stopped(origin: str) -> None:
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{origin}/bench/bench.html", timeout=2)


def test_scorm_play_reload_and_relaunch_with_saved_data(qtbot: QtBot) -> None:
    dialog = open_bench(qtbot, "scorm2004")
    qtbot.waitUntil(lambda: bool(calls(dialog, "Initialize", 1)), timeout=LOAD_MS)
    assert dialog.server is not None
    origin = dialog.server.origin
    assert calls(dialog, "Initialize", 1)[0].result == "true"
    assert dialog.log.table.rowCount() == len(dialog.log.records) > 0

    quiz_id = run_js(qtbot, dialog, ANSWER_FIRST_QUESTION)
    def answer_stored(record: object) -> bool:     # the answer and the state that shows it again
        wanted = {"cmi.interactions.0.id", "cmi.suspend_data"}
        return isinstance(record, Commit) and wanted <= set(record.values)

    qtbot.waitUntil(lambda: any(map(answer_stored, dialog.log.records)), timeout=10_000)
    stored = next(r for r in dialog.log.records if answer_stored(r))
    assert isinstance(stored, Commit)
    row = dialog.log.records.index(stored)
    assert dialog.log.table.item(row, 2).text() == "Stored"
    assert "cmi.interactions.0.id = " in dialog.log.table.item(row, 4).toolTip()
    dialog.log.table.selectRow(row)
    assert f"cmi.suspend_data = {stored.values['cmi.suspend_data']}" in dialog.log.details.toPlainText()

    dialog.reload_page()                 # the page ends its session when dismissed; the reload is refused
    qtbot.waitUntil(lambda: len(calls(dialog, "Initialize", 1)) == 2, timeout=LOAD_MS)
    refused = calls(dialog, "Initialize", 1)[1]
    assert (refused.result, refused.error) == ("false", "104")
    assert any(isinstance(r, Observation) and r.action == "reloaded the page" for r in dialog.log.records)
    assert not [c for c in calls(dialog, "Commit", 1) if c.dismissing]

    dialog.relaunch()
    qtbot.waitUntil(lambda: bool(calls(dialog, "Initialize", 2)), timeout=LOAD_MS)
    qtbot.waitUntil(lambda: any(c.args == ("cmi.suspend_data",) for c in calls(dialog, "GetValue", 2)),
                    timeout=10_000)
    handed_back = next(c for c in calls(dialog, "GetValue", 2) if c.args == ("cmi.suspend_data",))
    last_stored = [r for r in dialog.log.records if isinstance(r, Commit) and r.launch == 1][-1]
    assert handed_back.result == last_stored.values["cmi.suspend_data"]
    assert f'"{quiz_id}"' in handed_back.result
    assert run_js(qtbot, dialog, "document.getElementById('content').contentDocument"
                  f".querySelector('.ts-quiz[data-quiz-id=\"{quiz_id}\"]').classList.contains('is-answered')")

    qtbot.waitUntil(lambda: "No rule broken so far" in dialog.log.verdict_title.text(), timeout=5000)
    assert dialog.violations() == []
    dialog.close()
    assert_stopped(origin)


def test_cmi5_launch_logs_statements_and_a_broken_rule_shows_in_the_verdict(qtbot: QtBot) -> None:
    dialog = open_bench(qtbot, "cmi5")
    qtbot.waitUntil(lambda: any(isinstance(r, StatementRecord) and r.verb == "initialized"
                                for r in dialog.log.records), timeout=LOAD_MS)
    assert dialog.server is not None
    origin = dialog.server.origin
    row = next(i for i, r in enumerate(dialog.log.records) if isinstance(r, StatementRecord))
    assert dialog.log.table.item(row, 2).text() == "Statement"
    dialog.log.table.selectRow(row)
    shown = json.loads(dialog.log.details.toPlainText().split("\n\n", 1)[1])
    assert shown["verb"]["id"].endswith("initialized")

    # What an LMS would reject: a second "initialized" in the same session (cmi5 §9.3).
    dialog.server.add(StatementRecord(1, "initialized", "2030-01-01T00:00:00Z",
                                      dialog.log.records[row].session, {}))
    qtbot.waitUntil(lambda: dialog.log.verdict.count() > 0, timeout=5000)
    assert "session-order" in dialog.log.verdict.item(0).text()
    assert "rule broken" in dialog.log.verdict_title.text()
    dialog.close()
    assert_stopped(origin)


def test_the_scripted_learner_plays_off_the_ui_thread_and_passes(qtbot: QtBot) -> None:
    dialog = open_bench(qtbot, "scorm12")
    qtbot.waitUntil(lambda: bool(calls(dialog, "LMSInitialize", 1)), timeout=LOAD_MS)
    interactive = dialog.server
    assert interactive is not None
    dialog.scripted_button.click()
    assert dialog.server is None and not dialog.log.records     # the interactive LMS stopped first
    assert_stopped(interactive.origin)
    interactive.add(Observation(1, "closed the lesson"))         # a stopped session's call still on its way
    ticks = []
    qtbot.waitUntil(lambda: ticks.append(1) or dialog.scripted_report is not None, timeout=180_000)
    assert len(ticks) > 3                                        # the UI kept running meanwhile
    report = dialog.scripted_report
    assert report is not None and report.passed, [str(v) for v in report.violations]
    steps = [r for r in dialog.log.records if isinstance(r, Observation)]
    assert {"answered", "reloaded", "exit"} <= {step.action for step in steps}
    assert len(dialog.log.records) == len(report.records) == dialog.log.table.rowCount()
    assert dialog.log.verdict_title.text() == "✓ No rule broken."
    dialog.close()


def test_the_log_marks_refused_calls_and_commits_during_dismissal(qtbot: QtBot) -> None:
    from app.publish.testbench_log import BROKEN, REFUSED, BenchLog

    log = BenchLog()
    qtbot.addWidget(log)
    log.add(ApiCall(1, 1, "SetValue", ("cmi.location", "3"), "true", "0", False))
    log.add(ApiCall(1, 1, "Commit", ("",), "true", "0", True))
    log.add(ApiCall(1, 2, "Initialize", ("",), "false", "104", False))
    log.add(Commit(1, 1, {"cmi.exit": "suspend", "cmi.location": "3"}, True, True))
    colours = [log.table.item(row, 3).foreground().color() for row in range(4)]
    assert colours[1] == BROKEN and colours[2] == REFUSED and BROKEN not in (colours[0], colours[3])
    assert log.table.item(0, 4).text() == "cmi.location = 3"
    assert log.table.item(3, 4).text() == "cmi.exit = suspend; cmi.location = 3"
    log.show_verdict([], finished=True)
    assert log.verdict_title.text() == "✓ No rule broken." and not log.verdict.isVisibleTo(log)


def test_the_publish_menu_opens_the_bench_on_the_selected_lesson(qtbot: QtBot, workspace) -> None:  # type: ignore[no-untyped-def]
    from app.kit.actions import ActionId
    from app.kit.qt import QApplication
    from app.kit.settings import Settings
    from app.shell.main_window import MainWindow

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(workspace)
    lesson = workspace.new_lesson("Bench me")
    window.library.reload(lesson)
    window.library.select_path(lesson)
    qtbot.waitUntil(lambda: window.editor.item is not None)
    window.registry.action(ActionId.TEST_BENCH).trigger()
    (dialog,) = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, TestBenchDialog) and w.isVisible()]
    assert dialog.lessons == [lesson] and "Bench me" in dialog.windowTitle()
    qtbot.waitUntil(lambda: bool(calls(dialog, "Initialize", 1)), timeout=LOAD_MS)
    dialog.close()
    window.editor.close_item()
