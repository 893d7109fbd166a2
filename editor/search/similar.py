"""Items that look like the same topic: "find before you create".

The probe (a draft's title, summary and body, or an existing item) is reduced to its most
telling terms — frequent in the probe, rare in the library, title words counting most. An item's
*coverage* is the share of that weight it holds. A draft is mostly its title, and one rare word
("safety", "customer") covers a whole one-word probe, so coverage alone says "100 %" for items
that merely mention it. The similarity people see therefore leans on the titles: how many title
words the two share (stems, both ways), plus a smaller part of coverage. An identical title (case,
spacing and punctuation aside) is 1.0, a certain duplicate, as is a curated link with the same
address. Calibrated on the demo library (``tests/editor/search/test_similarity_calibration.py``):
re-worded titles of the same lesson score ≥ NEAR_DUPLICATE, same-topic items ≥ MIN_SIMILARITY, and
unrelated pairs that share one word stay below it. The words in common and the reason in words
(``reason``) are returned so the user sees *why* two items look alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from editor.search.extract import IndexDoc, extract, normalized_url, relative_key
from editor.search.fallback import ScanSearch
from editor.search.index import SearchIndex
from editor.search.results import Hit, make_hit
from editor.search.schema import TEXT_FIELDS, indexed_terms, terms
from editor.workspace import Workspace

PROBE_FIELDS = {"title": 3.0, "summary": 2.0, "body": 1.0}
KEY_TERMS = 12
CANDIDATES = 40
TITLE_PART = 0.7          # of the similarity; the rest is coverage (see the module notes)
MIN_SIMILARITY = 0.4      # below this, two items share a few words rather than a topic
NEAR_DUPLICATE = 0.85     # at or above: the same lesson under a re-worded title; ask before creating


@dataclass(frozen=True)
class Probe:
    title: str
    summary: str = ""
    body: str = ""
    url: str = ""
    exclude: str = ""     # key of the item itself, when the probe is an existing item


@dataclass(frozen=True)
class SimilarItem:
    hit: Hit
    similarity: float             # 0..1
    shared: tuple[str, ...]       # words in common, as the probe writes them
    same_url: bool = False
    same_title: bool = False

    @property
    def duplicate(self) -> bool:
        """Most likely the same thing: creating another one should be a deliberate choice."""
        return self.same_url or self.same_title or self.similarity >= NEAR_DUPLICATE

    @property
    def reason(self) -> str:
        """Why it looks alike, in words: "same title", "same address", "shares: feedback, coaching"."""
        if self.same_url:
            return "same address"
        if self.same_title:
            return "same title"
        return f"shares: {', '.join(self.shared[:5])}" if self.shared else "similar wording"


def same_title(first: str, second: str) -> bool:
    """Titles equal but for case, spacing and punctuation."""
    def words(title: str) -> list[str]:
        return "".join(char if char.isalnum() else " " for char in title.casefold()).split()
    return bool(words(first)) and words(first) == words(second)


def _title_terms(title: str) -> set[str]:
    return {found.text for found in terms(title)}


def title_overlap(first: str, second: str) -> float:
    """Shared title words (stems) over both titles' words (Dice): 1.0 for the same words."""
    mine, theirs = _title_terms(first), _title_terms(second)
    if not mine or not theirs:
        return 0.0
    return 2 * len(mine & theirs) / (len(mine) + len(theirs))


def _judged(probe: Probe, hit: Hit, coverage: float, shared: tuple[str, ...],
            same_url: bool = False) -> SimilarItem:
    """The similarity people see, from the titles and the coverage (see the module notes)."""
    if same_url or same_title(probe.title, hit.title):
        return SimilarItem(hit, 1.0, shared, same_url, not same_url)
    score = TITLE_PART * title_overlap(probe.title, hit.title) + (1 - TITLE_PART) * coverage
    return SimilarItem(hit, round(score, 3), shared)


KeyTerms = dict[str, tuple[float, str]]     # term → (weight, the word as written)


def probe_for(workspace: Workspace, source: Path) -> Probe:
    doc = extract(workspace, source.resolve())
    body = "\n".join(doc.text.get(name, "") for name in ("body", "quiz", "cards", "captions"))
    return Probe(doc.text.get("title", ""), doc.text.get("summary", ""), body, doc.url,
                 exclude=relative_key(workspace.root, source.resolve()))


