"""Search by reading the files, for while the index is missing, damaged or being rebuilt.

Slower than the index but never wrong: it resolves a query exactly as the index does (same
parser, same vocabulary rules, same analyser), so both find the same items; only the ranking
formula is simpler. Extracted items are kept in memory and re-read only when their stamp
changes, and a rebuild can extract through ``doc_for`` so the two share that work.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from editor.progress import CancelToken
from editor.search.engine import sorted_counts
from editor.search.extract import IndexDoc, current_stamp, extract, relative_key, workspace_sources
from editor.search.query import Condition, Resolved, resolve
from editor.search.results import FACETS, RECENT, RELEVANCE, SearchResults, make_hit
from editor.search.schema import SINGLE_VALUED, TEXT_FIELDS, term_list, wholes
from editor.search.syntax import parse
from editor.search.vocabulary import TermTable
from editor.workspace import Workspace

_KEYWORDS = {"skill": "skills", "tag": "tags"}


@dataclass(frozen=True)
class ScanDoc:
    doc: IndexDoc
    tokens: dict[str, list[str]]           # field → its terms in order (text fields and owner), for phrases
    counts: dict[str, Counter[str]]        # field → every term it holds, identifiers' wholes too

    @classmethod
    def of(cls, doc: IndexDoc) -> ScanDoc:
        texts = {name: doc.text.get(name, "") for name in TEXT_FIELDS} | {"owner": doc.owner}
        tokens = {name: term_list(text) for name, text in texts.items()}
        counts = {name: Counter(tokens[name] + wholes(text)) for name, text in texts.items()}
        return cls(doc, tokens, counts)

    def field_terms(self) -> dict[str, list[str]]:
        """What the vocabulary needs: every term of each text field."""
        return {name: list(counter) for name, counter in self.counts.items()}


class ScanSearch:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._docs: dict[str, ScanDoc] = {}
        self._lock = threading.RLock()
        self.vocabulary = TermTable()

    def doc_for(self, source: Path) -> IndexDoc:
        """The item at ``source``, extracted again only if it changed since last time."""
        key = relative_key(self.workspace.root, source)
        with self._lock:
            known = self._docs.get(key)
        if known is not None and current_stamp(self.workspace.root, key, known.doc.stamp) == known.doc.stamp:
            return known.doc
        scanned = ScanDoc.of(extract(self.workspace, source))
        with self._lock:
            self._docs[key] = scanned
            self.vocabulary.add(scanned.doc, scanned.field_terms())
        return scanned.doc

    def refresh(self, cancel: CancelToken | None = None) -> list[ScanDoc]:
        """Read every item that changed since the last call; the current items."""
        sources = workspace_sources(self.workspace)
        for source in sources:
            if cancel is not None:
                cancel.raise_if_cancelled()
            self.doc_for(source)
        keys = {relative_key(self.workspace.root, source) for source in sources}
        with self._lock:
            for gone in set(self._docs) - keys:
                del self._docs[gone]
            return list(self._docs.values())

    def search(self, text: str, *, typing: bool = False, sort: str = RELEVANCE, limit: int = 20,
               cancel: CancelToken | None = None) -> SearchResults:
        docs = self.refresh(cancel)
        parsed = parse(text, typing=typing)
        resolved = resolve(parsed, self.vocabulary)
        sort = sort if resolved.has_text else RECENT
        scored = [(score, item) for item in docs if (score := _score(item, resolved)) is not None]
        if sort == RECENT:
            scored.sort(key=lambda pair: -pair[1].doc.modified)
        else:
            scored.sort(key=lambda pair: (-pair[0], -pair[1].doc.modified))
        hits = tuple(make_hit(self.workspace.root, item.doc.fields(), score, resolved.highlight)
                     for score, item in scored[:limit])
        return SearchResults(parsed.text, hits, len(scored), _facets([item for _s, item in scored]),
                             resolved.problems, sort, "scan")

def _score(item: ScanDoc, resolved: Resolved) -> float | None:
    """A relevance score when ``item`` matches, else None."""
    score = 0.0
    for requirement in resolved.words:
        best = 0.0
        for variant in requirement.variants:
            for name in variant.fields or TEXT_FIELDS:
                count = item.counts[name][variant.term]
                if count:
                    best = max(best, TEXT_FIELDS[name] * variant.weight * (1 + math.log(count)))
        if bool(best) == requirement.negated:
            return None
        score += best
    for terms, negated in resolved.phrases:
        found = [name for name in TEXT_FIELDS if contains_sequence(item.tokens[name], terms)]
        if bool(found) == negated:
            return None
        score += max((TEXT_FIELDS[name] for name in found), default=0.0) * len(terms)
    for condition in resolved.conditions:
        if _holds(item, condition) == condition.negated:
            return None
    return score


def _holds(item: ScanDoc, condition: Condition) -> bool:
    doc = item.doc
    if condition.field in SINGLE_VALUED:
        value = str(getattr(doc, condition.field))
        return value in condition.exact or any(value.startswith(p) for p in condition.prefixes)
    if condition.field in _KEYWORDS:
        values = doc.skills if condition.field == "skill" else doc.tags
        return any(value in condition.exact for value in values)
    tokens = item.tokens.get(condition.field, [])
    return any(contains_sequence(tokens, terms) for terms in condition.phrases)


def contains_sequence(tokens: list[str], terms: tuple[str, ...]) -> bool:
    if len(terms) == 1:
        return terms[0] in tokens
    size = len(terms)
    first = terms[0]
    return any(tokens[i:i + size] == list(terms) for i, token in enumerate(tokens) if token == first)


def _facets(items: list[ScanDoc]) -> dict[str, tuple[tuple[str, int], ...]]:
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for item in items:
        doc = item.doc
        counters["kind"][doc.kind] += 1
        counters["status"][doc.status] += 1
        counters["language"][doc.language] += 1
        counters["skill"].update(set(doc.skills))
    return {name: sorted_counts(counter.items()) for name, counter in counters.items()}
