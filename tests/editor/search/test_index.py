"""The whoosh index: every field searchable, typos, prefixes, phrases, filters, facets, sorting, updates."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.atomic import atomic_write_text
from editor.search import index as index_module
from editor.search.build import build_index
from editor.search.engine import WHOOSH
from editor.search.index import SearchIndex
from editor.workspace import Workspace
from tests.editor.search.library import make_library, source_of

pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def library(tmp_path: Path) -> Workspace:
    return make_library(tmp_path / "library")


@pytest.fixture
def index(library: Workspace, engine: str) -> Iterator[SearchIndex]:
    built = build_index(library)
    assert built.engine == engine
    yield built
    built.close()


def keys(index: SearchIndex, text: str, **options: object) -> list[str]:
    return [hit.key for hit in index.search(text, **options).hits]  # type: ignore[arg-type]


FEEDBACK = "lessons/giving-feedback/lesson.md"
XLOOKUP = "lessons/xlookup-basics/lesson.md"
GERMAN = "lessons/klare-e-mails/lesson.md"
LINK = "curated/sbi-model.md"


def test_build_indexes_every_item(index: SearchIndex) -> None:
    assert index.doc_count == 4
    assert sorted(keys(index, "")) == sorted([FEEDBACK, XLOOKUP, GERMAN, LINK])


@pytest.mark.parametrize(("word", "field", "key"), [
    ("lands", "title", FEEDBACK),
    ("three-part", "summary", FEEDBACK),
    ("zeppelin", "body", FEEDBACK),               # lesson prose
    ("remember", "body", FEEDBACK),               # a callout
    ("xylophone", "quiz", FEEDBACK),              # a question
    ("confirm", "quiz", FEEDBACK),                # feedback on an answer
    ("quokka", "cards", FEEDBACK),                # the back of a flashcard
    ("kumquat", "captions", FEEDBACK),            # the WebVTT file the video names
    ("narwhal", "captions", FEEDBACK),            # an audio transcript
    ("wombat", "body", LINK),                     # a curated link's notes
    ("ccl", "link", LINK),                        # its address
    ("creative", "link", LINK),                   # its source
])
def test_each_field_is_searchable_and_gives_the_snippet(index: SearchIndex, word: str, field: str,
                                                        key: str) -> None:
    results = index.search(word)
    assert [hit.key for hit in results.hits] == [key]
    hit = results.hits[0]
    marked = hit.title_marks if field == "title" else hit.snippet
    assert marked.field == field
    assert marked.matched


def test_skills_and_tags_are_searchable_words(index: SearchIndex) -> None:
    assert keys(index, "conversations") == [FEEDBACK]
    assert set(keys(index, "analysis")) == {XLOOKUP}


def test_typos_are_tolerated_and_marked_as_the_real_word(index: SearchIndex) -> None:
    results = index.search("feedbak")
    assert {hit.key for hit in results.hits} == {FEEDBACK, LINK}
    assert "feedback" in results.hits[0].snippet.html()
    assert keys(index, "xlokup") == [XLOOKUP]


def test_words_the_library_has_are_not_treated_as_typos(index: SearchIndex) -> None:
    # "value" exists; its neighbour "values" must not drag in unrelated items through typo matching.
    assert keys(index, "slow") == [XLOOKUP]


def test_the_last_word_is_a_prefix_only_while_typing(index: SearchIndex) -> None:
    assert keys(index, "xloo", typing=True) == [XLOOKUP]
    assert keys(index, "xloo") == []
    assert keys(index, "xloo*") == [XLOOKUP]
    assert keys(index, "zeppel", typing=True) == [FEEDBACK]


def test_phrases_need_the_words_in_order(index: SearchIndex) -> None:
    assert keys(index, '"another column"') == [XLOOKUP]
    assert keys(index, '"column another"') == []


def test_all_words_must_match(index: SearchIndex) -> None:
    assert keys(index, "feedback zeppelin") == [FEEDBACK]
    assert keys(index, "feedback xlookup") == []


@pytest.mark.parametrize(("query", "expected"), [
    ("status:review", {XLOOKUP}),
    ("status:in_review", {XLOOKUP}),
    ("status:published|approved", {FEEDBACK, LINK}),
    ("skill:excel", {XLOOKUP}),                    # any case
    ('skill:"data analysis"', {XLOOKUP}),
    ("skill:kommunikation", {GERMAN}),             # a word of a skill
    ("tag:formulas", {XLOOKUP}),
    ("lang:de", {GERMAN}),
    ("owner:ana", {FEEDBACK, LINK}),
    ('owner:"priya raman"', {XLOOKUP}),
    ("type:link", {LINK}),
    ("type:lesson|link feedback", {FEEDBACK, LINK}),
    ("feedback -status:approved", {FEEDBACK}),
    ("feedback -zeppelin", {LINK}),
    ("id:bbb222", {XLOOKUP}),
])
def test_filters(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(keys(index, query)) == expected


def test_an_impossible_filter_explains_itself(index: SearchIndex) -> None:
    results = index.search("status:nonsense")
    assert results.total == 0
    assert "draft" in results.problems[0] and "nonsense" in results.problems[0]


def test_facets_count_every_match(index: SearchIndex) -> None:
    results = index.search("feedback")
    assert results.total == 2
    assert dict(results.facets["kind"]) == {"lesson": 1, "link": 1}
    assert dict(results.facets["status"]) == {"published": 1, "approved": 1}
    assert dict(results.facets["skill"]) == {"Feedback": 2, "Communication": 1}
    assert dict(results.facets["language"]) == {"en": 2}
    narrowed = index.search("feedback status:published")
    assert narrowed.total == dict(results.facets["status"])["published"]


def test_recency_sort_and_relevance_sort(index: SearchIndex) -> None:
    assert keys(index, "", sort="recent") == [FEEDBACK, XLOOKUP, GERMAN, LINK]
    assert keys(index, "feedback", sort="recent") == [FEEDBACK, LINK]
    # Both title and body say "feedback" in the lesson: it ranks first by relevance.
    assert keys(index, "feedback")[0] == FEEDBACK


def test_limit_keeps_the_true_total(index: SearchIndex) -> None:
    results = index.search("", limit=1)
    assert len(results.hits) == 1 and results.total == 4


def test_saved_changes_are_indexed_item_by_item(library: Workspace, index: SearchIndex) -> None:
    source = source_of(library, "xlookup-basics")
    atomic_write_text(source, source.read_text(encoding="utf-8") + "\nNow with a pelican.\n")
    report = index.sync([source])
    assert (report.updated, report.removed) == (1, 0)
    assert keys(index, "pelican") == [XLOOKUP]
    assert index.doc_count == 4          # replaced, not added
    assert not index.sync([source]).changed   # unchanged stamp: nothing to do


def test_deleted_and_new_items_are_found_by_a_full_sync(library: Workspace, index: SearchIndex) -> None:
    source_of(library, "sbi-model.md").unlink()
    new = Path(library.new_lesson("Handling a flamingo incident"))
    report = index.sync()
    assert (report.updated, report.removed) == (1, 1)
    assert keys(index, "wombat") == []
    assert keys(index, "flamingo") == [f"lessons/{new.name}/lesson.md"]


def test_a_changed_caption_file_reindexes_its_lesson(library: Workspace, index: SearchIndex) -> None:
    captions = library.root / "lessons" / "giving-feedback" / "media" / "intro.vtt"
    atomic_write_text(captions, "WEBVTT\n\n00:00.000 --> 00:01.000\nA platypus appears.\n")
    os.utime(captions, (2_000_000_000,) * 2)
    assert index.sync().updated == 1
    assert keys(index, "platypus") == [FEEDBACK]
    assert keys(index, "kumquat") == []


def test_a_searcher_elsewhere_sees_changes_after_reopening(library: Workspace, index: SearchIndex) -> None:
    source = source_of(library, "klare-e-mails")
    atomic_write_text(source, source.read_text(encoding="utf-8") + "\nMit Erdmännchen.\n")
    index.sync([source])
    other = SearchIndex.open(library)
    try:
        assert keys(other, "erdmannchen") == [GERMAN]    # accents folded
    finally:
        other.close()


def test_many_saves_leave_few_segments(library: Workspace, index: SearchIndex) -> None:
    sources = [source_of(library, slug) for slug in ("xlookup-basics", "klare-e-mails", "sbi-model.md")]
    for number in range(30):
        source = sources[number % 3]
        atomic_write_text(source, source.read_text(encoding="utf-8") + f"\nsave{number}\n")
        os.utime(source, (1_800_000_000 + number,) * 2)
        index.sync([source])
    assert index.segment_count <= index_module.MAX_SEGMENTS   # saves fold tiny segments together
    assert not index.compact()                                # so nothing to do yet
    assert keys(index, "save29") == [LINK] and keys(index, "save27") == [XLOOKUP]
    assert index.doc_count == 4 and index.search("").total == 4


def test_compact_merges_what_the_engine_does_not(library: Workspace, index: SearchIndex, engine: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    source = source_of(library, "xlookup-basics")
    for number in range(3):
        atomic_write_text(source, source.read_text(encoding="utf-8") + f"\nsave{number}\n")
        os.utime(source, (1_800_000_000 + number,) * 2)
        index.sync([source])
    monkeypatch.setattr(index_module, "MAX_SEGMENTS", 1)
    # whoosh leaves merging to ``compact``; tantivy merges small segments itself after each commit.
    assert index.compact() is (engine == WHOOSH)
    if engine == WHOOSH:
        assert index.segment_count <= 2
    assert keys(index, "save2") == [XLOOKUP] and index.search("").total == 4
