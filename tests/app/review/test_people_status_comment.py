"""People and who you are, one status everywhere, and commenting from a context menu."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from app.editing.source_editor import SourceEditor
from app.kit.qt import QAction
from app.library.filter_proxy import LibraryFilterProxy
from app.library.model import Column, LibraryModel
from app.review.panel import ReviewPanel
from app.review.people_dialog import NOT_A_LOGIN, IdentityDialog, PeopleDialog
from editor import review
from editor.review import load_members
from tests.app.review import test_review_panel as panel_setup
from tests.app.review.test_review_panel import WAIT_MS, select, show_as
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team

team = review_setup.team
editor = panel_setup.editor
panel = panel_setup.panel


def test_the_people_screen_adds_changes_and_removes_under_the_core_rules(qtbot: QtBot, team: Team) -> None:
    dialog = PeopleDialog(team.workspace, REVIEWER)
    qtbot.addWidget(dialog)
    assert NOT_A_LOGIN in [label.text() for label in dialog.findChildren(type(dialog.error))]
    assert "not a login" in NOT_A_LOGIN
    emails = [dialog.email_at(row) for row in range(dialog.table.rowCount())]
    assert AUTHOR in emails and dialog.you.currentData() == REVIEWER

    dialog.new_person.name.setText("Dee")
    dialog.new_person.email.setText("dee@example.com")
    dialog.new_person.roles.boxes["reviewer"].setChecked(True)
    dialog.add_button.click()
    dee = load_members(team.workspace).find("dee@example.com")
    assert dee is not None and sorted(dee.roles) == ["author", "reviewer"]
    assert dialog.new_person.email.text() == "" and dialog.error.isHidden()

    # Ticking a role box gives the role; taking the last publisher's role is refused, in words.
    row = [dialog.email_at(r) for r in range(dialog.table.rowCount())].index("dee@example.com")
    dialog.table.item(row, 4).setCheckState(dialog.table.item(row, 4).checkState().Checked)
    assert load_members(team.workspace).find("dee@example.com").has("publisher")
    dialog.table.item(row, 4).setCheckState(dialog.table.item(row, 4).checkState().Unchecked)
    pat = [dialog.email_at(r) for r in range(dialog.table.rowCount())].index(PUBLISHER)
    dialog.table.selectRow(pat)
    dialog.remove_button.click()
    assert "nobody with the 'publisher' role" in dialog.error.text() and not dialog.error.isHidden()
    assert load_members(team.workspace).find(PUBLISHER) is not None

    dialog.you.setCurrentIndex(dialog.you.findData("dee@example.com"))
    with qtbot.waitSignal(dialog.identity_chosen, timeout=WAIT_MS) as chosen:
        dialog.me_button.click()
    assert chosen.args == ["Dee", "dee@example.com"]


def test_the_first_run_step_picks_a_member_or_adds_oneself(qtbot: QtBot, team: Team) -> None:
    dialog = IdentityDialog(team.workspace)
    qtbot.addWidget(dialog)
    assert dialog.continue_button.isDefault() and not dialog.not_listed.isChecked()
    labels = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    dialog.people.setCurrentRow(next(i for i, label in enumerate(labels) if REVIEWER in label))
    with qtbot.waitSignal(dialog.identity_chosen, timeout=WAIT_MS) as chosen:
        dialog.continue_button.click()
    assert chosen.args[1] == REVIEWER

    again = IdentityDialog(team.workspace)
    qtbot.addWidget(again)
    again.not_listed.setChecked(True)
    again.new_person.email.setText("not an email")
    again.continue_button.click()
    assert "not an email address" in again.error.text() and not again.error.isHidden()
    again.new_person.name.setText("Eve")
    again.new_person.email.setText("eve@example.com")
    with qtbot.waitSignal(again.identity_chosen, timeout=WAIT_MS) as chosen:
        again.continue_button.click()
    assert chosen.args == ["Eve", "eve@example.com"]
    assert load_members(team.workspace).find("eve@example.com").has("author")


def test_a_reviewer_who_asked_for_changes_is_not_waited_for(qtbot: QtBot, team: Team,
                                                           panel: ReviewPanel) -> None:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.request_changes(team.workspace, team.item(), REVIEWER, "Shorter, please.")
    show_as(qtbot, panel, team, AUTHOR)
    row = panel.summary.rows["Reviewers"].text()
    assert "requested changes" in row and "waiting" not in row
    assert panel.summary.badge.text() == "Changes requested"


def test_the_library_keeps_derived_statuses_and_the_published_filter_finds_newer_drafts(
        qtbot: QtBot, team: Team) -> None:
    model = LibraryModel()
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    model.set_items([team.item()])
    model.set_derived_statuses({team.source: "changes_requested"})
    model.update_item(team.item())          # a save re-reads the front matter, which says "draft"
    assert model.data(model.index(0, Column.STATUS)) == "Changes requested"
    model.set_derived_statuses({team.source: "published_newer_draft"})
    model.set_items([dataclasses.replace(team.item())])
    assert model.data(model.index(0, Column.STATUS)) == "Published · newer draft"
    proxy.set_status("published")
    assert proxy.rowCount() == 1
    proxy.set_status("draft")
    assert proxy.rowCount() == 0


def test_comment_from_the_editor_context_menu_anchors_to_the_selection(
        qtbot: QtBot, team: Team, editor: SourceEditor, panel: ReviewPanel) -> None:
    comment = QAction("Comment…")
    editor.context_actions.append(comment)
    menu = editor.context_menu(editor.rect().center())
    assert menu.actions()[0] is comment and menu.actions()[1].isSeparator()
    show_as(qtbot, panel, team, REVIEWER)
    select(editor, "one clear request")
    comment.triggered.connect(lambda: panel.comment_here(""))
    comment.trigger()
    assert not panel.comments.composer.isHidden()
    assert panel.comments.anchor is not None and panel.comments.anchor.quote == "one clear request"
    # From the preview: its selected text is found in the source.
    cursor = editor.textCursor()
    cursor.clearSelection()
    editor.setTextCursor(cursor)
    panel.comment_here("a situation and a behaviour")
    assert panel.comments.anchor is not None and panel.comments.anchor.quote == "a situation and a behaviour"
    # Nothing selected anywhere: the block at the cursor.
    cursor.setPosition(editor.toPlainText().index("Close with"))
    editor.setTextCursor(cursor)
    panel.comment_here("")
    assert panel.comments.anchor is not None and "one clear request" in panel.comments.anchor.quote
