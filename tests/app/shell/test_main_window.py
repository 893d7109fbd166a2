"""The main window driven like a user would: open, type, see the preview, save, conflicts, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.kit.actions import ActionId
from app.kit.qt import Qt
from app.kit.settings import Settings
from app.shell.main_window import MainWindow
from editor.workspace import Workspace

QUIZ_WITHOUT_ANSWER = "\n::: quiz single\n? Which one?\n- [ ] A\n- [ ] B\n:::\n"


@pytest.fixture
def window(qtbot, workspace: Workspace):  # type: ignore[no-untyped-def]
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    yield win
    win.editor.close_item()


def open_lesson(qtbot, window: MainWindow, workspace: Workspace, title: str) -> Path:  # type: ignore[no-untyped-def]
    folder = workspace.new_lesson(title)
    window.library.reload(folder)       # read on a worker; selected (and so opened) once it is in
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.path == folder)
    qtbot.waitUntil(lambda: window.editor.last_analysis is not None)
    return folder


def type_at_end(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = window.editor.source
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(text)


def test_selecting_a_lesson_opens_it_and_renders_the_preview(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    folder = open_lesson(qtbot, window, workspace, "Safe lifting")
    assert "title: Safe lifting" in window.editor.source.text()
    with qtbot.waitSignal(window.preview.updated, timeout=30000):
        pass
    results: list[object] = []
    window.preview.run_js("document.querySelector('.ts-title').textContent", results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == ["Safe lifting"]
    assert window.editor.item is not None and window.editor.item.path == folder


def test_problems_show_while_typing_and_clear_when_fixed(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    open_lesson(qtbot, window, workspace, "Quiz time")
    type_at_end(qtbot, window, QUIZ_WITHOUT_ANSWER)
    qtbot.waitUntil(lambda: any(d.code == "quiz-no-correct-answer"
                                for d in window.editor.last_analysis.diagnostics))
    texts = [window.editor.problems.item(i).text() for i in range(window.editor.problems.count())]
    assert any("No answer is marked correct" in text for text in texts)
    source = window.editor.source
    source.setPlainText(source.text().replace("- [ ] A", "- [x] A"))
    qtbot.waitUntil(lambda: not any(d.code == "quiz-no-correct-answer"
                                    for d in window.editor.last_analysis.diagnostics))


def test_typing_updates_the_preview_in_place(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    open_lesson(qtbot, window, workspace, "Live")
    qtbot.waitUntil(lambda: window.preview.ready, timeout=30000)
    with qtbot.waitSignal(window.preview.updated, timeout=10000):
        type_at_end(qtbot, window, "\nA sentence typed just now.\n")
    found: list[object] = []
    window.preview.run_js("document.body.textContent.includes('A sentence typed just now.')", found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10000)
    assert found == [True]


def test_autosave_writes_the_file_after_a_pause(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    window.editor.set_autosave_seconds(1)
    folder = open_lesson(qtbot, window, workspace, "Autosaved")
    type_at_end(qtbot, window, "\nSaved without pressing anything.\n")
    assert window.editor.session is not None and window.editor.session.dirty
    qtbot.waitUntil(lambda: "Saved without pressing anything." in (folder / "lesson.md").read_text(),
                    timeout=5000)
    assert not window.editor.session.dirty


def test_details_form_rewrites_front_matter_as_one_undo_step(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    open_lesson(qtbot, window, workspace, "Form edits")
    before = window.editor.source.text()
    body_before = before.split("---\n", 2)[2]
    form = window.editor.form
    form.skills.setText("Excel, Data")
    form.skills.textEdited.emit("Excel, Data")
    form.flush()
    after = window.editor.source.text()
    assert "skills: [Excel, Data]" in after
    assert after.split("---\n", 2)[2] == body_before   # the body is untouched
    window.editor.source.undo()
    assert window.editor.source.text() == before


def test_external_change_while_editing_is_never_overwritten(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    folder = open_lesson(qtbot, window, workspace, "Shared")
    lesson = folder / "lesson.md"
    type_at_end(qtbot, window, "\nMy local edit.\n")
    theirs = lesson.read_text().replace("## Why this matters", "## Why this matters (their edit)")
    lesson.write_text(theirs)
    conflicts: list[object] = []
    window.editor.conflict.disconnect()
    window.editor.conflict.connect(conflicts.append)
    assert window.editor.save() is False
    assert conflicts and "their edit" in str(conflicts[0])
    assert lesson.read_text() == theirs                       # nothing overwritten
    assert window.editor.banner.isVisibleTo(window)
    # "Keep both": theirs stays in place, mine becomes a separate lesson.
    item = window.editor.item
    copy = workspace.duplicate(item, window.editor.source.text(), suffix="my version")
    window.editor.resolve_take_theirs()
    assert "My local edit." in (copy / "lesson.md").read_text()
    assert "their edit" in window.editor.source.text()
    assert "My local edit." not in window.editor.source.text()


def test_unchanged_lesson_is_byte_identical_after_open_and_save(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    folder = workspace.new_lesson("Bytes")
    lesson = folder / "lesson.md"
    original = lesson.read_bytes().replace(b"\n", b"\r\n") + "Non\u00a0breaking\r\n".encode()
    lesson.write_bytes(original)
    window.library.reload(folder)
    qtbot.waitUntil(lambda: window.editor.item is not None)
    assert window.editor.session is not None and not window.editor.session.dirty
    window.save()
    window.editor.close_item()
    assert lesson.read_bytes() == original


def test_dropped_image_is_copied_into_media_and_referenced(qtbot, window, workspace, tmp_path):  # type: ignore[no-untyped-def]
    folder = open_lesson(qtbot, window, workspace, "With picture")
    picture = tmp_path / "My Photo.png"
    Image.new("RGB", (40, 30), "teal").save(picture)
    window.media.add_files([picture])
    qtbot.waitUntil(lambda: "![](media/my-photo-" in window.editor.source.text(), timeout=20000)
    [stored] = (folder / "media").iterdir()
    assert stored.name.startswith("my-photo-")
    assert Image.open(stored).size == (40, 30)
    assert f"![](media/{stored.name})" in window.editor.source.text()
    qtbot.waitUntil(lambda: any(d.code == "image-no-alt" for d in window.editor.last_analysis.diagnostics))


def test_trash_is_undoable_from_the_edit_menu(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    folder = open_lesson(qtbot, window, workspace, "To be deleted")
    content = (folder / "lesson.md").read_bytes()
    window.trash(window.library.current_item())
    assert not folder.exists()
    window.library.setFocus()
    window.registry.action(ActionId.UNDO).trigger()
    assert (folder / "lesson.md").read_bytes() == content


def test_insert_actions_add_blocks_the_checker_accepts(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    open_lesson(qtbot, window, workspace, "Blocks")
    window.editor.source.setFocus()
    for action_id in (ActionId.INSERT_QUIZ_SINGLE, ActionId.INSERT_FLASHCARDS, ActionId.INSERT_APPLY,
                      ActionId.INSERT_CALLOUT, ActionId.INSERT_QUIZ_TRUE_FALSE):
        window.registry.action(action_id).trigger()
    text = window.editor.source.text()
    for marker in ("::: quiz single", "::: flashcards", "::: apply", "::: callout tip", "::: quiz truefalse"):
        assert marker in text
    qtbot.waitUntil(lambda: window.editor.last_analysis is not None
                    and "::: quiz truefalse" in window.editor.source.text()
                    and window.editor.live.idle)
    errors = [d for d in window.editor.last_analysis.diagnostics if d.severity.value == "error"]
    assert errors == []


def test_window_layout_is_remembered(qtbot, workspace):  # type: ignore[no-untyped-def]
    first = MainWindow(Settings())
    qtbot.addWidget(first)
    first.open_workspace(workspace)
    first.resize(760, 560)   # fits the offscreen screen, so the geometry is restored as is
    first.show()
    qtbot.waitExposed(first)
    first.split.setSizes([200, 300, 240])
    sizes = first.split.sizes()
    first.close()
    second = MainWindow(Settings())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    qtbot.waitUntil(lambda: second.split.sizes() == sizes)
    assert second.settings.last_workspace() == workspace.root
    assert Qt.WindowState.WindowMinimized not in second.windowState()


def test_library_shows_the_status_derived_from_reviews(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    from editor.review import add_member, approve, submit
    from tests.editor.review.conftest import LESSON

    folder = workspace.root / "lessons" / "reviewed"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "model.png").write_bytes(b"\x89PNG picture")
    (folder / "lesson.md").write_text(LESSON.replace("status: draft", "status: published"))
    add_member(workspace, "Ana Pereira", "ana@example.org", ["author"])
    add_member(workspace, "Bo Lindqvist", "bo@example.org", ["reviewer"])
    submit(workspace, workspace.read_item(folder / "lesson.md"), "ana@example.org", ["bo@example.org"])
    approve(workspace, workspace.read_item(folder / "lesson.md"), "bo@example.org")

    def status() -> str:
        row = window.library.model.row_of(folder / "lesson.md")
        return window.library.model.item_at(row).status if row >= 0 else ""

    window._library_changed(folder)
    qtbot.waitUntil(lambda: status() == "approved")      # not the "published" the file claims
    (folder / "lesson.md").write_text((folder / "lesson.md").read_text() + "\nA later edit.\n")
    window._library_changed(folder)
    qtbot.waitUntil(lambda: status() == "draft")          # the approval went stale


def test_saved_captions_are_linked_on_the_video_line_as_one_undo_step(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    open_lesson(qtbot, window, workspace, "Captioned")
    type_at_end(qtbot, window, '\n::: video src="media/talk.mp4"\nWhat to notice.\n:::\n')
    before = window.editor.source.text()
    window.editor.source.moveCursor(window.editor.source.textCursor().MoveOperation.End)
    block = window.media._video_block_at_cursor()
    assert block is not None and block.attrs["src"] == "media/talk.mp4"
    window.media._set_video_attr(block.line, "captions", "media/talk.vtt")
    assert '::: video src="media/talk.mp4" captions="media/talk.vtt"' in window.editor.source.text()
    window.editor.source.undo()
    assert window.editor.source.text() == before


def test_every_action_has_exactly_one_handler_once_the_window_is_built(window: MainWindow) -> None:
    from app.kit.actions import ACTIONS, Needs

    assert window.registry.unbound() == []
    with pytest.raises(ValueError, match="already has a handler"):
        window.registry.bind(ActionId.SAVE, lambda: None)
    # With nothing open, exactly the actions that need an open item are disabled.
    for action_id, spec in ACTIONS.items():
        assert window.registry.action(action_id).isEnabled() == (spec.needs is Needs.NOTHING), action_id


BAD_FRONT_MATTER = {
    "bad-date": "review_by: 2027-02-30\n",
    "huge-number": f"estimated_minutes: {'9' * 5000}\n",
    "infinite": "estimated_minutes: .inf\n",
    "too-many": "estimated_minutes: 1.0e+300\n",
    "wrong-types": "skills: {a: [1, {b: 2}]}\nsummary: [a, {b: c}]\nreview_by: [1]\n",
}


def test_a_workspace_with_broken_metadata_opens_and_each_lesson_reports_it(qtbot, workspace):  # type: ignore[no-untyped-def]
    for name, lines in BAD_FRONT_MATTER.items():
        source = workspace.new_lesson(name) / "lesson.md"
        source.write_text(f"---\nid: {name}\ntitle: {name}\n{lines}---\nSome text.\n", encoding="utf-8")
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)                  # used to raise at start-up on the impossible date
    win.show()
    for name in BAD_FRONT_MATTER:
        folder = workspace.root / "lessons" / name
        win.library.select_path(folder)
        qtbot.waitUntil(lambda folder=folder: win.editor.item is not None and win.editor.item.path == folder)
        qtbot.waitUntil(lambda: win.editor.last_analysis is not None
                        and win.editor.last_analysis.rendered.parsed.title == win.editor.item.title)
        warnings = [d for d in win.editor.last_analysis.diagnostics if d.line > 3]
        assert warnings, name                      # reported on the line of the bad value
    win.editor.close_item()


def _search_titles(qtbot, window: MainWindow, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    found: list[object] = []
    assert window.search.keeper is not None
    window.search.keeper.search(text, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return [hit.title for hit in found[0].hits]  # type: ignore[attr-defined]


def test_edits_and_removals_elsewhere_reach_the_library_and_the_index(qtbot, window, workspace):  # type: ignore[no-untyped-def]
    from app.search.keeper import KeeperState

    opened = open_lesson(qtbot, window, workspace, "Open here")
    other = workspace.new_lesson("Closed here")
    doomed = workspace.new_lesson("Removed elsewhere")
    qtbot.waitUntil(lambda: window.library.model.row_of(doomed) >= 0, timeout=10_000)   # lessons/ changed
    window.search.ensure_started()
    qtbot.waitUntil(lambda: window.search.keeper.state is KeeperState.READY, timeout=20_000)

    def title(folder: Path) -> str:
        item = window.library.model.item_at(window.library.model.row_of(folder))
        return item.title if item else ""

    # The open lesson is watched: a sync tool replacing it reaches the list and the index.
    source = opened / "lesson.md"
    source.write_text(source.read_text().replace("title: Open here", "title: Okapi notes"))
    qtbot.waitUntil(lambda: title(opened) == "Okapi notes", timeout=10_000)
    qtbot.waitUntil(lambda: _search_titles(qtbot, window, "okapi") == ["Okapi notes"], timeout=10_000)
    # Another lesson edited in place is found by the periodic comparison of stamps.
    source = other / "lesson.md"
    source.write_text(source.read_text().replace("title: Closed here", "title: Quokka facts"))
    window.library.disk_watch.changed.emit()          # what the periodic check does
    qtbot.waitUntil(lambda: title(other) == "Quokka facts", timeout=10_000)
    qtbot.waitUntil(lambda: _search_titles(qtbot, window, "quokka") == ["Quokka facts"], timeout=10_000)
    # A lesson deleted elsewhere leaves both.
    assert _search_titles(qtbot, window, "removed elsewhere") == ["Removed elsewhere"]
    import shutil
    shutil.rmtree(doomed)
    qtbot.waitUntil(lambda: window.library.model.row_of(doomed) < 0, timeout=10_000)
    qtbot.waitUntil(lambda: _search_titles(qtbot, window, "removed elsewhere") == [], timeout=10_000)


def staged_window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window started as the app starts it (app.shell.gui.run_gui)."""
    settings = Settings()
    settings.set_welcome_shown()          # the welcome dialog is not what these tests look at
    win = MainWindow(settings, staged=True)
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    return win


