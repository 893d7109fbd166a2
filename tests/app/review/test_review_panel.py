"""The Review tab: a whole review cycle driven through its buttons and dialogs, plus its refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from app.editing.source_editor import SourceEditor
from app.kit.qt import QLabel, Qt, QTextCursor
from app.review.comments import Target, text_offset
from app.review.dialogs import SubmitDialog, TextDialog
from app.review.panel import ReviewPanel
from app.review.summary import STALE_APPROVAL
from editor import review
from editor.review.status_cache import derived_status
from tests.editor.review import conftest as review_setup
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team

WAIT_MS = 10_000
team = review_setup.team   # the review tests' lesson with media and team of four


@pytest.fixture
def editor(qtbot: QtBot, team: Team) -> SourceEditor:
    widget = SourceEditor()
    qtbot.addWidget(widget)
    widget.setPlainText(team.text())
    return widget


@pytest.fixture
def panel(qtbot: QtBot, editor: SourceEditor) -> ReviewPanel:
    widget = ReviewPanel(editor)
    qtbot.addWidget(widget)
    widget.resize(560, 900)
    widget.show()
    return widget


def show_as(qtbot: QtBot, panel: ReviewPanel, team: Team, email: str) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT_MS):
        panel.set_item(team.workspace, team.item(), email)


def act(qtbot: QtBot, panel: ReviewPanel, click: Callable[[], None]) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT_MS):
        click()


def select(editor: SourceEditor, passage: str) -> None:
    """Select ``passage`` in the editor the way a person would (Qt counts UTF-16 units)."""
    text = editor.text()
    start = len(text[:text.index(passage)].encode("utf-16-le")) // 2
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(passage.encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def line_of(team: Team, passage: str) -> int:
    text = team.text()
    return text[:text.index(passage)].count("\n") + 1


def test_qt_positions_become_python_offsets_past_characters_outside_the_bmp() -> None:
    text = "a👋bc\nd"
    assert text_offset(text, 3) == 2       # "a" + the two UTF-16 units of the emoji
    assert text[text_offset(text, 3):] == "bc\nd"


def test_a_whole_review_cycle_through_the_panel(qtbot: QtBot, team: Team, editor: SourceEditor,
                                                panel: ReviewPanel) -> None:
    review.add_member(team.workspace, "Ana Pereira", AUTHOR, ["author", "reviewer"])
    team.edit("## Why it matters", "## Why it matters 👋")
    editor.setPlainText(team.text())
    show_as(qtbot, panel, team, AUTHOR)
    assert panel.summary.badge.text() == "Draft"
    assert panel.submit_button.isEnabled()

    panel.submit_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SubmitDialog)
    assert not dialog.ok_button.isEnabled()            # nobody picked yet
    rows = {dialog.reviewer_list.item(i).text(): dialog.reviewer_list.item(i)
            for i in range(dialog.reviewer_list.count())}
    own = next(entry for label, entry in rows.items() if AUTHOR in label)
    assert not own.flags() & Qt.ItemFlag.ItemIsEnabled   # authors may not review their own work
    next(entry for label, entry in rows.items() if REVIEWER in label).setCheckState(Qt.CheckState.Checked)
    assert dialog.ok_button.isEnabled()
    act(qtbot, panel, dialog.ok_button.click)
    assert panel.summary.badge.text() == "In review"
    assert "Bo Lindqvist" in panel.summary.rows["Reviewers"].text()
    assert not panel.approve_button.isEnabled()
    assert panel.approve_button.toolTip() == "Authors may not approve their own work (workspace policy)."

    # The reviewer comments on a passage selected in the editor, after an emoji on an earlier line.
    show_as(qtbot, panel, team, REVIEWER)
    select(editor, "one clear request")
    panel.start_comment(Target.SELECTION)
    assert "one clear request" in panel.comments.composer_target.text()
    panel.comments.composer_edit.setPlainText("Which request? Give an example.")
    act(qtbot, panel, panel.comments.post_button.click)
    assert panel.comments.composer.isHidden()
    [card] = panel.thread_cards()
    assert card.quote is not None and "“one clear request”" in card.quote.text.text()
    expected_line = line_of(team, "one clear request")
    assert card.quote.where.text() == f"Line {expected_line} · text"
    with qtbot.waitSignal(panel.show_line, timeout=WAIT_MS) as shown:
        qtbot.mouseClick(card.quote, Qt.MouseButton.LeftButton)
    assert shown.args == [expected_line]
    assert panel.anchor_lines() == [expected_line]

    panel.changes_button.click()
    request = panel.dialog
    assert isinstance(request, TextDialog)
    assert not request.ok_button.isEnabled()            # a summary is required
    request.text_edit.setPlainText("Name the request in the closing line.")
    act(qtbot, panel, request.ok_button.click)
    assert panel.summary.badge.text() == "Changes requested"
    assert not panel.summary.changes_frame.isHidden()
    assert "Name the request in the closing line." in panel.summary.changes_label.text()

    # The author submits again to the same reviewer (preselected), who approves.
    show_as(qtbot, panel, team, AUTHOR)
    panel.submit_button.click()
    assert isinstance(panel.dialog, SubmitDialog) and panel.dialog.values()[0] == [REVIEWER]
    act(qtbot, panel, panel.dialog.ok_button.click)
    show_as(qtbot, panel, team, REVIEWER)
    panel.approve_button.click()
    assert isinstance(panel.dialog, TextDialog)
    act(qtbot, panel, panel.dialog.ok_button.click)
    assert panel.summary.badge.text() == "Approved"
    assert "1 of 1" in panel.summary.rows["Approvals"].text()
    assert panel.summary.stale_frame.isHidden()
    assert derived_status(team.workspace, team.item()) == "approved"

    # Any learner-visible edit makes the approval stale.
    team.edit("one clear request", "one clear, kind request")
    act(qtbot, panel, panel.refresh)
    assert panel.summary.badge.text() == "Draft"
    assert not panel.summary.stale_frame.isHidden()
    assert STALE_APPROVAL in panel.summary.stale_label.text()
    assert derived_status(team.workspace, team.item()) == "draft"


def test_replies_resolutions_and_block_comments(qtbot: QtBot, team: Team, editor: SourceEditor,
                                                panel: ReviewPanel) -> None:
    show_as(qtbot, panel, team, REVIEWER)
    cursor = editor.textCursor()
    cursor.setPosition(editor.text().index("- [x] The situation"))
    editor.setTextCursor(cursor)
    panel.start_comment(Target.BLOCK)
    panel.comments.composer_edit.setPlainText("Add a third option.")
    act(qtbot, panel, panel.comments.post_button.click)
    [card] = panel.thread_cards()
    assert card.quote is not None and card.quote.where.text().endswith("· quiz")

    show_as(qtbot, panel, team, AUTHOR)
    [card] = panel.thread_cards()
    card.reply_edit.setText("Added one about the impact.")
    act(qtbot, panel, card.reply_button.click)
    [card] = panel.thread_cards()
    assert "Added one about the impact." in [label.text() for label in card.findChildren(QLabel)]
    act(qtbot, panel, card.resolve_button.click)
    assert panel.thread_cards() == []                      # resolved threads are folded away…
    assert panel.comments.count.text() == "0 open · 1 resolved"
    panel.comments.show_resolved.setChecked(True)                   # …until asked for
    [card] = panel.thread_cards()
    assert card.comment_thread.resolved and card.footer.isHidden()


def test_a_person_who_is_not_a_member_is_told_what_to_do(qtbot: QtBot, team: Team,
                                                          panel: ReviewPanel) -> None:
    show_as(qtbot, panel, team, "zoe@example.com")
    assert not panel.user_frame.isHidden()
    assert "zoe@example.com is not a member" in panel.user_label.text()
    for button in (panel.submit_button, panel.approve_button, panel.comment_button):
        assert not button.isEnabled()
        assert "not a member" in button.toolTip()
    with qtbot.waitSignal(panel.open_preferences, timeout=WAIT_MS):
        panel.preferences_button.click()
    show_as(qtbot, panel, team, "")
    assert "Choose who you are" in panel.user_label.text()


def test_roles_decide_the_actions_and_the_tooltips_say_why(qtbot: QtBot, team: Team,
                                                           panel: ReviewPanel) -> None:
    show_as(qtbot, panel, team, PUBLISHER)
    assert not panel.submit_button.isEnabled()
    assert "'author' role" in panel.submit_button.toolTip()
    assert panel.retire_action.isEnabled()
    assert not panel.reopen_action.isEnabled()
    assert panel.reopen_action.toolTip() == "This item is already a draft."


def test_a_refused_action_shows_the_reason_in_the_panel(qtbot: QtBot, team: Team,
                                                        panel: ReviewPanel) -> None:
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    show_as(qtbot, panel, team, REVIEWER)
    assert panel.approve_button.isEnabled()
    team.edit("one clear request", "one clear, kind request")   # changed after the panel last looked
    panel.approve_button.click()
    assert isinstance(panel.dialog, TextDialog)
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS) as failure:
        panel.dialog.ok_button.click()
    assert "changed after it was submitted" in failure.args[0]
    assert not panel.error_frame.isHidden()
    assert "changed after it was submitted" in panel.error_label.text()
    assert review.review_state(team.workspace, team.item()).approvals == []


def test_nothing_is_recorded_when_the_editor_cannot_save_first(qtbot: QtBot, team: Team,
                                                               editor: SourceEditor) -> None:
    panel = ReviewPanel(editor, save_first=lambda: False)
    qtbot.addWidget(panel)
    show_as(qtbot, panel, team, REVIEWER)
    panel.start_comment(Target.ITEM)
    panel.comments.composer_edit.setPlainText("A general remark.")
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS) as failure:
        panel.comments.post_button.click()
    assert "could not be saved" in failure.args[0]
    assert not panel.comments.composer.isHidden()                   # the typed comment is still there
    assert review.read_events(team.workspace, team.item().id).events == []


def test_derived_status_is_reused_until_a_file_it_depends_on_changes(
        team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    import editor.review.status_cache as status_module
    assert derived_status(team.workspace, team.item()) == "draft"   # never submitted: nothing to hash
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    calls: list[str] = []
    real = status_module.open_review
    monkeypatch.setattr(status_module, "open_review",
                        lambda workspace, item: calls.append(item.id) or real(workspace, item))  # type: ignore[func-returns-value]
    assert derived_status(team.workspace, team.item()) == "in_review"
    review.approve(team.workspace, team.item(), REVIEWER)        # a new event file: derived again
    assert derived_status(team.workspace, team.item()) == "approved"
    assert derived_status(team.workspace, team.item()) == "approved"
    assert len(calls) == 2
    (team.folder / "media" / "model.png").write_bytes(b"\x89PNG another picture")
    assert derived_status(team.workspace, team.item()) == "draft"   # approved, but not this picture
    assert len(calls) == 3


def test_only_items_with_review_folders_need_deriving(team: Team) -> None:
    from editor.statuses import review_plan, reviewed_ids

    root = team.workspace.root
    assert reviewed_ids(root) == set()          # nothing submitted: every item is a draft
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    other = team.workspace.read_item(team.workspace.new_lesson("Never reviewed") / "lesson.md")
    assert team.item().id in reviewed_ids(root)
    assert other.id not in reviewed_ids(root)
    items = [team.item(), other.with_status("published")]     # its front matter says so; no review ever did
    ids, statuses = [item.id for item in items], [item.status for item in items]
    drafts, reviewed = review_plan(reviewed_ids(root), ids, statuses)
    assert drafts == [1] and reviewed == [0]
    assert review_plan(reviewed_ids(root), [other.id], ["draft"]) == ([], [])   # shown as a draft already


def test_out_of_sight_the_review_is_read_later_and_at_once_when_the_tab_is_shown(
        qtbot: QtBot, team: Team, editor: SourceEditor) -> None:
    hidden = ReviewPanel(editor)
    qtbot.addWidget(hidden)
    with qtbot.waitSignal(hidden.refreshed, timeout=WAIT_MS):
        hidden.set_item(team.workspace, team.item(), AUTHOR)
        assert hidden.data is None and not hidden._loading       # nothing read yet: out of sight
    assert hidden.summary.badge.text() == "Draft"                 # …read a moment later all the same

    shown_later = ReviewPanel(editor)
    qtbot.addWidget(shown_later)
    shown_later.set_item(team.workspace, team.item(), AUTHOR)
    assert not shown_later._loading
    with qtbot.waitSignal(shown_later.refreshed, timeout=WAIT_MS):
        shown_later.show()
        assert shown_later._loading                                # the tab shown: read now
    assert shown_later.summary.badge.text() == "Draft"
