"""What a package is made of: one lesson, or a sequence of lessons and curated links (a course).

Every builder works from the same ``Course``: units in the order given, each with its rendered
article, metadata, the files its page uses and where it sits in the package. One unit sits at
the package root (``index.html`` + its ``media/``); in a course each unit has its own folder,
``lessons/<slug>/`` or ``links/<slug>/``, so relative media paths keep working unchanged.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from editor.estimate import estimated_minutes
from editor.lesson_file import LoadError, read_text
from editor.lesson_parse import ParsedLesson, parse_lesson
from editor.render import lesson_language, render_parsed
from editor.slugs import slugify
from editor.workspace import (
    LESSON_FILE,
    Workspace,
    is_lesson_source,
    outside_workspace_problem,
    variant_language,
)
from publishing.packages.references import PageReferences, page_references
from publishing.player import DEFAULT_MASTERY, mastery_score

# Activity and course identifiers must be IRIs (cmi5, xAPI); URNs need no domain of ours.
IRI_PREFIX = "urn:tessera:"


class PackageError(Exception):
    """The export cannot start or finish; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class Unit:
    kind: str                     # "lesson" or "link"
    source: Path                  # lesson.md, or the curated item's .md file
    parsed: ParsedLesson
    article: str                  # the rendered <article> (links: header only, see link_article)
    references: PageReferences
    slug: str
    prefix: str                   # folder inside the package, "" or "lessons/<slug>/"

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def id(self) -> str:
        return str(self.parsed.meta.get("id") or "").strip() or self.slug

    @property
    def title(self) -> str:
        return self.parsed.title or self.slug.replace("-", " ").capitalize()

    @property
    def summary(self) -> str:
        return str(self.parsed.meta.get("summary") or "").strip()

    @property
    def language(self) -> str:
        return lesson_language(self.parsed)

    @property
    def url(self) -> str:
        return str(self.parsed.meta.get("url") or "").strip()

    @property
    def keywords(self) -> list[str]:
        return _unique_words([self.parsed.meta.get("skills"), self.parsed.meta.get("tags")])

    @property
    def minutes(self) -> int:
        if self.kind == "link":
            declared = self.parsed.meta.get("duration_minutes")
            if isinstance(declared, int | float) and not isinstance(declared, bool) and declared > 0:
                return int(declared)
            return 0
        return estimated_minutes(self.parsed, self.folder)

    @property
    def quiz_count(self) -> int:
        return sum(block.kind == "quiz" for block in self.parsed.blocks)

    @property
    def mastery(self) -> float:
        """The pass mark (0–1) the player applies, also written into manifests."""
        value = mastery_score(self.parsed.meta.get("mastery_score"))
        return DEFAULT_MASTERY if value is None else value

    @property
    def page(self) -> str:
        return self.prefix + "index.html"

    @property
    def iri(self) -> str:
        # Ids are free text in front matter; percent-encoding keeps the IRI valid whatever they hold.
        return f"{IRI_PREFIX}{self.kind}:{quote(self.id, safe='-._~')}"

    def files(self) -> list[tuple[str, Path]]:
        """(name in the package, file on disk) for every local file the page uses."""
        if self.kind == "link":
            return []
        return [(self.prefix + relative, self.folder / relative)
                for relative in self.references.local_files(self.folder)]


@dataclass(frozen=True)
class Course:
    title: str
    title_given: bool             # False when we had to make one up for several units
    units: tuple[Unit, ...]

    @property
    def single(self) -> bool:
        return len(self.units) == 1

    @property
    def id(self) -> str:
        if self.single:
            return self.units[0].id
        return self.structure_iri.rsplit(":", 1)[1]

    @property
    def iri(self) -> str:
        return self.units[0].iri if self.single else self.structure_iri

    @property
    def structure_iri(self) -> str:
        """The course's own IRI even for one lesson: a cmi5 course id must differ from its AUs' (§13.1.4)."""
        joined = "\n".join(unit.iri for unit in self.units)
        return f"{IRI_PREFIX}course:{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:12]}"

    @property
    def description(self) -> str:
        if self.single:
            return self.units[0].summary or self.title
        return f"{len(self.units)} parts: " + "; ".join(unit.title for unit in self.units)

    @property
    def language(self) -> str:
        languages = [unit.language for unit in self.units if unit.kind == "lesson"] or \
                    [unit.language for unit in self.units]
        return max(languages, key=languages.count)   # the most common; the first on a tie

    @property
    def minutes(self) -> int:
        return sum(unit.minutes for unit in self.units)

    @property
    def keywords(self) -> list[str]:
        return _unique_words([unit.keywords for unit in self.units])

    @property
    def lessons(self) -> list[Unit]:
        return [unit for unit in self.units if unit.kind == "lesson"]


