"""The learner player, checked by axe-core in Chromium: every demo lesson, light and dark, with
its quizzes answered and its cards turned (so feedback, marks and card backs are checked too).
Serious and critical violations fail the test; the others are printed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from editor.paths import DEMO_WORKSPACE
from editor.render import render_lesson
from publishing.player import player_page
from tests.runtime import learner
from tests.runtime.reports import NODE_MODULES, attach_diagnostics
from tests.runtime.servers import LmsWebServer

DEMO_LESSONS = sorted(path.parent for path in (DEMO_WORKSPACE / "lessons").glob("*/lesson.md"))
BLOCKING_IMPACTS = ("serious", "critical")


def serve_player_page(lesson_dir: Path, theme: str, lms_web: LmsWebServer, workdir: Path) -> str:
    rendered = render_lesson((lesson_dir / "lesson.md").read_text(encoding="utf-8"))
    site = workdir / "site"
    if (lesson_dir / "media").is_dir():
        shutil.copytree(lesson_dir / "media", site / "media")
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text(player_page(rendered, theme=theme), encoding="utf-8")
    return lms_web.mount(f"{workdir.name}-a11y", site) + "index.html"


def use_everything(page: Page) -> None:
    """Answers each quiz with its first option, turns each card and types a reflection."""
    learner.wait_until_started(page)
    quiz_ids = page.eval_on_selector_all(".ts-quiz[data-quiz-id]", "(qs) => qs.map((q) => q.dataset.quizId)")
    for quiz_id in quiz_ids:
        learner.answer(page, quiz_id, [0])
    for card in page.locator(".ts-card").all():
        card.click()
    if page.locator("textarea.ts-reflect").count():
        learner.write_reflection(page, "Something I will try.")
    learner.scroll_to_end(page)


def describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    targets = "; ".join(" ".join(node["target"]) for node in nodes[:5])
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} ({len(nodes)}× — {targets})"


@pytest.fixture
def a11y_page(browser: Browser, request: pytest.FixtureRequest) -> Page:
    # The player's CSP admits only its own scripts by hash; the checker is let in by the browser.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 768})
    request.addfinalizer(context.close)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console.append(f"[page error] {error}"))
    attach_diagnostics(request, "browser console", lambda: "\n".join(console))
    return page


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lesson_dir", DEMO_LESSONS, ids=[path.name for path in DEMO_LESSONS])
def test_player_has_no_serious_accessibility_violations(a11y_page: Page, lms_web: LmsWebServer,
                                                        tmp_path: Path, lesson_dir: Path, theme: str) -> None:
    a11y_page.goto(serve_player_page(lesson_dir, theme, lms_web, tmp_path))
    use_everything(a11y_page)
    a11y_page.add_script_tag(path=str(NODE_MODULES / "axe-core" / "axe.min.js"))
    results = a11y_page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = results["violations"]
    for violation in violations:
        if violation["impact"] not in BLOCKING_IMPACTS:
            print(f"{lesson_dir.name} ({theme}): {describe(violation)}")
    blocking = [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{lesson_dir.name} ({theme}) has serious violations:\n" + "\n".join(blocking)
