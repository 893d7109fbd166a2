"""The search popup and the index keeper, driven like a user would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QPalette, QPushButton, Qt, QToolButton, QWidget
from app.search.keeper import IndexKeeper, KeeperState
from app.search.panel import SearchPopup
from app.search.similar_dialog import SimilarItemsDialog, SimilarItemsPanel
from app.search.view import HIT_ROLE
from editor.atomic import atomic_write_text
from editor.search.build import build_index
from editor.search.index import index_folder
from editor.search.results import SearchResults
from editor.search.similar import Probe
from editor.workspace import Workspace
from tests.editor.search.library import make_library, source_of


@pytest.fixture
def library(tmp_path: Path) -> Workspace:
    return make_library(tmp_path / "library")


@pytest.fixture
def keeper(qtbot: QtBot, library: Workspace) -> Iterator[IndexKeeper]:
    kept = IndexKeeper(library, check_seconds=3600, debounce_ms=50)
    kept.start()
    qtbot.waitUntil(lambda: kept.state is KeeperState.READY, timeout=20_000)
    yield kept
    kept.close()


@pytest.fixture
def popup(qtbot: QtBot, keeper: IndexKeeper) -> Iterator[SearchPopup]:
    window = QWidget()          # stands in for the main window the popup is anchored to
    window.resize(1000, 700)
    qtbot.addWidget(window)
    window.show()
    shown = SearchPopup(keeper, window)
    shown.popup(window)
    yield shown                 # the window (and so the popup) lives until the test ends


def shown_titles(popup: SearchPopup) -> list[str]:
    return [popup.list.item(row).data(HIT_ROLE).title for row in range(popup.list.count())]


def type_and_wait(qtbot: QtBot, popup: SearchPopup, text: str, expected: list[str]) -> None:
    popup.box.clear()
    qtbot.keyClicks(popup.box, text)
    qtbot.waitUntil(lambda: shown_titles(popup) == expected, timeout=10_000)


def test_typing_shows_results_with_marked_words(qtbot: QtBot, popup: SearchPopup) -> None:
    type_and_wait(qtbot, popup, "zeppel", ["Giving feedback that lands"])
    hit = popup.list.item(0).data(HIT_ROLE)
    assert "<b>zeppelin</b>" in hit.snippet.html()
    assert popup.count.text() == "1 result"
    assert popup.stack.currentIndex() == 0


def test_enter_opens_the_chosen_item_and_arrows_choose(qtbot: QtBot, popup: SearchPopup,
                                                      library: Workspace) -> None:
    type_and_wait(qtbot, popup, "feedback", ["Giving feedback that lands", "The SBI feedback model"])
    qtbot.keyClick(popup.box, Qt.Key.Key_Down)
    assert popup.list.currentRow() == 1
    with qtbot.waitSignal(popup.open_requested, timeout=5000) as opened:
        qtbot.keyClick(popup.box, Qt.Key.Key_Return)
    assert opened.args == [source_of(library, "sbi-model.md")]
    assert not popup.isVisible()


def test_a_facet_chip_narrows_the_query_and_a_second_click_widens_it(qtbot: QtBot,
                                                                     popup: SearchPopup) -> None:
    type_and_wait(qtbot, popup, "feedback", ["Giving feedback that lands", "The SBI feedback model"])
    link_chip = next(b for b in popup.facets.findChildren(QToolButton) if b.text().startswith("Link"))
    assert link_chip.text() == "Link  1"
    qtbot.mouseClick(link_chip, Qt.MouseButton.LeftButton)
    assert popup.box.text() == "feedback type:link "
    qtbot.waitUntil(lambda: shown_titles(popup) == ["The SBI feedback model"], timeout=10_000)
    checked = next(b for b in popup.facets.findChildren(QToolButton) if b.text().startswith("Link"))
    assert checked.isChecked()
    qtbot.mouseClick(checked, Qt.MouseButton.LeftButton)
    assert popup.box.text() == "feedback "
    qtbot.waitUntil(lambda: len(shown_titles(popup)) == 2, timeout=10_000)


def test_no_results_explains_what_to_try(qtbot: QtBot, popup: SearchPopup) -> None:
    popup.box.setText("status:nonsense")
    qtbot.waitUntil(lambda: popup.stack.currentIndex() == 1, timeout=10_000)
    assert popup.empty_title.text() == "No results for “status:nonsense”"
    assert "draft" in popup.empty_hint.text()


def test_recent_sort_lists_the_newest_first(qtbot: QtBot, popup: SearchPopup) -> None:
    popup.sort_buttons.button(1).click()
    qtbot.waitUntil(lambda: shown_titles(popup) == ["Giving feedback that lands", "Find values with XLOOKUP",
                                                   "Klare E-Mails schreiben", "The SBI feedback model"],
                    timeout=10_000)


def test_keeper_reindexes_a_file_changed_on_disk(qtbot: QtBot, keeper: IndexKeeper,
                                                 library: Workspace) -> None:
    source = source_of(library, "xlookup-basics")
    # Written in place, as many editors and sync tools do (no rename the folder would notice).
    with qtbot.waitSignal(keeper.index_changed, timeout=10_000), source.open("a", encoding="utf-8") as handle:
        handle.write("\nNow featuring a capybara.\n")
    found: list[SearchResults] = []
    keeper.search("capybara", found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    assert [hit.key for hit in found[0].hits] == ["lessons/xlookup-basics/lesson.md"]
    assert found[0].engine == "index"


def test_changes_made_while_closed_reach_the_index_at_the_first_check(qtbot: QtBot,
                                                                    library: Workspace) -> None:
    build_index(library).close()
    with source_of(library, "xlookup-basics").open("a", encoding="utf-8") as handle:
        handle.write("\nNow featuring a quetzalcoatlus.\n")             # while no Tessera was running
    keeper = IndexKeeper(library, check_seconds=3600, first_check_ms=200)
    keeper.start()
    qtbot.waitUntil(lambda: keeper.state is KeeperState.READY, timeout=20_000)
    with qtbot.waitSignal(keeper.index_changed, timeout=10_000):
        pass                                                       # the first check, a moment later
    found: list[SearchResults] = []
    keeper.search("quetzalcoatlus", found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    assert [hit.key for hit in found[0].hits] == ["lessons/xlookup-basics/lesson.md"]
    assert found[0].engine == "index"
    keeper.close()


def test_keeper_rebuilds_a_missing_index_and_searches_the_files_meanwhile(qtbot: QtBot,
                                                                          library: Workspace) -> None:
    assert not index_folder(library).exists()
    keeper = IndexKeeper(library, check_seconds=3600)
    states: list[KeeperState] = []
    keeper.state_changed.connect(lambda: states.append(keeper.state))
    keeper.start()
    found: list[SearchResults] = []
    keeper.search("quokka", found.append)
    qtbot.waitUntil(lambda: keeper.state is KeeperState.READY and bool(found), timeout=20_000)
    assert KeeperState.REBUILDING in states
    assert [hit.key for hit in found[0].hits] == ["lessons/giving-feedback/lesson.md"]
    assert index_folder(library).is_dir()
    keeper.close()


def test_similar_panel_follows_a_draft_title_and_offers_open(qtbot: QtBot, keeper: IndexKeeper,
                                                            library: Workspace) -> None:
    panel = SimilarItemsPanel(keeper)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.found, timeout=10_000, check_params_cb=lambda count: count > 0):
        panel.set_probe(Probe("Giving better feedback to colleagues"))
    assert [item.hit.title for item in panel.items][:1] == ["Giving feedback that lands"]
    with qtbot.waitSignal(panel.open_requested) as opened:
        panel.findChildren(QPushButton)[0].click()
    assert opened.args == [source_of(library, "giving-feedback")]


def test_similar_dialog_for_an_existing_item(qtbot: QtBot, keeper: IndexKeeper, library: Workspace) -> None:
    dialog = SimilarItemsDialog(keeper, source_of(library, "sbi-model.md"), "The SBI feedback model")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.panel.items), timeout=10_000)
    assert [item.hit.title for item in dialog.panel.items] == ["Giving feedback that lands"]


def test_keeper_indexes_the_changes_it_is_told_about(qtbot: QtBot, keeper: IndexKeeper,
                                                     library: Workspace) -> None:
    # The library notices changes on disk and the window passes them on (see test_main_window).
    source = source_of(library, "klare-e-mails")
    atomic_write_text(source, source.read_text(encoding="utf-8") + "\nEin Gürteltier.\n")
    with qtbot.waitSignal(keeper.index_changed, timeout=10_000):
        keeper.notify_changed(source)
    library.new_link("https://example.org/armadillo", "Armadillo facts")
    with qtbot.waitSignal(keeper.index_changed, timeout=10_000):
        keeper.check_all()
    found: list[SearchResults] = []
    keeper.search("armadillo", found.append)
    keeper.search("gürteltier", found.append)
    qtbot.waitUntil(lambda: len(found) == 2, timeout=10_000)
    assert [hit.title for hit in found[0].hits] == ["Armadillo facts"]
    assert [hit.title for hit in found[1].hits] == ["Klare E-Mails schreiben"]


def test_an_exact_title_makes_open_the_default_and_create_asks_first(qtbot: QtBot, keeper: IndexKeeper,
                                                                     library: Workspace) -> None:
    from app.kit.qt import QDialog
    from app.library.item_dialogs import NewLessonDialog

    dialog = NewLessonDialog(["blank"], similar=SimilarItemsPanel(keeper))
    qtbot.addWidget(dialog)
    dialog.show()
    guard = dialog.guard
    assert guard is not None and guard.create.isDefault() and guard.warning.isHidden()
    with qtbot.waitSignal(dialog.similar.found, timeout=10_000, check_params_cb=lambda count: count > 0):
        dialog.title_edit.setText("Giving feedback that lands")
    assert guard.open_existing.isVisible() and guard.open_existing.isDefault()
    assert not guard.create.isDefault()
    assert "same title" in guard.warning.text()
    assert "100% similar" not in guard.warning.text()
    guard.create.click()                          # asks first…
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert guard.create.text() == "Create &anyway"
    guard.create.click()                          # …then creates
    assert dialog.result() == QDialog.DialogCode.Accepted

    again = NewLessonDialog(["blank"], similar=SimilarItemsPanel(keeper))
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.similar.found, timeout=10_000, check_params_cb=lambda count: count > 0):
        again.title_edit.setText("giving feedback that lands")
    with qtbot.waitSignal(again.similar.open_requested) as opened:
        again.guard.open_existing.click()
    assert opened.args == [source_of(library, "giving-feedback")]
    assert again.result() == QDialog.DialogCode.Rejected


def test_a_link_already_in_the_library_is_offered_before_a_second_one(qtbot: QtBot,
                                                                      keeper: IndexKeeper) -> None:
    from app.library.item_dialogs import NewLinkDialog

    dialog = NewLinkDialog(similar=SimilarItemsPanel(keeper))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.similar.found, timeout=10_000, check_params_cb=lambda count: count > 0):
        dialog.url_edit.setText("https://www.ccl.org/articles/sbi-feedback-model/")
    dialog.title_edit.setText("SBI again")
    guard = dialog.guard
    assert guard is not None and guard.open_existing.isDefault() and "same address" in guard.warning.text()
    guard.create.click()
    assert dialog.isVisible() and guard.create.text() == "Create &anyway"


@pytest.mark.parametrize("sequence", [("light", "dark", "light"), ("dark", "light", "dark")])
def test_the_popup_stays_readable_across_live_theme_switches(qtbot: QtBot, popup: SearchPopup,
                                                             themed_app: object,
                                                             sequence: tuple[str, ...]) -> None:
    from app.kit.qt import QApplication
    from app.kit.theme import apply_theme
    from tests.app.themes import painted_contrast

    type_and_wait(qtbot, popup, "feedback", ["Giving feedback that lands", "The SBI feedback model"])
    for theme in sequence:
        apply_theme(QApplication.instance(), theme)      # type: ignore[arg-type]
        popup.hide()
        popup.popup(popup.parentWidget())

        def shown_chips() -> list[QToolButton]:
            return [chip for chip in popup.facets.findChildren(QToolButton) if chip.isVisibleTo(popup)]

        # Chips added to a shown bar appear one event-loop turn after the results (Qt shows a new
        # child of a visible layout through a queued call), so wait for them too.
        qtbot.waitUntil(lambda: not popup._busy and popup.list.count() == 2 and bool(shown_chips()))
        popup.box.deselect()
        chips = shown_chips()
        header = popup.box.parentWidget()      # the box is transparent: photograph it on its header
        assert painted_contrast(popup.box, area=header) >= 4.5, f"query unreadable in {theme}"
        assert painted_contrast(popup.list) >= 4.5, f"titles unreadable in {theme}"
        for chip in chips[:3]:
            assert painted_contrast(chip, QPalette.ColorRole.ButtonText) >= 4.5, f"{chip.text()} in {theme}"
