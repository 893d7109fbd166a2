"""Export: one lesson, or a course of lessons and links in a chosen order, as packages in a folder.

Three pages. *What to export* (``ExportSetup``): the lessons, a course title when there are
several, the formats (defaults from Preferences) and the folder. *Checks*: preflight for every
chosen format, grouped per lesson; errors block with what to fix and a way to the line, warnings
can be acknowledged. *Export*: one build per format off the UI thread, each with its own progress
bar; Cancel stops the running build (the package writer leaves nothing half-written) and skips
the rest; then the results and "Show in folder".

The dialog is opened with ``show()``/``open()`` (never ``exec()``), so the main window stays usable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.kit.format import file_size
from app.kit.qt import (
    QCheckBox,
    QDesktopServices,
    QDialog,
    QFont,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.theme import Role, set_role
from app.publish.checks import CheckReport, check_formats, counted
from app.publish.export_setup import ExportSetup, package_path
from app.publish.findings import FindingsView
from app.publish.steps import Job, StepQueue
from editor.progress import CancelToken, ProgressCallback
from editor.workspace import Item, Workspace
from publishing.packages import FORMATS, BuildResult, build_package

SETUP, CHECKS, BUILD = 0, 1, 2
CHECK_KEY = "\0check"          # the preflight step's key; format names never contain a NUL
_PAGE_TEXTS = {
    SETUP: ("Export", "Packages that learning platforms import: one lesson, or a course of several in the "
                      "order listed."),
    CHECKS: ("Checks", "What each format would carry badly or not at all, found before anything is written."),
    BUILD: ("Export", "Each format is built on its own; Cancel leaves no half-written file behind."),
}


def build_step(paths: list[Path], fmt: str, out: Path, title: str) -> Job:
    """One format's build as a step: ``job(progress, cancel) -> BuildResult``."""
    def job(progress: ProgressCallback, cancel: CancelToken) -> BuildResult:
        return build_package(paths, fmt, out, title=title or None, progress=progress, cancel=cancel)
    return job


def show_in_folder(folder: Path) -> bool:
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


