"""New lesson, new link and rename dialogs: when OK is allowed and what they hand back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QDialog, QDialogButtonBox
from app.library import item_dialogs
from app.library.item_dialogs import (
    NewLessonDialog,
    NewLinkDialog,
    RenameDialog,
    ask_rename,
    link_url_problem,
    template_description,
)
from editor.workspace import Workspace, template_names


def _ok_enabled(buttons: QDialogButtonBox) -> bool:
    return buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "blank.md").write_text("---\ntitle: Untitled\nsummary: ''\n---\nBody\n", encoding="utf-8")
    (folder / "role-play.md").write_text("---\nsummary: Practise a hard conversation.\n---\n",
                                         encoding="utf-8")
    monkeypatch.setattr(item_dialogs, "TEMPLATES", folder)
    return ["blank", "role-play", "missing"]


def test_template_descriptions(templates: list[str]) -> None:
    assert template_description("role-play") == "Practise a hard conversation."
    assert template_description("blank") == item_dialogs._TEMPLATE_DESCRIPTIONS["blank"]
    assert template_description("missing") == "Start from the 'missing' template."


def test_new_lesson_dialog(qtbot: QtBot, templates: list[str]) -> None:
    dialog = NewLessonDialog(templates)
    qtbot.addWidget(dialog)
    lines = [dialog.template_list.item(row).text().split("\n") for row in range(dialog.template_list.count())]
    assert lines[1] == ["Role play", "Practise a hard conversation."]
    assert not _ok_enabled(dialog.buttons)
    qtbot.keyClicks(dialog.title_edit, "   ")
    assert not _ok_enabled(dialog.buttons)
    qtbot.keyClicks(dialog.title_edit, "Saying no ")
    assert _ok_enabled(dialog.buttons)
    assert dialog.values() == ("Saying no", "blank")
    dialog.template_list.setCurrentRow(1)
    assert dialog.values() == ("Saying no", "role-play")


def test_new_lesson_dialog_works_with_the_shipped_templates(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = NewLessonDialog(template_names())
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Coaching")
    folder = workspace.new_lesson(*dialog.values())
    assert workspace.read_item(folder / "lesson.md").title == "Coaching"


@pytest.mark.parametrize("url,problem", [
    ("", ""), ("https://example.org/a?b=1", ""), ("HTTP://Example.org", ""),
    ("example.org", "starting with https://"), ("ftp://example.org", "starting with https://"),
    ("javascript:alert(1)", "starting with https://"), ("https://", "no valid site name"),
    ("https://exa mple.org", "no valid site name"), ("http://[::1", "not a valid web address")])
def test_link_url_problem(url: str, problem: str) -> None:
    found = link_url_problem(url)
    assert (problem in found) if problem else found == ""


def test_new_link_dialog(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = NewLinkDialog()
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Radical candor")
    dialog.url_edit.setText("www.example.org")
    assert not _ok_enabled(dialog.buttons)
    assert not dialog.url_error.isHidden() and "https://" in dialog.url_error.text()
    dialog.url_edit.setText(" https://example.org/candor ")
    assert _ok_enabled(dialog.buttons) and dialog.url_error.isHidden()
    dialog.summary_edit.setPlainText("Care personally, challenge directly.")
    dialog.source_edit.setText("Example Press")
    dialog.skills_edit.setText("Feedback, , Coaching ")
    assert dialog.values() == {"url": "https://example.org/candor", "title": "Radical candor",
                               "summary": "Care personally, challenge directly.", "source": "Example Press",
                               "duration_minutes": None, "skills": ["Feedback", "Coaching"]}
    dialog.duration_spin.setValue(12)
    link = workspace.read_item(workspace.new_link(**dialog.values()))
    assert (link.url, link.skills, link.summary) == ("https://example.org/candor", ["Feedback", "Coaching"],
                                                     "Care personally, challenge directly.")
    assert "duration_minutes: 12" in link.source.read_text(encoding="utf-8")
    dialog.title_edit.setText("  ")
    assert not _ok_enabled(dialog.buttons)


def test_rename_dialog_needs_a_new_non_empty_title(qtbot: QtBot) -> None:
    dialog = RenameDialog("Old title")
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == "Old title" and not _ok_enabled(dialog.buttons)
    dialog.title_edit.setText("   ")
    assert not _ok_enabled(dialog.buttons)
    dialog.title_edit.setText(" New title ")
    assert _ok_enabled(dialog.buttons) and dialog.value() == "New title"


@pytest.mark.parametrize("accepted,expected", [(True, "Better title"), (False, None)])
def test_ask_rename(qapp: object, monkeypatch: pytest.MonkeyPatch, accepted: bool,
                    expected: str | None) -> None:
    def answer(dialog: RenameDialog) -> int:
        dialog.title_edit.setText("Better title ")
        return QDialog.DialogCode.Accepted.value if accepted else QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(RenameDialog, "exec", answer)
    assert ask_rename(None, "Old title") == expected
