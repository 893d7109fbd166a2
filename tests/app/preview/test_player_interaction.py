"""The learner player driven in a real QtWebEngine page: quizzes, cards, state, live update, CSP.

One page is loaded for the whole module; before each test the article is swapped back to
the original and the state cleared through the player's own API, so tests stay independent.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QApplication, QEvent, Qt, QUrl, QWidget
from app.kit.qt_web import QWebEnginePage, QWebEngineView
from editor.render import render_lesson
from publishing.player import player_page

EVENT_PREFIX = "tessera:event "
FILLER = "\n\n".join(f"Paragraph {n} keeps the page long enough to scroll." for n in range(12))
LESSON = f"""---
id: player-test
title: Player test
summary: Everything a learner can touch.
---
## Intro

Some text. <img src="missing.png" onerror="window.__pwned = 'markdown'">

::: quiz single
? Which one is *observable*?
- [ ] A judgement
  : Judgements are not observable.
- [x] An action
  : Right, you can see it.
- [ ] A guess
:::

{FILLER}

::: quiz multiple
? Which are impacts?
- [x] The client waited
  : Yes, an effect on the customer.
- [ ] You are always late
  : That is a generalisation.
- [x] I redid the slides
  : Yes, an effect on you.
:::

::: flashcards
? Front one
: Back one
? Front two
: Back two
:::

::: apply
action: Try it this week.
reflect: How did it go?
:::

{FILLER}
"""


class RecordingPage(QWebEnginePage):
    """Collects the preview adapter's events, which the app receives as console messages."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.events: list[dict[str, Any]] = []

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
        if message.startswith(EVENT_PREFIX):
            self.events.append(json.loads(message[len(EVENT_PREFIX):]))


@dataclass
class LoadedPlayer:
    view: QWebEngineView
    page: RecordingPage
    article: str
    loaded: list[bool] = field(default_factory=list)


def open_player(page_html: str, base: Path) -> LoadedPlayer:
    view = QWebEngineView()
    page = RecordingPage(view)
    view.setPage(page)
    view.resize(800, 600)
    view.show()
    player = LoadedPlayer(view, page, "")
    view.loadFinished.connect(player.loaded.append)
    view.setHtml(page_html, QUrl.fromLocalFile(str(base) + "/"))
    return player


