"""The first hour of each of the four roles, end to end through the real window (headless).

A curator adds a link and, about to write a lesson that exists, is led to the existing one; a subject
expert creates a lesson, writes it and submits it; a reviewer comments from the editor's context menu,
asks for changes, then approves the new version; a publisher sets up a folder target and publishes.
Everything goes through the window's actions, dialogs and panels, on a copy of the demo workspace.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from app.kit.actions import ActionId
from app.kit.qt import QApplication, QDialog, Qt, QTextCursor, QTimer, QWidget
from app.kit.settings import Settings
from app.library.item_dialogs import NewLessonDialog, NewLinkDialog
from app.library.model import Column
from app.review.dialogs import SubmitDialog, TextDialog
from app.review.panel import ReviewPanel
from app.shell.main_window import MainWindow
from editor.paths import DEMO_WORKSPACE
from editor.workspace import Workspace
from tests.app.library.helpers import listed_items
from tests.connectors.keyrings import MemoryKeyring

WAIT_MS = 30_000
CURATOR = ("Ana Pereira", "ana.pereira@example.org")
EXPERT = ("Priya Raman", "priya.raman@example.org")
REVIEWER = ("Lena Fischer", "lena.fischer@example.org")
PUBLISHER = ("Noah Berg", "noah.berg@example.org")
BODY = """
## Why it matters

Hard questions in a workshop are a chance to show what you know and what you do not.

## How to answer

