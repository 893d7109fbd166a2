"""Comments stay on their passage through edits nearby, follow small rewordings, and go outdated."""

from __future__ import annotations

import pytest

from editor import review
from editor.review.anchors import Anchor, anchor_block, anchor_quote, anchor_selection, locate
from tests.editor.review.conftest import AUTHOR, LESSON, REVIEWER, Team

QUOTE = "easier to act on than a verdict"


def test_edits_around_the_passage_keep_the_comment_anchored() -> None:
    anchor = anchor_quote(LESSON, QUOTE)
    assert anchor.block_kind == "markdown" and anchor.line == 12
    edited = LESSON.replace("## Why it matters\n", "## Why it matters\n\nA new opening paragraph.\n\n")
    edited = edited.replace("Feedback that names", "Feedback which clearly names")
    found = locate(anchor, edited)
    assert found is not None and found.exact
    assert edited[found.start:found.end] == QUOTE
    assert found.line == 15


def test_a_slightly_reworded_passage_is_still_found() -> None:
    anchor = anchor_quote(LESSON, QUOTE)
    edited = LESSON.replace(QUOTE, "easier to act upon than a verdict")
    found = locate(anchor, edited)
    assert found is not None and not found.exact
    assert "act upon than a verdict" in edited[found.start:found.end]


def test_deleting_the_passage_makes_the_comment_outdated() -> None:
    anchor = anchor_quote(LESSON, QUOTE)
    edited = LESSON.replace(
        "Feedback that names a situation and a behaviour is easier to act on than a verdict.\n", "")
    assert locate(anchor, edited) is None


def test_a_repeated_quote_is_found_where_its_context_matches() -> None:
    text = "Say thanks first.\n\nThen the hard part: say thanks again at the end.\n"
    anchor = anchor_selection(text, text.rindex("say thanks"), text.rindex("say thanks") + len("say thanks"))
    moved = "Intro line.\n" + text
    found = locate(anchor, moved)
    assert found is not None and found.line == 4
    assert moved[found.start - len("hard part: "):found.start] == "hard part: "


def test_a_block_comment_covers_the_whole_block_and_knows_its_kind() -> None:
    line = LESSON.splitlines().index("? What comes first?") + 1
    anchor = anchor_block(LESSON, line)
    assert anchor.block_kind == "quiz"
    assert anchor.quote.startswith("::: quiz single") and anchor.quote.endswith(":::")
    edited = LESSON.replace("- [ ] The verdict", "- [ ] The verdict first")
    found = locate(anchor, edited)
    assert found is not None and not found.exact and found.block_kind == "quiz"


def test_a_paragraph_and_a_metadata_line_can_be_commented() -> None:
    lines = LESSON.splitlines()
    closing = next(number for number, line in enumerate(lines, start=1) if line.startswith("Close with"))
    paragraph = anchor_block(LESSON, closing)
    assert paragraph.quote.startswith("Close with") and paragraph.block_kind == "markdown"
    title = anchor_block(LESSON, 3)
    assert title.quote == "title: Giving feedback that lands" and title.block_kind == "metadata"
    with pytest.raises(ValueError, match="empty"):
        anchor_block(LESSON, lines.index("") + 1)


def test_short_quotes_are_only_found_exactly() -> None:
    anchor = anchor_quote(LESSON, "verdict")
    assert locate(anchor, LESSON.replace("verdict", "judgement")) is None


def test_bad_anchors_are_refused() -> None:
    with pytest.raises(ValueError, match="not in the lesson"):
        anchor_quote(LESSON, "words that are not there")
    with pytest.raises(ValueError):
        anchor_selection(LESSON, 10, 10)
    with pytest.raises(ValueError, match="wrong fields"):
        Anchor.from_dict({"quote": "x", "before": "", "after": "", "line": "3", "block_kind": "markdown"})


def test_threads_report_anchored_and_outdated_comments(team: Team) -> None:
    ws = team.workspace
    review.add_comment(ws, team.item(), REVIEWER, "Nice framing.", anchor_quote(team.text(), QUOTE))
    review.add_comment(ws, team.item(), REVIEWER, "Ask for one thing only.",
                       anchor_quote(team.text(), "one clear request so the person knows"))
    review.add_comment(ws, team.item(), AUTHOR, "General note on the whole lesson.")
    team.edit("## Why it matters", "## Why it matters to your team")
    team.edit("Close with one clear request so the person knows what to do next.\n", "")

    threads = review.comment_threads(review.read_events(ws, "lesson0001"), team.text())
    assert [(t.comment.text, t.outdated) for t in threads] == [
        ("Nice framing.", False), ("Ask for one thing only.", True),
        ("General note on the whole lesson.", False)]
    assert threads[0].location is not None and threads[0].location.exact
    assert threads[2].anchor is None
