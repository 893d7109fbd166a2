"""How the index ranks and collects hits (whoosh plug-ins)."""

from __future__ import annotations

from typing import Any

from whoosh import collectors, scoring, sorting


class SaturatedTfIdf(scoring.WeightingModel):
    """Rare words count more; a word's repetitions count less and less (BM25's saturation).

    Unlike BM25 there is no length normalisation: microlearning items are all short, and
    reading each matching document's field length is most of the cost of scoring in whoosh.
    """

    K1 = 1.2

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        idf = searcher.get_parent().idf(fieldname, text)
        return _SaturatedScorer(searcher.term_info(fieldname, text).max_weight(), idf, self.K1)


class _SaturatedScorer(scoring.BaseScorer):
    def __init__(self, max_weight: float, idf: float, k1: float) -> None:
        self.idf, self.k1 = idf, k1
        self._max = self._score(max_weight)

    def _score(self, weight: float) -> float:
        return float(self.idf * weight * (self.k1 + 1) / (weight + self.k1))

    def score(self, matcher: Any) -> float:
        return self._score(matcher.weight())

    def supports_block_quality(self) -> bool:
        return True

    def max_quality(self) -> float:
        return self._max

    def block_quality(self, matcher: Any) -> float:
        return self._score(matcher.block_max_weight())


class Recording(collectors.TopCollector):
    """The best ``limit`` hits, and every matching document (for the total and the facet counts) —
    one pass over the postings instead of two."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False)   # visit every match, skip no block
        self.matched: set[int] = set()

    def collect(self, sub_docnum: int) -> Any:
        self.matched.add(self.offset + sub_docnum)
        return super().collect(sub_docnum)


class SortedRecording(collectors.SortingCollector):
    """Like ``Recording``, newest first."""

    def __init__(self, limit: int) -> None:
        super().__init__(sorting.FieldFacet("recency", reverse=True), limit=limit)
        self.matched: set[int] = set()

    def collect(self, sub_docnum: int) -> Any:
        self.matched.add(self.offset + sub_docnum)
        return super().collect(sub_docnum)