Thank the person, restate the question in your own words, then answer the part you can.
When you do not know, say so and promise a follow-up by a date.
"""


@pytest.fixture(autouse=True)
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, tessera_home: Path) -> Iterator[MainWindow]:
    shutil.copytree(DEMO_WORKSPACE, tmp_path / "demo")
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    win.open_workspace(Workspace.open(tmp_path / "demo"))
    yield win
    win.editor.close_item()


def in_modal(qtbot: QtBot, open_it: Callable[[], None], handle: Callable[[QDialog], None]) -> None:
    """Do ``open_it``, which shows a modal dialog with exec(), and ``handle`` the dialog once it shows."""
    handled: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, poll)
            return
        handled.append(dialog)
        handle(dialog)

    QTimer.singleShot(0, poll)
    open_it()
    assert handled, "the dialog never showed"


def library_status(window: MainWindow, title: str) -> str:
    model = window.library.model
    row = next(r for r, item in enumerate(listed_items(model)) if item.title == title)
    return str(model.data(model.index(row, Column.STATUS)))


def review_panel(qtbot: QtBot, window: MainWindow) -> ReviewPanel:
    panel = window.review.ensure_panel()
    window.show_editor_tab(panel)
    source = window.open_item_now().source
    qtbot.waitUntil(lambda: panel.data is not None and panel.data.item.source == source, timeout=WAIT_MS)
    return panel


def become(qtbot: QtBot, window: MainWindow, person: tuple[str, str]) -> None:
    """Who is at the keyboard now: chosen on the People screen ("This is me")."""
    window.registry.action(ActionId.PEOPLE).trigger()
    people = window.review.people_dialog
    assert people is not None and people.isVisible()
    people.you.setCurrentIndex(people.you.findData(person[1]))
    people.me_button.click()
    people.reject()
    assert window.prefs.author_email == person[1]
    panel = window.review.panel
    if panel is not None and window.open_item_now() is not None:
        qtbot.waitUntil(lambda: panel.data is not None and panel.email == person[1] and not panel._loading,
                        timeout=WAIT_MS)


def act(qtbot: QtBot, panel: ReviewPanel, click: Callable[[], None]) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT_MS):
        click()


def select(window: MainWindow, passage: str) -> None:
    editor = window.editor.source
    start = editor.toPlainText().index(passage)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(passage), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_the_first_hour_of_a_curator_an_expert_a_reviewer_and_a_publisher(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # -- first run: who are you? ----------------------------------------------------------------------
    qtbot.waitUntil(lambda: window.review.identity_dialog is not None
                    and window.review.identity_dialog.isVisible(), timeout=WAIT_MS)
    identity = window.review.identity_dialog
    labels = [identity.people.item(i).text() for i in range(identity.people.count())]
    identity.people.setCurrentRow(next(i for i, label in enumerate(labels) if CURATOR[1] in label))
    identity.continue_button.click()
    assert (window.prefs.author_name, window.prefs.author_email) == CURATOR

    # -- the curator adds a link, then finds the lesson she was about to write ---------------------------
    def add_link(dialog: QDialog) -> None:
        assert isinstance(dialog, NewLinkDialog)
        dialog.url_edit.setText("https://example.org/articles/feedback-that-sticks")
        dialog.title_edit.setText("Feedback that sticks")
        dialog.summary_edit.setPlainText("A five-minute read on making feedback stick.")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    in_modal(qtbot, window.registry.action(ActionId.NEW_LINK).trigger, add_link)
    qtbot.waitUntil(lambda: "Feedback that sticks" in [i.title for i in listed_items(window.library.model)],
                    timeout=WAIT_MS)      # the list is read again on a worker

    def start_a_twin(dialog: QDialog) -> None:
        assert isinstance(dialog, NewLessonDialog) and dialog.guard is not None
        with qtbot.waitSignal(dialog.similar.found, timeout=WAIT_MS, check_params_cb=lambda n: n > 0):
            dialog.title_edit.setText("Giving feedback that lands")
        assert dialog.guard.open_existing.isDefault() and "same title" in dialog.guard.warning.text()
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)       # Enter takes the default: open it

    in_modal(qtbot, window.registry.action(ActionId.NEW_LESSON).trigger, start_a_twin)
    qtbot.waitUntil(lambda: window.open_item_now() is not None
                    and window.open_item_now().title == "Giving feedback that lands", timeout=WAIT_MS)
    titles = [item.title for item in listed_items(window.library.model)]
    assert titles.count("Giving feedback that lands") == 1

    # -- the expert creates a lesson, writes it and submits it ----------------------------------------------
    become(qtbot, window, EXPERT)

    def create(dialog: QDialog) -> None:
        assert isinstance(dialog, NewLessonDialog)
        dialog.title_edit.setText("Handling hard questions")
        qtbot.wait(450)                                             # the similar-items probe answers
        dialog.guard.create.click()

    in_modal(qtbot, window.registry.action(ActionId.NEW_LESSON).trigger, create)
    qtbot.waitUntil(lambda: window.open_item_now() is not None
                    and window.open_item_now().title == "Handling hard questions", timeout=WAIT_MS)
    editor = window.editor.source
    text = editor.toPlainText()
    body_at = text.index("\n---", 3) + len("\n---\n")
    editor.setPlainText(text[:body_at] + BODY)
    assert window.save_open_item()
    panel = review_panel(qtbot, window)
    assert panel.summary.badge.text() == "Draft"
    # The state read before the save still saw the template text; the one read after it allows submitting.
    qtbot.waitUntil(panel.submit_button.isEnabled, timeout=WAIT_MS)
    panel.submit_button.click()
    submit = panel.dialog
    assert isinstance(submit, SubmitDialog)
    for row in range(submit.reviewer_list.count()):
        entry = submit.reviewer_list.item(row)
        if REVIEWER[1] in entry.text():
            entry.setCheckState(Qt.CheckState.Checked)
    act(qtbot, panel, submit.ok_button.click)
    assert panel.summary.badge.text() == "In review"
    qtbot.waitUntil(lambda: library_status(window, "Handling hard questions") == "In review", timeout=WAIT_MS)

    # -- the reviewer comments from the context menu and asks for changes ------------------------------------
    become(qtbot, window, REVIEWER)
    select(window, "promise a follow-up by a date")
    comment = editor.context_menu(editor.rect().center()).actions()[0]
    assert comment is window.registry.action(ActionId.COMMENT)
    comment.trigger()
    anchor = panel.comments.anchor
    assert anchor is not None and anchor.quote == "promise a follow-up by a date"
    panel.comments.composer_edit.setPlainText("Say who sends the follow-up, and how.")
    act(qtbot, panel, panel.comments.post_button.click)
    assert len(panel.thread_cards()) == 1
    panel.changes_button.click()
    request = panel.dialog
    assert isinstance(request, TextDialog)
    request.text_edit.setPlainText("Name who follows up.")
    act(qtbot, panel, request.ok_button.click)
    assert panel.summary.badge.text() == "Changes requested"
    reviewers = panel.summary.rows["Reviewers"].text()
    assert "requested changes" in reviewers and "waiting" not in reviewers
    qtbot.waitUntil(lambda: library_status(window, "Handling hard questions") == "Changes requested",
                    timeout=WAIT_MS)

    # -- the expert edits (the status stays the same everywhere), submits again; the reviewer approves
    become(qtbot, window, EXPERT)
    select(window, "promise a follow-up by a date")
    editor.textCursor().insertText("promise that you will email the answer by a date")
    assert window.save_open_item()
    qtbot.waitUntil(lambda: not panel._loading and panel.summary.badge.text() == "Changes requested",
                    timeout=WAIT_MS)
    assert library_status(window, "Handling hard questions") == "Changes requested"
    assert window.editor.form.status.text() == "Changes requested"
    panel.submit_button.click()
    assert isinstance(panel.dialog, SubmitDialog)
    act(qtbot, panel, panel.dialog.ok_button.click)
    become(qtbot, window, REVIEWER)
    panel.approve_button.click()
    approval = panel.dialog
    assert isinstance(approval, TextDialog)
    act(qtbot, panel, approval.ok_button.click)
    assert panel.summary.badge.text() == "Approved"

    # -- the publisher sets up a folder target and publishes -------------------------------------------
    become(qtbot, window, PUBLISHER)
    share = tmp_path / "intranet"
    share.mkdir()
    window.registry.action(ActionId.TARGETS).trigger()
    targets = window.publishing.targets
    assert targets is not None
    qtbot.waitUntil(lambda: not targets.steps.running, timeout=WAIT_MS)
    targets.form.name_edit.setText("intranet")
    from app.publish import target_form
    monkeypatch.setattr(target_form.QFileDialog, "getExistingDirectory", lambda *_args: str(share))
    targets.form.browse_button.click()
    with qtbot.waitSignal(targets.loaded, timeout=WAIT_MS):
        targets.save_button.click()
    targets.close()
    window.registry.action(ActionId.PUBLISH).trigger()
    dialog = window.publishing.publishing
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=WAIT_MS)
    dialog.check_target("intranet")
    with qtbot.waitSignal(dialog.published, timeout=WAIT_MS):
        dialog.publish_button.click()
    assert any(share.rglob("*.zip"))
    dialog.close()
    qtbot.waitUntil(lambda: library_status(window, "Handling hard questions") == "Published", timeout=WAIT_MS)

    # -- editing the published lesson: a published version exists, with a newer draft ---------------------
    become(qtbot, window, EXPERT)
    select(window, "Thank the person")
    editor.textCursor().insertText("Thank the person warmly")
    assert window.save_open_item()
    title = "Handling hard questions"
    qtbot.waitUntil(lambda: library_status(window, title) == "Published · newer draft", timeout=WAIT_MS)
    assert window.editor.form.status.text() == "Published · newer draft"
    library = window.library
    library.status_combo.setCurrentIndex(library.status_combo.findData("published"))
    shown = [library.proxy.index(row, 0).data() for row in range(library.proxy.rowCount())]
    assert title in shown
