"""What a learner does in the player, as real clicks and scrolls in a page or frame."""

from __future__ import annotations

import re
from collections.abc import Sequence

from playwright.sync_api import Frame, Page, expect

ANSWERED = re.compile(r"\bis-answered\b")
COMPLETE = re.compile(r"\bis-complete\b")


def wait_until_started(frame: Frame | Page) -> str:
    """Waits for the player to start tracking; returns the adapter it chose."""
    frame.wait_for_function("() => window.tesseraPlayer !== undefined")
    return str(frame.evaluate("() => window.tesseraPlayer.ready.then(() => window.tesseraPlayer.tracking)"))


def answer(frame: Frame | Page, quiz_id: str, options: Sequence[int]) -> None:
    """Picks the options (indexes in page order) of one quiz and presses its Check button.

    Learners click an answer's text: the player draws its own box over the native input.
    """
    quiz = frame.locator(f'.ts-quiz[data-quiz-id="{quiz_id}"]')
    for index in options:
        option = quiz.locator(".ts-option").nth(index)
        option.locator("label").click()
        expect(option.locator("input")).to_be_checked()
    quiz.locator(".ts-check").click()
    expect(quiz).to_have_class(ANSWERED)


def chosen_options(frame: Frame | Page, quiz_id: str) -> list[int]:
    inputs = frame.locator(f'.ts-quiz[data-quiz-id="{quiz_id}"] .ts-option input')
    return [index for index in range(inputs.count()) if inputs.nth(index).is_checked()]


def write_reflection(frame: Frame | Page, text: str) -> None:
    frame.locator("textarea.ts-reflect").first.fill(text)


def scroll_to_end(frame: Frame | Page) -> None:
    """Scrolls to the bottom; with every quiz answered, the lesson is then complete."""
    frame.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(frame.locator(".ts-finish")).to_have_class(COMPLETE)


def scroll_position(frame: Frame | Page) -> int:
    return int(frame.evaluate("() => Math.round(window.scrollY)"))