class ExportDialog(QDialog):
    show_problem = Signal(object, int)   # lesson.md path, line: open it in the editor there
    checked = Signal()                   # the preflight results are on screen
    built = Signal()                     # every format was built, failed or was cancelled

    def __init__(self, workspace: Workspace | None, items: Sequence[Item],
                 formats: Sequence[str] = ("scorm12",), folder: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.report: CheckReport | None = None
        self.results: dict[str, BuildResult] = {}
        self.folder: Path | None = None            # where the last build wrote
        self.steps = StepQueue(self)
        self.steps.progress.connect(self._progress)
        self.steps.done.connect(self._step_done)
        self.steps.failed.connect(self._step_failed)
        self.steps.cancelled.connect(self._step_cancelled)
        self.steps.finished.connect(self._steps_finished)

        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        set_role(self.subtitle, Role.HINT)
        self.setup = ExportSetup(items, formats, folder)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.setup)
        self.pages.addWidget(self._checks_page())
        self.pages.addWidget(self._build_page())

        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(lambda: self._show_page(SETUP))
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._primary)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop now; nothing half-written is left behind")
        self.cancel_button.clicked.connect(self.steps.cancel)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.resize(640, 560)
        self.setup.changed.connect(lambda: self._show_page(self.pages.currentIndex()))
        if workspace is not None:
            self.steps.runner.start(lambda _p, _c: workspace.items(), self.setup.show_library,
                                    self.setup.library_failed)
        self._show_page(SETUP)

    # -- pages -------------------------------------------------------------------------------------
    def _checks_page(self) -> QWidget:
        self.findings = FindingsView()
        self.findings.show_problem.connect(self.show_problem)
        self.acknowledge = QCheckBox("I have read the warnings: export anyway")
        self.acknowledge.toggled.connect(lambda: self._show_page(CHECKS))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.acknowledge)
        return page

    def _build_page(self) -> QWidget:
        self.build_heading = QLabel()
        self.build_heading.setWordWrap(True)
        self.rows_grid = QGridLayout()
        self.rows_grid.setColumnStretch(1, 3)
        self.rows_grid.setColumnStretch(2, 2)
        self.rows: dict[str, tuple[QProgressBar, QLabel]] = {}
        self.results_list = QListWidget()
        set_role(self.results_list, Role.PROBLEMS)
        self.show_folder_button = QPushButton("Show in folder")
        self.show_folder_button.clicked.connect(self._show_folder)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(self.show_folder_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.build_heading)
        layout.addLayout(self.rows_grid)
        layout.addWidget(QLabel("Results:"))
        layout.addWidget(self.results_list, 1)
        layout.addLayout(below)
        return page

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        heading, subtitle = _PAGE_TEXTS[page]
        self.heading.setText(heading)
        self.subtitle.setText(subtitle)
        running = self.steps.running
        self.back_button.setVisible(page != SETUP)
        self.back_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.close_button.setVisible(not running)
        self.export_button.setVisible(page != BUILD)
        if page == SETUP:
            self.export_button.setText("Export")
            self.export_button.setEnabled(not running and not self.setup.problem())
        elif page == CHECKS:
            blocked = self.report is None or bool(self.report.errors)
            warned = self.report is not None and bool(self.report.warnings) and not blocked
            self.acknowledge.setVisible(warned)
            self.export_button.setText("Export anyway" if warned else "Export")
            self.export_button.setEnabled(not running and not blocked
                                          and (not warned or self.acknowledge.isChecked()))

    # -- flow ------------------------------------------------------------------------------------------
    def _primary(self) -> None:
        if self.pages.currentIndex() == SETUP:
            self.check()
        else:
            self.build()

    def check(self) -> None:
        """Run preflight for the chosen lessons and formats (the first step of Export)."""
        if self.setup.problem() or self.steps.running:
            return
        paths, formats = [item.path for item in self.setup.items()], self.setup.formats()
        title = self.setup.course_title()
        self.report = None
        self.acknowledge.setChecked(False)
        self.findings.clear("Checking the lessons…")
        self.steps.add(CHECK_KEY, lambda _p, cancel: check_formats(paths, formats, title or None, cancel))
        self._show_page(CHECKS)

    def build(self) -> None:
        """Build every chosen format, one after the other, into the chosen folder."""
        items, title, folder = self.setup.items(), self.setup.course_title(), self.setup.folder()
        paths = [item.path for item in items]
        self._clear_rows()
        self.folder = folder
        self.build_heading.setText(f"Exporting {counted(len(items), 'item')} to {folder}…")
        for row, fmt in enumerate(self.setup.formats()):
            bar, status = QProgressBar(), QLabel("Waiting")
            bar.setRange(0, 1000)
            status.setWordWrap(True)
            status.setTextFormat(Qt.TextFormat.PlainText)
            set_role(status, Role.HINT)
            self.rows_grid.addWidget(QLabel(FORMATS[fmt].title), row, 0)
            self.rows_grid.addWidget(bar, row, 1)
            self.rows_grid.addWidget(status, row, 2)
            self.rows[fmt] = (bar, status)
            self.steps.add(fmt, build_step(paths, fmt, package_path(folder, items, title, fmt), title))
        self._show_page(BUILD)

    def _clear_rows(self) -> None:
        while self.rows_grid.count():
            taken = self.rows_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        self.results.clear()
        self.results_list.clear()

    # -- step reports ------------------------------------------------------------------------------------
    def _progress(self, key: str, fraction: float, text: str) -> None:
        if key in self.rows:
            bar, status = self.rows[key]
            bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
            status.setText(text)

    def _step_done(self, key: str, result: object) -> None:
        if key == CHECK_KEY and isinstance(result, CheckReport):
            self.report = result
            if not result.findings:
                self.build()           # nothing to read or acknowledge: straight on
                return
            self.findings.show_report(result, "before exporting", "the packages will work")
            self._show_page(CHECKS)
        elif isinstance(result, BuildResult):
            self.results[key] = result
            bar, status = self.rows[key]
            bar.setValue(bar.maximum())
            status.setText("Done")
            size = f" ({file_size(result.path.stat().st_size)})" if result.path.is_file() else ""
            self._add_result(f"✓  {FORMATS[key].title}: {result.path.name}{size}", str(result.path))

    def _step_failed(self, key: str, message: str) -> None:
        if key == CHECK_KEY:
            self._back_to_setup(f"The lessons could not be checked: {message}")
            return
        self.rows[key][1].setText("Failed")
        self._add_result(f"✖  {FORMATS[key].title}: {message}", message)

    def _step_cancelled(self, key: str) -> None:
        if key == CHECK_KEY:
            self._back_to_setup("Checking was cancelled.")
            return
        self.rows[key][1].setText("Cancelled")
        self._add_result(f"–  {FORMATS[key].title}: cancelled; nothing was written.", "")

    def _steps_finished(self) -> None:
        page = self.pages.currentIndex()
        if page == BUILD:
            planned = counted(len(self.rows), "package")
            self.build_heading.setText(f"{len(self.results)} of {planned} saved in {self.folder}.")
            self.show_folder_button.setEnabled(bool(self.results))
        self._show_page(page)
        if page == BUILD:
            self.built.emit()
        elif page == CHECKS:
            self.checked.emit()

    def _show_folder(self) -> None:
        if self.folder is not None:
            show_in_folder(self.folder)

    def _add_result(self, text: str, tip: str) -> None:
        entry = QListWidgetItem(text)
        entry.setToolTip(tip)
        self.results_list.addItem(entry)

    def _back_to_setup(self, message: str) -> None:
        self._show_page(SETUP)
        self.setup.say(message, error=True)

    def reject(self) -> None:
        if self.steps.running:
            self.steps.cancel()
        super().reject()