def close_player(player: LoadedPlayer) -> None:
    # The page must go before the web profile does at exit, or QtWebEngine complains.
    player.view.close()
    player.page.deleteLater()
    player.view.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def run_js(qtbot: QtBot, player: LoadedPlayer, script: str) -> Any:
    """Run script in the page and return its JSON-encoded result, decoded."""
    results: list[Any] = []
    player.page.runJavaScript(f"JSON.stringify((() => {{ {script} }})())", 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return None if results[0] in (None, "undefined") else json.loads(results[0])


def wait_ready(qtbot: QtBot, player: LoadedPlayer) -> None:
    qtbot.waitUntil(lambda: player.loaded == [True], timeout=20000)
    qtbot.waitUntil(lambda: run_js(qtbot, player, "return Boolean(window.tesseraPlayer && "
                                   "tesseraPlayer.tracking);"), timeout=5000)


@pytest.fixture(scope="module")
def loaded_player(tmp_path_factory: pytest.TempPathFactory, qapp: Any) -> Iterator[LoadedPlayer]:
    base = tmp_path_factory.mktemp("lesson")
    rendered = render_lesson(LESSON)
    player = open_player(player_page(rendered, tracking="preview"), base)
    player.article = rendered.html
    yield player
    close_player(player)


@pytest.fixture
def player(qtbot: QtBot, loaded_player: LoadedPlayer) -> LoadedPlayer:
    wait_ready(qtbot, loaded_player)
    run_js(qtbot, loaded_player, f"tesseraPlayer.update({json.dumps(loaded_player.article)}); "
           "tesseraPlayer.setState({}); window.scrollTo(0, 0); tesseraPlayer.takeEvents(); return true;")
    loaded_player.page.events.clear()
    return loaded_player


def click(qtbot: QtBot, player: LoadedPlayer, selector: str) -> None:
    assert run_js(qtbot, player, f"const el = document.querySelector({json.dumps(selector)}); "
                  "if (!el) return false; el.click(); return true;"), selector


def quiz_view(qtbot: QtBot, player: LoadedPlayer, quiz_id: str) -> dict[str, Any]:
    """What a learner sees in one quiz: marks, visible feedback, result, buttons."""
    result: dict[str, Any] = run_js(qtbot, player, f"""
        const quiz = document.querySelector('[data-quiz-id="{quiz_id}"]');
        return {{
          marks: [...quiz.querySelectorAll('.ts-option')].map(o => {{
            const mark = o.querySelector('.ts-mark');
            return mark && !mark.hidden ? mark.textContent : ''; }}),
          classes: [...quiz.querySelectorAll('.ts-option')].map(o =>
            ['is-correct', 'is-incorrect', 'is-missed'].filter(c => o.classList.contains(c)).join('')),
          feedback: [...quiz.querySelectorAll('.ts-feedback')].map(f =>
            f.hidden || f.offsetParent === null ? '' : f.textContent),
          result: quiz.querySelector('.ts-result').textContent,
          checkDisabled: quiz.querySelector('.ts-check').disabled,
          checkHidden: quiz.querySelector('.ts-check').hidden,
          retryHidden: quiz.querySelector('.ts-retry').hidden,
          inputsDisabled: [...quiz.querySelectorAll('input')].every(i => i.disabled),
        }};""")
    return result


def state(qtbot: QtBot, player: LoadedPlayer) -> dict[str, Any]:
    result: dict[str, Any] = run_js(qtbot, player, "return tesseraPlayer.getState();")
    return result


def test_single_choice_feedback_retry_and_score(qtbot: QtBot, player: LoadedPlayer) -> None:
    assert quiz_view(qtbot, player, "q1")["checkDisabled"] is True
    click(qtbot, player, "#q1-o0")
    assert quiz_view(qtbot, player, "q1")["checkDisabled"] is False
    click(qtbot, player, '[data-quiz-id="q1"] .ts-check')
    wrong = quiz_view(qtbot, player, "q1")
    assert wrong["marks"] == ["Incorrect", "", ""]
    assert wrong["classes"] == ["is-incorrect", "", ""]
    # Only the chosen answer's feedback shows: single choice does not give the answer away.
    assert wrong["feedback"] == ["Judgements are not observable.", "", ""]
    assert wrong["result"].startswith("Not quite")
    assert wrong["checkHidden"] and not wrong["retryHidden"] and wrong["inputsDisabled"]
    assert state(qtbot, player)["score"] == 0

    click(qtbot, player, '[data-quiz-id="q1"] .ts-retry')
    retried = quiz_view(qtbot, player, "q1")
    assert retried["marks"] == ["", "", ""] and retried["feedback"] == ["", "", ""]
    assert retried["result"] == "" and retried["checkDisabled"] and not retried["inputsDisabled"]

    click(qtbot, player, "#q1-o1")
    click(qtbot, player, '[data-quiz-id="q1"] .ts-check')
    right = quiz_view(qtbot, player, "q1")
    assert right["marks"] == ["", "Correct", ""]
    assert right["feedback"] == ["", "Right, you can see it.", ""]
    assert right["result"].startswith("Correct")
    saved = state(qtbot, player)
    assert saved["quizzes"]["q1"] == {"selected": [1], "checked": True, "correct": True, "attempts": 2}
    assert saved["score"] == 0.5   # one of two quizzes correct


def test_multiple_choice_shows_missed_correct_answers(qtbot: QtBot, player: LoadedPlayer) -> None:
    click(qtbot, player, "#q2-o0")
    click(qtbot, player, "#q2-o1")
    click(qtbot, player, '[data-quiz-id="q2"] .ts-check')
    seen = quiz_view(qtbot, player, "q2")
    assert seen["marks"] == ["Correct", "Incorrect", "Also correct"]
    assert seen["classes"] == ["is-correct", "is-incorrect", "is-missed"]
    assert seen["feedback"] == ["Yes, an effect on the customer.", "That is a generalisation.",
                                "Yes, an effect on you."]
    assert seen["result"] == ("Not quite: 1 of 2 correct answers chosen, 1 incorrect. "
                              "Read the feedback, then try again.")
    described = run_js(qtbot, player, "return document.querySelector('#q2-o2').getAttribute("
                       "'aria-describedby');")
    assert described == "q2-o2-mark q2-o2-fb"


def test_answers_reach_the_tracking_adapter(qtbot: QtBot, player: LoadedPlayer) -> None:
    click(qtbot, player, "#q1-o1")
    click(qtbot, player, '[data-quiz-id="q1"] .ts-check')
    qtbot.waitUntil(lambda: any(e["type"] == "answer" for e in player.page.events), timeout=5000)
    answer = next(e["detail"] for e in player.page.events if e["type"] == "answer")
    assert answer == {"id": "q1", "type": "choice", "kind": "single", "question": "Which one is observable?",
                      "response": [1], "responseText": ["An action"], "correctResponse": [1],
                      "choices": ["A judgement", "An action", "A guess"],
                      "correct": True, "attempt": 1, "line": answer["line"]}
    assert answer["line"] > 5
    # The same events can be polled, for hosts that cannot read console messages.
    polled = run_js(qtbot, player, "return tesseraPlayer.takeEvents().map(e => e.type);")
    assert "answer" in polled


def test_completion_needs_every_block_seen_and_every_quiz_answered(qtbot: QtBot,
                                                                   player: LoadedPlayer) -> None:
    for selector in ("#q1-o1", '[data-quiz-id="q1"] .ts-check', "#q2-o1", '[data-quiz-id="q2"] .ts-check'):
        click(qtbot, player, selector)
    assert state(qtbot, player)["completed"] is False      # the end of the lesson was not reached
    run_js(qtbot, player, "window.scrollTo(0, document.documentElement.scrollHeight); return true;")
    qtbot.waitUntil(lambda: state(qtbot, player)["completed"], timeout=5000)
    qtbot.waitUntil(lambda: any(e["type"] == "complete" for e in player.page.events), timeout=5000)
    complete = next(e["detail"] for e in player.page.events if e["type"] == "complete")
    assert complete == {"score": 0.5, "passed": False}      # default mastery 0.8
    progress = [e["detail"] for e in player.page.events if e["type"] == "progress"]
    assert progress[-1] == 1
    finish = run_js(qtbot, player, "return document.querySelector('.ts-finish').textContent;")
    assert "Lesson complete" in finish and "1 of 2" in finish


def test_flashcards_flip_by_click_and_keyboard(qtbot: QtBot, player: LoadedPlayer) -> None:
    card = ".ts-card"
    read = (f"const c = document.querySelector('{card}'); return [c.getAttribute('aria-pressed'), "
            "c.querySelector('.ts-card-front').hidden, c.querySelector('.ts-card-back').hidden];")
    click(qtbot, player, card)
    assert run_js(qtbot, player, read) == ["true", True, False]
    run_js(qtbot, player, f"document.querySelector('{card}').focus(); return true;")
    player.view.activateWindow()
    target = player.view.focusProxy()
    qtbot.keyClick(target, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: run_js(qtbot, player, read) == ["false", False, True], timeout=5000)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: run_js(qtbot, player, read) == ["true", True, False], timeout=5000)
    assert state(qtbot, player)["cards"] == {"d1": [0]}