def test_a_started_window_paints_its_library_first_and_then_makes_the_rest(qtbot, workspace):  # type: ignore[no-untyped-def]
    folder = workspace.new_lesson("Safe lifting")
    Settings().set_last_item(folder)
    win = staged_window(qtbot, workspace)
    assert not win.built and not hasattr(win, "editor")
    assert win.split.widget(0) is win.library and win.split.count() == 3
    win.show()
    qtbot.waitUntil(lambda: win.built, timeout=15_000)
    assert win.split.widget(1) is win.editor and win.split.widget(2) is win.preview
    # The item open at the last close is selected in the first frame and opened once the editor is made.
    qtbot.waitUntil(lambda: win.editor.item is not None and win.editor.item.path == folder)
    assert win.windowTitle() == "Test workspace — Safe lifting[*]"
    assert win.registry.action(ActionId.SAVE).isEnabled()
    win.editor.close_item()


def test_an_item_picked_before_the_editor_is_made_opens_when_it_is(qtbot, workspace):  # type: ignore[no-untyped-def]
    folder = workspace.new_lesson("Picked early")
    win = staged_window(qtbot, workspace)
    assert not win.registry.action(ActionId.SAVE).isEnabled()    # nothing open: its menus say so too
    qtbot.waitUntil(lambda: win.library.model.rowCount() == 1)   # listed; not painted, so not built
    assert win.library.select_path(folder) and not win.built
    win.show()
    qtbot.waitUntil(lambda: win.built, timeout=15_000)
    qtbot.waitUntil(lambda: win.editor.item is not None and win.editor.item.path == folder)
    win.editor.close_item()


