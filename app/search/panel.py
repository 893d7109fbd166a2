"""The search popup (Ctrl+K): the whole library, as you type, two keys from anything.

A command-palette style panel over the main window: a search box, facet chips that narrow the
query, results with the matched words marked, and keyboard control throughout (Up/Down, Enter
opens, Ctrl+Enter finds similar items, Esc closes). Searches run on the index keeper's worker;
while one runs, only the newest text waits, so fast typing never queues stale searches.
"""

from __future__ import annotations

from pathlib import Path

from app.kit.qt import (
    QButtonGroup,
    QColor,
    QEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QIcon,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    Qt,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
    is_alive,
)
from app.kit.theme import follow_theme, theme_palette
from app.kit.widgets import is_dark
from app.search.keeper import IndexKeeper, KeeperState
from app.search.similar_dialog import SimilarItemsDialog
from app.search.view import HIT_ROLE, FacetBar, HitDelegate
from editor.search.results import RECENT, RELEVANCE, SearchResults
from editor.search.syntax import toggle_filter

RESULT_LIMIT = 30
TYPING_PAUSE_MS = 120           # keystrokes closer than this become one search
_LIST, _EMPTY = 0, 1
_STYLE = """
#searchPopup {{ background: {base}; color: {text}; border: 1px solid {border}; border-radius: 10px; }}
#searchPopup QLabel {{ color: {text}; }}
#searchPopup QLabel[muted="true"] {{ color: {muted}; }}
#searchBox {{ border: none; background: transparent; padding: 6px 2px; color: {text}; }}
#searchHeader {{ border-bottom: 1px solid {border}; }}
#searchFooter {{ border-top: 1px solid {border}; }}
#searchBanner {{ background: {banner}; border-radius: 6px; }}
QToolButton[facet="true"] {{ border: 1px solid {border}; border-radius: 11px; padding: 2px 9px;
    background: {base}; color: {text}; }}
QToolButton[facet="true"]:hover {{ border-color: {accent}; }}
QToolButton[facet="true"]:checked {{ background: {accent}; color: {on_accent}; border-color: {accent}; }}
QToolButton[sort="true"] {{ border: 1px solid {border}; padding: 3px 10px; background: {base};
    color: {text}; }}
QToolButton[sort="true"]:checked {{ background: {chip}; font-weight: 600; }}
QListWidget#searchResults {{ border: none; background: {base}; color: {text}; outline: none; }}
"""