def test_reflection_text_is_kept_in_state(qtbot: QtBot, player: LoadedPlayer) -> None:
    run_js(qtbot, player, "document.querySelector('.ts-reflect').focus(); return true;")
    player.view.activateWindow()
    qtbot.keyClicks(player.view.focusProxy(), "It went well")
    qtbot.waitUntil(lambda: state(qtbot, player)["reflections"] == {"r1": "It went well"}, timeout=5000)
    qtbot.waitUntil(lambda: any(e["type"] == "state" and e["detail"]["reflections"] == {"r1": "It went well"}
                                for e in player.page.events), timeout=5000)


def test_update_replaces_the_article_and_keeps_state_and_scroll(qtbot: QtBot, player: LoadedPlayer) -> None:
    click(qtbot, player, "#q1-o0")
    click(qtbot, player, '[data-quiz-id="q1"] .ts-check')
    click(qtbot, player, ".ts-cards li:nth-child(2) .ts-card")
    run_js(qtbot, player, "const box = document.querySelector('.ts-reflect'); box.value = 'kept'; "
           "box.dispatchEvent(new Event('input', {bubbles: true})); window.scrollTo(0, 400); "
           "window.__samePage = true; return true;")
    changed = render_lesson(LESSON.replace("title: Player test", "title: Player test, edited")
                            .replace("## Intro", "## Intro\n\nA new first paragraph.")).html
    assert run_js(qtbot, player, f"return tesseraPlayer.update({json.dumps(changed)});") is True
    after = run_js(qtbot, player, """return {
        title: document.querySelector('.ts-title').textContent, docTitle: document.title,
        samePage: window.__samePage === true, y: window.scrollY,
        chosen: [...document.querySelectorAll('[name="q1"]')].map(i => i.checked),
        result: document.querySelector('[data-quiz-id="q1"] .ts-result').textContent,
        pressed: [...document.querySelectorAll('.ts-card')].map(c => c.getAttribute('aria-pressed')),
        reflection: document.querySelector('.ts-reflect').value,
        eyebrows: document.querySelectorAll('.ts-eyebrow').length};""")
    assert after == {"title": "Player test, edited", "docTitle": "Player test, edited", "samePage": True,
                     "y": 400, "chosen": [True, False, False], "result": after["result"],
                     "pressed": ["false", "true"], "reflection": "kept", "eyebrows": 2}
    assert after["result"].startswith("Not quite")
    assert state(qtbot, player)["quizzes"]["q1"]["attempts"] == 1
    assert run_js(qtbot, player, "return tesseraPlayer.update('<p>no article</p>');") is False


