"""The translation round trip: export a lesson as XLIFF per language, import a translated file as
the lesson's language variant.

Export sends every segment the variant has no up-to-date translation of (all of them the first
time), each with the variant's current translation as a suggestion when it has one. Import builds
the variant from the *current* source: a segment takes the file's translation when the file
translated the same source text, else the variant's earlier translation of that text, else stays
in the source language (and the variant shows as stale). Everything is checked before anything is
written; a refused import changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor import frontmatter
from editor.atomic import atomic_write_bytes, atomic_write_text
from editor.checks import check_text
from editor.confine import OutsideError, confined
from editor.diagnostics import Severity
from editor.lesson_file import LoadError, read_text
from editor.media.captions import save_vtt
from editor.review.content_hash import ContentVersion, current_version
from editor.review.storage import ReviewError
from editor.slugs import new_id
from editor.translation.inline import Code, Content, parse_inline
from editor.translation.segments import (
    LessonSegments,
    Markup,
    Rebuilt,
    Segment,
    TranslationError,
    lesson_segments,
    rebuild,
    translated_markdown,
    variant_captions_path,
)
from editor.translation.variants import read_record, record_path, record_text, variant_path
from editor.translation.xliff import (
    LANGUAGE,
    MAX_BYTES,
    Unit,
    XliffDocument,
    XliffError,
    read_xliff,
    write_xliff,
)
from editor.workspace import Item, Workspace

_WORKFLOW_KEYS = ("id", "status", "owner", "review_by", "created")


@dataclass(frozen=True)
class ExportedFile:
    language: str
    path: Path | None             # None: nothing to translate (the variant is up to date)
    units: int
    suggestions: int


@dataclass(frozen=True)
class ImportResult:
    variant: Path
    language: str
    changed: bool                 # False: the variant already held exactly this
    translated: int               # segments taken from the file
    kept: int                     # segments kept from the variant's earlier translation
    untranslated: tuple[str, ...] = ()     # segment ids left in the source language
    ignored: tuple[str, ...] = ()          # units of the file that are no longer in the source
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Prior:
    """What an existing variant holds: its text, its translation per segment id with the source text
    that translation was made from."""

    text: str
    meta: dict[str, Any]
    memory: dict[str, tuple[str, Segment]]


def source_lesson(workspace: Workspace, key: str) -> Item:
    """The lesson (never a variant) that ``key`` names: an id, a folder or its path."""
    path = Path(key)
    if path.exists():
        key = str((path.parent if path.is_file() else path).resolve())
    item = workspace.find(key)
    if item is None or item.kind != "lesson" or item.translation_of:
        raise TranslationError(f"There is no source lesson '{key}' in {workspace.root}; give a lesson folder "
                               "(not a translation) or its id.")
    return item


def _language(code: str) -> str:
    if not LANGUAGE.match(code):
        raise TranslationError(f"'{code}' is not a language code; write codes such as de, fr or pt-BR.")
    return code


def _inside(place: Callable[[], Path]) -> Path:
    try:
        return place()
    except OutsideError as exc:
        raise TranslationError(str(exc)) from None


def _source_language(item: Item) -> str:
    return item.language if LANGUAGE.match(item.language or "") else "en"


def _prior(item: Item, language: str) -> _Prior | None:
    path = _inside(lambda: variant_path(item.folder, language))
    if not path.is_file():
        return None
    try:
        text, _ = read_text(path)
    except LoadError as exc:
        raise TranslationError(str(exc)) from None
    front = frontmatter.parse(text)
    if front.diagnostics or front.meta.get("translation_of") != item.id:
        raise TranslationError(f"{path} exists but is not a readable translation of '{item.title}' (its "
                               "front matter does not say 'translation_of: " + item.id + "'). Move it away "
                               "or fix it, then try again.")
    record = read_record(item.folder, language)
    held = lesson_segments(text, item.folder)
    memory = {seg.id: (record[seg.id], seg) for seg in held.segments if seg.id in record}
    return _Prior(text, dict(front.meta), memory)


# -- export ----------------------------------------------------------------------------------------------
def translation_document(workspace: Workspace, item: Item, language: str, *,
                         everything: bool = False) -> XliffDocument:
    """What to send the translator of ``language``: new and changed segments (all with ``everything``)."""
    language = _language(language)
    if language == _source_language(item):
        raise TranslationError(f"'{item.title}' is written in {language}; choose another target language.")
    version = _version(item)
    found = lesson_segments(version.text, item.folder)
    prior = _prior(item, language)
    units: list[Unit] = []
    for segment in found.segments:
        known = prior.memory.get(segment.id) if prior is not None else None
        if known is not None and known[0] == segment.text and not everything:
            continue
        suggestion = _suggestion(segment, known[1]) if known is not None else None
        units.append(Unit(segment.id, segment.note, segment.content, suggestion=suggestion))
    original = item.source.relative_to(workspace.root).as_posix()
    return XliffDocument(_source_language(item), language, item.id, version.hash, original, tuple(units))


def export_translations(workspace: Workspace, item: Item, languages: list[str], out_dir: Path, *,
                        everything: bool = False) -> list[ExportedFile]:
    """One ``<folder>.<lang>.xlf`` per language in ``out_dir``; a language with nothing to send gets none."""
    documents = [translation_document(workspace, item, language, everything=everything)
                 for language in languages]
    out_dir.mkdir(parents=True, exist_ok=True)
    exported: list[ExportedFile] = []
    for document in documents:
        suggestions = sum(unit.suggestion is not None for unit in document.units)
        path = None
        if document.units:
            path = out_dir / f"{item.folder.name}.{document.trg_lang}.xlf"
            atomic_write_bytes(path, write_xliff(document))
        exported.append(ExportedFile(document.trg_lang, path, len(document.units), suggestions))
    return exported


def _suggestion(segment: Segment, previous: Segment) -> Content:
    """The previous translation with its codes renumbered to the source's (matched by what they stand for)."""
    if segment.markup is Markup.PLAIN or previous.markup is Markup.PLAIN:
        return (previous.text,)
    free = {(code.role, code.markup): code.id for code in segment.content if isinstance(code, Code)}
    parts: list[str | Code] = []
    for part in parse_inline(previous.text):
        if isinstance(part, str):
            parts.append(part)
        elif (part.role, part.markup) in free:
            source_id = free[(part.role, part.markup)]
            parts.append(Code(part.role, source_id, part.markup, part.type, part.sub_type))
    return tuple(parts)


