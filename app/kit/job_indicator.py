"""Status-bar progress for background jobs: what is running, how far, and a Cancel button."""

from __future__ import annotations

from app.kit.qt import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget
from app.kit.tasks import Task


class JobIndicator(QWidget):
    """Shows the newest running job; hides itself when nothing runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this job; nothing half-done is kept")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._tasks: list[tuple[Task, str]] = []
        self.hide()

    def track(self, task: Task, title: str) -> None:
        self._tasks.append((task, title))
        task.signals.progress.connect(lambda fraction, step, t=task: self._progress(t, fraction, step))
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_args, t=task: self._ended(t))
        self._show_current()

    def _current(self) -> tuple[Task, str] | None:
        return self._tasks[-1] if self._tasks else None

    def _show_current(self) -> None:
        current = self._current()
        self.setVisible(current is not None)
        if current is not None:
            self.label.setText(current[1])
            self.bar.setValue(0)

    def _progress(self, task: Task, fraction: float, step: str) -> None:
        current = self._current()
        if current is not None and current[0] is task:
            self.bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if step:
                self.label.setText(f"{current[1]} — {step}")

    def _ended(self, task: Task) -> None:
        self._tasks = [(t, title) for t, title in self._tasks if t is not task]
        self._show_current()

    def _cancel(self) -> None:
        current = self._current()
        if current is not None:
            current[0].cancel()
            self.label.setText(f"{current[1]} — cancelling…")