def test_scroll_to_line_goes_to_the_block_holding_the_line(qtbot: QtBot, player: LoadedPlayer) -> None:
    quiz_line = run_js(qtbot, player, "return Number(document.querySelector('[data-quiz-id=\"q2\"]')"
                       ".dataset.line);")
    assert run_js(qtbot, player, f"return tesseraPlayer.scrollToLine({quiz_line + 3});") == quiz_line
    top = run_js(qtbot, player, "return document.querySelector('[data-quiz-id=\"q2\"]')"
                 ".getBoundingClientRect().top;")
    assert 0 <= top <= 20
    assert run_js(qtbot, player, "return tesseraPlayer.scrollToLine(1);") is None
    assert run_js(qtbot, player, "return window.scrollY;") == 0


def test_theme_can_be_forced_and_released(qtbot: QtBot, player: LoadedPlayer) -> None:
    read = ("return [document.documentElement.dataset.theme || 'system', "
            "getComputedStyle(document.body).backgroundColor];")
    assert run_js(qtbot, player, "return tesseraPlayer.setTheme('dark');") is True
    assert run_js(qtbot, player, read) == ["dark", "rgb(17, 20, 25)"]
    assert run_js(qtbot, player, "return tesseraPlayer.setTheme('light');") is True
    assert run_js(qtbot, player, read) == ["light", "rgb(245, 246, 248)"]
    assert run_js(qtbot, player, "return tesseraPlayer.setTheme('purple');") is False
    assert run_js(qtbot, player, "return tesseraPlayer.setTheme('system');") is True
    assert run_js(qtbot, player, read)[0] == "system"


def test_set_state_restores_a_saved_state_and_refuses_garbage(qtbot: QtBot, player: LoadedPlayer) -> None:
    saved = {"quizzes": {"q2": {"selected": [0, 2], "checked": True, "correct": True, "attempts": 1}},
             "cards": {"d1": [1]}, "reflections": {"r1": "from the LMS"}, "seen": [0, 1]}
    assert run_js(qtbot, player, f"return tesseraPlayer.setState({json.dumps(json.dumps(saved))});") is True
    restored = quiz_view(qtbot, player, "q2")
    assert restored["marks"] == ["Correct", "", "Correct"]
    assert restored["result"] == "Correct! You found all 2 answers."
    now = state(qtbot, player)
    assert now["score"] == 0.5
    assert now["cards"] == {"d1": [1]} and now["reflections"] == {"r1": "from the LMS"}
    for garbage in ("'not json'", "42", "null", json.dumps({"lessonId": "another-lesson"})):
        assert run_js(qtbot, player, f"return tesseraPlayer.setState({garbage});") is False
    assert state(qtbot, player)["quizzes"]["q2"]["correct"] is True


