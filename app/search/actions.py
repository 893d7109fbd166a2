"""The main window's search features: the index keeper, the Ctrl+K popup and "similar items".

The index opens just after the window is shown, so start-up does not wait for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.actions import ActionId
from app.kit.context import Change, Notice
from app.kit.qt import QObject, Qt, QTimer
from editor.workspace import Item, Workspace

if TYPE_CHECKING:
    from app.kit.context import WindowContext
    from app.search.keeper import IndexKeeper
    from app.search.panel import SearchPopup
    from app.search.similar_dialog import SimilarItemsPanel


STARTUP_DELAY_MS = 400
_ENGINE_MODULES = ("app.search.keeper", "app.search.panel")


class SearchActions(QObject):
    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        self.keeper: IndexKeeper | None = None
        self._opening: Workspace | None = None
        self.popup: SearchPopup | None = None
        self._load_soon = QTimer(self, singleShot=True, interval=STARTUP_DELAY_MS)
        self._load_soon.timeout.connect(self._load_engine)
        window.registry.bind(ActionId.SEARCH, self.show_popup)
        window.registry.bind(ActionId.FIND_SIMILAR, lambda: self.find_similar(window.selected_item()))
        window.changes.on(Change.WORKSPACE_OPENED, self._workspace_opened, self)
        window.changes.on(Change.ITEM_SAVED, self._saved, self)
        window.changes.on(Change.ITEMS_CHANGED, self._changed_on_disk, self)
        window.changes.on(Change.ITEM_OPENED, lambda _notice: self._put_off_loading(), self)

    def _workspace_opened(self, _notice: Notice) -> None:
        if self.window.workspace is not None:
            self.open_workspace(self.window.workspace)

    def _saved(self, notice: Notice) -> None:
        if notice.path is not None:
            self.saved(notice.path)

    def open_workspace(self, workspace: Workspace) -> None:
        self.close()
        self._opening = workspace
        # After the window has painted: the search engine's code is imported on a worker (on the UI
        # thread it held the window for ~100 ms), then the keeper opens the index in the background.
        self._load_soon.start()

    def _put_off_loading(self) -> None:
        """A lesson opened before the engine is loaded goes first: its analysis and the preview's start
        want the machine, and the engine's imports beside them held its first preview up."""
        if self._load_soon.isActive():
            self._load_soon.start()

    def _load_engine(self) -> None:
        # A bound method as the callback: Qt drops it if this object is gone before the worker is done.
        self.window.runner.import_modules(_ENGINE_MODULES, self._engine_loaded)

    def _engine_loaded(self, _modules: object) -> None:
        if self._opening is not None:
            self._start(self._opening)      # unless another workspace was opened meanwhile

    def _start(self, workspace: Workspace) -> None:
        if self.window.workspace is not workspace or self.keeper is not None:
            return
        from app.search.keeper import IndexKeeper
        from app.search.panel import SearchPopup

        self.keeper = IndexKeeper(workspace, self)
        self.keeper.start()
        self.popup = SearchPopup(self.keeper, self.window.dialog_parent())
        self.popup.open_requested.connect(self.open_source)

    def ensure_started(self) -> IndexKeeper | None:
        if self.keeper is None and self.window.workspace is not None:
            self._start(self.window.workspace)
        return self.keeper

    def close(self) -> None:
        if self.keeper is not None:
            self.keeper.close()
            self.keeper.deleteLater()
        if self.popup is not None:
            self.popup.deleteLater()
        self.keeper, self.popup = None, None

    def saved(self, source: Path) -> None:
        if self.keeper is not None:
            self.keeper.notify_saved(source)

    def _changed_on_disk(self, notice: Notice) -> None:
        # Items created, renamed or trashed here arrive this way too, once the library has read them.
        if self.keeper is None:
            return          # the keeper compares every item when it starts
        if notice.path is None:
            self.keeper.check_all()
        else:
            self.keeper.notify_changed(notice.path)

    def show_popup(self) -> None:
        self.ensure_started()
        if self.popup is not None:
            self.popup.popup(self.window.dialog_parent())

    def open_source(self, source: Path) -> None:
        self.window.open_source(source)

    def find_similar(self, item: Item | None) -> None:
        keeper = self.ensure_started()
        if item is None or keeper is None:
            return
        from app.search.similar_dialog import SimilarItemsDialog

        dialog = SimilarItemsDialog(keeper, item.source, item.title, self.window.dialog_parent())
        dialog.open_requested.connect(self.open_source)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def similar_panel(self) -> SimilarItemsPanel | None:
        """"Already in the library" suggestions for the new-item dialogs."""
        keeper = self.ensure_started()
        if keeper is None:
            return None
        from app.search.similar_dialog import SimilarItemsPanel

        panel = SimilarItemsPanel(keeper)
        panel.open_requested.connect(self.open_source)
        return panel
