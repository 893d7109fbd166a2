"""*Submit for review* is refused while template or snippet example text is left in the lesson."""

from __future__ import annotations

import pytest

from editor import review
from editor.review import ReviewError
from tests.editor.review.conftest import AUTHOR, REVIEWER, Team


def test_submit_for_review_is_refused_while_example_text_is_left(team: Team) -> None:
    team.edit("Close with one clear request", "::: takeaways\n- First thing to remember\n:::\n\nClose with "
              "one clear request")
    with pytest.raises(ReviewError, match=r"not ready for review.*example items 'First thing to remember'"):
        review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    assert review.review_state(team.workspace, team.item()).status == "draft"
    team.edit("First thing to remember", "Ask for one change")
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    assert review.review_state(team.workspace, team.item()).status == "in_review"