def test_hostile_markup_never_runs(qtbot: QtBot, player: LoadedPlayer) -> None:
    # The sanitiser dropped the handler from the lesson's own <img>.
    assert run_js(qtbot, player, "return document.querySelector('img[src=\"missing.png\"]')"
                  ".hasAttribute('onerror');") is False
    # Even unsanitised markup pushed through update() cannot run: the CSP blocks inline code.
    run_js(qtbot, player, """window.__imageErrors = 0; window.__violations = [];
        document.addEventListener('error', e => {
          if (e.target.tagName === 'IMG') window.__imageErrors++; }, true);
        document.addEventListener('securitypolicyviolation', e => {
          window.__violations.push(e.violatedDirective); });
        return true;""")
    hostile = ('<article class="ts-lesson"><div class="ts-block ts-md" data-line="1">'
               '<img src="missing-too.png" onerror="window.__pwned = \'update\'">'
               '<a href="javascript:window.__pwned=\'link\'" id="bad-link">x</a>'
               "<script>window.__pwned = 'script'</script></div></article>")
    assert run_js(qtbot, player, f"return tesseraPlayer.update({json.dumps(hostile)});") is True
    click(qtbot, player, "#bad-link")
    qtbot.waitUntil(lambda: run_js(qtbot, player, "return window.__imageErrors;") >= 1, timeout=5000)
    qtbot.waitUntil(lambda: run_js(qtbot, player, "return window.__violations.length;") >= 2, timeout=5000)
    assert run_js(qtbot, player, "return typeof window.__pwned;") == "undefined"


def test_unknown_tracking_falls_back_to_memory_only(qtbot: QtBot, tmp_path: Path) -> None:
    page = player_page(render_lesson(LESSON), tracking="none")
    wanted = html.escape('"tracking": "none"', quote=True)
    assert wanted in page
    unknown = html.escape('"tracking": "scorm-not-yet"', quote=True)
    other = open_player(page.replace(wanted, unknown), tmp_path)
    try:
        wait_ready(qtbot, other)
        assert run_js(qtbot, other, "return tesseraPlayer.tracking;") == "none"
        click(qtbot, other, "#q1-o1")
        click(qtbot, other, '[data-quiz-id="q1"] .ts-check')
        assert quiz_view(qtbot, other, "q1")["result"] == "Correct! Well done."
        assert other.page.events == []     # memory only: nothing is sent anywhere
    finally:
        close_player(other)


def test_player_speaks_the_lesson_language(qtbot: QtBot, tmp_path: Path) -> None:
    german = LESSON.replace("---\n", "---\nlanguage: de\n", 1)
    other = open_player(player_page(render_lesson(german)), tmp_path)
    try:
        wait_ready(qtbot, other)
        click(qtbot, other, "#q1-o1")
        click(qtbot, other, '[data-quiz-id="q1"] .ts-check')
        assert quiz_view(qtbot, other, "q1")["result"] == "Richtig! Gut gemacht."
        assert run_js(qtbot, other, "return document.querySelector('.ts-retry').textContent;") == \
            "Noch einmal"
    finally:
        close_player(other)


def test_a_curated_link_never_says_lesson_complete(qtbot: QtBot, player: LoadedPlayer) -> None:
    link = render_lesson("---\nid: l\ntitle: A good article\nkind: link\nurl: https://example.org/a\n---\n"
                         "Why it is worth reading.\n").html
    assert run_js(qtbot, player, f"return tesseraPlayer.update({json.dumps(link)});") is True
    run_js(qtbot, player, "window.scrollTo(0, document.documentElement.scrollHeight); return true;")
    qtbot.wait(300)
    shown = run_js(qtbot, player, "const p = document.querySelector('.ts-finish'); "
                   "return p ? (p.hidden ? '' : p.textContent) : '';")
    assert "complete" not in shown.lower()
