"""Block splitting and block content: structure, line numbers and diagnostics for broken input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor import content
from editor.blocks import split
from editor.diagnostics import Severity
from editor.lesson_parse import parse_lesson

HEADER = "---\ntitle: Blocks\n---\n"  # three lines: the body starts on line 4


def problems(body: str) -> list[tuple[int, str]]:
    """(line, code) of every diagnostic for a lesson whose body starts on file line 4."""
    return [(d.line, d.code) for d in parse_lesson(HEADER + body).diagnostics]


def test_split_cuts_markdown_and_containers_with_file_lines() -> None:
    body = "Intro\n\n::: callout tip title=\"Heads up\" extra\nBe brief.\n:::\nOutro\n"
    found, diagnostics = split(body, 10)
    assert diagnostics == []
    assert [(b.kind, b.line, b.end_line) for b in found] == [
        ("markdown", 10, 11), ("callout", 12, 14), ("markdown", 15, 16)]
    callout = found[1]
    assert callout.body == "Be brief."
    assert callout.body_line == 13
    assert callout.positional == ["tip", "extra"]
    assert callout.attrs == {"title": "Heads up"}


def test_kind_and_attribute_names_are_case_insensitive() -> None:
    found, _ = split('::: VIDEO SRC="media/a.mp4"\n:::\n')
    assert found[0].kind == "video"
    assert found[0].attrs == {"src": "media/a.mp4"}


def test_crlf_lines_are_understood() -> None:
    found, diagnostics = split("::: takeaways\r\n- one\r\n:::\r\nafter\r\n")
    assert diagnostics == []
    assert [(b.kind, b.body) for b in found] == [("takeaways", "- one"), ("markdown", "after\n")]


def test_unknown_kind_is_kept_and_reported_as_a_warning() -> None:
    text = HEADER + "::: timeline year=2024\nraw content\n:::\n"
    parsed = parse_lesson(text)
    assert [(b.kind, b.body, b.known) for b in parsed.blocks] == [("timeline", "raw content", False)]
    assert [(d.line, d.code, d.severity) for d in parsed.diagnostics] == [
        (4, "block-unknown", Severity.WARNING)]


def test_unclosed_block_runs_to_the_end_and_is_reported_at_its_opening() -> None:
    found, diagnostics = split("Intro\n::: callout\nnever closed\nstill inside", 5)
    assert [(d.line, d.code) for d in diagnostics] == [(6, "block-unclosed")]
    assert [(b.kind, b.line, b.end_line) for b in found] == [("markdown", 5, 5), ("callout", 6, 8)]
    assert found[1].body == "never closed\nstill inside"


def test_nested_block_is_an_error_and_the_extra_close_is_stray() -> None:
    assert problems("::: callout\n::: quiz single\n:::\n:::\n") == [
        (5, "block-nested"), (7, "block-stray-close")]


def test_stray_close_is_a_warning_and_keeps_line_numbers() -> None:
    found, diagnostics = split("one\n:::\nthree\n", 1)
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [
        (2, "block-stray-close", Severity.WARNING)]
    assert [(b.kind, b.line) for b in found] == [("markdown", 1)]
    assert found[0].body.split("\n")[2] == "three"


def test_unbalanced_quote_in_block_options() -> None:
    assert problems('::: video src="media/a.mp4\n:::\n') == [(4, "block-args")]


def test_container_markers_inside_fenced_code_are_text() -> None:
    body = "```markdown\n::: quiz single\n:::\n```\n~~~\n:::\n~~~\n"
    found, diagnostics = split(body)
    assert diagnostics == []
    assert [b.kind for b in found] == ["markdown"]


def test_fence_is_closed_only_by_a_bare_fence_line() -> None:
    # CommonMark (and so the renderer) does not end a fence on a line with an info string.
    body = "```\ncode\n```python\n::: quiz single\n```\n"
    found, diagnostics = split(body)
    assert diagnostics == []
    assert [b.kind for b in found] == ["markdown"]


def test_fenced_code_inside_a_container_does_not_close_it() -> None:
    found, diagnostics = split("::: callout\n```\n:::\n```\n:::\n")
    assert diagnostics == []
    assert [(b.kind, b.body) for b in found] == [("callout", "```\n:::\n```")]


# -- quizzes -------------------------------------------------------------------

def test_quiz_is_read_with_options_and_feedback() -> None:
    parsed = parse_lesson(HEADER + "::: quiz multiple\n? Which are colours?\n- [x] Red\n  : Yes.\n"
                          "- [ ] Dog\n  : No, an animal.\n- [X] Blue\n:::\n")
    assert parsed.diagnostics == []
    quiz, found = content.read_quiz(parsed.blocks[0])
    assert found == []
    assert quiz.kind == "multiple"
    assert quiz.question == "Which are colours?"
    assert [(o.text, o.correct, o.feedback, o.line) for o in quiz.options] == [
        ("Red", True, "Yes.", 6), ("Dog", False, "No, an animal.", 8), ("Blue", True, "", 10)]


def test_quiz_without_a_correct_answer() -> None:
    assert problems("::: quiz single\n? Q\n- [ ] a\n- [ ] b\n:::\n") == [(4, "quiz-no-correct-answer")]


def test_quiz_without_a_question() -> None:
    assert problems("::: quiz single\n- [x] a\n- [ ] b\n:::\n") == [(4, "quiz-no-question")]


def test_quiz_with_one_answer() -> None:
    assert problems("::: quiz single\n? Q\n- [x] only\n:::\n") == [(4, "quiz-few-answers")]


def test_single_quiz_with_two_correct_answers() -> None:
    assert problems("::: quiz single\n? Q\n- [x] a\n- [x] b\n- [ ] c\n:::\n") == [(4, "quiz-many-correct")]


def test_multiple_quiz_accepts_two_correct_answers() -> None:
    assert problems("::: quiz multiple\n? Q\n- [x] a\n- [x] b\n- [ ] c\n:::\n") == []


def test_truefalse_with_three_answers() -> None:
    assert problems("::: quiz truefalse\n? Q\n- [x] True\n- [ ] False\n- [ ] Maybe\n:::\n") == [
        (4, "quiz-truefalse")]


def test_unknown_quiz_type_and_stray_quiz_line() -> None:
    assert problems("::: quiz essay\n? Q\n- [x] a\n- [ ] b\nstray text\n:::\n") == [
        (4, "quiz-type"), (8, "quiz-line")]


# -- flashcards and apply -------------------------------------------------------

def test_flashcards_are_read_in_order() -> None:
    parsed = parse_lesson(HEADER + "::: flashcards\n? One\n: First back\n? Two\n: Second\n:::\n")
    cards, found = content.read_cards(parsed.blocks[0])
    assert found == [] and parsed.diagnostics == []
    assert [(c.front, c.back, c.line) for c in cards] == [("One", "First back", 5), ("Two", "Second", 7)]


def test_flashcard_without_back_is_reported_on_its_line() -> None:
    assert problems("::: flashcards\n? One\n: Back\n? Two has no back\n:::\n") == [(7, "card-no-back")]


def test_empty_flashcards_block() -> None:
    assert problems("::: flashcards\n:::\n") == [(4, "cards-empty")]


def test_apply_without_action() -> None:
    assert problems("::: apply\nreflect: How did it go?\n:::\n") == [(4, "apply-no-action")]


def test_apply_reads_action_and_reflection() -> None:
    parsed = parse_lesson(HEADER + "::: apply\naction: Ask one open question.\nReflect: What changed?\n:::\n")
    prompt, found = content.read_apply(parsed.blocks[0])
    assert found == []
    assert (prompt.action, prompt.reflect) == ("Ask one open question.", "What changed?")


# -- never raises ----------------------------------------------------------------

_FRAGMENTS = st.sampled_from([
    "---", ":::", "::: quiz single", "::: quiz truefalse", '::: video src="a', "::: flashcards",
    "::: apply", "::: callout warning title='x'", "::: ünknown", "```", "~~~", "? q", "- [x] a",
    "- [ ] b", ": feedback", "action:", "title: [x", "title: ok", "- a", "\r", "\ufeff", "", "  ",
])
_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=30)), max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None, database=None)
@given(_TEXT)
def test_parse_lesson_never_raises_and_lines_stay_in_the_file(text: str) -> None:
    parsed = parse_lesson(text)
    last_line = text.count("\n") + 1
    for diagnostic in parsed.diagnostics:
        assert 0 <= diagnostic.line <= last_line
    for block in parsed.blocks:
        assert 1 <= block.line <= block.end_line <= last_line


@settings(max_examples=300, deadline=None, database=None)
@given(_TEXT, st.integers(min_value=1, max_value=500))
def test_split_line_numbers_stay_within_the_text(body: str, first_line: int) -> None:
    found, diagnostics = split(body, first_line)
    last_line = first_line + body.count("\n")
    for block in found:
        assert first_line <= block.line <= block.end_line <= last_line
        assert block.line < block.body_line <= block.end_line + 1 or block.kind == "markdown"
    for diagnostic in diagnostics:
        assert first_line <= diagnostic.line <= last_line


def test_block_options_are_set_in_place_or_added() -> None:
    from editor.blocks import with_block_option

    line = '::: video src="media/a.mp4" captions="media/old.vtt" title="Intro"'
    assert with_block_option(line, "captions", "media/new.vtt") == \
        '::: video src="media/a.mp4" captions="media/new.vtt" title="Intro"'
    assert with_block_option("::: video src=media/a.mp4", "captions", "media/a.vtt") == \
        '::: video src=media/a.mp4 captions="media/a.vtt"'
    changed = with_block_option(line, "src", 'media/x".mp4')
    blocks, problems = split(changed + "\n:::\n")
    assert problems == [] and blocks[0].attrs["src"] == "media/x%22.mp4"
