"""Typed reading of container blocks: what a quiz, a flashcard deck or a prompt contains.

The renderer and the checker both read blocks through these functions, so what is
validated is exactly what is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editor.blocks import Block
from editor.diagnostics import Diagnostic, error, warning

QUIZ_TYPES = ("single", "multiple", "truefalse")
CALLOUT_KINDS = ("info", "tip", "warning", "example")

_OPTION = re.compile(r"^-\s*\[( |x|X)\]\s*(.*)$")
_FEEDBACK = re.compile(r"^\s*:\s?(.*)$")
_QUESTION = re.compile(r"^\?\s?(.*)$")
_KEY = re.compile(r"^(action|reflect|reflection)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class QuizOption:
    text: str
    correct: bool
    feedback: str = ""
    line: int = 0


@dataclass
class Quiz:
    question: str
    kind: str
    options: list[QuizOption] = field(default_factory=list)
    line: int = 0


@dataclass
class Card:
    front: str
    back: str
    line: int = 0


@dataclass
class ApplyPrompt:
    action: str
    reflect: str


def read_quiz(block: Block) -> tuple[Quiz, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    kind = (block.positional[0].lower() if block.positional else block.attrs.get("type", "single"))
    if kind not in QUIZ_TYPES:
        problems.append(error(block.line, "quiz-type",
                              f"Unknown quiz type '{kind}'. Use one of: {', '.join(QUIZ_TYPES)}."))
        kind = "single"
    quiz = Quiz(question="", kind=kind, line=block.line)
    current: QuizOption | None = None
    for offset, text in enumerate(block.body.split("\n")):
        line_no = block.body_line + offset
        if not text.strip():
            continue
        if (match := _QUESTION.match(text)) and not quiz.options:
            quiz.question = f"{quiz.question} {match.group(1).strip()}".strip()
        elif match := _OPTION.match(text.strip()):
            current = QuizOption(match.group(2).strip(), match.group(1).lower() == "x", line=line_no)
            quiz.options.append(current)
        elif (match := _FEEDBACK.match(text)) and current is not None:
            current.feedback = f"{current.feedback} {match.group(1).strip()}".strip()
        elif not quiz.options:
            quiz.question = f"{quiz.question} {text.strip()}".strip()
        else:
            problems.append(warning(line_no, "quiz-line",
                                    "This line is not an answer ('- [ ] text' or '- [x] text') or "
                                    "feedback (': text' under an answer); it is ignored."))
    correct = sum(option.correct for option in quiz.options)
    if not quiz.question:
        problems.append(error(block.line, "quiz-no-question",
                              "The quiz has no question. Add a line starting with '? '."))
    if len(quiz.options) < 2:
        problems.append(error(block.line, "quiz-few-answers",
                              "A quiz needs at least two answers, written '- [ ] answer' "
                              "(and '- [x] answer' for the correct ones)."))
    if quiz.options and correct == 0:
        problems.append(error(block.line, "quiz-no-correct-answer",
                              "No answer is marked correct. Mark the right one with '- [x]'."))
    if kind in ("single", "truefalse") and correct > 1:
        problems.append(error(block.line, "quiz-many-correct",
                              f"A {kind} quiz has exactly one correct answer but {correct} are "
                              "marked. Use '::: quiz multiple' or unmark the extra ones."))
    if kind == "truefalse" and len(quiz.options) != 2:
        problems.append(error(block.line, "quiz-truefalse",
                              "A true/false quiz has exactly two answers: True and False."))
    return quiz, problems


def read_cards(block: Block) -> tuple[list[Card], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    cards: list[Card] = []
    for offset, text in enumerate(block.body.split("\n")):
        line_no = block.body_line + offset
        if not text.strip():
            continue
        if match := _QUESTION.match(text):
            cards.append(Card(match.group(1).strip(), "", line_no))
        elif (match := _FEEDBACK.match(text)) and cards:
            cards[-1].back = f"{cards[-1].back} {match.group(1).strip()}".strip()
        else:
            problems.append(warning(line_no, "cards-line",
                                    "Flashcard lines are '? front' followed by ': back'; this line "
                                    "is ignored."))
    if not cards:
        problems.append(error(block.line, "cards-empty",
                              "The flashcards block has no cards. Add '? front' and ': back' lines."))
    for card in cards:
        if not card.back:
            problems.append(error(card.line, "card-no-back",
                                  "This flashcard has no back. Add a line starting with ': '."))
    return cards, problems


def read_apply(block: Block) -> tuple[ApplyPrompt, list[Diagnostic]]:
    prompt = ApplyPrompt("", "")
    problems: list[Diagnostic] = []
    for text in block.body.split("\n"):
        if match := _KEY.match(text.strip()):
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "action":
                prompt.action = value
            else:
                prompt.reflect = value
        elif text.strip():
            target = "reflect" if prompt.reflect else "action"
            setattr(prompt, target, f"{getattr(prompt, target)} {text.strip()}".strip())
    if not prompt.action:
        problems.append(error(block.line, "apply-no-action",
                              "The 'apply it at work' prompt needs a concrete action: add "
                              "'action: what to do this week'."))
    if not prompt.reflect:
        problems.append(warning(block.line, "apply-no-reflection",
                                "Add a reflection question ('reflect: ...') so learners look back "
                                "on what they tried."))
    return prompt, problems


def callout_kind(block: Block) -> str:
    kind = (block.positional[0].lower() if block.positional else "info")
    return kind if kind in CALLOUT_KINDS else "info"
