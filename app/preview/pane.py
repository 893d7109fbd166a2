"""Live preview: the lesson through the learner player, in QtWebEngine, at learner widths.

The first render of a lesson loads the full player page; later ones swap the article in
place through the player's ``update`` API, so scroll position and quiz state survive
typing. The web view is created on first use so the window opens fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.kit.qt import (
    QAction,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPoint,
    QStackedWidget,
    Qt,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.kit.turns import next_turn
from app.kit.widgets import prepend_actions

if TYPE_CHECKING:
    from editor.render import Rendered

WIDTHS = {"phone": 390, "tablet": 820, "desktop": 0}   # 0: use all available width


class PreviewPane(QWidget):
    width_changed = Signal(str)
    updated = Signal()        # the page shows the latest render (after a load or an in-place update)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self._view: QWidget | None = None       # the QWebEngineView, created on first use
        self._page_base: Path | None = None     # lesson folder of the loaded page
        self._page_ready = False
        self._page_loading = False
        # A render that came while the page was loading: swapped in once it is (a second load would
        # start the page over — at 20,000 items that doubled the first preview).
        self._waiting: Rendered | None = None
        self._starting = False                  # the web engine is starting (see warm_up)
        self._first: tuple[Path, Rendered] | None = None   # shown once it has started
        self._theme = "light"
        self._width = "desktop"
        # Commands other features add to the right-click menu (e.g. Comment), above the page's own.
        self.context_actions: list[QAction] = []

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        title = QLabel("Preview")
        set_role(title, Role.HINT)
        bar.addWidget(title)
        bar.addStretch(1)
        self.width_buttons: dict[str, QToolButton] = {}
        for name in WIDTHS:
            button = QToolButton()
            button.setText(name.capitalize())
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"Show the lesson as learners see it on a {name}")
            button.clicked.connect(lambda _checked=False, n=name: self.set_width(n))
            bar.addWidget(button)
            self.width_buttons[name] = button
        self.stack = QStackedWidget()
        self.placeholder = QLabel("Select a lesson to see it as learners will.")
        set_role(self.placeholder, Role.EMPTY_STATE)
        self.stack.addWidget(self.placeholder)
        self.frame = QWidget()
        self.frame.setObjectName("previewFrame")
        self.frame_layout = QHBoxLayout(self.frame)
        self.frame_layout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.frame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.set_width("desktop")

    # -- public API ----------------------------------------------------------------
    def show_rendered(self, base: Path, rendered: Rendered) -> None:
        self.stack.setCurrentWidget(self.frame)
        view = self._view
        if view is None or self._starting:
            self._first = (base, rendered)
            self.warm_up()
            return
        if base == self._page_base and self._page_loading:
            self._waiting = rendered
        elif base != self._page_base or not self._page_ready:
            self._page_ready, self._page_loading, self._waiting = False, True, None
            self._page_base = base
            from publishing.player import player_page  # loads with the first preview, not at start-up

            page = player_page(rendered, tracking="preview", theme=self._theme)
            view.setHtml(page, QUrl.fromLocalFile(str(base) + "/"))  # type: ignore[attr-defined]
        else:
            self._swap_in(rendered)

    def _swap_in(self, rendered: Rendered) -> None:
        self.run_js(f"tesseraPlayer.update({json.dumps(rendered.html)})", lambda _result: self.updated.emit())

    def warm_up(self) -> None:
        """Start the web engine, before a lesson is chosen when there is time. Its first start takes
        ~120 ms of this thread, so it comes in three turns of the event loop — the module (~35 ms),
        the view with its profile (~45 ms), a first page (15–45 ms) — instead of one freeze. That
        page is the lesson shown meanwhile, or an empty one that is never shown."""
        if self._view is None and not self._starting:
            self._starting = True
            next_turn(self, self._load_engine)

    def _load_engine(self) -> None:
        import app.kit.qt_web  # noqa: F401  (the module alone: the first of the three turns)

        next_turn(self, self._make_view)

    def _make_view(self) -> None:
        self._ensure_view()
        next_turn(self, self._first_page)

    def _first_page(self) -> None:
        self._starting = False
        first, self._first = self._first, None
        if first is not None:
            self.show_rendered(*first)
        elif self._page_base is None and not self._page_loading:
            self._ensure_view().setHtml("<!DOCTYPE html><html></html>")  # type: ignore[attr-defined]

    def show_message(self, message: str) -> None:
        self.placeholder.setText(message)
        self.stack.setCurrentWidget(self.placeholder)
        self._first = None
        self._page_base = None
        self._page_ready = self._page_loading = False
        self._waiting = None

    def set_width(self, name: str) -> None:
        if name not in WIDTHS:
            name = "desktop"
        self._width = name
        for key, button in self.width_buttons.items():
            button.setChecked(key == name)
        if self._view is not None:
            pixels = WIDTHS[name]
            if pixels:
                self._view.setFixedWidth(pixels)
            else:
                self._view.setMinimumWidth(0)
                self._view.setMaximumWidth(16777215)
            side = 1 if pixels else 0   # spacers around a fixed-width view centre it
            self.frame_layout.setStretch(0, side)
            self.frame_layout.setStretch(2, side)
        self.width_changed.emit(name)

    @property
    def width_name(self) -> str:
        return self._width

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        if self._page_ready:
            self.run_js(f"window.tesseraPlayer && tesseraPlayer.setTheme({json.dumps(theme)})")

    def scroll_to_line(self, line: int) -> None:
        if self._page_ready:
            self.run_js(f"window.tesseraPlayer && tesseraPlayer.scrollToLine({int(line)})")

    def run_js(self, script: str, callback: Callable[[object], None] | None = None) -> None:
        """Run script in the page; ``callback`` receives its result (tests and benchmarks use it)."""
        if self._view is not None:
            page = self._view.page()  # type: ignore[attr-defined]
            if callback is None:
                page.runJavaScript(script)
            else:
                page.runJavaScript(script, 0, callback)

    @property
    def ready(self) -> bool:
        return self._page_ready

    def _ensure_view(self) -> QWidget:
        if self._view is None:
            from app.kit.qt_web import QWebEngineSettings, QWebEngineView
            view = QWebEngineView(self.frame)
            settings = view.settings()
            # Lessons reference their media folder through file:// URLs; nothing remote is needed.
            settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
            settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
            view.loadFinished.connect(self._loaded)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._show_context_menu)
            self.frame_layout.addStretch(0)
            self.frame_layout.addWidget(view, 1)
            self.frame_layout.addStretch(0)
            self._view = view
            self.set_width(self._width)
        return self._view

    def selected_text(self) -> str:
        """The text selected in the page ("" when none, or before the first preview)."""
        return str(self._view.selectedText()) if self._view is not None else ""   # type: ignore[attr-defined]

    def context_menu(self) -> QMenu:
        """The right-click menu: the added commands, then the page's own (copy, …)."""
        view: Any = self._ensure_view()
        # Qt builds its menu from the page's right-click request, and crashes when there is none yet.
        menu: QMenu = view.createStandardContextMenu() if view.lastContextMenuRequest() is not None \
            else QMenu(view)
        return prepend_actions(menu, self.context_actions)

    def _show_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self._ensure_view().mapToGlobal(pos))
        menu.deleteLater()

    def _loaded(self, ok: bool) -> None:
        if self._page_base is None:
            return           # the warm-up page, or one a message replaced: nothing to announce
        self._page_ready, self._page_loading = ok, False
        waiting, self._waiting = self._waiting, None
        if ok:
            self.set_theme(self._theme)
            if waiting is not None:
                self._swap_in(waiting)
            else:
                self.updated.emit()