def test_a_window_closed_before_its_features_are_made_saves_its_layout(qtbot, workspace):  # type: ignore[no-untyped-def]
    win = staged_window(qtbot, workspace)
    win.resize(1000, 700)
    win.close()                                      # not painted yet: nothing else has been made
    assert not win.built
    assert not Settings().window_geometry().isEmpty()


def test_who_are_you_is_asked_only_in_a_workspace_with_a_team(qtbot, window, workspace, tmp_path):  # type: ignore[no-untyped-def]
    from editor.review.members import add_member

    jobs_before = len(window.runner._running)
    window.review.ask_identity()               # no members.yaml: nothing to read, nobody to be
    assert len(window.runner._running) == jobs_before and window.review.identity_dialog is None
    team = Workspace.create(tmp_path / "team", "Team")
    add_member(team, "Ana Reviewer", "ana@example.org", ["reviewer"])
    window.open_workspace(team)
    qtbot.waitUntil(lambda: window.review.identity_dialog is not None
                    and window.review.identity_dialog.isVisible())
    window.review.identity_dialog.close()


def test_a_started_window_makes_its_editor_even_when_the_list_cannot_be_read(qtbot, workspace, monkeypatch):  # type: ignore[no-untyped-def]
    def unreadable(_store, _generation):  # type: ignore[no-untyped-def]
        def job(_progress, _cancel):  # type: ignore[no-untyped-def]
            raise OSError("the workspace folder went away")
        return job

    monkeypatch.setattr("app.library.panel.cached_job", unreadable)
    win = staged_window(qtbot, workspace)
    win.show()
    qtbot.waitUntil(lambda: win.built, timeout=15_000)
    assert win.library.no_match_state.title.text() == "The library could not be read"


