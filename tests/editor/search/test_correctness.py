"""Totals and facets against brute-force counts, identifiers, typos, and edits made outside Tessera."""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from editor.search.build import build_index
from editor.search.index import SearchIndex
from editor.search.query import edit_distance, typo_limit
from editor.workspace import Workspace
from tests.editor.search.library import make_library, source_of

pytestmark = pytest.mark.usefixtures("engine")

# Words whose stems are all different and not stems of each other, so "contains the word" is exact.
WORDS = ("harbour", "lantern", "orchard", "violin", "glacier", "meadow", "compass", "saddle")
STATUSES = ("draft", "in_review", "published", "approved")
SKILLS = ("Safety", "Excel", "Writing", "Negotiation")
LANGUAGES = ("en", "de", "fr")


@dataclass(frozen=True)
class Made:
    key: str
    words: frozenset[str]
    status: str
    skills: tuple[str, ...]
    language: str


def make_corpus(root: Path, count: int = 90, seed: int = 3) -> tuple[Workspace, list[Made]]:
    rng = random.Random(seed)
    workspace = Workspace.create(root, "Counting library")
    made = []
    for number in range(count):
        words = frozenset(rng.sample(WORDS, rng.randint(1, 5)))
        status, language = rng.choice(STATUSES), rng.choice(LANGUAGES)
        skills = tuple(rng.sample(SKILLS, rng.randint(0, 2)))
        slug = f"item-{number:03d}"
        folder = workspace.root / "lessons" / slug
        folder.mkdir(parents=True)
        skill_list = ", ".join(skills)
        (folder / "lesson.md").write_text(
            f"---\nid: id{number:03d}\ntitle: Item {number}\nstatus: {status}\nlanguage: {language}\n"
            f"skills: [{skill_list}]\n---\nNotes on {' and '.join(sorted(words))}.\n", encoding="utf-8")
        made.append(Made(f"lessons/{slug}/lesson.md", words, status, skills, language))
    return workspace, made


@pytest.fixture
def corpus(tmp_path: Path, engine: str) -> Iterator[tuple[SearchIndex, list[Made]]]:
    workspace, made = make_corpus(tmp_path / "corpus")
    index = build_index(workspace)
    assert index.engine == engine
    yield index, made
    index.close()


def expected_facets(items: list[Made]) -> dict[str, dict[str, int]]:
    skills: Counter[str] = Counter(skill for item in items for skill in item.skills)
    return {"kind": {"lesson": len(items)} if items else {},
            "status": dict(Counter(item.status for item in items)),
            "skill": dict(skills),
            "language": dict(Counter(item.language for item in items))}


@pytest.mark.parametrize(("query", "wanted"), [
    ("", lambda m: True),
    ("harbour", lambda m: "harbour" in m.words),
    ("harbour lantern", lambda m: {"harbour", "lantern"} <= m.words),
    ("harbour -lantern", lambda m: "harbour" in m.words and "lantern" not in m.words),
    ("-violin", lambda m: "violin" not in m.words),
    ("glacier status:published|approved", lambda m: "glacier" in m.words and m.status in ("published",
                                                                                           "approved")),
    ("meadow skill:excel", lambda m: "meadow" in m.words and "Excel" in m.skills),
    ("compass -lang:de", lambda m: "compass" in m.words and m.language != "de"),
    ("saddle orchard", lambda m: {"saddle", "orchard"} <= m.words),
])
def test_totals_and_facets_count_every_match(corpus: tuple[SearchIndex, list[Made]], query: str,
                                              wanted: object) -> None:
    index, made = corpus
    matching = [item for item in made if wanted(item)]  # type: ignore[operator]
    results = index.search(query, limit=5)
    assert results.total == len(matching)
    assert len(results.hits) == min(5, len(matching))
    assert {hit.key for hit in results.hits} <= {item.key for item in matching}
    assert {name: dict(counts) for name, counts in results.facets.items()} == expected_facets(matching)
    assert len(matching) > 5      # the page is smaller than the total: counting must go past it


def test_every_match_is_reachable_by_paging_through_a_large_limit(corpus: tuple[SearchIndex, list[Made]]
                                                                  ) -> None:
    index, made = corpus
    results = index.search("lantern", limit=1000)
    assert sorted(hit.key for hit in results.hits) == sorted(m.key for m in made if "lantern" in m.words)