def _version(item: Item) -> ContentVersion:
    try:
        return current_version(item)
    except ReviewError as exc:
        raise TranslationError(str(exc)) from None


# -- import ----------------------------------------------------------------------------------------------
def import_translation(workspace: Workspace, xliff: Path) -> ImportResult:
    """Create or update the variant ``xliff`` translates; TranslationError (nothing written) when it
    cannot be used."""
    try:
        if Path(xliff).stat().st_size > MAX_BYTES:
            raise XliffError(f"{Path(xliff).name} is larger than {MAX_BYTES // 1024 ** 2} MB; it is not a "
                             "lesson translation.")
        document = read_xliff(Path(xliff).read_bytes(), Path(xliff).name)
    except OSError as exc:
        raise TranslationError(f"{xliff} cannot be read ({exc.strerror or exc}).") from None
    except XliffError as exc:
        raise TranslationError(str(exc)) from None
    item = workspace.find(document.source_id)
    if item is None or item.kind != "lesson" or item.translation_of:
        raise TranslationError(f"{Path(xliff).name} translates the lesson with id {document.source_id}, "
                               f"which is not in {workspace.root}. Import it into the workspace it was "
                               "exported from.")
    language = _language(document.trg_lang)
    if language == _source_language(item):
        raise TranslationError(f"{Path(xliff).name} translates into {language}, the lesson's own language.")
    version = _version(item)
    found = lesson_segments(version.text, item.folder)
    prior = _prior(item, language)
    units = {unit.id: unit for unit in document.units}
    translations, sources, untranslated = {}, {}, []
    translated = kept = 0
    for segment in found.segments:
        unit = units.get(segment.id)
        known = prior.memory.get(segment.id) if prior is not None else None
        span = found.spans.get(segment.id)
        fresh = ""
        if unit is not None and unit.target and _same_source(unit.source, segment.content):
            # A target of only spaces counts as not translated: an empty text would drop a list item or cell.
            fresh = translated_markdown(segment, unit.target, in_table=span is not None and span.in_table)
        if fresh:
            translations[segment.id] = fresh
            translated += 1
        elif known is not None and known[0] == segment.text:
            translations[segment.id] = known[1].text
            kept += 1
        else:
            untranslated.append(segment.id)
            continue
        sources[segment.id] = segment.text
    ignored = tuple(sorted(set(units) - {segment.id for segment in found.segments}))
    meta_update = _meta_update(item, language, version.hash, prior)
    rebuilt = rebuild(version.text, found, translations, meta_update, language)
    _check_variant(rebuilt.text, version.text)
    return _write(item, language, rebuilt, found, sources, prior,
                  ImportResult(_inside(lambda: variant_path(item.folder, language)), language, False,
                               translated, kept,
                               tuple(untranslated), ignored))


