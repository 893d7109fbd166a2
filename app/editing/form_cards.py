"""Cards for the interactive and structured blocks: quiz, flashcards, takeaways, callout, apply."""

from __future__ import annotations

from functools import partial
from typing import Any

from app.editing.card_base import BlockCard, show_line
from app.editing.rich_text import InlineField
from app.editing.row_list import Column, RowList
from app.kit.qt import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget
from app.kit.theme import Role, set_role
from editor.block_fields import BlockKind

QUIZ_MODES = {"single": "One correct answer", "multiple": "Several correct answers",
              "truefalse": "True or false"}
CALLOUT_STYLES = {"tip": "Tip", "info": "Note", "warning": "Warning", "example": "Example"}


def quiz_problem(mode: str, answers: list[dict[str, Any]]) -> str:
    """What a person still has to fix in a quiz form, in their words ("" when it is complete)."""
    correct = sum(bool(answer["correct"]) for answer in answers)
    if len(answers) < 2:
        return "Add at least two answers."
    if correct == 0:
        return "Mark at least one answer as correct."
    if mode != "multiple" and correct > 1:
        return "Only one answer can be correct here: untick the others, or choose “Several correct answers”."
    return ""


def _line(placeholder: str, name: str) -> InlineField:
    """One line of lesson text (bold, italic and links allowed, shown as such)."""
    field = InlineField(placeholder)
    field.setAccessibleName(name)
    return field


class QuizCard(BlockCard):
    kind = BlockKind.QUIZ

    def build(self) -> None:
        self.mode = QComboBox()
        self.mode.setAccessibleName("Kind of question")
        for mode, title in QUIZ_MODES.items():
            self.mode.addItem(title, mode)
        self.question = self.guard(_line("The question learners answer", "Question"))
        self.answers = RowList([Column("text", "Answer", stretch=3), Column("correct", "Correct", check=True),
                                Column("feedback", "Feedback shown after answering (optional)", below=True)],
                               "answer", self.guard)
        self.validation = QLabel(wordWrap=True)
        set_role(self.validation, Role.ERROR)
        form = QFormLayout()
        form.addRow("Kind", self.mode)
        form.addRow("Question", self.question)
        self.fields.addLayout(form)
        self.fields.addWidget(QLabel("Answers"))
        self.fields.addWidget(self.answers)
        self.fields.addWidget(self.validation)
        self.mode.activated.connect(self._mode_chosen)
        self.question.textEdited.connect(lambda text: self.write("question", text.strip()))
        self.answers.changed.connect(self._answers_changed)

    def _mode_chosen(self) -> None:
        mode = self.mode.currentData()
        if mode == "truefalse" and not self.answers.filled_rows():
            for text in ("True", "False"):
                self.answers.add_row({"text": text, "correct": False, "feedback": ""})
        self.write("mode", mode)
        self._validate()

    def _answers_changed(self, key: str) -> None:
        ticked = self.answers.last_edited
        if key == "correct" and self.mode.currentData() != "multiple" and isinstance(ticked, QCheckBox) \
                and ticked.isChecked():
            self.answers.uncheck_others("correct", ticked)
        self.write("answers", self.answers.filled_rows())
        self._validate()

    def _validate(self) -> None:
        problem = quiz_problem(self.mode.currentData(), self.answers.filled_rows())
        self.validation.setText(problem)
        self.validation.setVisible(bool(problem))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("mode", fields["mode"], lambda mode: self.mode.setCurrentIndex(self.mode.findData(mode)))
        self.sync("question", fields["question"], partial(show_line, self.question))
        self.sync("answers", fields["answers"], self.answers.set_rows)
        self._validate()

    def first_field(self) -> QWidget:
        return self.question


class FlashcardsCard(BlockCard):
    kind = BlockKind.FLASHCARDS

    def build(self) -> None:
        self.cards = RowList([Column("front", "Front: a term or question"),
                              Column("back", "Back: the answer")], "card", self.guard)
        self.fields.addWidget(self.cards)
        self.cards.changed.connect(lambda _key: self.write("cards", self.cards.filled_rows()))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("cards", fields["cards"], self.cards.set_rows)

    def first_field(self) -> QWidget:
        if not self.cards.rows():
            return self.cards.add_button
        return self.cards.row_widget(0, "front")


