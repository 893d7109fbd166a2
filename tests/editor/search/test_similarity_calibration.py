"""What the similarity number means, calibrated on the demo library's real titles.

Re-worded titles of the same lesson are near-duplicates; items on the same topic are shown; pairs
that only share one common word ("customer", "safety", "first") stay hidden, never "100 %".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.paths import DEMO_WORKSPACE
from editor.search.fallback import ScanSearch
from editor.search.similar import MIN_SIMILARITY, NEAR_DUPLICATE, Probe, similar_in_scan
from editor.workspace import Workspace

NEAR_DUPLICATES = [("Give feedback that lands", "Giving feedback that lands"),
                   ("Running a ten-minute stand-up", "Running a 10-minute stand-up"),
                   ("Spotting a phishing email", "Spotting phishing emails")]
SAME_TOPIC = [("XLOOKUP basics", "Find values in seconds with XLOOKUP"),
              ("Safe lifting", "A safe-lifting routine before you move boxes"),
              ("How to spot a phishing email", "Spotting phishing emails"),
              ("Lifting safely at work", "Manual handling at work (Health and Safety Executive)")]
UNRELATED = [("Customer complaints", "Giving feedback that lands"),
             ("Your first week at the warehouse", "A safe-lifting routine before you move boxes"),
             ("Safety", "A safe-lifting routine before you move boxes"),
             ("Coaching conversations", "The Scrum Guide"),
             ("Writing a budget", "Spotting phishing emails")]


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> ScanSearch:
    root = Path(tmp_path_factory.mktemp("demo")) / "ws"
    shutil.copytree(DEMO_WORKSPACE, root)
    return ScanSearch(Workspace.open(root))


def score(scan: ScanSearch, probe: str, title: str) -> float:
    found = {item.hit.title: item.similarity for item in similar_in_scan(scan, Probe(probe), limit=20)}
    return found.get(title, 0.0)


@pytest.mark.parametrize(("probe", "title"), NEAR_DUPLICATES)
def test_reworded_titles_of_the_same_lesson_are_near_duplicates(scan: ScanSearch, probe: str,
                                                                title: str) -> None:
    assert score(scan, probe, title) >= NEAR_DUPLICATE


@pytest.mark.parametrize(("probe", "title"), SAME_TOPIC)
def test_items_on_the_same_topic_are_shown_but_not_as_duplicates(scan: ScanSearch, probe: str,
                                                                 title: str) -> None:
    assert MIN_SIMILARITY <= score(scan, probe, title) < NEAR_DUPLICATE


@pytest.mark.parametrize(("probe", "title"), UNRELATED)
def test_one_shared_word_is_not_a_topic(scan: ScanSearch, probe: str, title: str) -> None:
    assert score(scan, probe, title) < MIN_SIMILARITY


def test_the_same_title_is_certain_and_says_so(scan: ScanSearch) -> None:
    [first, *_] = similar_in_scan(scan, Probe("giving feedback — that lands!"))
    assert (first.hit.title, first.similarity, first.same_title) == ("Giving feedback that lands", 1.0, True)
    assert first.duplicate and first.reason == "same title"
    other = next(item for item in similar_in_scan(scan, Probe("XLOOKUP basics")))
    assert not other.duplicate and other.reason == "shares: XLOOKUP"
