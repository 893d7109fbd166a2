"""The library stays readable: titles first, status as a compact badge, same titles told apart, narrow too."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QFontMetrics
from app.library.delegates import StatusBadgeDelegate, TitleDelegate, fit_title
from app.library.model import SECONDARY_ROLE, Column
from app.library.panel import LibraryPanel
from editor.workspace import Workspace
from tests.app.library.helpers import listed_items

LONG = "A safe-lifting routine before you move boxes in the warehouse"


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace) -> LibraryPanel:
    workspace.new_lesson(LONG)
    workspace.new_lesson("Giving feedback")
    workspace.new_lesson("Giving feedback", owner="ana@example.org")
    workspace.new_link("https://example.org/feedback", "Giving feedback")
    widget = LibraryPanel()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):     # the list is read on a worker
        widget.set_workspace(workspace)
    widget.show()
    return widget


def _width(panel: LibraryPanel, column: Column) -> int:
    return 0 if panel.table.isColumnHidden(column) else panel.table.columnWidth(column)


@pytest.mark.parametrize("width", [1000, 640, 400, 280])
def test_titles_get_the_room_and_the_status_stays_compact(qtbot: QtBot, panel: LibraryPanel,
                                                          width: int) -> None:
    panel.resize(width, 500)
    qtbot.waitUntil(lambda: panel.width() == width)
    room = panel.table.viewport().width()
    title, status = _width(panel, Column.TITLE), _width(panel, Column.STATUS)
    assert title >= 0.45 * room, f"the title gets {title} of {room} px"
    assert 0 < status <= max(room / 3, 30), f"the status takes {status} of {room} px"
    assert title == max(_width(panel, column) for column in Column)


def test_titles_and_statuses_are_drawn_by_the_readable_delegates(panel: LibraryPanel) -> None:
    assert isinstance(panel.table.itemDelegateForColumn(Column.TITLE), TitleDelegate)
    assert isinstance(panel.table.itemDelegateForColumn(Column.STATUS), StatusBadgeDelegate)
    metrics = QFontMetrics(panel.table.font())
    shown = fit_title(metrics, LONG, 160)
    assert "…" in shown and shown.startswith("A safe") and shown.endswith("house")
    row = panel.model.row_of(next(i for i in listed_items(panel.model) if i.title == LONG).source)
    tooltip = panel.model.index(row, Column.TITLE).data(0x03)      # Qt.ToolTipRole
    assert LONG in tooltip                                          # the whole title, on hover


def test_items_with_the_same_title_get_a_line_that_tells_them_apart(panel: LibraryPanel) -> None:
    model = panel.model
    lines = {model.index(row, Column.TITLE).data(SECONDARY_ROLE)
             for row in range(model.rowCount()) if model.item_at(row).title == "Giving feedback"}
    assert len(lines) == 3 and all(lines)                    # three different, non-empty lines
    assert any("Link" in line for line in lines) and any("ana@example.org" in line for line in lines)
    row = model.row_of(next(i for i in listed_items(model) if i.title == LONG).source)
    assert model.index(row, Column.TITLE).data(SECONDARY_ROLE) == ""      # unique: no extra line


def test_stand_in_pictures_follow_a_live_theme_switch(panel: LibraryPanel, themed_app: object) -> None:
    from app.kit.qt import QApplication, QColor, QPixmap, Qt
    from app.kit.theme import apply_theme

    model = panel.model
    row = model.row_of(next(i for i in listed_items(model) if i.kind == "lesson").source)

    def card() -> QColor:
        picture = model.index(row, Column.TITLE).data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(picture, QPixmap)
        image = picture.toImage()
        return QColor.fromRgb(image.pixel(image.width() // 8, image.height() // 2))

    for theme, dark in (("light", False), ("dark", True), ("light", False)):
        apply_theme(QApplication.instance(), theme)          # type: ignore[arg-type]
        assert (card().lightness() < 128) is dark, theme
