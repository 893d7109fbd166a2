"""The library: table model, filters, the panel's states and signals, and undoable commands."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from app.kit.format import human_time
from app.kit.qt import QAction, QColor, QImage, QPixmap, QSize, Qt, QUndoStack
from app.library.commands import (
    CreateLessonCommand,
    CreateLinkCommand,
    DuplicateCommand,
    RenameCommand,
    TrashCommand,
)
from app.library.filter_proxy import LibraryFilterProxy
from app.library.model import (
    ITEM_ROLE,
    SORT_ROLE,
    Column,
    LibraryModel,
    rounded_image,
)
from app.library.panel import _EMPTY, _NO_MATCH, _TABLE, LibraryPanel
from editor import frontmatter
from editor.workspace import LESSON_FILE, Item, Workspace

NOW = dt.datetime(2026, 3, 12, 15, 30)


def _add_lesson(workspace: Workspace, title: str, *, age_s: float = 0, picture: str | None = None,
                **meta: object) -> Path:
    folder = workspace.new_lesson(title)
    source = folder / LESSON_FILE
    text = source.read_text(encoding="utf-8")
    text = frontmatter.replace(text, {**frontmatter.parse(text).meta, **meta})
    if picture:
        Image.new("RGB", (90, 60), picture).save(folder / "media" / "cover.png")
        text += "\n![Cover](media/cover.png)\n"
    source.write_text(text, encoding="utf-8")
    stamp = dt.datetime.now().timestamp() - age_s
    os.utime(source, (stamp, stamp))
    return folder


@pytest.fixture
def library(workspace: Workspace) -> Workspace:
    _add_lesson(workspace, "Giving feedback", age_s=3600, status="in_review",
                skills=["Feedback", "Communication"], owner="Ana Pereira", summary="Three steps.")
    _add_lesson(workspace, "Stand-ups", age_s=60, skills=["Meetings"], tags=["agile"])
    _add_lesson(workspace, "Old policy", age_s=86400 * 30, status="retired")
    workspace.new_link("https://example.org/candor", "Radical candor", skills=["Feedback"],
                       summary="Care personally, challenge directly.")
    return workspace


@pytest.fixture
def panel(qtbot: QtBot) -> LibraryPanel:
    widget = LibraryPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    return widget


def _open(qtbot: QtBot, panel: LibraryPanel, workspace: Workspace | None) -> None:
    """Open ``workspace`` and wait until its list has been read (on a worker) and checked."""
    if workspace is None:
        panel.set_workspace(None)
        return
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_workspace(workspace)


def _reload(qtbot: QtBot, panel: LibraryPanel) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()


def _by_title(workspace: Workspace, title: str) -> Item:
    return next(item for item in workspace.items() if item.title == title)


def _titles(proxy: LibraryFilterProxy) -> list[str]:
    return [proxy.index(row, Column.TITLE).data() for row in range(proxy.rowCount())]


def _proxy(items: list[Item]) -> LibraryFilterProxy:
    model = LibraryModel()
    model.set_items(items)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.MODIFIED, Qt.SortOrder.DescendingOrder)
    return proxy


# -- model and filter -----------------------------------------------------------------------------------

@pytest.mark.parametrize("ago,expected", [
    (dt.timedelta(seconds=20), "Just now"), (dt.timedelta(minutes=2, seconds=5), "2 min ago"),
    (dt.timedelta(hours=3), "Today, 12:30"), (dt.timedelta(days=1), "Yesterday"),
    (dt.timedelta(days=3), "Monday"), (dt.timedelta(days=40), "31 Jan"),
    (dt.timedelta(days=400), "5 Feb 2025")])
def test_human_time(ago: dt.timedelta, expected: str) -> None:
    assert human_time((NOW - ago).timestamp(), NOW) == expected
    assert human_time(0, NOW) == "—"


def test_model_columns(qapp: object, library: Workspace) -> None:
    model = LibraryModel()
    model.set_items(library.items())
    feedback = model.row_of(_by_title(library, "Giving feedback").path)
    link = model.row_of(_by_title(library, "Radical candor").path)

    def cell(row: int, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(model.index(row, column), role)

    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Title", "Type", "Status", "Skills", "Last edited"]
    modified = _by_title(library, "Giving feedback").modified
    assert [cell(feedback, c) for c in Column] == [
        "Giving feedback", "Lesson", "In review", "Feedback, Communication", human_time(modified)]
    assert cell(feedback, Column.MODIFIED, SORT_ROLE) == modified
    assert cell(link, Column.KIND) == "Link" and cell(link, Column.STATUS) == "Draft"
    tooltip = str(cell(feedback, Column.TITLE, Qt.ItemDataRole.ToolTipRole))
    assert "Lesson: Giving feedback" in tooltip and "Three steps." in tooltip and "Ana Pereira" in tooltip
    assert "https://example.org/candor" in str(cell(link, Column.TITLE, Qt.ItemDataRole.ToolTipRole))
    assert isinstance(cell(feedback, Column.TITLE, Qt.ItemDataRole.DecorationRole), QPixmap)
    assert cell(feedback, Column.TITLE, ITEM_ROLE).title == "Giving feedback"  # type: ignore[attr-defined]


def test_problem_item_shows_warning(qapp: object, workspace: Workspace) -> None:
    folder = _add_lesson(workspace, "Broken")
    (folder / LESSON_FILE).write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    model = LibraryModel()
    model.set_items(workspace.items())
    index = model.index(0, Column.TITLE)
    assert workspace.items()[0].problem
    assert str(model.data(index, Qt.ItemDataRole.ToolTipRole)).startswith("This item could not be read:")
    decoration = model.data(index, Qt.ItemDataRole.DecorationRole)
    assert not isinstance(decoration, QPixmap) and not decoration.isNull()


def test_sorting_by_last_edited_uses_real_time(qapp: object, library: Workspace) -> None:
    proxy = _proxy(library.items())
    assert _titles(proxy) == ["Radical candor", "Stand-ups", "Giving feedback", "Old policy"]
    proxy.sort(Column.MODIFIED, Qt.SortOrder.AscendingOrder)
    assert _titles(proxy) == ["Old policy", "Giving feedback", "Stand-ups", "Radical candor"]
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)  # workflow order, not alphabetical
    assert _titles(proxy)[-2:] == ["Giving feedback", "Old policy"]


def test_filters_by_text_status_and_kind(qapp: object, library: Workspace) -> None:
    proxy = _proxy(library.items())
    proxy.set_text("feedback")
    assert sorted(_titles(proxy)) == ["Giving feedback", "Radical candor"]
    proxy.set_text("  ANA   feedback ")      # every word must match: owner + skill
    assert _titles(proxy) == ["Giving feedback"]
    proxy.set_text("agile")                  # tags
    assert _titles(proxy) == ["Stand-ups"]
    proxy.set_text("challenge")              # summary
    assert _titles(proxy) == ["Radical candor"]
    proxy.set_text("")
    proxy.set_kind("link")
    assert _titles(proxy) == ["Radical candor"]
    proxy.set_kind(None)
    proxy.set_status("retired")
    assert _titles(proxy) == ["Old policy"]
    proxy.set_text("feedback")
    assert _titles(proxy) == [] and proxy.is_filtering()


def test_update_item_and_thumbnail_refresh_one_row(qapp: object, library: Workspace) -> None:
    model = LibraryModel(icon_size=QSize(30, 20))
    model.set_items(library.items())
    item = _by_title(library, "Stand-ups")
    row = model.row_of(item.source)
    assert row == model.row_of(item.path) >= 0 and model.row_of(Path("/nowhere")) == -1
    item.title = "Daily stand-ups"
    model.update_item(item)
    assert model.data(model.index(row, Column.TITLE)) == "Daily stand-ups"
    red = QPixmap(30, 20)
    red.fill(Qt.GlobalColor.red)
    model.set_thumbnail(item.path, red)
    shown = model.data(model.index(row, Column.TITLE), Qt.ItemDataRole.DecorationRole)
    assert shown.toImage().pixelColor(15, 10).name() == "#ff0000"


def test_rounded_image_clears_only_the_corners(qapp: object) -> None:
    square = QImage(60, 40, QImage.Format.Format_RGB32)
    square.fill(QColor("#00ff00"))
    rounded = rounded_image(square)
    assert rounded.pixelColor(0, 0).alpha() == 0 and rounded.pixelColor(59, 39).alpha() == 0
    assert rounded.pixelColor(30, 20) == QColor("#00ff00") and rounded.pixelColor(30, 0).alpha() == 255


# -- panel ------------------------------------------------------------------------------------------------

def test_empty_states_switch(qtbot: QtBot, panel: LibraryPanel, workspace: Workspace) -> None:
    _open(qtbot, panel, None)
    assert panel.stack.currentIndex() == _EMPTY and panel.new_lesson_button.isHidden()
    panel.set_workspace(workspace)
    assert panel.empty_state.title.text() == "Reading the library…" and panel.new_lesson_button.isHidden()
    qtbot.waitSignal(panel.loaded, timeout=10_000).wait()
    assert panel.stack.currentIndex() == _EMPTY
    assert panel.empty_state.title.text() == "This workspace has no lessons or links yet"
    assert not panel.new_lesson_button.isHidden() and not panel.filter_edit.isEnabled()
    with qtbot.waitSignal(panel.new_lesson_requested):
        panel.new_lesson_button.click()
    with qtbot.waitSignal(panel.new_link_requested):
        panel.add_link_button.click()

    _add_lesson(workspace, "First lesson")
    _reload(qtbot, panel)
    assert panel.stack.currentIndex() == _TABLE and panel.filter_edit.isEnabled()
    panel.filter_edit.setText("xyz")
    assert panel.stack.currentIndex() == _NO_MATCH
    assert panel.no_match_state.title.text() == "Nothing matches 'xyz'"
    panel.clear_filter_button.click()
    assert panel.stack.currentIndex() == _TABLE and panel.filter_edit.text() == ""
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("published"))
    assert panel.stack.currentIndex() == _NO_MATCH
    assert panel.no_match_state.title.text() == "Nothing matches these filters"
    panel.clear_filter_button.click()
    assert panel.stack.currentIndex() == _TABLE and panel.status_combo.currentData() is None


def test_selection_signals(qtbot: QtBot, panel: LibraryPanel, library: Workspace) -> None:
    _open(qtbot, panel, library)
    stand_ups = _by_title(library, "Stand-ups")
    assert panel.current_item() is None
    with qtbot.waitSignal(panel.item_selected) as selected:
        assert panel.select_path(stand_ups.path)
    assert selected.args[0].source == stand_ups.source
    assert panel.current_item().source == stand_ups.source  # type: ignore[union-attr]

    with qtbot.assertNotEmitted(panel.item_selected):
        _reload(qtbot, panel)               # same item stays selected: no new signal
    assert panel.current_item().source == stand_ups.source  # type: ignore[union-attr]

    with qtbot.waitSignal(panel.item_activated) as activated:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert activated.args[0].source == stand_ups.source

    library.trash(stand_ups)
    with qtbot.waitSignal(panel.item_selected) as selected:
        panel.reload()                      # read on a worker: the signal comes when the list is in
    assert selected.args[0] is None and panel.current_item() is None


def test_refresh_item_keeps_selection(qtbot: QtBot, panel: LibraryPanel, library: Workspace) -> None:
    _open(qtbot, panel, library)
    item = _by_title(library, "Old policy")
    panel.select_path(item.path)
    library.rename(item, "New policy")
    with qtbot.assertNotEmitted(panel.item_selected):
        panel.refresh_item(item.source)
    current = panel.current_item()
    assert current is not None and current.title == "New policy"
    assert panel.model.data(panel.model.index(panel.model.row_of(item.path), Column.TITLE)) == "New policy"


def test_return_in_filter_selects_first_result(qtbot: QtBot, panel: LibraryPanel, library: Workspace) -> None:
    _open(qtbot, panel, library)
    panel.filter_edit.setText("candor")
    with qtbot.waitSignal(panel.item_selected) as selected:
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    assert selected.args[0].title == "Radical candor"


def test_context_menu_actions_emit_requests(qtbot: QtBot, panel: LibraryPanel, library: Workspace) -> None:
    _open(qtbot, panel, library)
    item = library.items()[0]
    actions = {action.text(): action for action in panel.context_menu(item).actions() if action.text()}
    assert item.kind == "lesson"
    assert list(actions) == ["Open", "Duplicate", "Rename…", "Translate…", "Move to trash"]
    signals = {"Open": panel.item_activated, "Duplicate": panel.duplicate_requested,
               "Rename…": panel.rename_requested, "Translate…": panel.translate_requested,
               "Move to trash": panel.trash_requested}
    for text, signal in signals.items():
        action: QAction = actions[text]
        with qtbot.waitSignal(signal) as emitted:
            action.trigger()
        assert emitted.args[0] is item


def test_thumbnails_arrive_from_a_worker(qtbot: QtBot, panel: LibraryPanel, workspace: Workspace) -> None:
    folder = _add_lesson(workspace, "With picture", picture="#00ff00")
    _add_lesson(workspace, "Without picture")
    _open(qtbot, panel, workspace)
    row = panel.model.row_of(folder)

    def centre_colour() -> str:
        pixmap = panel.model.data(panel.model.index(row, Column.TITLE), Qt.ItemDataRole.DecorationRole)
        image = pixmap.toImage()
        return str(image.pixelColor(image.width() // 2, image.height() // 2).name())

    qtbot.waitUntil(lambda: centre_colour() == "#00ff00", timeout=5000)
    assert list((workspace.cache_dir / "thumbs").glob("*.png"))


def test_narrow_panel_hides_secondary_columns(qtbot: QtBot, panel: LibraryPanel, library: Workspace) -> None:
    _open(qtbot, panel, library)
    panel.show()
    panel.resize(520, 400)
    assert panel.table.isColumnHidden(Column.SKILLS) and not panel.table.isColumnHidden(Column.STATUS)
    panel.resize(1000, 400)
    assert not any(panel.table.isColumnHidden(column) for column in Column)


def test_header_state_round_trip(qtbot: QtBot, panel: LibraryPanel) -> None:
    panel.table.horizontalHeader().resizeSection(Column.SKILLS, 321)
    panel.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    state = panel.header_state()
    other = LibraryPanel()
    qtbot.addWidget(other)
    assert other.restore_header_state(state)
    assert other.table.horizontalHeader().sectionSize(Column.SKILLS) == 321
    assert other.table.horizontalHeader().sortIndicatorSection() == Column.TITLE


# -- commands ----------------------------------------------------------------------------------------------

class Recorder:
    def __init__(self) -> None:
        self.changed: list[Path | None] = []
        self.errors: list[str] = []

    def hooks(self) -> dict[str, object]:
        return {"on_changed": self.changed.append, "on_error": self.errors.append}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_create_lesson_undo_redo(qapp: object, workspace: Workspace) -> None:
    stack, record = QUndoStack(), Recorder()
    stack.push(CreateLessonCommand(workspace, "Coaching", **record.hooks()))  # type: ignore[arg-type]
    created = record.changed[-1]
    assert created is not None and (created / LESSON_FILE).is_file()
    item_id = workspace.read_item(created / LESSON_FILE).id
    assert stack.undoText() == "New lesson 'Coaching'"
    stack.undo()
    assert not created.exists() and record.changed[-1] is None and workspace.items() == []
    stack.redo()
    assert record.changed[-1] == created and workspace.read_item(created / LESSON_FILE).id == item_id
    assert record.errors == []


def test_create_link_and_duplicate(qapp: object, workspace: Workspace) -> None:
    stack, record = QUndoStack(), Recorder()
    fields = {"url": "https://example.org", "title": "Good read", "skills": ["Reading"], "summary": ""}
    stack.push(CreateLinkCommand(workspace, fields, **record.hooks()))  # type: ignore[arg-type]
    link = workspace.read_item(record.changed[-1])  # type: ignore[arg-type]
    assert (link.kind, link.url, link.skills) == ("link", "https://example.org", ["Reading"])
    stack.push(DuplicateCommand(workspace, link, **record.hooks()))  # type: ignore[arg-type]
    copy = workspace.read_item(record.changed[-1])  # type: ignore[arg-type]
    assert copy.title == "Good read (copy)" and copy.id != link.id
    stack.undo()
    assert not copy.path.exists() and [item.title for item in workspace.items()] == ["Good read"]
    stack.undo()
    assert workspace.items() == []


def test_trash_undo_restores_files_byte_identical(qapp: object, workspace: Workspace) -> None:
    folder = _add_lesson(workspace, "Keep me", picture="#123456")
    before = _snapshot(folder)
    stack, record = QUndoStack(), Recorder()
    stack.push(TrashCommand(workspace, workspace.read_item(folder / LESSON_FILE), **record.hooks()))  # type: ignore[arg-type]
    assert not folder.exists() and workspace.items() == []
    stack.undo()
    assert _snapshot(folder) == before and record.changed[-1] == folder
    stack.redo()
    assert not folder.exists() and record.errors == []


def test_rename_undo_restores_old_title(qapp: object, workspace: Workspace) -> None:
    folder = _add_lesson(workspace, "Old title")
    stack, record = QUndoStack(), Recorder()
    stack.push(RenameCommand(workspace, workspace.read_item(folder / LESSON_FILE), " New title ",
                             **record.hooks()))  # type: ignore[arg-type]
    assert workspace.read_item(folder / LESSON_FILE).title == "New title"
    stack.undo()
    assert workspace.read_item(folder / LESSON_FILE).title == "Old title"
    stack.redo()
    assert workspace.read_item(folder / LESSON_FILE).title == "New title" and record.errors == []


def test_failures_are_reported_not_raised(qapp: object, workspace: Workspace) -> None:
    stack, record = QUndoStack(), Recorder()
    stack.push(CreateLessonCommand(workspace, "   ", **record.hooks()))  # type: ignore[arg-type]
    assert record.errors == ["Could not create the lesson '': A lesson needs a title."]
    assert stack.count() == 0 and record.changed == []

    folder = _add_lesson(workspace, "Fragile")
    item = workspace.read_item(folder / LESSON_FILE)
    stack.push(TrashCommand(workspace, item, **record.hooks()))  # type: ignore[arg-type]
    _add_lesson(workspace, "Fragile")         # someone makes a new item at the same place
    stack.undo()
    assert "Cannot restore" in record.errors[-1] and stack.count() == 0


def test_a_translation_is_listed_under_its_lesson_after_a_restart_too(
        qtbot: QtBot, panel: LibraryPanel, library: Workspace) -> None:
    lesson = _by_title(library, "Stand-ups")
    variant = lesson.path / "lesson.fr.md"
    variant.write_text(f"---\ntitle: Réunions debout\nlanguage: fr\ntranslation_of: {lesson.id}\n---\n"
                       "Texte.\n", encoding="utf-8")
    for opening in range(2):                   # read from the files, then from the record they left
        shown = LibraryPanel()
        qtbot.addWidget(shown)
        _open(qtbot, shown, library)
        row = shown.model.row_of(variant)
        assert row >= 0, f"the translation is missing from the list (opening {opening + 1})"
        item = shown.model.item_at(row)
        assert item.path == variant and item.translation_of == lesson.id   # trashing it touches one file
        shown.proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
        titles = _titles(shown.proxy)
        assert titles.index("Réunions debout") == titles.index("Stand-ups") + 1, opening   # nested under it


def test_a_translation_follows_its_lesson_when_the_lesson_is_retitled_or_arrives_later(
        qapp: object, library: Workspace) -> None:
    import dataclasses

    lesson = _by_title(library, "Stand-ups")
    variant = lesson.path / "lesson.fr.md"
    variant.write_text(f"---\ntitle: Réunions debout\nlanguage: fr\ntranslation_of: {lesson.id}\n---\n",
                       encoding="utf-8")
    translation = library.read_item(variant)
    others = [item for item in library.items() if item.source not in (lesson.source, variant)]
    proxy = _proxy(others)
    model = proxy.sourceModel()
    assert isinstance(model, LibraryModel)
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    model.apply_changes([translation, lesson], [])        # the translation read before its lesson
    titles = _titles(proxy)
    assert titles.index("Réunions debout") == titles.index("Stand-ups") + 1
    model.update_item(dataclasses.replace(lesson, title="Daily stand-ups"))
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    titles = _titles(proxy)
    assert titles.index("Réunions debout") == titles.index("Daily stand-ups") + 1
