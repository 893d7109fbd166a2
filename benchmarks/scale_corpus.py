"""A large library for ``bench_scale``: N lessons of ~300 words, unique, with real-looking text.

Word frequencies follow Zipf's law like real prose: everyday workplace words and function words
are in most lessons, a long tail of coined but pronounceable words ("valtrine", "morbeck") is in
few, and every lesson has a code name of its own and, now and then, an identifier
(``redturtle.subsites``, ``max_upload_size``). Metadata varies (status, skills, tags, owner,
language, dates) so filters narrow. Files are written directly: 20,000 lessons take seconds.

The query sets are derived from what was generated, so each has a known right answer where the
figure needs one (hit@3 of a misspelt code name, of a rare two-word phrase).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.make_workspace import ADJECTIVES, NOUNS, OWNERS, SKILLS, STATUS_WEIGHTS, TAGS, VERBS
from editor.workspace import STATUSES, Workspace

FUNCTION_WORDS = ("the", "a", "to", "and", "of", "in", "for", "with", "on", "our", "your", "it", "is", "that",
                  "before", "after", "when", "this", "we", "each", "every", "by", "from", "at", "so")
ONSETS = ("b", "br", "c", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl",
          "qu", "r", "s", "st", "sl", "t", "tr", "v", "w", "z", "sh", "ch", "th")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "io")
CODAS = ("", "", "n", "r", "l", "s", "t", "ck", "nd", "rt", "m", "x", "ng")
TAIL_WORDS = 12_000
LANGUAGES = ("en", "en", "en", "en", "de", "fr", "es", "pt-BR")
BASE_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp()


@dataclass
class Lesson:
    slug: str
    title: str
    code_name: str
    words: list[str] = field(default_factory=list)     # the body's words in order, as written


@dataclass
class Corpus:
    root: Path
    lessons: list[Lesson]
    tail: list[str]                                      # coined words, most frequent first


def coined_words(rng: random.Random, count: int, taken: set[str], syllables: tuple[int, int]) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                       for _ in range(rng.randint(*syllables)))
        if 5 <= len(word) <= 12 and word not in taken:
            taken.add(word)
            found.append(word)
    return found


def make_corpus(root: Path, lessons: int, seed: int = 14) -> Corpus:
    return add_lessons(Workspace.create(root, f"Scale library ({lessons:,} lessons)"), lessons, seed)


def add_lessons(workspace: Workspace, lessons: int, seed: int = 14) -> Corpus:
    """Write ``lessons`` generated lessons into ``workspace`` (beside any it has)."""
    rng = random.Random(seed)
    taken = set(NOUNS) | set(VERBS) | set(ADJECTIVES) | set(FUNCTION_WORDS)
    tail = coined_words(rng, TAIL_WORDS, taken, (2, 3))
    code_names = coined_words(rng, lessons, taken, (3, 4))
    common = [*NOUNS, *VERBS, *ADJECTIVES]
    # Zipf: the word of rank r is drawn with weight 1 / (r + 2).
    common_weights = _cumulative(len(common))
    tail_weights = _cumulative(len(tail))
    made = []
    lessons_dir = workspace.root / "lessons"
    for number in range(lessons):
        words = _words(rng, 300, common, common_weights, tail, tail_weights)
        sentences = []
        start = 0
        while start < len(words):
            end = start + rng.randint(8, 16)
            sentences.append(" ".join(words[start:end]).capitalize() + ".")
            start = end
        code = code_names[number]
        sentences.insert(rng.randrange(len(sentences)), f"Project {code} starts next month.")
        if rng.random() < 0.1:
            left, right = rng.sample(tail, 2)
            sentences.append(rng.choice((f"Enable {left}.{right} first.", f"Set {left}_{right} to on.")))
        title = f"{rng.choice(VERBS).capitalize()} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {code}"
        slug = f"{code}-{number}"
        body = "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))
        folder = lessons_dir / slug
        folder.mkdir(parents=True)
        source = folder / "lesson.md"
        source.write_text(_front_matter(rng, number, title) + body + "\n", encoding="utf-8")
        moment = BASE_TIME + rng.randint(0, 365 * 86400)
        os.utime(source, (moment, moment))
        made.append(Lesson(slug, title, code, words))
    return Corpus(workspace.root, made, tail)


def _cumulative(count: int) -> list[float]:
    total, found = 0.0, []
    for rank in range(count):
        total += 1.0 / (rank + 2)
        found.append(total)
    return found


def _words(rng: random.Random, count: int, common: list[str], common_weights: list[float], tail: list[str],
           tail_weights: list[float]) -> list[str]:
    """Prose-like words: about 30% function words, 30% everyday words, 40% from the long tail."""
    picks = rng.choices(common, cum_weights=common_weights, k=count)
    rare = rng.choices(tail, cum_weights=tail_weights, k=count)
    small = rng.choices(FUNCTION_WORDS, k=count)
    return [small[n] if roll < 0.3 else (picks[n] if roll < 0.6 else rare[n])
            for n, roll in enumerate(rng.random() for _ in range(count))]


def _front_matter(rng: random.Random, number: int, title: str) -> str:
    skills = ", ".join(rng.sample(SKILLS, rng.randint(1, 3)))
    tags = ", ".join(rng.sample(TAGS, rng.randint(0, 3)))
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    return (f"---\nid: s{number:06d}\ntitle: {title}\nsummary: {title} in a few minutes.\n"
            f"language: {rng.choice(LANGUAGES)}\nskills: [{skills}]\ntags: [{tags}]\n"
            f"owner: {rng.choice(OWNERS)}\nstatus: {status}\ncreated: {created.isoformat()}\n---\n")


# -- queries ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Queries:
    common: list[str]                       # one everyday word
    broad: list[str]                        # two everyday words
    typing: list[str]                       # every keystroke of a few searches
    typo: list[str]                         # a mid-frequency word with one typo
    misspelt: list[tuple[str, str]]         # (a lesson's code name with one typo, that lesson's slug)
    phrases: list[tuple[str, str]]          # (two neighbouring rare words of a lesson, its slug)


def one_typo(rng: random.Random, word: str) -> str:
    """``word`` with one edit after its first letter: a letter swapped, missing, doubled or changed."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "delete", "insert", "change"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == "delete":
        return word[:at] + word[at + 1:]
    letter = rng.choice("aeioulnrst".replace(word[at], ""))
    return word[:at] + letter + word[at + (kind == "change"):]


