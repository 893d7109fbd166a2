"""From a parsed search to what is looked up: index terms, typo and prefix variants, filter values.

Resolution is the same for the whoosh index and the scan fallback — both hand in a
``Vocabulary`` (the terms and keyword values they hold) — so a query finds the same items on
either path; only the ranking formula differs. ``to_whoosh`` turns the result into whoosh queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from whoosh import query as wq

from editor.search.schema import TEXT_FIELDS, folded_words, term_list
from editor.search.syntax import Filter, ParsedQuery, Word
from editor.workspace import STATUSES

EXACT, PREFIX, TYPO1, TYPO2 = 1.0, 0.7, 0.45, 0.3   # how much a variant counts against an exact match
MAX_PREFIX_VARIANTS = 40      # "a" while typing must not become a query of every word in the library
MAX_TYPO_VARIANTS = 12
MIN_FUZZY_LENGTH = 4          # shorter words have too many neighbours one typo away
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
    # A typed "word" can hold several terms ("e-mail", "10-minute"); each is required.
    folded = folded_words(word.text) if word.prefix else []
    stems = term_list(word.text)
    if word.prefix and folded:
        stems = stems or [folded[-1]]
    found: list[Requirement] = []
    for index, stem in enumerate(stems):
        known = vocabulary.fields_of(stem)
        variants = {stem: Variant(stem, EXACT, known)}
        if not word.negated:
            if word.prefix and index == len(stems) - 1:
                _add(variants, _prefix_variants(folded[-1], stem, vocabulary))
            if not known:   # a word the library has is taken as meant, not as a typo of another
                _add(variants, _typo_variants(stem, vocabulary))
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


def _typo_variants(stem: str, vocabulary: Vocabulary) -> list[Variant]:
    if len(stem) < MIN_FUZZY_LENGTH or stem.isdigit():
        return []
    limit = 1 if len(stem) < 8 else 2
    scored: list[tuple[int, str, frozenset[str]]] = []
    # Like most spelling tools, trust the first letter: it is rarely the mistyped one.
    for term, fields in vocabulary.terms_with_prefix(stem[0]):
        if term != stem and abs(len(term) - len(stem)) <= limit:
            distance = edit_distance(stem, term, limit)
            if distance <= limit:
                scored.append((distance, term, fields))
    scored.sort()
    return [Variant(term, TYPO1 if distance == 1 else TYPO2, fields)
            for distance, term, fields in scored[:MAX_TYPO_VARIANTS]]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance between ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
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


# -- whoosh -----------------------------------------------------------------------------------------
def to_whoosh(resolved: Resolved) -> tuple[wq.Query, wq.Query | None]:
    """(scored text query, filter query or None)."""
    text: list[wq.Query] = []
    for requirement in resolved.words:
        alternatives = wq.Or([wq.Term(name, v.term, boost=TEXT_FIELDS[name] * v.weight)
                              for v in requirement.variants for name in (v.fields or TEXT_FIELDS)])
        text.append(wq.Not(alternatives) if requirement.negated else alternatives)
    for terms, negated in resolved.phrases:
        phrase = _text_phrase(list(TEXT_FIELDS), terms)
        text.append(wq.Not(phrase) if negated else phrase)
    filters = [_filter_query(condition) for condition in resolved.conditions]
    positive = [q for q in text if not isinstance(q, wq.Not)]
    scored: wq.Query = wq.And([*text]) if positive else wq.And([wq.Every(), *text])
    return scored, (wq.And(filters) if filters else None)


def _text_phrase(field_names: list[str], terms: tuple[str, ...]) -> wq.Query:
    if len(terms) == 1:
        return wq.Or([wq.Term(name, terms[0], boost=TEXT_FIELDS.get(name, 1.0)) for name in field_names])
    return wq.Or([wq.Phrase(name, list(terms), boost=TEXT_FIELDS.get(name, 1.0)) for name in field_names])


def _filter_query(condition: Condition) -> wq.Query:
    options: list[wq.Query] = [wq.Term(condition.field, value) for value in condition.exact]
    options += [wq.Prefix(condition.field, prefix) for prefix in condition.prefixes]
    options += [_text_phrase([condition.field], terms) for terms in condition.phrases]
    matched: wq.Query = wq.Or(options) if options else wq.NullQuery
    return wq.Not(matched) if condition.negated else matched
