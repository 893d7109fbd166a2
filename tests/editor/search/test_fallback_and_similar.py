"""The file scan finds exactly what the index finds; "similar" finds the same topic, not shared words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.atomic import atomic_write_text
from editor.search.build import build_index
from editor.search.fallback import ScanSearch
from editor.search.index import SearchIndex
from editor.search.similar import MIN_SIMILARITY, Probe, probe_for, similar_in_index, similar_in_scan
from editor.workspace import Workspace
from tests.editor.search.library import make_library, source_of

QUERIES = ["", "feedback", "feedbak", "feedb", "xloo*", '"another column"', "status:review", "skill:excel",
           "skill:kommunikation", "lang:de", "owner:ana", "type:link", "type:lesson|link feedback",
           "feedback -status:approved", "feedback -zeppelin", "status:nonsense", "kumquat", "narwhal",
           "quokka", "ccl", "the", "situation behaviour", "-feedback", "id:bbb222", "tag:formulas"]


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


@pytest.mark.parametrize("query", QUERIES)
def test_the_scan_finds_what_the_index_finds(library: Workspace, index: SearchIndex, query: str) -> None:
    from_index = index.search(query, typing=True)
    from_files = ScanSearch(library).search(query, typing=True)
    assert from_files.engine == "scan"
    assert {hit.key for hit in from_files.hits} == {hit.key for hit in from_index.hits}
    assert from_files.total == from_index.total
    assert from_files.facets == from_index.facets
    assert from_files.problems == from_index.problems
    assert [h.snippet.field for h in sorted(from_files.hits, key=lambda h: h.key)] == \
        [h.snippet.field for h in sorted(from_index.hits, key=lambda h: h.key)]


def test_the_scan_sees_edits_without_being_told(library: Workspace) -> None:
    scan = ScanSearch(library)
    assert scan.search("pelican").total == 0
    source = source_of(library, "xlookup-basics")
    atomic_write_text(source, source.read_text(encoding="utf-8") + "\nA pelican.\n")
    assert [hit.key for hit in scan.search("pelican").hits] == ["lessons/xlookup-basics/lesson.md"]
    source.unlink()
    assert scan.search("pelican").total == 0


def test_a_draft_title_finds_the_lesson_on_that_topic(library: Workspace, index: SearchIndex) -> None:
    probe = Probe("Giving better feedback to colleagues")
    for found in (similar_in_index(index, probe), similar_in_scan(ScanSearch(library), probe)):
        assert [item.hit.key for item in found][:1] == ["lessons/giving-feedback/lesson.md"]
        assert found[0].similarity >= MIN_SIMILARITY and "feedback" in found[0].shared


def test_an_unrelated_draft_finds_nothing(library: Workspace, index: SearchIndex) -> None:
    assert similar_in_index(index, Probe("Forklift battery charging")) == []
    assert similar_in_scan(ScanSearch(library), Probe("Forklift battery charging")) == []


def test_the_same_address_is_a_certain_duplicate(library: Workspace, index: SearchIndex) -> None:
    probe = Probe("Some other title", url="HTTPS://WWW.CCL.ORG/articles/sbi-feedback-model")
    for found in (similar_in_index(index, probe), similar_in_scan(ScanSearch(library), probe)):
        assert found[0].hit.key == "curated/sbi-model.md" and found[0].same_url


def test_an_item_is_not_similar_to_itself(library: Workspace, index: SearchIndex) -> None:
    probe = probe_for(library, source_of(library, "sbi-model.md"))
    found = similar_in_index(index, probe)
    assert [item.hit.key for item in found] == ["lessons/giving-feedback/lesson.md"]
    assert [item.hit.key for item in similar_in_scan(ScanSearch(library), probe)] == \
        ["lessons/giving-feedback/lesson.md"]