def make_queries(corpus: Corpus, count: int, seed: int = 5) -> Queries:
    rng = random.Random(seed)
    everyday = [*NOUNS[:20], *ADJECTIVES[:10]]
    common = [rng.choice(everyday) for _ in range(count)]
    broad = [" ".join(rng.sample(everyday, 2)) for _ in range(count)]
    typing = []
    for _ in range(max(1, count // 20)):
        target = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(corpus.tail[:3000])}"
        typing += [target[:end] for end in range(1, len(target) + 1)]
    middle = [word for word in corpus.tail[200:2000] if len(word) >= 6]
    typo = [one_typo(rng, rng.choice(middle)) for _ in range(count)]
    misspelt = []
    for lesson in rng.sample(corpus.lessons, min(30, len(corpus.lessons))):
        misspelt.append((one_typo(rng, lesson.code_name), lesson.slug))
    rank = {word: number for number, word in enumerate(corpus.tail)}
    phrases = []
    for lesson in rng.sample(corpus.lessons, min(200, len(corpus.lessons))):
        pairs = list(itertools.pairwise(lesson.words))
        # The rarest pair of neighbours: what someone remembers of a lesson they read.
        left, right = max(pairs, key=lambda pair: min(rank.get(pair[0], -1), rank.get(pair[1], -1)))
        phrases.append((f"{left} {right}", lesson.slug))
    return Queries(common, broad, typing, typo, misspelt, phrases)
