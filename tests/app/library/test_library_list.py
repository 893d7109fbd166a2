"""The library list at scale: shown from the item record first, kept in step with the files row by row,
filtered and sorted on cached keys with the same results as a plain reading of the rules."""

from __future__ import annotations

import dataclasses
import gc
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.kit.format import KIND_LABELS
from app.kit.qt import QItemSelectionModel, QStyledItemDelegate, QStyleOptionViewItem, Qt
from app.library.filter_proxy import LibraryFilterProxy
from app.library.model import Column, LibraryModel, prepare_rows
from app.library.panel import CHECK_RECORD_AFTER_MS, LibraryPanel
from editor import frontmatter
from editor.item_store import _FIELDS as FIELDS
from editor.item_store import ItemStore, RecordedItems
from editor.item_store import _columns as as_columns
from editor.progress import CancelToken
from editor.statuses import REVIEWS
from editor.workspace import LESSON_FILE, STATUSES, Item, Workspace
from tests.app.library.helpers import listed_items

WORDS = ("feedback", "meetings", "Budget", "safety", "onboarding", "Écoute")


def _items(count: int, seed: int = 7) -> list[Item]:
    """Items with many ties (few titles, few times) so the order of equal rows matters."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        kind = rng.choice(("lesson", "lesson", "link"))
        source = Path(f"/ws/lessons/l{number}/lesson.md" if kind == "lesson" else f"/ws/curated/c{number}.md")
        made.append(Item(id=f"i{number}", kind=kind, title=f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()}",
                         status=rng.choice([*STATUSES, "odd"]),
                         source=source,
                         modified=float(rng.randint(0, 5)), summary=rng.choice(("", "Short and useful.")),
                         skills=rng.sample(WORDS, rng.randint(0, 2)), tags=rng.sample(("agile", "hr"), 1),
                         owner=rng.choice(("Ana Pereira", "Bo Lindqvist", ""))))
    return made


def _reference(items: list[Item], words: list[str], status: str | None, kind: str | None, column: Column,
               order: Qt.SortOrder) -> list[Path]:
    """The rules as the library always applied them: every word somewhere in title, summary, skills,
    tags or owner (ignoring case); a stable sort by the column's value, case-insensitively."""
    def accepts(item: Item) -> bool:
        haystack = " ".join([item.title, item.summary, *item.skills, *item.tags, item.owner]).casefold()
        return ((not status or item.status == status) and (not kind or item.kind == kind)
                and all(word.casefold() in haystack for word in words))

    def key(item: Item) -> object:
        if column == Column.TITLE:
            return item.title.casefold()
        if column == Column.KIND:
            return KIND_LABELS[item.kind].casefold()
        if column == Column.STATUS:
            return STATUSES.index(item.status) if item.status in STATUSES else len(STATUSES)
        if column == Column.SKILLS:
            return ", ".join(item.skills).casefold()
        return item.modified

    shown = sorted((item for item in items if accepts(item)), key=key,
                   reverse=order == Qt.SortOrder.DescendingOrder)
    return [item.source for item in shown]


def _recorded(items: list[Item]) -> RecordedItems:
    """``items`` as the item record gives them back: made one at a time when asked for."""
    root = Path("/ws")
    records = {item.source.relative_to(root).as_posix(): ["1:1", *(getattr(item, name) for name in FIELDS)]
               for item in items}
    return RecordedItems(root, as_columns(records))


def _listed(count: int, recorded: bool = False) -> tuple[list[Item], LibraryModel, LibraryFilterProxy]:
    """``count`` items in a model (as a list, or from the record), shown through the library's filter
    proxy."""
    items = _items(count)
    model = LibraryModel()
    model.set_items(_recorded(items) if recorded else items)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    return items, model, proxy


def _shown(proxy: LibraryFilterProxy, model: LibraryModel) -> list[Path]:
    return [model.item_at(proxy.mapToSource(proxy.index(row, 0)).row()).source  # type: ignore[union-attr]
            for row in range(proxy.rowCount())]


@pytest.mark.parametrize("recorded", [False, True], ids=["list", "record"])
@pytest.mark.parametrize("column", list(Column))
def test_filter_and_sort_give_the_same_rows_as_the_rules(qapp: object, column: Column, recorded: bool
                                                         ) -> None:
    items, model, proxy = _listed(400, recorded)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(column, order)
        for text in ("", "feed", "  ANA  feedback", "écoute", "zzz"):
            for status in (None, "draft"):
                for kind in (None, "link"):
                    proxy.set_text(text)
                    proxy.set_status(status)
                    proxy.set_kind(kind)
                    expected = _reference(items, text.split(), status, kind, column, order)
                    assert _shown(proxy, model) == expected


