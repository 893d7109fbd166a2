"""The first-start welcome: what Tessera is for and the three ways to begin."""

from __future__ import annotations

from enum import Enum, auto

from app.kit.qt import QDialog, QFont, QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget
from app.kit.theme import Role, set_role


class Start(Enum):
    CREATE_LESSON = auto()
    OPEN_DEMO = auto()
    READ_GUIDE = auto()
    LATER = auto()


WELCOME_TEXT = (
    "Tessera turns what you know into short lessons — five to ten minutes each — that colleagues take "
    "on their phone or computer. You write, a colleague reviews, and the approved lesson goes to your "
    "learning platform.")


class WelcomeDialog(QDialog):
    """``choice`` says how the user wants to start (``Start.LATER`` when they just close it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Tessera")
        self.choice = Start.LATER
        title = QLabel("Welcome to Tessera")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        intro = QLabel(WELCOME_TEXT)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.buttons: dict[Start, QPushButton] = {}
        for start, text, hint in (
                (Start.CREATE_LESSON, "Create your first lesson",
                 "Starts your own workspace and a lesson from a template."),
                (Start.OPEN_DEMO, "Open the demo",
                 "Finished example lessons with quizzes, video and reviews to look around in."),
                (Start.READ_GUIDE, "Read the guide",
                 "Ten minutes on writing, reviewing and publishing. Always under Help → Tessera guide.")):
            layout.addLayout(self._choice(start, text, hint))
        where = QLabel("Help is always in the Help menu: the guide (F1), keyboard shortcuts, and "
                       "Report a problem.")
        where.setWordWrap(True)
        set_role(where, Role.HINT)
        later = QPushButton("Not now")
        later.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(where, 1)
        footer.addWidget(later, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addSpacing(6)
        layout.addLayout(footer)
        self.buttons[Start.CREATE_LESSON].setDefault(True)
        self.setMinimumWidth(520)

    def _choice(self, start: Start, text: str, hint: str) -> QHBoxLayout:
        button = QPushButton(text)
        button.setMinimumWidth(190)
        button.clicked.connect(lambda: self._choose(start))
        self.buttons[start] = button
        label = QLabel(hint)
        label.setWordWrap(True)
        set_role(label, Role.HINT)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        return row

    def _choose(self, start: Start) -> None:
        self.choice = start
        self.accept()
