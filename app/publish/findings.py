"""Preflight results as the export and publish dialogs show them: grouped per lesson, errors first.

Errors block (the dialog says so above the list); warnings only inform. A finding with a line can be
opened in the editor: double-click it, or select it and press "Go to line", which emits
``show_problem(source, line)`` for the main window to open the lesson there.
"""

from __future__ import annotations

from pathlib import Path

from app.kit.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.publish.checks import CheckedFinding, CheckReport, counted
from publishing.packages import FORMATS

_FINDING_ROLE = Qt.ItemDataRole.UserRole


def format_titles(names: tuple[str, ...] | list[str]) -> str:
    """'SCORM 1.2, cmi5' for format names, in the order given."""
    return ", ".join(FORMATS[name].title if name in FORMATS else name for name in names)


def finding_text(finding: CheckedFinding, every_format: tuple[str, ...]) -> str:
    """'✖  Line 9: message', naming the formats when it concerns only some of those checked."""
    diagnostic = finding.diagnostic
    where = f"Line {diagnostic.line}: " if diagnostic.line else ""
    some = f"  (only {format_titles(finding.formats)})" if set(finding.formats) != set(every_format) else ""
    return f"{'✖' if finding.is_error else '⚠'}  {where}{diagnostic.message}{some}"


class FindingsView(QWidget):
    """The findings of one ``CheckReport``; ``show_problem(Path, int)`` asks to open a line."""

    show_problem = Signal(object, int)     # lesson.md (or curated .md) path, 1-based line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # A list rather than a tree: list rows wrap long messages to the width they are given.
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        set_role(self.list, Role.PROBLEMS)
        self.list.itemDoubleClicked.connect(self._go_to)
        self.list.itemActivated.connect(self._go_to)
        self.list.currentItemChanged.connect(lambda *_args: self._update_button())
        self.go_button = QPushButton("Go to line")
        self.go_button.setToolTip("Open the lesson in the editor at this problem")
        self.go_button.clicked.connect(lambda: self._go_to(self.list.currentItem()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.go_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addStretch(0)          # keeps the summary at the top while the list is hidden
        self._update_button()

    def clear(self, message: str, *, error: bool = False) -> None:
        """No findings to show, and ``message`` saying why."""
        self.list.clear()
        self.summary.setText(message)
        set_role(self.summary, Role.ERROR if error else None)
        self._update_button()

    def show_report(self, report: CheckReport, blocked: str, allowed: str) -> None:
        """Fill the list; ``blocked`` / ``allowed`` finish the summary ('… before exporting')."""
        self.list.clear()
        for heading, source, findings in report.groups():
            group = QListWidgetItem(heading)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setToolTip(str(source) if source else heading)
            self.list.addItem(group)
            for finding in findings:
                entry = QListWidgetItem(finding_text(finding, report.formats))
                entry.setData(_FINDING_ROLE, finding)
                entry.setToolTip(f"[{finding.diagnostic.code}] Double-click to open the lesson at this line")
                self.list.addItem(entry)
        errors, warnings = len(report.errors), len(report.warnings)
        if errors:
            also = f" Also {counted(warnings, 'warning')} worth a look." if warnings else ""
            self.summary.setText(f"<b>{counted(errors, 'problem')} must be fixed {blocked}.</b> "
                                 f"Double-click one to go to its line in the editor.{also}")
            set_role(self.summary, Role.ERROR)
        elif warnings:
            self.summary.setText(f"No errors. {counted(warnings, 'warning')} worth a look; {allowed}.")
            set_role(self.summary, None)
        else:
            self.summary.setText(f"✓  No problems found: {allowed}.")
            set_role(self.summary, None)
        self.list.setVisible(bool(report.findings))
        self.go_button.setVisible(bool(report.findings))
        self._update_button()

    def entries(self) -> list[QListWidgetItem]:
        """Every finding's row, in the order shown (group headings left out)."""
        rows = (self.list.item(row) for row in range(self.list.count()))
        return [entry for entry in rows if entry is not None and self._finding(entry) is not None]

    def _finding(self, entry: QListWidgetItem | None) -> CheckedFinding | None:
        found = entry.data(_FINDING_ROLE) if entry is not None else None
        return found if isinstance(found, CheckedFinding) else None

    def _go_to(self, entry: QListWidgetItem | None) -> None:
        finding = self._finding(entry)
        if finding is not None and finding.source is not None:
            self.show_problem.emit(Path(finding.source), max(1, finding.diagnostic.line))

    def _update_button(self) -> None:
        finding = self._finding(self.list.currentItem())
        self.go_button.setEnabled(finding is not None and finding.source is not None)