def test_cells_are_drawn_with_the_data_of_the_row_they_show(qapp: object) -> None:
    # A view's delegate reads a cell's roles in one call (multiData); filtered and sorted, each cell must
    # still carry the text, picture and alignment of the model's row it stands for.
    items, model, proxy = _listed(60)
    proxy.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    proxy.set_text("feed")
    assert 0 < proxy.rowCount() < len(items)
    delegate = QStyledItemDelegate()
    for row in range(proxy.rowCount()):
        for column in Column:
            shown = proxy.index(row, column)
            source = proxy.mapToSource(shown)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, shown)
            assert option.text == model.data(source, Qt.ItemDataRole.DisplayRole)
            has_picture = bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration)
            assert has_picture == (model.data(source, Qt.ItemDataRole.DecorationRole) is not None)
            alignment = model.data(source, Qt.ItemDataRole.TextAlignmentRole)
            if alignment is not None:
                assert option.displayAlignment == Qt.AlignmentFlag(alignment)
            tip = Qt.ItemDataRole.ToolTipRole
            assert proxy.data(shown, tip) == model.data(source, tip)
    assert not proxy.data(proxy.index(proxy.rowCount(), 0))        # past the last shown row: nothing


def test_rows_are_found_by_folder_file_or_source(qapp: object) -> None:
    items = _items(30)
    lesson = next(item for item in items if item.kind == "lesson")
    variant = dataclasses.replace(lesson, id="v1", source=lesson.path / "lesson.de.md", language="de",
                                  translation_of=lesson.id)
    assert variant.path == variant.source              # a variant is its own file, not the folder
    model = LibraryModel()
    model.set_items([*items, variant])
    row = items.index(lesson)
    assert model.row_of(lesson.path) == model.row_of(lesson.source) == row            # folder and its file
    assert model.row_of(variant.source) == len(items)                                  # a variant is its file
    link = next(item for item in items if item.kind == "link")
    assert model.row_of(link.source) == items.index(link)
    assert model.row_of(lesson.path / "media") == model.row_of(Path("/elsewhere")) == -1
    added = dataclasses.replace(lesson, id="new", source=Path("/ws/lessons/new/lesson.md"))
    model.apply_changes([added], [])
    assert model.row_of(Path("/ws/lessons/new")) == model.row_of(added.source) == len(items) + 1


@pytest.mark.parametrize("recorded", [False, True], ids=["list", "record"])
def test_changed_rows_keep_filter_sort_and_selection(qapp: object, recorded: bool) -> None:
    items, model, proxy = _listed(60, recorded)
    selection = QItemSelectionModel(proxy)
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    proxy.set_text("a")
    chosen = next(item for item in items if "a" in item.title)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    selection.setCurrentIndex(proxy.mapFromSource(model.index(model.row_of(chosen.source), 0)), flags)

    renamed = dataclasses.replace(items[5], title="Aardvark first")
    new = dataclasses.replace(items[6], id="new", source=Path("/ws/curated/new.md"), kind="link",
                              title="Zebra last")
    gone = items[7].source if items[7].source != chosen.source else items[8].source
    model.apply_changes([renamed, new], [gone])

    now = [renamed if item.source == renamed.source else item for item in items if item.source != gone]
    now.append(new)
    assert listed_items(model) == now
    up = Qt.SortOrder.AscendingOrder
    assert _shown(proxy, model) == _reference(now, ["a"], None, None, Column.TITLE, up)
    assert _shown(proxy, model)[0] == renamed.source and new.source in _shown(proxy, model)
    current = model.item_at(proxy.mapToSource(selection.currentIndex()).row())
    assert current is not None and current.source == chosen.source        # the selection followed its row


def _write_title(source: Path, title: str) -> None:
    text = source.read_text(encoding="utf-8")
    source.write_text(frontmatter.replace(text, {**frontmatter.parse(text).meta, "title": title}),
                      encoding="utf-8")


