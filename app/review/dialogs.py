"""Small dialogs of the review workflow: submitting for review, and a text for a decision.

Both are opened with ``open()`` by the review panel (never ``exec()``), so the window stays
responsive and tests can fill them in and accept them without a nested event loop.
"""

from __future__ import annotations

import datetime as dt

from app.kit.qt import (
    QCheckBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.kit.theme import Role, set_role
from editor.review import Members, Policy
from editor.review.events import MAX_TEXT_CHARS

DEFAULT_DUE_DAYS = 7
_EMAIL_ROLE = Qt.ItemDataRole.UserRole


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def _text_problem(text: str, *, required: bool) -> str:
    if required and not text.strip():
        return "Write something first."
    if len(text.strip()) > MAX_TEXT_CHARS:
        return f"Too long: {len(text.strip())} characters, at most {MAX_TEXT_CHARS}."
    return ""


class SubmitDialog(QDialog):
    """Pick reviewers (members with the reviewer role), a due date and a note for them."""

    def __init__(self, title: str, members: Members, policy: Policy, authors: frozenset[str],
                 preselected: tuple[str, ...] = (), parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Submit for review")
        self.policy = policy
        self.authors = authors
        intro = QLabel(f"Send “{title}” as it is now to reviewers. They review this exact version; "
                       "later edits need a new submission.")
        intro.setWordWrap(True)
        self.reviewer_list = QListWidget()
        self.reviewer_list.setAlternatingRowColors(True)
        for member in sorted((m for m in members.people if m.has("reviewer")), key=lambda m: m.label.lower()):
            entry = QListWidgetItem(member.label)
            entry.setData(_EMAIL_ROLE, member.email)
            entry.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            entry.setCheckState(Qt.CheckState.Checked if member.email in preselected
                                else Qt.CheckState.Unchecked)
            if member.email in authors and not policy.authors_may_approve:
                entry.setFlags(Qt.ItemFlag.NoItemFlags)
                entry.setCheckState(Qt.CheckState.Unchecked)
                entry.setText(f"{member.label} — author")
                entry.setToolTip("Authors may not review their own work (workspace policy).")
            self.reviewer_list.addItem(entry)
        self.reviewer_list.itemChanged.connect(self._update)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        set_role(self.hint, Role.HINT)

        today = today or dt.date.today()
        self.due_check = QCheckBox("Due by")
        self.due_check.setChecked(True)
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("ddd d MMM yyyy")
        self.due_edit.setMinimumDate(QDate(today.year, today.month, today.day))
        default = today + dt.timedelta(days=DEFAULT_DUE_DAYS)
        self.due_edit.setDate(QDate(default.year, default.month, default.day))
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Anything reviewers should know, e.g. what changed since last "
                                          "time (optional)")
        self.note_edit.setFixedHeight(80)
        self.note_edit.textChanged.connect(self._update)

        self.buttons, self.ok_button = _buttons(self, "Submit for review")
        form = QFormLayout()
        form.addRow("Reviewers:", self.reviewer_list)
        form.addRow("", self.hint)
        form.addRow("Due date:", due_row)
        form.addRow("Note:", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 440)
        self._update()

    def values(self) -> tuple[list[str], dt.date | None, str]:
        """(reviewer emails, due date or None, note)."""
        picked = [str(self.reviewer_list.item(row).data(_EMAIL_ROLE))
                  for row in range(self.reviewer_list.count())
                  if self.reviewer_list.item(row).checkState() == Qt.CheckState.Checked]
        due = self.due_edit.date().toPython() if self.due_check.isChecked() else None
        return picked, due, self.note_edit.toPlainText().strip()  # type: ignore[return-value]

    def _update(self) -> None:
        picked = self.values()[0]
        needed = self.policy.approvals_needed
        counting = picked if self.policy.authors_may_approve else \
            [email for email in picked if email not in self.authors]
        eligible = sum(bool(self.reviewer_list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled)
                       for row in range(self.reviewer_list.count()))
        if eligible < needed:
            message = (f"This workspace needs {needed} approval(s), but only {eligible} member(s) can review "
                       "this item. Give more people the reviewer role under Library ▸ People….")
        elif len(counting) < needed:
            message = f"Pick at least {needed} reviewer(s); the workspace policy needs {needed} approval(s)."
        else:
            message = f"{len(counting)} reviewer(s) picked; {needed} approval(s) needed."
        problem = _text_problem(self.note_edit.toPlainText(), required=False)
        self.hint.setText(problem or message)
        self.ok_button.setEnabled(len(counting) >= needed and not problem)


class TextDialog(QDialog):
    """One text for a decision: the summary of changes needed, an approval note, a reason."""

    def __init__(self, title: str, intro: str, ok_text: str, *, required: bool, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.required = required
        label = QLabel(intro)
        label.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(placeholder)
        self.text_edit.textChanged.connect(self._update)
        self.hint = QLabel()
        set_role(self.hint, Role.HINT)
        self.buttons, self.ok_button = _buttons(self, ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(480, 280)
        self._update()

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def _update(self) -> None:
        problem = _text_problem(self.text_edit.toPlainText(), required=self.required)
        self.hint.setText(problem if self.text_edit.toPlainText() or not self.required
                          else "Required.")
        self.ok_button.setEnabled(not problem)
