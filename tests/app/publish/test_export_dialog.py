"""The export dialog: preflight first (errors block, warnings are acknowledged), then one build per
format off the UI thread with its own progress, Cancel that leaves nothing half-written, results."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import app.publish.export_dialog as export_dialog
from app.kit.qt import Qt, QUrl
from app.publish.export_dialog import BUILD, CHECKS, SETUP, ExportDialog
from editor.paths import DEMO_WORKSPACE
from editor.progress import CancelToken, ProgressCallback
from editor.workspace import LESSON_FILE, Item, Workspace

WAIT_MS = 60_000
NO_CORRECT_ANSWER = """\
---
id: quiz0001
title: A quiz without an answer
summary: Nobody marked the right answer.
language: en
---
## Check yourself

::: quiz single
? Which step comes first?
- [ ] The verdict
- [ ] The request
:::
"""


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    shutil.copytree(DEMO_WORKSPACE, tmp_path / "demo")
    return Workspace.open(tmp_path / "demo")


def lesson(workspace: Workspace, folder: str) -> Item:
    return workspace.read_item(workspace.root / "lessons" / folder / LESSON_FILE)


def open_dialog(qtbot: QtBot, workspace: Workspace, items: list[Item], formats: tuple[str, ...],
                folder: Path) -> ExportDialog:
    dialog = ExportDialog(workspace, items, formats, folder)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_demo_lesson_becomes_a_scorm_zip_with_progress_to_the_end(
        qtbot: QtBot, demo: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "exports"
    dialog = open_dialog(qtbot, demo, [lesson(demo, "giving-feedback-sbi")], ("scorm12",), out)
    assert [name for name, box in dialog.setup.format_boxes.items() if box.isChecked()] == ["scorm12"]
    assert dialog.setup.format_boxes["scorm2004"].text() == "SCORM 2004 4th edition"     # human names
    assert not dialog.setup.title_edit.isVisible()                    # one lesson: no course title
    assert "giving-feedback-sbi-scorm12.zip" in dialog.setup.hint.text()
    seen: list[tuple[str, float]] = []
    dialog.steps.progress.connect(lambda key, fraction, _text: seen.append((key, fraction)))
    with qtbot.waitSignal(dialog.built, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # No findings: the check page is skipped and the build runs at once.
    assert dialog.pages.currentIndex() == BUILD
    bar, status = dialog.rows["scorm12"]
    assert bar.value() == bar.maximum() and status.text() == "Done"
    fractions = [fraction for key, fraction in seen if key == "scorm12"]
    assert fractions and fractions == sorted(fractions) and fractions[-1] >= 0.99
    package = out / "giving-feedback-sbi-scorm12.zip"
    with zipfile.ZipFile(package) as archive:
        assert {"imsmanifest.xml", "index.html", "media/sbi-model.png"} <= set(archive.namelist())
    assert [p.name for p in out.iterdir()] == [package.name]                     # no temporary files left
    kilobytes = round(package.stat().st_size / 1024)
    assert 0 < kilobytes < 1000                          # a small lesson: said in KB, not "0.0 MB"
    shown = dialog.results_list.item(0)
    assert shown is not None and shown.text() == f"✓  SCORM 1.2: {package.name} ({kilobytes} KB)"
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()

    opened: list[str] = []

    class Desktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(export_dialog, "QDesktopServices", Desktop)
    qtbot.mouseClick(dialog.show_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]


def test_a_quiz_without_a_correct_answer_blocks_the_export_and_leads_to_the_line(
        qtbot: QtBot, demo: Workspace, tmp_path: Path) -> None:
    folder = demo.root / "lessons" / "broken-quiz"
    folder.mkdir()
    (folder / LESSON_FILE).write_text(NO_CORRECT_ANSWER, encoding="utf-8")
    out = tmp_path / "exports"
    dialog = open_dialog(qtbot, demo, [lesson(demo, "broken-quiz")], ("scorm12", "cmi5"), out)
    with qtbot.waitSignal(dialog.checked, timeout=WAIT_MS):
        dialog.export_button.click()
    assert dialog.pages.currentIndex() == CHECKS
    assert "must be fixed before exporting" in dialog.findings.summary.text()
    assert not dialog.export_button.isEnabled() and dialog.back_button.isEnabled()
    heading = dialog.findings.list.item(0)
    assert heading is not None and heading.text() == "A quiz without an answer"
    errors = [entry for entry in dialog.findings.entries() if entry.text().startswith("✖")]
    assert errors and "correct" in errors[0].text().lower()
    assert "(only" not in errors[0].text()                  # found for both formats: listed once
    dialog.findings.list.setCurrentItem(errors[0])
    with qtbot.waitSignal(dialog.show_problem) as shown:
        dialog.findings.go_button.click()
    assert shown.args == [folder / LESSON_FILE, 9]     # the quiz block
    assert not out.exists()                                  # nothing was written
    dialog.back_button.click()
    assert dialog.pages.currentIndex() == SETUP


def test_warnings_are_acknowledged_before_a_course_is_built(
        qtbot: QtBot, demo: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    parts = [lesson(demo, "first-week"), lesson(demo, "xlookup-basics")]
    dialog = open_dialog(qtbot, demo, parts, ("scorm12", "html"), out)
    assert dialog.setup.title_edit.isVisible()
    dialog.setup.lesson_list.setCurrentRow(1)
    dialog.setup.up_button.click()                     # the course order is the list order
    assert [item.path.name for item in dialog.setup.items()] == ["xlookup-basics", "first-week"]
    dialog.setup.title_edit.setText("Spreadsheet starter")
    with qtbot.waitSignal(dialog.checked, timeout=WAIT_MS):
        dialog.export_button.click()
    assert "No errors" in dialog.findings.summary.text()
    warnings = [entry.text() for entry in dialog.findings.entries()]
    assert warnings and all(text.startswith("⚠") and text.endswith("(only HTML5)") for text in warnings)
    assert dialog.acknowledge.isVisible() and not dialog.export_button.isEnabled()
    dialog.acknowledge.setChecked(True)
    assert dialog.export_button.text() == "Export anyway" and dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.built, timeout=WAIT_MS):
        dialog.export_button.click()
    assert sorted(path.name for path in out.iterdir()) == ["spreadsheet-starter-html.zip",
                                                           "spreadsheet-starter-scorm12.zip"]
    with zipfile.ZipFile(out / "spreadsheet-starter-html.zip") as archive:
        names = archive.namelist()
    assert names.index("lessons/xlookup-basics/index.html") >= 0 and "index.html" in names


def test_cancel_stops_the_build_and_leaves_nothing_behind(
        qtbot: QtBot, demo: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_build = export_dialog.build_package

    def slow_build(*args: Any, progress: ProgressCallback, cancel: CancelToken, **kwargs: Any) -> Any:
        """The real build, started only once the person pressed Cancel (so the test never races it)."""
        progress(0.5, "Writing the package")
        deadline = time.monotonic() + 30
        while not cancel.cancelled:
            assert time.monotonic() < deadline, "Cancel never reached the running build"
            time.sleep(0.01)
        return real_build(*args, progress=progress, cancel=cancel, **kwargs)

    monkeypatch.setattr(export_dialog, "build_package", slow_build)
    out = tmp_path / "exports"
    dialog = open_dialog(qtbot, demo, [lesson(demo, "giving-feedback-sbi")], ("scorm12", "scorm2004"), out)
    dialog.steps.progress.connect(lambda *_args: dialog.cancel_button.click())
    with qtbot.waitSignal(dialog.built, timeout=WAIT_MS):
        dialog.export_button.click()
    assert [dialog.rows[fmt][1].text() for fmt in ("scorm12", "scorm2004")] == ["Cancelled", "Cancelled"]
    assert not out.exists() or list(out.iterdir()) == []
    assert "0 of 2 packages" in dialog.build_heading.text()
    assert not dialog.show_folder_button.isEnabled()


def test_unusable_choices_say_what_to_do(qtbot: QtBot, demo: Workspace, tmp_path: Path) -> None:
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    dialog = open_dialog(qtbot, demo, [lesson(demo, "first-week")], (), afile)
    assert dialog.setup.hint.text() == "Choose at least one format." and not dialog.export_button.isEnabled()
    dialog.setup.format_boxes["cmi5"].setChecked(True)
    assert "is a file, not a folder" in dialog.setup.hint.text()
    dialog.setup.folder_edit.setText("relative/path")
    assert dialog.setup.hint.text() == "Choose the folder to save the packages in."
    dialog.setup.lesson_list.setCurrentRow(0)
    dialog.setup.remove_button.click()
    assert dialog.setup.hint.text() == "Add at least one lesson or link to export."
    # Adding from the library: the list loads off the UI thread.
    qtbot.waitUntil(dialog.setup.add_combo.isEnabled, timeout=WAIT_MS)
    dialog.setup.add_edit.setText("in")
    dialog.setup.add_button.click()
    assert "titles contain “in”: pick one" in dialog.setup.hint.text()
    dialog.setup.add_edit.setText("phishing emails")             # part of one title is enough
    dialog.setup.add_button.click()
    assert [item.path.name for item in dialog.setup.items()] == ["spotting-phishing"]
    dialog.setup.add_edit.setText("Spotting phishing emails  ·  Lesson")      # as the completer fills it in
    dialog.setup.add_button.click()
    assert "already in the list" in dialog.setup.hint.text()