def _same_source(returned: Content, source: Content) -> bool:
    """Whether a unit's source is the segment's source now (codes compared by id and role)."""
    def shape(content: Content) -> list[object]:
        return [" ".join(part.split()) if isinstance(part, str) else (part.id, part.role) for part in content]
    return shape(returned) == shape(source)


def _meta_update(item: Item, language: str, version: str,
                 prior: _Prior | None) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The variant's front matter: the source's (translated), in its order, with the variant's own id and
    workflow keys (status, owner, review date) kept from before, and the link to the source version."""
    held: dict[str, Any] = prior.meta if prior is not None else {"id": new_id(), "status": "draft",
                                                                   "created": dt.date.today()}

    def update(meta: dict[str, Any]) -> dict[str, Any]:
        new: dict[str, Any] = {"id": held.get("id") or new_id()}
        for key, value in meta.items():
            if key not in _WORKFLOW_KEYS:
                new[key] = value
            elif key in held and key != "id":
                new[key] = held[key]
        new.update(language=language, translation_of=item.id, source_version=version)
        new.update({key: held[key] for key in _WORKFLOW_KEYS if key in held and key not in new})
        return new
    return update


def _check_variant(text: str, source_text: str) -> None:
    """Refuse a variant with errors its source does not have (a translation must not break a lesson).

    Media are not checked: the variant uses the source's files, and its captions files are written
    only once the whole import is known to be good."""
    def errors(of: str) -> set[str]:
        return {d.code for d in check_text(of, None) if d.severity is Severity.ERROR}
    new = errors(text) - errors(source_text)
    if new:
        raise TranslationError(f"The translated lesson would have errors its source does not have "
                               f"({', '.join(sorted(new))}); nothing was changed. Check the translation of "
                               "the segments around them.")


def _write(item: Item, language: str, rebuilt: Rebuilt, found: LessonSegments, sources: dict[str, str],
           prior: _Prior | None, result: ImportResult) -> ImportResult:
    captions = []
    for index, cues in rebuilt.captions.items():
        relative = variant_captions_path(found.captions[index].path, language)
        try:
            target = confined(item.folder, relative, "captions file")
        except OutsideError as exc:
            raise TranslationError(str(exc)) from None
        if not target.is_file() or target.read_text(encoding="utf-8") != cues.to_vtt():
            captions.append((target, cues))
    record = _inside(lambda: record_path(item.folder, language))
    new_record = record_text(language, sources)
    old_record = record.read_text(encoding="utf-8") if record.is_file() else None
    unchanged = prior is not None and prior.text == rebuilt.text and old_record == new_record and not captions
    if unchanged:
        return result
    for target, cues in captions:
        save_vtt(cues, target)
    atomic_write_text(result.variant, rebuilt.text)
    record.parent.mkdir(exist_ok=True)
    atomic_write_text(record, new_record)
    return ImportResult(result.variant, language, True, result.translated, result.kept, result.untranslated,
                        result.ignored, tuple(f"captions written to {target.name}" for target, _ in captions))