def test_the_recorded_list_shows_first_then_what_changed(qtbot: QtBot, workspace: Workspace) -> None:
    folders = [workspace.new_lesson(f"Lesson {number}") for number in range(3)]
    ItemStore(workspace).refresh()                     # the record a previous session left
    _write_title(folders[1] / LESSON_FILE, "Edited while closed")
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    shown_at_reset: list[list[str]] = []
    panel.model.modelReset.connect(
        lambda: shown_at_reset.append([item.title for item in listed_items(panel.model)]))
    with qtbot.waitSignal(panel.items_changed, timeout=10_000) as changed:
        panel.set_workspace(workspace)
    assert shown_at_reset == [[], ["Lesson 0", "Lesson 1", "Lesson 2"]]   # nothing, then the record
    assert gc.get_freeze_count() > 0    # the list is in: later full collections leave it alone
    assert [item.title for item in changed.args[0].changed] == ["Edited while closed"]
    titles = [item.title for item in listed_items(panel.model)]
    assert titles == ["Lesson 0", "Edited while closed", "Lesson 2"]


def _claiming_statuses(workspace: Workspace) -> None:
    """A reviewed lesson and one whose front matter claims it is published, with no review ever."""
    reviewed, claiming = (workspace.new_lesson(title) for title in ("Reviewed", "Claims to be published"))
    for folder, status in ((reviewed, "in_review"), (claiming, "published")):
        lesson = folder / LESSON_FILE
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("status: draft", f"status: {status}"),
                          encoding="utf-8")
    (workspace.root / REVIEWS / workspace.read_item(reviewed / LESSON_FILE).id).mkdir(parents=True)


AS_REVIEWED = {"Reviewed": "in_review", "Claims to be published": "draft"}


def test_items_never_reviewed_are_listed_as_drafts_from_the_start(qtbot: QtBot, workspace: Workspace) -> None:
    # Front matter may claim any status; only review events make one. Items without any are drafts in
    # the first list shown, not a moment later when the review feature has checked.
    _claiming_statuses(workspace)
    ItemStore(workspace).refresh()                     # the record a previous session left
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    first_list: list[dict[str, str]] = []
    panel.model.modelReset.connect(
        lambda: first_list.append({item.title: item.status for item in listed_items(panel.model)}))
    panel.set_workspace(workspace)
    qtbot.waitUntil(lambda: len(first_list) == 2)
    assert first_list[1] == AS_REVIEWED


def test_a_workspace_opened_the_first_time_lists_never_reviewed_items_as_drafts(
        qtbot: QtBot, workspace: Workspace) -> None:
    _claiming_statuses(workspace)                      # and no item record yet: the files are read
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_workspace(workspace)
    assert {item.title: item.status for item in listed_items(panel.model)} == AS_REVIEWED
    panel.refresh_item(next(i for i in listed_items(panel.model) if i.status == "draft").source)   # a save
    assert {item.title: item.status for item in listed_items(panel.model)} == AS_REVIEWED


def test_the_first_frame_can_wait_briefly_for_a_small_recorded_list(qtbot: QtBot, workspace: Workspace,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(3):
        workspace.new_lesson(f"Lesson {number}")
    ItemStore(workspace).refresh()
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_workspace(workspace)
    panel.wait_for_list(5.0)
    assert panel.model.rowCount() == 3 and panel.has_listed()      # before any turn of the event loop
    # A list slower than the wait is not waited for: the window shows, and the list when it comes.
    slow = threading.Event()
    reading = ItemStore.cached
    monkeypatch.setattr(ItemStore, "cached", lambda store: slow.wait(5) and reading(store))
    panel.set_workspace(workspace)
    started = time.monotonic()
    panel.wait_for_list(0.05)
    assert time.monotonic() - started < 1 and panel.model.rowCount() == 0 and not panel.has_listed()
    slow.set()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)


