"""From a parsed search to what is looked up: index terms, typo and prefix variants, filter values.

Resolution is the same for both index engines and the scan fallback — each hands in a
``Vocabulary`` (the terms and keyword values it holds) — so a query finds the same items on every
path; only the ranking formula differs. Each engine turns a ``Resolved`` into its own queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from editor.search.schema import folded_words, stemmed, term_list, wholes
from editor.search.syntax import Filter, ParsedQuery, Word
from editor.workspace import STATUSES

EXACT, PREFIX, TYPO1, TYPO2 = 1.0, 0.7, 0.45, 0.3   # how much a variant counts against an exact match
MAX_PREFIX_VARIANTS = 40      # "a" while typing must not become a query of every word in the library
MAX_TYPO_VARIANTS = 12
MIN_FUZZY_LENGTH = 4          # shorter words have too many neighbours one typo away
TWO_TYPOS_LENGTH = 8          # from this length a word may hold two typos
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
KINDS = {"lesson": "lesson", "lessons": "lesson", "link": "link", "links": "link", "curated": "link"}
STATUS_HINT = "draft, review, changes, approved, published, retired"


class Vocabulary(Protocol):
    """The terms a searchable collection holds."""

    def terms_with_prefix(self, prefix: str) -> Iterable[tuple[str, frozenset[str]]]:
        """Terms starting with ``prefix``, each with the text fields that contain it."""

    def fields_of(self, term: str) -> frozenset[str]:
        """The text fields that contain ``term`` (empty when none does)."""

    def keyword_values(self, field: str) -> Iterable[str]:
        """Every value of a keyword field (``skill``, ``tag``), original case."""


@dataclass(frozen=True)
class Variant:
    term: str
    weight: float
    fields: frozenset[str]        # where the term occurs; empty: look in every text field


@dataclass(frozen=True)
class Requirement:
    """One query word: a document must hold one of the variants (or none of them when negated)."""

    word: str
    variants: tuple[Variant, ...]
    negated: bool = False


@dataclass(frozen=True)
class Condition:
    """One filter: the field has one of ``exact`` values, a value starting with one of ``prefixes``,
    or (text fields) one of the ``phrases``. No alternative at all matches nothing."""

    field: str
    exact: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    negated: bool = False


@dataclass(frozen=True)
class Resolved:
    words: tuple[Requirement, ...] = ()
    phrases: tuple[tuple[tuple[str, ...], bool], ...] = ()     # (terms, negated)
    conditions: tuple[Condition, ...] = ()
    problems: tuple[str, ...] = ()            # what the user wrote that cannot match, and why
    highlight: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_text(self) -> bool:
        return any(not r.negated for r in self.words) or any(not negated for _t, negated in self.phrases)


def resolve(parsed: ParsedQuery, vocabulary: Vocabulary) -> Resolved:
    words = [requirement for word in parsed.words for requirement in _requirements(word, vocabulary)]
    phrases = [(tuple(term_list(p.text)), p.negated) for p in parsed.phrases]
    phrases = [(terms, negated) for terms, negated in phrases if terms]
    conditions: list[Condition] = []
    problems: list[str] = []
    for query_filter in parsed.filters:
        condition, problem = _condition(query_filter, vocabulary)
        conditions.append(condition)
        if problem:
            problems.append(problem)
    highlight = {v.term for r in words if not r.negated for v in r.variants}
    highlight |= {term for terms, negated in phrases if not negated for term in terms}
    return Resolved(tuple(words), tuple(phrases), tuple(conditions), tuple(problems), frozenset(highlight))


# -- words ------------------------------------------------------------------------------------------
def _requirements(word: Word, vocabulary: Vocabulary) -> list[Requirement]:
    # A typed "word" can hold several terms ("e-mail", "10-minute", "redturtle.subsites"); each is required.
    folded = folded_words(word.text)
    stems = term_list(word.text)
    if word.prefix and folded:
        stems = stems or [folded[-1]]
    # An identifier's whole term scores an item that has it as written above one that only has its
    # parts; every item with the whole has the parts too, so what matches does not change.
    whole_variants = [Variant(whole, EXACT, known) for whole in wholes(word.text)
                      if (known := vocabulary.fields_of(whole))]
    found: list[Requirement] = []
    for index, stem in enumerate(stems):
        known = vocabulary.fields_of(stem)
        variants = {stem: Variant(stem, EXACT, known)}
        if not word.negated:
            if word.prefix and index == len(stems) - 1:
                _add(variants, _prefix_variants(folded[-1], stem, vocabulary))
            if not known:   # a word the library has is taken as meant, not as a typo of another
                _add(variants, _typo_variants(folded[index] if index < len(folded) else stem, stem,
                                              vocabulary))
            _add(variants, whole_variants)
        if not known and len(variants) > 1:
            del variants[stem]      # looking for a term no document holds only costs time
        found.append(Requirement(word.text, tuple(variants.values()), word.negated))
    return found


def _add(variants: dict[str, Variant], extra: Iterable[Variant]) -> None:
    for variant in extra:
        if variant.term not in variants:
            variants[variant.term] = variant


def _prefix_variants(typed: str, stem: str, vocabulary: Vocabulary) -> list[Variant]:
    found = sorted(vocabulary.terms_with_prefix(typed), key=lambda item: (len(item[0]), item[0]))
    variants = [Variant(term, PREFIX, fields) for term, fields in found[:MAX_PREFIX_VARIANTS]]
    # Typing past a stem ("managem" → "manag", the stem of "management") still matches it.
    for cut in range(max(MIN_FUZZY_LENGTH, len(typed) - 3), len(typed)):
        head = typed[:cut]
        fields = vocabulary.fields_of(head)
        if fields and head != stem:
            variants.append(Variant(head, PREFIX, fields))
    return variants


def typo_limit(length: int) -> int:
    """How many typos a word of ``length`` letters may hold: none when short, then one, then two."""
    if length < MIN_FUZZY_LENGTH:
        return 0
    return 1 if length < TWO_TYPOS_LENGTH else 2


def _typo_variants(typed: str, stem: str, vocabulary: Vocabulary) -> list[Variant]:
    limit = typo_limit(len(typed))
    if not limit or typed.isdigit():
        return []
    scored: dict[str, tuple[int, frozenset[str]]] = {}
    letters = set(stem)
    # Like most spelling tools, trust the first letter: it is rarely the mistyped one. Each edit
    # changes the set of letters by at most two, which rules most terms out before counting edits.
    for term, fields in vocabulary.terms_with_prefix(stem[0]):
        if (term != stem and abs(len(term) - len(stem)) <= limit
                and len(letters.symmetric_difference(term)) <= 2 * limit):
            distance = edit_distance(stem, term, limit)
            if distance <= limit:
                scored[term] = (distance, fields)
    # The stem of a mistyped word can be far from the stem of the word meant ("meetnig" is one swap
    # from "meeting", but its stem is not near "meet"): also try the words one edit from what was typed.
    for candidate in _one_edit(typed):
        term = stemmed(candidate)
        if term != stem and term not in scored and (fields := vocabulary.fields_of(term)):
            scored[term] = (1, fields)
    best = sorted((distance, term, fields) for term, (distance, fields) in scored.items())
    return [Variant(term, TYPO1 if distance == 1 else TYPO2, fields)
            for distance, term, fields in best[:MAX_TYPO_VARIANTS]]


def _one_edit(word: str) -> set[str]:
    """Every word one edit (after the first letter) from ``word``: a letter missing, extra, changed,
    or two neighbouring letters swapped."""
    found: set[str] = set()
    for cut in range(1, len(word) + 1):
        head, tail = word[:cut], word[cut:]
        if tail:
            found.add(head + tail[1:])
            found.update(head + letter + tail[1:] for letter in _LETTERS)
        if len(tail) > 1:
            found.add(head + tail[1] + tail[0] + tail[2:])
        found.update(head + letter + tail for letter in _LETTERS)
    found.discard(word)
    return found


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits between ``a`` and ``b`` — a letter inserted, deleted or changed, or two neighbouring
    letters swapped, each counting one — or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if before and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, before[j - 2] + 1)     # a swap of two neighbours is one edit
            current.append(value)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


# -- filters ----------------------------------------------------------------------------------------
def _condition(query_filter: Filter, vocabulary: Vocabulary) -> tuple[Condition, str]:
    name, values, negated = query_filter.name, query_filter.values, query_filter.negated
    shown = "|".join(values)
    if name == "status":
        matched = tuple(s for v in values for s in _statuses(v))
        problem = "" if matched else f"There is no status “{shown}”. Use one of: {STATUS_HINT}."
        return Condition("status", exact=matched, negated=negated), problem
    if name == "kind":
        kinds = tuple(KINDS[v.lower()] for v in values if v.lower() in KINDS)
        problem = "" if kinds else f"There is no type “{shown}”. Use type:lesson or type:link."
        return Condition("kind", exact=kinds, negated=negated), problem
    if name == "language":
        codes = tuple(v.lower() for v in values)
        return Condition("language", exact=codes, prefixes=tuple(f"{c}-" for c in codes),
                         negated=negated), ""
    if name == "id":
        return Condition("id", exact=values, negated=negated), ""
    if name == "owner":
        return Condition("owner", phrases=_phrases(values), negated=negated), ""
    # skill / tag: the exact value when the library has it (any case), else the words in it.
    known = {value.casefold(): value for value in vocabulary.keyword_values(name)}
    exact = tuple(known[v.casefold()] for v in values if v.casefold() in known)
    loose = _phrases(v for v in values if v.casefold() not in known)
    text_field = "skills" if name == "skill" else "tags"
    if exact and not loose:
        return Condition(name, exact=exact, negated=negated), ""
    return Condition(text_field, phrases=loose + _phrases(exact), negated=negated), ""


def _statuses(value: str) -> list[str]:
    wanted = value.lower().replace(" ", "_").replace("-", "_")
    if wanted in STATUSES:
        return [wanted]
    return [s for s in STATUSES if any(part.startswith(wanted) for part in (s, *s.split("_")))]


def _phrases(values: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(terms for terms in (tuple(term_list(v)) for v in values) if terms)
