"""The scripted learner: drives the player in Chromium (Playwright) like a person would, and notes
what it sees as ``Observation`` records. Only ``engine.py`` imports it, after checking that
Playwright and Chromium are there (Playwright is imported for type checking only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from publishing.testbench.records import Observation

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

STEP_TIMEOUT_MS = 15_000
SAVE_PAUSE_MS = 700          # the player saves 0.4 s after the last change
Note = Callable[[Observation], None]


def wait_until_started(where: Frame | Page) -> str:
    """Waits for the player to start tracking; returns the adapter it chose."""
    where.wait_for_function("() => window.tesseraPlayer !== undefined", timeout=STEP_TIMEOUT_MS)
    return str(where.evaluate("() => window.tesseraPlayer.ready.then(() => window.tesseraPlayer.tracking)"))


def quiz_ids(where: Frame | Page) -> list[str]:
    script = "() => Array.from(document.querySelectorAll('.ts-quiz[data-quiz-id]'), (q) => q.dataset.quizId)"
    return [str(value) for value in where.evaluate(script)]


def answer(where: Frame | Page, quiz_id: str) -> None:
    """Chooses the first answer and checks it (right or wrong: the bench tests recording, not the learner)."""
    quiz = where.locator(f'.ts-quiz[data-quiz-id="{quiz_id}"]')
    quiz.locator(".ts-option label").first.click(timeout=STEP_TIMEOUT_MS)
    quiz.locator(".ts-check").click(timeout=STEP_TIMEOUT_MS)
    quiz.locator(".ts-retry").wait_for(state="visible", timeout=STEP_TIMEOUT_MS)


def is_answered(where: Frame | Page, quiz_id: str) -> bool:
    classes = where.locator(f'.ts-quiz[data-quiz-id="{quiz_id}"]').get_attribute("class") or ""
    return "is-answered" in classes.split()


def notice(where: Frame | Page) -> str:
    found = where.locator(".ts-notice")
    return (found.first.text_content() or "").strip() if found.count() else ""


def reach_the_end(where: Frame | Page) -> bool:
    """Scrolls to the bottom; True when the player then says the lesson is complete."""
    where.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    where.wait_for_timeout(SAVE_PAUSE_MS)
    return "is-complete" in (where.locator(".ts-finish").get_attribute("class") or "").split()


def first_visit(where: Frame | Page, launch: int, note: Note) -> str | None:
    """Starts, answers the first question; returns its id (None for a lesson without questions)."""
    note(Observation(launch, "started", wait_until_started(where)))
    quizzes = quiz_ids(where)
    if not quizzes:
        return None
    answer(where, quizzes[0])
    note(Observation(launch, "answered", quizzes[0]))
    where.wait_for_timeout(SAVE_PAUSE_MS)
    return quizzes[0]


def after_reload(where: Frame | Page, launch: int, note: Note) -> None:
    note(Observation(launch, "tracking after reload", wait_until_started(where)))
    note(Observation(launch, "notice after reload", notice(where)))


def second_visit(where: Frame | Page, launch: int, first: str | None, note: Note) -> bool:
    """Finds the first answer again, answers the rest, reaches the end, presses Exit if there is one
    (True when it did)."""
    note(Observation(launch, "started", wait_until_started(where)))
    if first:
        note(Observation(launch, "first answer shown", "yes" if is_answered(where, first) else "no"))
    for quiz_id in quiz_ids(where):
        if not is_answered(where, quiz_id):
            answer(where, quiz_id)
            note(Observation(launch, "answered", quiz_id))
    note(Observation(launch, "complete", "yes" if reach_the_end(where) else "no"))
    exit_control = where.locator(".ts-exit")
    if not exit_control.count():
        note(Observation(launch, "exit", "missing"))
        return False
    note(Observation(launch, "exit", "clicked"))
    exit_control.first.click(timeout=STEP_TIMEOUT_MS)
    return True