def test_the_check_of_a_recorded_list_waits_unless_a_reload_is_asked(qtbot: QtBot, workspace: Workspace
                                                                      ) -> None:
    folders = [workspace.new_lesson(f"Lesson {number}") for number in range(2)]
    ItemStore(workspace).refresh()
    _write_title(folders[0] / LESSON_FILE, "Edited while closed")
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_workspace(workspace)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    # The record is shown; its check is due in a moment (the first lesson picked gets the machine first),
    # and counts as reading: a path asked for meanwhile is selected once the check is in.
    qtbot.wait(CHECK_RECORD_AFTER_MS // 4)
    assert [item.title for item in listed_items(panel.model)] == ["Lesson 0", "Lesson 1"]
    assert panel.reading()
    added = workspace.new_lesson("Added elsewhere")
    assert not panel.select_path(added)
    with qtbot.waitSignal(panel.loaded, timeout=CHECK_RECORD_AFTER_MS // 2):
        panel.reload()                                  # asked for: checked now, not when the wait ends
    titles = [item.title for item in listed_items(panel.model)]
    assert titles == ["Edited while closed", "Lesson 1", "Added elsewhere"]
    assert panel.current_item() is not None and panel.current_item().path == added
    assert not panel.reading()


def test_typing_puts_the_check_off_to_a_pause_but_not_for_ever(qtbot: QtBot, workspace: Workspace,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from app.library import panel as panel_module

    folder = workspace.new_lesson("Lesson")
    ItemStore(workspace).refresh()
    _write_title(folder / LESSON_FILE, "Edited while closed")
    monkeypatch.setattr(panel_module, "CHECK_RECORD_WITHIN_MS", 3 * CHECK_RECORD_AFTER_MS)
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_workspace(workspace)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    shown = time.monotonic()
    while time.monotonic() - shown < 2 * CHECK_RECORD_AFTER_MS / 1000:   # a key every quarter of the wait
        panel.postpone_check()
        qtbot.wait(CHECK_RECORD_AFTER_MS // 4)
        assert listed_items(panel.model)[0].title == "Lesson"       # not checked while the typing goes on
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        while panel.reading():                                 # still typing: checked all the same…
            panel.postpone_check()
            qtbot.wait(CHECK_RECORD_AFTER_MS // 4)
    waited = time.monotonic() - shown
    assert waited < 3 * CHECK_RECORD_AFTER_MS / 1000 + 2       # …once the longest wait is over
    assert listed_items(panel.model)[0].title == "Edited while closed"


def test_opening_an_item_stops_a_running_start_up_check_until_a_pause(
        qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workspace.new_lesson("Lesson")
    ItemStore(workspace).refresh()
    _write_title(folder / LESSON_FILE, "Edited while closed")
    checks: list[str] = []
    stamps = Workspace.source_stamps

    def slow_stamps(self: Workspace, cancel: CancelToken | None = None) -> dict[str, str]:
        checks.append("started")
        for _ in range(200):                     # a large library's check: long enough to be caught
            if cancel is not None and cancel.cancelled:
                checks.append("stopped")
            if cancel is not None:
                cancel.raise_if_cancelled()
            time.sleep(0.01)
        return stamps(self, cancel)

    monkeypatch.setattr(Workspace, "source_stamps", slow_stamps)
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_workspace(workspace)
    qtbot.waitUntil(lambda: checks == ["started"], timeout=CHECK_RECORD_AFTER_MS * 3)
    panel.postpone_check()                        # an item is opened while the check runs
    qtbot.waitUntil(lambda: checks == ["started", "stopped"])
    assert panel.reading() and listed_items(panel.model)[0].title == "Lesson"      # put off, not dropped
    monkeypatch.setattr(Workspace, "source_stamps", stamps)
    with qtbot.waitSignal(panel.loaded, timeout=CHECK_RECORD_AFTER_MS * 5):
        pass                                      # it starts over after a pause
    assert listed_items(panel.model)[0].title == "Edited while closed"


def test_lessons_added_or_removed_elsewhere_come_and_go(qtbot: QtBot, workspace: Workspace) -> None:
    kept, removed = workspace.new_lesson("Kept"), workspace.new_lesson("Removed elsewhere")
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_workspace(workspace)
    assert panel.model.row_of(removed) >= 0
    assert str(workspace.root / "lessons") in panel.disk_watch.watched()   # folders, not every file
    for path in (removed / LESSON_FILE, removed / "media"):
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink()
    removed.rmdir()
    added = workspace.new_lesson("Added elsewhere")
    qtbot.waitUntil(lambda: panel.model.row_of(removed) < 0 <= panel.model.row_of(added), timeout=10_000)
    assert {item.title for item in listed_items(panel.model)} == {"Kept", "Added elsewhere"}
    assert panel.model.row_of(kept) >= 0


@pytest.mark.parametrize("recorded", [False, True], ids=["list", "record"])
@pytest.mark.parametrize("column", [Column.STATUS, Column.TITLE])
def test_statuses_from_reviews_keep_filter_and_sort_right(qapp: object, column: Column, recorded: bool
                                                          ) -> None:
    items, model, proxy = _listed(120, recorded)
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    proxy.set_status("approved")
    statuses = {item.source: "approved" if number % 3 else "draft" for number, item in enumerate(items)}
    model.set_derived_statuses(statuses)
    now = [dataclasses.replace(item, status=statuses[item.source]) for item in items]
    assert listed_items(model) == now
    assert _shown(proxy, model) == _reference(now, [], "approved", None, column, Qt.SortOrder.AscendingOrder)
    proxy.set_status(None)
    assert _shown(proxy, model) == _reference(now, [], None, None, column, Qt.SortOrder.AscendingOrder)


@pytest.fixture
def made() -> Iterator[list[int]]:
    """The record rows made into items from now on (a list from the record makes a row when asked)."""
    rows: list[int] = []
    making = RecordedItems.__getitem__
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RecordedItems, "__getitem__", lambda self, row: rows.append(row) or making(self, row))
        yield rows


def test_a_list_from_the_record_is_shown_filtered_and_sorted_without_making_its_items(
        qapp: object, made: list[int]) -> None:
    items = _items(300)
    reviewed = frozenset(item.id for item in items[::2])      # the others were never submitted for review
    model = LibraryModel()
    model.set_items(prepare_rows(_recorded(items), reviewed))
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    for column in Column:
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
    proxy.set_text("feedback ana")
    proxy.set_status("draft")
    proxy.set_kind("lesson")
    assert made == []                                          # nothing made yet: all from the columns
    now = [item if item.id in reviewed else dataclasses.replace(item, status="draft") for item in items]
    expected = _reference(now, ["feedback", "ana"], "draft", "lesson", Column.MODIFIED,
                          Qt.SortOrder.DescendingOrder)
    assert len(expected) > 3 and _shown(proxy, model) == expected
    assert sorted(made) == sorted(model.row_of(source) for source in expected)   # only the rows asked for
    assert all(model.item_at(row).status == "draft" for row in made)  # type: ignore[union-attr]
    lesson = next(row for row, item in enumerate(items) if item.kind == "lesson")
    assert model.row_of(items[lesson].path) == lesson and model.row_of(items[lesson].path / "x") == -1


def test_rows_of_a_list_from_the_record_come_and_go_without_making_the_others(
        qapp: object, made: list[int]) -> None:
    items = _items(200)
    model = LibraryModel()
    model.set_items(_recorded(items))
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    proxy.set_text("feed")
    gone = [items[3].source, items[50].source, items[51].source]
    added = dataclasses.replace(items[9], id="new", source=Path("/ws/curated/new.md"), kind="link",
                                title="Feedback, new")
    model.apply_changes([added], gone)
    assert len(made) <= 3                         # the rows removed, looked at for what they translate
    now = [item for item in items if item.source not in gone] + [added]
    up = Qt.SortOrder.AscendingOrder
    assert _shown(proxy, model) == _reference(now, ["feed"], None, None, Column.TITLE, up)
    assert listed_items(model) == now             # every row made from its own record row
    assert model.row_of(items[52].source) == 49 and model.row_of(items[3].source) == -1


def test_statuses_shown_by_the_review_folders_now_decide_the_status_sort(qapp: object, made: list[int]
                                                                         ) -> None:
    # A list from the record shows never-reviewed items as drafts; once review folders appear for them
    # (a check of the files says so), the rows not made yet sort by the statuses they now show.
    items = _items(120)
    model = LibraryModel()
    model.set_items(prepare_rows(_recorded(items), frozenset()))
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    up = Qt.SortOrder.AscendingOrder

    def shown_rows() -> list[Path]:      # through the proxy's rows alone: no row is made
        return [items[proxy.mapToSource(proxy.index(row, 0)).row()].source for row in range(proxy.rowCount())]

    proxy.sort(Column.STATUS, up)
    drafts = [dataclasses.replace(item, status="draft") for item in items]
    assert shown_rows() == _reference(drafts, [], None, None, Column.STATUS, up)
    model.apply_changes([], [], frozenset(item.id for item in items))
    proxy.sort(Column.STATUS, up)
    assert shown_rows() == _reference(items, [], None, None, Column.STATUS, up)
    assert made == []