# -- identifiers, typos, external edits ---------------------------------------------------------------
IDENTIFIERS = """---
id: eee555
title: Configuring the intranet
summary: Where the subsites plug-in keeps its settings.
status: draft
---
Enable redturtle.subsites first, then set max_upload_size and call getUserProfile once.
"""


@pytest.fixture
def library(tmp_path: Path) -> Workspace:
    workspace = make_library(tmp_path / "library")
    folder = workspace.root / "lessons" / "intranet"
    folder.mkdir()
    (folder / "lesson.md").write_text(IDENTIFIERS, encoding="utf-8")
    return workspace


@pytest.fixture
def index(library: Workspace, engine: str) -> Iterator[SearchIndex]:
    built = build_index(library)
    assert built.engine == engine
    yield built
    built.close()


INTRANET = "lessons/intranet/lesson.md"


@pytest.mark.parametrize("query", ["redturtle", "subsites redturtle", "redturtle.subsites", "upload",
                                   "max_upload_size", "upload size", '"upload size"', "profile",
                                   "getuserprofile", "getUserProfile", "user", '"redturtle subsites"'])
def test_identifiers_are_found_by_their_parts_and_as_a_whole(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert [hit.key for hit in results.hits] == [INTRANET]
    assert results.hits[0].snippet.matched       # the identifier is highlighted in the snippet


def test_an_identifier_as_typed_ranks_the_item_that_has_it_whole(library: Workspace, index: SearchIndex
                                                                 ) -> None:
    other = library.root / "lessons" / "loose-words" / "lesson.md"
    other.parent.mkdir()
    other.write_text("---\ntitle: Loose\n---\nThe redturtle team maintains subsites too.\n", encoding="utf-8")
    index.sync([other])
    assert [hit.key for hit in index.search("redturtle.subsites").hits] == \
        [INTRANET, "lessons/loose-words/lesson.md"]
    assert [hit.key for hit in index.search('"redturtle subsites"').hits] == [INTRANET]


@pytest.mark.parametrize(("typed", "meant", "key"), [
    ("nrawhal", "narwhal", "lessons/giving-feedback/lesson.md"),      # swapped letters: one edit
    ("xlokoup", "xlookup", "lessons/xlookup-basics/lesson.md"),
    ("wobmat", "wombat", "curated/sbi-model.md"),
    ("feedbakc", "feedback", "lessons/giving-feedback/lesson.md"),
    ("xylopohen", "xylophone", "lessons/giving-feedback/lesson.md"),  # two swaps in a long word
    ("meetnig", "meeting", "lessons/giving-feedback/lesson.md"),      # the stem of the typo is far away
])
def test_typos_and_swapped_letters_find_the_word(library: Workspace, index: SearchIndex, typed: str,
                                                 meant: str, key: str) -> None:
    if meant == "meeting":
        source = source_of(library, "giving-feedback")
        source.write_text(source.read_text(encoding="utf-8") + "\nBook a meeting.\n", encoding="utf-8")
        index.sync([source])
    assert key in [hit.key for hit in index.search(typed).hits[:3]]


@pytest.mark.parametrize("typed", ["nrawhla", "cxl", "qokauk"])
def test_more_typos_than_the_word_length_allows_find_nothing(index: SearchIndex, typed: str) -> None:
    assert index.search(typed).total == 0


def test_typo_tolerance_grows_with_word_length() -> None:
    assert [typo_limit(n) for n in (3, 4, 7, 8, 12)] == [0, 1, 1, 2, 2]
    assert edit_distance("narwhal", "nrawhal", 2) == 1       # a swap is one edit
    assert edit_distance("narwhal", "nrawhla", 2) == 2
    assert edit_distance("abc", "xyz", 1) == 2               # stops counting past the limit


def test_an_external_edit_is_visible_after_the_refresh(library: Workspace, index: SearchIndex) -> None:
    source = source_of(library, "xlookup-basics")
    text = source.read_text(encoding="utf-8")
    # In place, same length, as an editor outside Tessera might write it: only mtime tells.
    with source.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace("Copying prices", "Copying walrus", 1))
    os.utime(source, (2_000_000_000,) * 2)
    assert index.search("walrus").total == 0            # not refreshed yet
    report = index.sync()
    assert (report.updated, report.removed) == (1, 0)
    assert [hit.key for hit in index.search("walrus").hits] == ["lessons/xlookup-basics/lesson.md"]
    assert index.search('"copying prices"').total == 0
