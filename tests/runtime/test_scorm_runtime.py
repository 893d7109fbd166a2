"""SCORM 1.2 and 2004 packages, run by a real SCORM runtime (scorm-again) in a real browser.

A learner answers the demo lesson's two questions, writes a reflection and scrolls to the end;
the test then reads what the runtime recorded (status, score, interactions, suspend data),
closes the lesson, relaunches it with the data the LMS kept, and checks that the learner finds
their answers, their note and their place again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Frame, Page

from tests.runtime import learner
from tests.runtime.packages import DEMO_LESSON, build_unzipped, scorm_launch
from tests.runtime.scorm_host import ScormLms, Session
from tests.runtime.servers import LmsWebServer

ROOT = Path(__file__).resolve().parents[2]
PHONE_SCREENSHOT = ROOT / "docs" / "screenshots" / "player-phone-scorm.png"
REFLECTION = "The payment request that came from a look-alike domain."

# The demo lesson "Spotting phishing emails": q1 is multiple choice (options 0, 1 and 3 are
# right), q2 true/false ("False", option 1, is right). The pass mark is 80 % (the default,
# written into the manifest, which this LMS hands to the runtime as an LMS does).
ALL_RIGHT = {"q1": [0, 1, 3], "q2": [1]}
ONE_WRONG = {"q1": [0, 1, 3], "q2": [0]}
RIGHT = {"q1": True, "q2": True}


@dataclass(frozen=True)
class Standard:
    """The element names and vocabulary one SCORM version uses for the same facts."""

    name: str
    initialize: str
    terminate: str
    writes: tuple[str, ...]  # calls that must never fail
    location: str
    suspend_data: str
    suspend_limit: int  # characters the standard guarantees an LMS keeps
    exit: str
    score: str
    response: str
    wrong: str
    separator: str
    choice: str  # one answer in a choice response (SCORM 1.2: a single character, 2004: an identifier)


SCORM12 = Standard("scorm12", "LMSInitialize", "LMSFinish",
                   ("LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"),
                   "cmi.core.lesson_location", "cmi.suspend_data", 4096, "cmi.core.exit", "cmi.core.score",
                   "student_response", "wrong", ",", r"[0-9a-z]")
SCORM2004 = Standard("scorm2004", "Initialize", "Terminate",
                     ("Initialize", "SetValue", "Commit", "Terminate"),
                     "cmi.location", "cmi.suspend_data", 64000, "cmi.exit", "cmi.score",
                     "learner_response", "incorrect", "[,]", r"[^\s\[\],]{1,250}")


@dataclass(frozen=True)
class Interaction:
    id: str
    type: str
    response: str
    result: str
    correct_pattern: str | None


def interactions(cmi: dict[str, str], standard: Standard) -> list[Interaction]:
    found: list[Interaction] = []
    index = 0
    while f"cmi.interactions.{index}.id" in cmi:
        prefix = f"cmi.interactions.{index}."
        found.append(Interaction(cmi[prefix + "id"], cmi.get(prefix + "type", ""),
                                 cmi.get(prefix + standard.response, ""), cmi.get(prefix + "result", ""),
                                 cmi.get(prefix + "correct_responses.0.pattern")))
        index += 1
    return found


def refers_to(interaction_id: str, quiz_id: str) -> bool:
    """Interaction ids may add words around the quiz id ("q1_which-...") but must name it whole."""
    return re.search(rf"(^|[^0-9A-Za-z]){re.escape(quiz_id)}([^0-9A-Za-z]|$)", interaction_id) is not None


def failed_calls(session: Session, standard: Standard) -> list[str]:
    return [f"{call.name}({', '.join(call.args)}) -> {call.result}, error {call.error}"
            for call in session.calls
            if call.name in standard.writes and (call.error != "0" or call.result != "true")]


def score_fraction(cmi: dict[str, str], standard: Standard) -> float:
    """The score as a fraction of the range the package declared (SCORM's default range is 0–100)."""
    raw = float(cmi[f"{standard.score}.raw"])
    low = float(cmi.get(f"{standard.score}.min") or 0)
    high = float(cmi.get(f"{standard.score}.max") or 100)
    return (raw - low) / (high - low)


@dataclass(frozen=True)
class InstalledPackage:
    """The demo lesson's package, imported into the test LMS."""

    lms: ScormLms
    standard: Standard
    url: str
    passing_score: str

    def open(self) -> Frame:
        return self.lms.launch(self.standard.name, self.url, self.passing_score)


def install(page: Page, lms_web: LmsWebServer, tmp_path: Path, standard: Standard) -> InstalledPackage:
    folder = build_unzipped(standard.name, DEMO_LESSON, tmp_path)
    base = lms_web.mount(f"{tmp_path.name}-{standard.name}", folder)
    launch = scorm_launch(folder)
    return InstalledPackage(ScormLms(page, lms_web), standard, base + launch.href, launch.passing_score)


def learn(frame: Frame, standard: Standard, answers: dict[str, list[int]]) -> int:
    """The whole first visit; returns where the learner stopped (scroll position)."""
    assert learner.wait_until_started(frame) == standard.name, \
        f"the package did not start its {standard.name} adapter: progress would stay in the page"
    for quiz_id, options in answers.items():
        learner.answer(frame, quiz_id, options)
    learner.write_reflection(frame, REFLECTION)
    learner.scroll_to_end(frame)
    return learner.scroll_position(frame)


def check_first_session(session: Session, standard: Standard, answers: dict[str, list[int]],
                        right: dict[str, bool]) -> dict[str, str]:
    names = session.names()
    assert names and names[0] == standard.initialize, f"{standard.initialize} must come first: {names[:5]}"
    assert names.count(standard.terminate) == 1 and names[-1] == standard.terminate, \
        f"closing the lesson must end the session with one {standard.terminate}: {names[-5:]}"
    assert failed_calls(session, standard) == []
    cmi = session.last_commit
    assert cmi[standard.location], "the learner's place was not stored"
    suspend_data = cmi[standard.suspend_data]
    assert 0 < len(suspend_data) <= standard.suspend_limit, \
        f"suspend data must be present and fit the {standard.suspend_limit} characters an LMS keeps"
    recorded = interactions(cmi, standard)
    for quiz_id, options in answers.items():
        about = [each for each in recorded if refers_to(each.id, quiz_id)]
        assert about, f"no interaction was recorded for {quiz_id}: {[each.id for each in recorded]}"
        last = about[-1]
        assert last.type == "choice"
        assert last.result == ("correct" if right[quiz_id] else standard.wrong)
        tokens = last.response.split(standard.separator)
        valid = all(re.fullmatch(standard.choice, token) for token in tokens)
        assert valid and len(tokens) == len(set(tokens)) == len(options), \
            f"{quiz_id}: the response {last.response!r} does not name the {len(options)} chosen answer(s)"
        if last.correct_pattern is not None:
            same = set(tokens) == set(last.correct_pattern.split(standard.separator))
            assert same == right[quiz_id], \
                f"{quiz_id}: response {last.response!r}, correct pattern {last.correct_pattern!r}"
    return cmi


def check_resumed(frame: Frame, standard: Standard, answers: dict[str, list[int]], left_at: int) -> None:
    assert learner.wait_until_started(frame) == standard.name
    for quiz_id, options in answers.items():
        assert learner.chosen_options(frame, quiz_id) == options, f"{quiz_id}: the learner's answer was lost"
        quiz_classes = frame.locator(f'.ts-quiz[data-quiz-id="{quiz_id}"]').get_attribute("class") or ""
        assert "is-answered" in quiz_classes, f"{quiz_id}: the checked answer is not shown as checked"
    assert frame.locator("textarea.ts-reflect").first.input_value() == REFLECTION
    assert "is-complete" in (frame.locator(".ts-finish").get_attribute("class") or "")
    viewport = int(frame.evaluate("() => window.innerHeight"))
    assert abs(learner.scroll_position(frame) - left_at) < viewport, "the lesson did not reopen where left"


def wait_for_commit(lms: ScormLms, element: str, value: str) -> None:
    """The runtime got ``element = value`` in a commit while the lesson was still open."""
    lms.page.wait_for_function(
        "([element, value]) => window.lms.session.commits.some((commit) => commit.cmi[element] === value)",
        arg=[element, value], timeout=5000)


def learn_again(package: InstalledPackage, answers: dict[str, list[int]], left_at: int) -> dict[str, str]:
    """Relaunch with what the LMS kept; returns the data the second session ends with."""
    frame = package.open()
    lms, standard = package.lms, package.standard
    assert lms.session().resumed, "the LMS had nothing to hand back to the second launch"
    check_resumed(frame, standard, answers, left_at)
    lms.close()
    second = lms.session()
    assert failed_calls(second, standard) == []
    assert second.names()[-1] == standard.terminate
    return second.last_commit


def test_scorm12_reports_a_pass_and_resumes(page: Page, lms_web: LmsWebServer, tmp_path: Path) -> None:
    package = install(page, lms_web, tmp_path, SCORM12)
    assert package.passing_score == "80", "the manifest should carry the lesson's mastery score"
    left_at = learn(package.open(), SCORM12, ALL_RIGHT)
    # Completion reaches the LMS when it happens, not only when the window closes.
    wait_for_commit(package.lms, "cmi.core.lesson_status", "passed")
    package.lms.close()

    cmi = check_first_session(package.lms.session(), SCORM12, ALL_RIGHT, RIGHT)
    assert cmi["cmi.core.lesson_status"] == "passed"
    # SCORM 1.2 LMSs compare raw with a mastery score in percent: raw must be a percentage.
    assert float(cmi["cmi.core.score.raw"]) == 100

    resumed = learn_again(package, ALL_RIGHT, left_at)
    assert resumed["cmi.core.lesson_status"] == "passed", "reviewing a passed lesson must not undo the pass"


def test_scorm2004_reports_a_fail_and_resumes(page: Page, lms_web: LmsWebServer, tmp_path: Path) -> None:
    package = install(page, lms_web, tmp_path, SCORM2004)
    left_at = learn(package.open(), SCORM2004, ONE_WRONG)
    wait_for_commit(package.lms, "cmi.completion_status", "completed")
    package.lms.close()

    cmi = check_first_session(package.lms.session(), SCORM2004, ONE_WRONG, {"q1": True, "q2": False})
    assert (cmi["cmi.completion_status"], cmi["cmi.success_status"]) == ("completed", "failed")
    assert float(cmi["cmi.score.scaled"]) == 0.5
    if cmi.get("cmi.score.raw"):
        assert score_fraction(cmi, SCORM2004) == 0.5
    assert cmi["cmi.exit"] == "suspend", \
        "SCORM 2004 ends the attempt unless cmi.exit is 'suspend': next time the learner's answers are gone"

    resumed = learn_again(package, ONE_WRONG, left_at)
    assert (resumed["cmi.completion_status"], resumed["cmi.success_status"]) == ("completed", "failed")


def test_player_fits_a_phone_inside_the_lms(page: Page, lms_web: LmsWebServer, tmp_path: Path) -> None:
    """At 390 px the lesson needs no sideways scrolling; the screenshot goes to the docs on request."""
    page.set_viewport_size({"width": 390, "height": 844})
    frame = install(page, lms_web, tmp_path, SCORM12).open()
    learner.wait_until_started(frame)
    learner.answer(frame, "q1", [0, 2])
    overflow = frame.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the lesson is {overflow} px wider than a phone screen"
    # The answered question (marks and feedback) just below the top of the screen.
    frame.locator('.ts-quiz[data-quiz-id="q1"]').evaluate(
        "(quiz) => window.scrollTo(0, quiz.getBoundingClientRect().top + window.scrollY - 24)")
    update_docs = os.environ.get("TESSERA_UPDATE_SCREENSHOTS") == "1"
    target = PHONE_SCREENSHOT if update_docs else tmp_path / "phone.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