def test_a_started_window_does_not_wait_long_for_a_slow_list(qtbot, workspace, monkeypatch):  # type: ignore[no-untyped-def]
    import threading

    from app.library import loading

    released = threading.Event()

    def slow(store, generation):  # type: ignore[no-untyped-def]
        job = loading.cached_job(store, generation)

        def wait_then_read(progress, cancel):  # type: ignore[no-untyped-def]
            released.wait(20)                        # a record on a slow network folder
            return job(progress, cancel)
        return wait_then_read

    monkeypatch.setattr("app.library.panel.cached_job", slow)
    win = staged_window(qtbot, workspace)
    win.show()
    try:
        qtbot.waitUntil(lambda: win.built, timeout=15_000)
        assert not win.library.has_listed() and win.split.widget(1) is win.editor
    finally:
        released.set()
    qtbot.waitUntil(win.library.has_listed)


def test_start_up_work_waits_while_lessons_are_being_opened(qtbot, workspace: Workspace,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The search engine's imports and the Review tab's (each ~100 ms beside a lesson being opened) come
    # after a pause in opening lessons, not while the first ones open.
    from app.review import actions as review_actions
    from app.search import actions as search_actions

    wait_ms = 2000
    monkeypatch.setattr(search_actions, "STARTUP_DELAY_MS", wait_ms)
    monkeypatch.setattr(review_actions, "PRELOAD_AFTER_MS", wait_ms)
    folders = [workspace.new_lesson(title) for title in ("First", "Second")]
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    qtbot.waitUntil(lambda: all(win.library.model.row_of(folder) >= 0 for folder in folders))
    for turn in range(6):                       # a lesson opened about every third of the wait
        folder = folders[turn % 2]
        win.library.select_path(folder)
        qtbot.waitUntil(lambda folder=folder: win.editor.item is not None and win.editor.item.path == folder)
        assert win.search.keeper is None and win.review.panel is None
        qtbot.wait(wait_ms // 4)
    qtbot.waitUntil(lambda: win.search.keeper is not None and win.review.panel is not None, timeout=10_000)
    win.editor.close_item()