def key_terms(probe: Probe, doc_frequency: Callable[[str], int], total: int) -> KeyTerms:
    """The probe's most telling terms, weighted by how often it uses them and how rare they are."""
    weights: dict[str, float] = {}
    written: dict[str, str] = {}
    for name, field_weight in PROBE_FIELDS.items():
        text = getattr(probe, name)
        counts: dict[str, int] = {}
        for found in terms(text):
            counts[found.text] = counts.get(found.text, 0) + 1
            written.setdefault(found.text, text[found.start:found.end])
        for term, count in counts.items():
            weights[term] = weights.get(term, 0.0) + field_weight * (1 + math.log(count))
    scored: KeyTerms = {}
    for term, weight in weights.items():
        # An existing item counts in the frequencies itself: only other items matter here.
        frequency = doc_frequency(term) - (1 if probe.exclude else 0)
        if frequency > 0:     # a term no other item has cannot make anything similar
            scored[term] = (weight * math.log(1 + total / frequency), written[term])
    best = sorted(scored.items(), key=lambda item: -item[1][0])[:KEY_TERMS]
    return dict(best)


def similarity(keys: KeyTerms, present: Iterable[str]) -> tuple[float, tuple[str, ...]]:
    total = sum(weight for weight, _word in keys.values())
    shared = [term for term in present if term in keys]
    if not total or not shared:
        return 0.0, ()
    shared.sort(key=lambda term: -keys[term][0])
    return sum(keys[term][0] for term in shared) / total, tuple(keys[term][1] for term in shared)


def _ranked(found: list[SimilarItem], limit: int) -> list[SimilarItem]:
    kept = [item for item in found if item.same_url or item.similarity >= MIN_SIMILARITY]
    kept.sort(key=lambda item: (not item.same_url, -item.similarity, item.hit.title.casefold()))
    return kept[:limit]


# -- with the index -----------------------------------------------------------------------------------
def similar_in_index(index: SearchIndex, probe: Probe, limit: int = 5) -> list[SimilarItem]:
    root = index.workspace.root
    keys = key_terms(probe, lambda term: index.doc_frequency(PROBE_FIELDS, term), index.doc_count)
    found: dict[str, SimilarItem] = {}
    if probe.url:
        for stored in index.with_url(normalized_url(probe.url), limit + 1):
            item = make_hit(root, stored, 1.0, frozenset())
            found[item.key] = _judged(probe, item, 1.0, (), same_url=True)
    if keys:
        weighted = [(name, term, TEXT_FIELDS[name] * weight)
                    for term, (weight, _word) in keys.items() for name in PROBE_FIELDS]
        for stored in index.best_for_terms(weighted, CANDIDATES):
            present = {term for name in PROBE_FIELDS for term in indexed_terms(str(stored.get(name) or ""))}
            share, shared = similarity(keys, present)
            item = make_hit(root, stored, share, frozenset(keys) & present)
            found.setdefault(item.key, _judged(probe, item, share, shared))
    found.pop(probe.exclude, None)
    return _ranked(list(found.values()), limit)


# -- without it --------------------------------------------------------------------------------------
def similar_in_scan(scan: ScanSearch, probe: Probe, limit: int = 5) -> list[SimilarItem]:
    documents = scan.refresh()
    present_by_key = {item.doc.path: {t for name in PROBE_FIELDS for t in item.counts[name]}
                      for item in documents}
    frequency: dict[str, int] = {}
    for present in present_by_key.values():
        for term in present:
            frequency[term] = frequency.get(term, 0) + 1
    keys = key_terms(probe, lambda term: frequency.get(term, 0), len(documents))
    wanted_url = normalized_url(probe.url) if probe.url else ""
    found: list[SimilarItem] = []
    for item in documents:
        doc: IndexDoc = item.doc
        if doc.path == probe.exclude:
            continue
        same_url = bool(wanted_url) and normalized_url(doc.url) == wanted_url
        share, shared = similarity(keys, present_by_key[doc.path])
        if same_url or share:
            hit = make_hit(scan.workspace.root, doc.fields(), 1.0 if same_url else share,
                           frozenset(keys) & present_by_key[doc.path])
            found.append(_judged(probe, hit, share, shared, same_url))
    return _ranked(found, limit)