class TakeawaysCard(BlockCard):
    kind = BlockKind.TAKEAWAYS

    def build(self) -> None:
        self.items = RowList([Column("text", "One point to remember")], "point", self.guard)
        self.fields.addWidget(self.items)
        self.items.changed.connect(
            lambda _key: self.write("items", [row["text"] for row in self.items.filled_rows()]))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("items", fields["items"], lambda items: self.items.set_rows([{"text": i} for i in items]))

    def first_field(self) -> QWidget:
        if not self.items.rows():
            return self.items.add_button
        return self.items.row_widget(0, "text")


class CalloutCard(BlockCard):
    kind = BlockKind.CALLOUT

    def build(self) -> None:
        self.style_box = QComboBox()
        self.style_box.setAccessibleName("Kind of callout")
        for style, title in CALLOUT_STYLES.items():
            self.style_box.addItem(title, style)
        self.heading = self.guard(QLineEdit(placeholderText="Title (optional)"))   # an option: plain text
        self.heading.setAccessibleName("Callout title")
        self.text = QPlainTextEdit(placeholderText="What learners should notice")
        self.text.setAccessibleName("Callout text")
        self.text.setTabChangesFocus(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setFixedHeight(64)
        self.guard(self.text)
        form = QFormLayout()
        form.addRow("Kind", self.style_box)
        form.addRow("Title", self.heading)
        form.addRow("Text", self.text)
        self.fields.addLayout(form)
        self.style_box.activated.connect(lambda: self.write("style", self.style_box.currentData()))
        self.heading.textEdited.connect(lambda text: self.write("title", text.strip()))
        self.text.textChanged.connect(self._text_changed)

    def _text_changed(self) -> None:
        self.write("text", self.text.toPlainText().strip("\n"))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("style", fields["style"],
                  lambda style: self.style_box.setCurrentIndex(max(0, self.style_box.findData(style))))
        self.sync("title", fields["title"], partial(show_line, self.heading))
        self.sync("text", fields["text"], self.text.setPlainText)

    def first_field(self) -> QWidget:
        return self.text


class ApplyCard(BlockCard):
    kind = BlockKind.APPLY

    def build(self) -> None:
        self.action = _line("Something to try at work this week", "What to do at work")
        self.reflect = _line("A question to think about afterwards", "Reflection question")
        for field in (self.action, self.reflect):
            self.guard(field)
        form = QFormLayout()
        form.addRow("Try this", self.action)
        form.addRow("Then reflect", self.reflect)
        self.fields.addLayout(form)
        self.action.textEdited.connect(lambda text: self.write("action", text.strip()))
        self.reflect.textEdited.connect(lambda text: self.write("reflect", text.strip()))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("action", fields["action"], partial(show_line, self.action))
        self.sync("reflect", fields["reflect"], partial(show_line, self.reflect))

    def first_field(self) -> QWidget:
        return self.action


class UnknownCard(BlockCard):
    """A '::: kind' block this version does not know: its body as text, the rest kept as written."""

    kind = BlockKind.UNKNOWN

    def build(self) -> None:
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Block content")
        self.text.setTabChangesFocus(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setFixedHeight(80)
        self.guard(self.text)
        self.fields.addWidget(self.text)
        self.text.textChanged.connect(self._text_changed)

    def _text_changed(self) -> None:
        self.write("text", self.text.toPlainText().strip("\n"))

    def show_fields(self, fields: dict[str, Any]) -> None:
        name = self.block.source.kind if self.block.source is not None else "block"
        self.title.setText(f"<b>⋯&nbsp;&nbsp;“{name}” block</b> (shown as text)")
        self.sync("text", fields["text"], self.text.setPlainText)

    def first_field(self) -> QWidget:
        return self.text