def _unique_words(groups: Sequence[object]) -> list[str]:
    """Words from lists or comma-separated text, first spelling kept, no case-insensitive repeats."""
    words: list[str] = []
    seen: set[str] = set()
    for group in groups:
        items = group if isinstance(group, list | tuple) else str(group or "").split(",")
        for item in items:
            word = str(item).strip() if item is not None else ""
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
    return words


def source_of(path: Path) -> Path:
    """The Markdown file behind a lesson folder, a lesson.md or a curated item's .md file."""
    path = Path(path)
    source = path / LESSON_FILE if path.is_dir() else path
    # A lesson folder (or file) linked in from outside the workspace must not pull outside files in.
    outside = outside_workspace_problem(source)
    if outside:
        raise PackageError(outside)
    if path.is_dir() and source.is_file():
        return source
    if path.is_file() and path.suffix.lower() == ".md":
        return path
    if not path.exists():
        raise PackageError(f"{path} does not exist. Give a lesson folder or a curated item's .md file.")
    raise PackageError(f"{path} is not a lesson folder (no {LESSON_FILE}) or a curated item (.md file).")


def kind_of(source: Path) -> str:
    return "lesson" if is_lesson_source(source) else "link"


def link_article(parsed: ParsedLesson) -> ParsedLesson:
    """What a curated link's page shows: its metadata only.

    The body of a curated item holds curator notes, often internal ("waiting for the coaches to
    confirm"), so it never reaches learners; the page itself adds the outbound link.
    """
    meta = copy.deepcopy(parsed.meta)
    meta.pop("kind", None)      # the renderer's own source link would open inside the LMS frame
    return ParsedLesson(meta, [], [], parsed.body_line, parsed.front_matter_ok)


def load_unit(path: Path, *, slug: str = "", prefix: str = "") -> Unit:
    source = source_of(path)
    try:
        text, _ = read_text(source)
    except LoadError as exc:
        raise PackageError(str(exc)) from exc
    kind = kind_of(source)
    parsed = parse_lesson(text)
    article = render_parsed(parsed if kind == "lesson" else link_article(parsed))
    language = variant_language(source)
    name = (f"{source.parent.name}-{language}" if language else source.parent.name) if kind == "lesson" \
        else source.stem
    return Unit(kind, source, parsed, article, page_references(article), slug or slugify(name, kind), prefix)


def load_course(paths: Sequence[Path], *, title: str | None = None) -> Course:
    """Read every input in order; several inputs make a course whose units get their own folders."""
    if not paths:
        raise PackageError("Nothing to export: give at least one lesson folder or curated item.")
    sources = [source_of(path) for path in paths]
    resolved = [source.resolve() for source in sources]
    repeated = sorted({str(s) for s in resolved if resolved.count(s) > 1})
    if repeated:
        raise PackageError(f"{', '.join(repeated)} is given more than once; list each lesson once.")
    units: tuple[Unit, ...]
    if len(sources) == 1:
        units = (load_unit(sources[0]),)
    else:
        taken: set[str] = set()
        loaded = []
        for source in sources:
            kind = kind_of(source)
            base = slugify(source.parent.name if kind == "lesson" else source.stem, kind)
            slug, number = base, 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            taken.add(slug)
            loaded.append(load_unit(source, slug=slug, prefix=f"{kind}s/{slug}/"))
        units = tuple(loaded)
    given = bool(title and title.strip())
    return Course((title or "").strip() if given else _default_title(units), given, units)


def _default_title(units: Sequence[Unit]) -> str:
    if len(units) == 1:
        return units[0].title
    workspace = Workspace.containing(units[0].source)
    return workspace.name if workspace else units[0].title