def search_icon(colour: QColor, size: int = 18) -> QIcon:
    """A magnifying glass drawn with the theme's colour (no image file to ship or recolour)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawEllipse(2, 2, int(size * 0.55), int(size * 0.55))
    painter.drawLine(int(size * 0.52), int(size * 0.52), size - 3, size - 3)
    painter.end()
    return QIcon(pixmap)


class SearchPopup(QFrame):
    """``open_requested(source)``: the user chose an item (its lesson.md or curated file)."""

    open_requested = Signal(Path)

    def __init__(self, keeper: IndexKeeper, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("searchPopup")
        self.keeper = keeper
        self.results: SearchResults | None = None
        self.sort = RELEVANCE
        self._busy = False
        self._again = False
        self._open_when_shown = False     # Enter came before the results for the latest text
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.run_query)

        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Search lessons and links — e.g. feedback status:review skill:excel")
        self.box.setClearButtonEnabled(True)
        font = QFont(self.box.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.box.setFont(font)
        self.box.installEventFilter(self)
        self.box.textChanged.connect(lambda _text: self._pause.start())
        self.icon = QLabel()
        self.sort_buttons = QButtonGroup(self)
        sort_row = QHBoxLayout()
        sort_row.setSpacing(0)
        for number, (value, text, tip) in enumerate(((RELEVANCE, "Best match", "Best matches first"),
                                                     (RECENT, "Recent", "Most recently edited first"))):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setChecked(value == RELEVANCE)
            button.setProperty("sort", True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.toggled.connect(lambda on, v=value: self.set_sort(v) if on else None)
            self.sort_buttons.addButton(button, number)
            sort_row.addWidget(button)
        header = QWidget()
        header.setObjectName("searchHeader")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(14, 6, 10, 6)
        header_row.addWidget(self.icon)
        header_row.addWidget(self.box, 1)
        header_row.addLayout(sort_row)

        self.banner = QFrame()
        self.banner.setObjectName("searchBanner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_progress = QProgressBar()
        self.banner_progress.setMaximum(1000)
        self.banner_progress.setTextVisible(False)
        self.banner_progress.setFixedHeight(6)
        self.banner_cancel = QPushButton("Stop", flat=True)
        self.banner_cancel.setToolTip("Stop rebuilding the index; searches keep reading the files")
        self.banner_cancel.clicked.connect(keeper.cancel_rebuild)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 6, 6, 6)
        banner_column = QVBoxLayout()
        banner_column.addWidget(self.banner_text)
        banner_column.addWidget(self.banner_progress)
        banner_row.addLayout(banner_column, 1)
        banner_row.addWidget(self.banner_cancel)

        self.facets = FacetBar()
        self.facets.narrow.connect(self.narrow)

        self.list = QListWidget()
        self.list.setObjectName("searchResults")
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setMouseTracking(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)       # keys stay in the search box
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.list.itemClicked.connect(lambda _item: self.open_current())
        self.empty_title = QLabel()
        title_font = QFont(self.empty_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.empty_title.setFont(title_font)
        self.empty_hint = QLabel()
        self.empty_hint.setProperty("muted", True)
        for label in (self.empty_title, self.empty_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        empty = QWidget()
        empty_column = QVBoxLayout(empty)
        empty_column.addStretch(1)
        empty_column.addWidget(self.empty_title)
        empty_column.addWidget(self.empty_hint)
        empty_column.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(empty)

        footer = QWidget()
        footer.setObjectName("searchFooter")
        footer_row = QHBoxLayout(footer)
        footer_row.setContentsMargins(14, 5, 10, 5)
        self.count = QLabel()
        self.keys = QLabel("↑↓ choose · Enter open · Ctrl+Enter similar · Esc close")
        self.similar_button = QPushButton("Find similar", flat=True)
        self.similar_button.clicked.connect(self.find_similar)
        for label in (self.count, self.keys):
            label.setProperty("muted", True)
        footer_row.addWidget(self.count)
        footer_row.addStretch(1)
        footer_row.addWidget(self.keys)
        footer_row.addWidget(self.similar_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(header)
        banner_margin = QVBoxLayout()
        banner_margin.setContentsMargins(12, 8, 12, 0)
        banner_margin.addWidget(self.banner)
        layout.addLayout(banner_margin)
        layout.addWidget(self.facets)
        layout.addWidget(self.stack, 1)
        layout.addWidget(footer)
        self.resize(760, 540)
        follow_theme(self, self._restyle)
        keeper.state_changed.connect(self._keeper_changed)
        keeper.index_changed.connect(self._index_changed)
        self._keeper_changed()

    # -- showing ----------------------------------------------------------------------------------
    def popup(self, anchor: QWidget | None = None) -> None:
        """Show over the top middle of ``anchor``'s window, ready for typing."""
        window = (anchor or self.parentWidget() or self).window()
        width = min(760, max(480, int(window.width() * 0.7)))
        height = min(560, max(360, int(window.height() * 0.75)))
        self.resize(width, height)
        top_left = window.mapToGlobal(window.rect().topLeft())
        self.move(top_left.x() + (window.width() - width) // 2, top_left.y() + 56)
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus()
        self.box.selectAll()
        self.run_query()

    def _restyle(self) -> None:
        # The theme's palette, not ours: our own style sheet pins our palette to the colours it set.
        palette = theme_palette()
        colour = palette.color
        dark = is_dark(palette)
        # Fusion's Mid is darker than Base in the dark palette: lines there need a lighter shade.
        border = colour(QPalette.ColorRole.Base).lighter(160) if dark else colour(QPalette.ColorRole.Mid)
        self.setPalette(palette)      # what the result delegate paints with
        self.icon.setPixmap(search_icon(colour(QPalette.ColorRole.PlaceholderText)).pixmap(18, 18))
        self.setStyleSheet(_STYLE.format(
            base=colour(QPalette.ColorRole.Base).name(), border=border.name(),
            text=colour(QPalette.ColorRole.Text).name(),
            muted=colour(QPalette.ColorRole.PlaceholderText).name(),
            accent=colour(QPalette.ColorRole.Highlight).name(),
            on_accent=colour(QPalette.ColorRole.HighlightedText).name(),
            chip=colour(QPalette.ColorRole.AlternateBase).name(),
            banner="#4a3f14" if dark else "#fff4cc"))

    # -- searching --------------------------------------------------------------------------------
    def run_query(self) -> None:
        """Search for the box's text now, or right after the search under way."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.keeper.search(self.box.text(), self._show, typing=True, sort=self.sort, limit=RESULT_LIMIT)

    def _index_changed(self) -> None:
        # Shown results may be out of date. Hidden, nothing is: a search (with facets over every
        # match) would only compete with the live preview for the interpreter after each save.
        if self.isVisible():
            self.run_query()

    def set_sort(self, sort: str) -> None:
        if sort != self.sort:
            self.sort = sort
            self.run_query()

    def _show(self, results: SearchResults) -> None:
        if not is_alive(self.list):   # the popup closed for good while the search ran
            return
        self._busy = False
        if self._again:               # the text changed meanwhile: these results are already stale
            self._again = False
            self.run_query()
            return
        # The same search again (the index changed) keeps the chosen item; a new one starts at the top.
        same_search = self.results is not None and self.results.query == results.query
        self.results = results
        current = self.current_source() if same_search else None
        self.list.clear()
        for hit in results.hits:
            entry = QListWidgetItem()
            entry.setData(HIT_ROLE, hit)
            entry.setToolTip(str(hit.path))
            self.list.addItem(entry)
        rows = [i for i in range(self.list.count()) if self.list.item(i).data(HIT_ROLE).source == current]
        self.list.setCurrentRow(rows[0] if rows else 0)
        self.facets.show_facets(results, self.box.text())
        self._show_counts(results)
        if self._open_when_shown:
            self._open_when_shown = False
            self.open_current()

    def _show_counts(self, results: SearchResults) -> None:
        text = self.box.text().strip()
        shown, total = len(results.hits), results.total
        if not text:
            self.count.setText("Recently edited" if total else "")
        elif total > shown:
            self.count.setText(f"Top {shown} of {total:,} results")
        else:
            self.count.setText(f"{total} result{'s' if total != 1 else ''}")
        self.similar_button.setEnabled(bool(results.hits))
        if results.hits:
            self.stack.setCurrentIndex(_LIST)
            return
        self.stack.setCurrentIndex(_EMPTY)
        if not text:
            self.empty_title.setText("Your library is empty")
            self.empty_hint.setText("Lessons and links you create appear here, and everything in them "
                                    "becomes searchable.")
            return
        self.empty_title.setText(f"No results for “{text}”")
        hint = " ".join(results.problems) or ("Check the spelling, use fewer words, or remove a filter "
                                              "such as status: or skill:. Put \"quotes\" around an "
                                              "exact phrase.")
        self.empty_hint.setText(hint)

    def narrow(self, name: str, value: str) -> None:
        """Add the filter ``name:value`` to the query, or take it away when it is there."""
        self.box.setText(toggle_filter(self.box.text(), name, value))
        self.box.setFocus()
        self._pause.stop()
        self.run_query()

    def _keeper_changed(self) -> None:
        keeper = self.keeper
        rebuilding = keeper.state in (KeeperState.REBUILDING, KeeperState.SCANNING, KeeperState.OPENING)
        self.banner.setVisible(keeper.state is not KeeperState.READY)
        if keeper.state is KeeperState.REBUILDING:
            self.banner_text.setText(f"Index is being rebuilt — results may be incomplete. {keeper.message}")
        else:
            self.banner_text.setText(keeper.message)
        self.banner_progress.setVisible(keeper.state is KeeperState.REBUILDING)
        self.banner_progress.setValue(int(keeper.progress * 1000))
        self.banner_cancel.setVisible(keeper.state is KeeperState.REBUILDING)
        if not rebuilding and self.isVisible():
            self.run_query()

    # -- choosing ---------------------------------------------------------------------------------
    def current_source(self) -> Path | None:
        entry = self.list.currentItem()
        return entry.data(HIT_ROLE).source if entry is not None else None

    def open_current(self) -> None:
        source = self.current_source()
        if source is not None:
            self.hide()
            self.open_requested.emit(source)

    def find_similar(self) -> None:
        entry = self.list.currentItem()
        if entry is None:
            return
        hit = entry.data(HIT_ROLE)
        self.hide()
        dialog = SimilarItemsDialog(self.keeper, hit.source, hit.title, self.parentWidget())
        dialog.open_requested.connect(self.open_requested)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, modifiers = event.key(), event.modifiers()
            moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}
            if key in moves and self.list.count():
                row = self.list.currentRow() + moves[Qt.Key(key)]
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if modifiers & Qt.KeyboardModifier.ControlModifier:
                    self.find_similar()
                elif self._pause.isActive() or self._busy:
                    self._pause.stop()
                    self._open_when_shown = True
                    self.run_query()
                else:
                    self.open_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)
