"""The Details form: front-matter fields edited without touching YAML by hand.

The source text stays the single truth: the form shows what the front matter says and
reports user edits as a new metadata dict; the window rewrites the front matter lines
as one undoable edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.kit.format import status_label
from app.kit.qt import (
    QCheckBox,
    QDate,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)


def _join(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class MetadataForm(QWidget):
    meta_edited = Signal(dict)   # the complete new metadata, unknown keys included

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._meta: dict[str, Any] = {}
        self._kind = "lesson"
        self._updating = False
        self._emit_timer = QTimer(self, singleShot=True, interval=400)
        self._emit_timer.timeout.connect(self._emit)

        self.notice = QLabel()
        self.notice.setObjectName("formNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.title = QLineEdit(placeholderText="A short, specific title")
        self.summary = QPlainTextEdit(placeholderText="One or two sentences: what learners get from it")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(64)
        self.url = QLineEdit(placeholderText="https://…")
        self.source = QLineEdit(placeholderText="Publisher or site")
        self.language = QLineEdit(placeholderText="en")
        self.audience = QLineEdit(placeholderText="Who is it for?")
        self.skills = QLineEdit(placeholderText="Comma separated, e.g. Feedback, Coaching")
        self.tags = QLineEdit(placeholderText="Comma separated")
        self.owner = QLineEdit(placeholderText="Who keeps it up to date")
        self.minutes = QSpinBox(minimum=0, maximum=240, suffix=" min")
        self.minutes.setSpecialValueText("Automatic")
        self.review_enabled = QCheckBox("Review by")
        self.review_by = QDateEdit()
        self.review_by.setCalendarPopup(True)
        self.review_by.setDisplayFormat("yyyy-MM-dd")
        self.status = QLabel()
        self.status.setObjectName("statusBadge")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self.title)
        form.addRow("S&ummary", self.summary)
        form.addRow("&URL", self.url)
        form.addRow("Source", self.source)
        form.addRow("&Language", self.language)
        form.addRow("&Audience", self.audience)
        form.addRow("S&kills", self.skills)
        form.addRow("Ta&gs", self.tags)
        form.addRow("&Owner", self.owner)
        form.addRow("Estimated &time", self.minutes)
        form.addRow(self.review_enabled, self.review_by)
        form.addRow("Status", self.status)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addStretch(1)

        for line in (self.title, self.url, self.source, self.language, self.audience, self.skills,
                     self.tags, self.owner):
            line.textEdited.connect(self._changed)
        self.summary.textChanged.connect(self._changed)
        self.minutes.valueChanged.connect(self._changed)
        self.review_enabled.toggled.connect(self._review_toggled)
        self.review_by.dateChanged.connect(self._changed)

    # -- showing -------------------------------------------------------------------
    def set_review_status(self, status: str | None) -> None:
        """The status derived from review events (None: not known yet); the front matter's own
        ``status:`` line is never shown, since nothing keeps it up to date."""
        self.status.setText(status_label(status) if status else "…")

    def set_meta(self, meta: dict[str, Any], *, kind: str, computed_minutes: int, readable: bool,
                 problem: str = "") -> None:
        """Show ``meta``; fields the user is typing in are left alone."""
        self._meta = dict(meta)
        self._kind = kind
        self._updating = True
        try:
            self.setEnabled(True)
            self.notice.setVisible(not readable)
            self.notice.setText(f"The metadata cannot be read: {problem} Fix it in the source; the "
                                "form comes back when it is valid.")
            for widget in self._form_widgets():
                widget.setEnabled(readable)
            self._form.setRowVisible(self.url, kind == "link")
            self._form.setRowVisible(self.source, kind == "link")
            self._set_line(self.title, meta.get("title"))
            if not self.summary.hasFocus():
                summary = _join(meta.get("summary"))
                if self.summary.toPlainText() != summary:
                    self.summary.setPlainText(summary)
            self._set_line(self.url, meta.get("url"))
            self._set_line(self.source, meta.get("source"))
            self._set_line(self.language, meta.get("language"))
            self._set_line(self.audience, meta.get("audience"))
            self._set_line(self.skills, meta.get("skills"))
            self._set_line(self.tags, meta.get("tags"))
            self._set_line(self.owner, meta.get("owner"))
            declared = meta.get("estimated_minutes") if kind == "lesson" else meta.get("duration_minutes")
            if not self.minutes.hasFocus():
                self.minutes.setValue(int(declared) if isinstance(declared, (int, float)) else 0)
            self.minutes.setSpecialValueText(f"Automatic ({computed_minutes} min)")
            review = meta.get("review_by")
            self.review_enabled.setChecked(isinstance(review, dt.date))
            self.review_by.setEnabled(readable and isinstance(review, dt.date))
            if isinstance(review, dt.date):
                self.review_by.setDate(QDate(review.year, review.month, review.day))
        finally:
            self._updating = False

    def _form_widgets(self) -> list[QWidget]:
        return [self.title, self.summary, self.url, self.source, self.language, self.audience,
                self.skills, self.tags, self.owner, self.minutes, self.review_enabled, self.review_by]

    @staticmethod
    def _set_line(line: QLineEdit, value: Any) -> None:
        text = _join(value)
        if not line.hasFocus() and line.text() != text:
            line.setText(text)

    # -- editing ----------------------------------------------------------------------
    def _review_toggled(self, on: bool) -> None:
        self.review_by.setEnabled(on)
        today = QDate.currentDate()
        if on and not self._updating and self.review_by.date() < today:
            self.review_by.setDate(today.addYears(1))   # a sensible default: review once a year
        self._changed()

    def _changed(self, *_args: object) -> None:
        if not self._updating:
            self._emit_timer.start()

    def flush(self) -> None:
        """Emit a pending edit now (e.g. before saving)."""
        if self._emit_timer.isActive():
            self._emit_timer.stop()
            self._emit()

    def edited_meta(self) -> dict[str, Any]:
        meta = dict(self._meta)

        def put(key: str, value: Any) -> None:
            # Keep absent keys absent unless the user gave them a value.
            if value in ("", [], None, 0) and key not in meta:
                return
            meta[key] = value

        put("title", self.title.text().strip())
        put("summary", self.summary.toPlainText().strip())
        if self._kind == "link":
            put("url", self.url.text().strip())
            put("source", self.source.text().strip())
        put("language", self.language.text().strip())
        put("audience", self.audience.text().strip())
        put("skills", _split(self.skills.text()))
        put("tags", _split(self.tags.text()))
        put("owner", self.owner.text().strip())
        minutes_key = "estimated_minutes" if self._kind == "lesson" else "duration_minutes"
        if self.minutes.value():
            meta[minutes_key] = self.minutes.value()
        else:
            meta.pop(minutes_key, None)
        if self.review_enabled.isChecked():
            meta["review_by"] = self.review_by.date().toPython()
        else:
            meta.pop("review_by", None)
        return meta

    def _emit(self) -> None:
        meta = self.edited_meta()
        if meta != self._meta:
            self._meta = meta
            self.meta_edited.emit(meta)
