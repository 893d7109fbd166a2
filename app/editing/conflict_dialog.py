"""Someone else changed the file: show both versions and let the user choose, losing neither."""

from __future__ import annotations

import difflib
from enum import Enum

from app.kit.qt import (
    QDialog,
    QDialogButtonBox,
    QFontDatabase,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


class Choice(Enum):
    KEEP_MINE = "mine"        # overwrite the file with my text
    TAKE_THEIRS = "theirs"    # discard my edits, load theirs
    KEEP_BOTH = "both"        # load theirs, save mine as a separate copy
    DECIDE_LATER = "later"    # keep editing; autosave stays paused


def _text_view(text: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setPlainText(text)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return view


class ConflictDialog(QDialog):
    def __init__(self, title: str, mine: str, theirs: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("This lesson changed on disk")
        self.choice = Choice.DECIDE_LATER
        deleted = theirs is None
        intro = QLabel(
            f"<b>{_escape(title)}</b> was {'deleted' if deleted else 'changed'} by someone else (or a "
            "sync tool) while you were editing it. Nothing has been overwritten. Choose what to keep.")
        intro.setWordWrap(True)
        tabs = QTabWidget()
        if not deleted:
            side = QSplitter(Qt.Orientation.Horizontal)
            for label, text in (("Your version", mine), ("Version on disk", theirs or "")):
                box = QWidget()
                layout = QVBoxLayout(box)
                layout.setContentsMargins(0, 0, 0, 0)
                layout.addWidget(QLabel(f"<b>{label}</b>"))
                layout.addWidget(_text_view(text))
                side.addWidget(box)
            tabs.addTab(side, "Side by side")
            diff = "".join(difflib.unified_diff(
                (theirs or "").splitlines(keepends=True), mine.splitlines(keepends=True),
                "version on disk", "your version"))
            tabs.addTab(_text_view(diff or "The two versions have the same text."), "Differences")
        else:
            tabs.addTab(_text_view(mine), "Your version")

        buttons = QDialogButtonBox()
        mine_button = QPushButton("Save mine" if deleted else "Keep mine")
        mine_button.setToolTip("Write your version to the file (the other version is replaced).")
        buttons.addButton(mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        mine_button.clicked.connect(lambda: self._choose(Choice.KEEP_MINE))
        if not deleted:
            both = QPushButton("Keep both")
            both.setToolTip("Load the version on disk, and save yours as a separate copy in the library.")
            both.clicked.connect(lambda: self._choose(Choice.KEEP_BOTH))
            buttons.addButton(both, QDialogButtonBox.ButtonRole.AcceptRole)
            theirs_button = QPushButton("Use theirs")
            theirs_button.setToolTip("Discard your edits and load the version on disk.")
            theirs_button.clicked.connect(lambda: self._choose(Choice.TAKE_THEIRS))
            buttons.addButton(theirs_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        later = QPushButton("Decide later")
        later.setToolTip("Keep editing; saving is paused until you choose.")
        later.clicked.connect(lambda: self._choose(Choice.DECIDE_LATER))
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        if choice is Choice.DECIDE_LATER:
            self.reject()
        else:
            self.accept()


def _escape(text: str) -> str:
    import html
    return html.escape(text)
