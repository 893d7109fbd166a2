""""Find before you create": items that look like the same topic, each with an Open button.

``SimilarItemsPanel`` sits in the new-lesson and new-link dialogs and follows what the user types;
``SimilarItemsDialog`` answers "find similar" for an existing item.
"""

from __future__ import annotations

import html
from pathlib import Path

from app.kit.qt import (
    QDialog,
    QDialogButtonBox,
    QFont,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPalette,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.widgets import clear_layout
from app.search.keeper import IndexKeeper
from app.search.view import hit_meta
from editor.search.similar import Probe, SimilarItem

PROBE_PAUSE_MS = 400


def similarity_note(item: SimilarItem) -> str:
    if item.same_url:
        return "Same address: this link is already in the library"
    if item.same_title:
        return "Same title: this is probably the one you mean"
    return f"{round(item.similarity * 100)}% similar · {item.reason}"


class _SimilarRow(QFrame):
    def __init__(self, item: SimilarItem, open_button: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        title = QLabel(f"<b>{html.escape(item.hit.title)}</b>")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        meta = QLabel(hit_meta(item.hit))
        meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note = QLabel(similarity_note(item))
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.Link)
        text = QVBoxLayout()
        text.setSpacing(2)
        for label in (title, meta, note):
            text.addWidget(label)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.addLayout(text, 1)
        row.addWidget(open_button, 0, Qt.AlignmentFlag.AlignVCenter)


class SimilarItemsPanel(QWidget):
    """Up to ``limit`` similar items for a probe; hides itself when there are none (unless told not to)."""

    open_requested = Signal(Path)
    found = Signal(int)         # how many similar items are shown now

    def __init__(self, keeper: IndexKeeper, parent: QWidget | None = None, *, limit: int = 3,
                 hide_when_empty: bool = True,
                 heading: str = "Already in the library — check these before you start:") -> None:
        super().__init__(parent)
        self.keeper = keeper
        self.limit = limit
        self.hide_when_empty = hide_when_empty
        self.items: list[SimilarItem] = []
        self._probe: Probe | Path | None = None
        self._busy = False
        self._again = False
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PROBE_PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self.heading = QLabel(heading)
        heading_font = QFont(self.heading.font())
        heading_font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(heading_font)
        self.empty = QLabel("Nothing in the library looks like the same topic.")
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addLayout(self.rows)
        layout.addStretch(1)       # rows keep their height when the panel is given more room
        self._show([])

    def set_probe(self, probe: Probe | Path, *, now: bool = False) -> None:
        """Look for items like ``probe`` (a draft, or an existing item's source file)."""
        self._probe = probe
        if now:
            self._ask()
        else:
            self._pause.start()

    def _ask(self) -> None:
        if self._probe is None:
            return
        if isinstance(self._probe, Probe) and not (self._probe.title.strip() or self._probe.url.strip()):
            self._show([])
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.keeper.similar(self._probe, self._answered, limit=self.limit)

    def _answered(self, items: list[SimilarItem]) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self._ask()
            return
        self._show(items)

    def _show(self, items: list[SimilarItem]) -> None:
        self.items = items
        clear_layout(self.rows)
        for item in items:
            button = QPushButton("Open")
            button.setToolTip(str(item.hit.path))
            button.clicked.connect(lambda _c=False, source=item.hit.source: self.open_requested.emit(source))
            self.rows.addWidget(_SimilarRow(item, button))
        self.heading.setVisible(bool(items) and bool(self.heading.text()))
        self.empty.setVisible(not items and not self.hide_when_empty and self._probe is not None)
        self.setVisible(bool(items) or not self.hide_when_empty)
        self.found.emit(len(items))


class SimilarItemsDialog(QDialog):
    """Items similar to an existing one; Open shows the chosen item and closes the dialog."""

    open_requested = Signal(Path)

    def __init__(self, keeper: IndexKeeper, source: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Similar to “{title}”")
        intro = QLabel(f"Items on the same topic as <b>{html.escape(title)}</b>. Reuse or merge them "
                       "instead of writing the same thing twice.")
        intro.setWordWrap(True)
        self.panel = SimilarItemsPanel(keeper, limit=8, hide_when_empty=False, heading="")
        self.panel.open_requested.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.panel.set_probe(source, now=True)

    def _open(self, source: Path) -> None:
        self.open_requested.emit(source)
        self.accept()
