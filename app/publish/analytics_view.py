"""How learners do with one lesson, read back from a learning record store (an 'lrs' target).

Completion rate, average score and, per question, how often it was answered wrong (hardest
first, with a bar), all from ``publishing.analytics.lesson_stats``. Statements are read in a
worker: an LRS may hold many pages of them. Without an LRS target the view says how to add one.
"""

from __future__ import annotations

from app.kit.qt import (
    QAbstractItemView,
    QColor,
    QComboBox,
    QDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.publish.advice import TARGETS, explained_failure
from app.publish.steps import StepQueue
from editor.workspace import Item, Workspace
from publishing.analytics import LessonStats, lesson_stats
from publishing.connectors import connector_class, open_connector
from publishing.connectors.lrs import LrsConnector
from publishing.packages.course import load_unit
from publishing.targets import TargetError, load_targets

EMPTY = f"Add a learning record store in {TARGETS} to see how learners do."
NO_DATA = "No learner has sent results for this lesson yet."
COLUMNS = ("Question", "Answers", "Wrong", "Difficulty")
DIFFICULTY = COLUMNS.index("Difficulty")
TARGETS_KEY, STATS_KEY = "targets", "stats"
_SHARE_ROLE = Qt.ItemDataRole.UserRole


def lrs_targets(workspace: Workspace) -> list[str]:
    """Names of the workspace's learning record store targets."""
    names = []
    for target in load_targets(workspace):
        try:
            if issubclass(connector_class(target.connector), LrsConnector):
                names.append(target.name)
        except TargetError:
            continue
    return names


def read_stats(workspace: Workspace, item: Item, target: str) -> LessonStats:
    connector = open_connector(workspace, target)
    try:
        if not isinstance(connector, LrsConnector):
            raise TargetError(f"'{target}' is not a learning record store target.")
        return lesson_stats(connector.statements(), load_unit(item.path).iri)
    finally:
        connector.close()


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


class _BarDelegate(QStyledItemDelegate):
    """A cell with a bar as long as its share (0–1), and the share as text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        share = index.data(_SHARE_ROLE)
        if not isinstance(share, float):
            return
        rect = option.rect.adjusted(6, 9, -96, -9)           # the text sits right of the bar
        colour = QColor(option.palette.highlight().color())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        colour.setAlphaF(0.25)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 3, 3)
        colour.setAlphaF(1.0)
        painter.setBrush(colour)
        filled = rect.adjusted(0, 0, -round(rect.width() * (1 - max(0.0, min(1.0, share)))), 0)
        painter.drawRoundedRect(filled, 3, 3)
        painter.restore()


class AnalyticsDialog(QDialog):
    open_targets = Signal()
    loaded = Signal()            # the figures (or the reason there are none) are on screen

    def __init__(self, workspace: Workspace, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("How learners do")
        self.workspace, self.item = workspace, item
        self.stats: LessonStats | None = None
        self.steps = StepQueue(self)
        self.steps.done.connect(self._step_done)
        self.steps.failed.connect(self._step_failed)

        heading = QLabel(item.title)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        self.target_combo = QComboBox()
        self.target_combo.currentIndexChanged.connect(lambda _index: self.load_stats())
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.load_stats)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(QLabel("From:"))
        top.addWidget(self.target_combo)
        top.addWidget(self.refresh_button)

        self.empty = QLabel(EMPTY)
        set_role(self.empty, Role.EMPTY_STATE)
        self.targets_button = QPushButton("Targets…")
        self.targets_button.clicked.connect(self.open_targets)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.targets_button, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(2)

        self.figures = {name: QLabel("–") for name in ("Learners", "Completion rate", "Average score")}
        figures = QHBoxLayout()
        for name, label in self.figures.items():
            big = QFont(label.font())
            big.setPointSizeF(big.pointSizeF() * 1.8)
            big.setWeight(QFont.Weight.DemiBold)
            label.setFont(big)
            figure = QVBoxLayout()
            figure.addWidget(label)
            caption = QLabel(name)
            set_role(caption, Role.HINT)
            figure.addWidget(caption)
            figures.addLayout(figure)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setItemDelegateForColumn(DIFFICULTY, _BarDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DIFFICULTY, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DIFFICULTY, 200)
        stats_page = QWidget()
        stats_layout = QVBoxLayout(stats_page)
        stats_layout.setContentsMargins(0, 0, 0, 0)
        stats_layout.addLayout(figures)
        stats_layout.addWidget(self.status)
        stats_layout.addWidget(self.table, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(stats_page)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self.resize(720, 480)
        self.reload_targets()

    def reload_targets(self) -> None:
        """Read the LRS targets again (e.g. after one was added in Targets…)."""
        workspace = self.workspace
        self.steps.add(TARGETS_KEY, lambda _p, _c: lrs_targets(workspace))

    def load_stats(self) -> None:
        target = self.target_combo.currentText()
        if not target:
            return
        workspace, item = self.workspace, self.item
        self.status.setText(f"Reading the results from {target}…")
        set_role(self.status, None)
        self.refresh_button.setEnabled(False)
        self.steps.add(STATS_KEY, lambda _p, _c: read_stats(workspace, item, target))

    def _step_done(self, key: str, result: object) -> None:
        if key == TARGETS_KEY and isinstance(result, list):
            self.target_combo.blockSignals(True)
            self.target_combo.clear()
            self.target_combo.addItems(result)
            self.target_combo.blockSignals(False)
            self.target_combo.setVisible(bool(result))
            self.refresh_button.setVisible(bool(result))
            self.stack.setCurrentIndex(1 if result else 0)
            if result:
                self.load_stats()
            else:
                self.loaded.emit()
        elif key == STATS_KEY and isinstance(result, LessonStats):
            self._show_stats(result)

    def _step_failed(self, key: str, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.stack.setCurrentIndex(1)
        self.table.hide()
        self.status.setText(f"✖  {explained_failure(message, self.steps.error)} Then press Refresh.")
        set_role(self.status, Role.ERROR)
        self.loaded.emit()

    def _show_stats(self, stats: LessonStats) -> None:
        self.stats = stats
        self.refresh_button.setEnabled(True)
        self.figures["Learners"].setText(str(stats.learners))
        self.figures["Completion rate"].setText(percent(stats.completion_rate))
        self.figures["Average score"].setText(percent(stats.average_score))
        scored = f"; the average score is over {len(stats.scores)} learner(s)" if stats.scores else ""
        self.status.setText(f"{stats.completed} of {stats.learners} learner(s) completed it{scored}."
                            if stats.learners else NO_DATA)
        set_role(self.status, Role.HINT)
        self.table.setRowCount(0)
        for question in sorted(stats.questions, key=lambda q: -q.difficulty):
            row = self.table.rowCount()
            self.table.insertRow(row)
            difficulty = QTableWidgetItem(f"{question.difficulty:.0%} wrong")
            difficulty.setData(_SHARE_ROLE, question.difficulty)
            difficulty.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells = (QTableWidgetItem(question.question), QTableWidgetItem(str(question.answers)),
                     QTableWidgetItem(str(question.wrong)), difficulty)
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.setVisible(bool(stats.questions))
        self.loaded.emit()
