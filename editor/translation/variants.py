"""Language variants of a lesson: where they live, what they were translated from, and whether the
source has changed since.

A variant is ``lessons/<folder>/lesson.<lang>.md`` beside its source ``lesson.md``, sharing its
media. Its front matter links it to the source (``translation_of``: the source's id;
``source_version``: the content hash of the source it was built from). The source text of every
segment it holds a translation of is kept in ``lessons/<folder>/translations/<lang>.json``, so a
change to the source shows as a list of changed segments, and a re-export sends only those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from editor import frontmatter
from editor.confine import confined
from editor.diagnostics import Diagnostic, warning
from editor.json_text import parse_json
from editor.lesson_file import LoadError, read_text
from editor.review.content_hash import current_version
from editor.review.storage import ReviewError
from editor.translation.segments import LessonSegments, lesson_segments
from editor.workspace import LESSON_FILE, Item, Workspace, variant_file_name, variant_language

RECORD_FOLDER = "translations"
RECORD_FORMAT = 1


class VariantState(StrEnum):
    UP_TO_DATE = "up-to-date"
    STALE = "stale"


class ChangeKind(StrEnum):
    ADDED = "added"          # a segment the variant has no translation for
    CHANGED = "changed"      # its source text is not what was translated
    REMOVED = "removed"      # translated, but no longer in the source
    OTHER = "other"          # media or metadata learners see changed; no segment differs


@dataclass(frozen=True)
class SourceChange:
    kind: ChangeKind
    segment: str
    note: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "segment": self.segment, "note": self.note,
                "before": self.before, "after": self.after}


@dataclass(frozen=True)
class VariantStatus:
    path: Path                  # the variant file
    id: str
    title: str
    language: str
    source_id: str
    source_title: str
    source_path: Path | None    # None when the source lesson is gone
    source_version: str         # the version the variant was translated from
    current_version: str        # the source's version now ("" when it cannot be read)
    changes: tuple[SourceChange, ...]

    @property
    def state(self) -> VariantState:
        return VariantState.STALE if self.changes else VariantState.UP_TO_DATE

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "id": self.id, "title": self.title, "language": self.language,
                "source": self.source_id, "source_title": self.source_title,
                "source_path": str(self.source_path) if self.source_path else None,
                "state": self.state.value, "source_version": self.source_version,
                "current_source_version": self.current_version,
                "changes": [change.as_dict() for change in self.changes]}


# -- the record ------------------------------------------------------------------------------------------
def record_path(lesson_dir: Path, language: str) -> Path:
    """Where the record of the ``language`` variant lives; OutsideError when a link planted in a shared
    workspace would lead it out of the lesson folder."""
    variant_file_name(language)          # refuses anything that is not a language code
    return confined(lesson_dir, f"{RECORD_FOLDER}/{language}.json", "translation record")


def variant_path(lesson_dir: Path, language: str) -> Path:
    """The ``language`` variant's file in ``lesson_dir``, kept inside it (see ``record_path``)."""
    return confined(lesson_dir, variant_file_name(language), "translation")


def read_record(lesson_dir: Path, language: str) -> dict[str, str]:
    """Segment id -> the source text its translation was made from; {} when there is none or it is damaged
    (then every segment counts as changed, which is the safe side)."""
    try:
        data = parse_json(record_path(lesson_dir, language).read_text(encoding="utf-8"))
    except (OSError, ValueError):      # OutsideError is a ValueError: a record we must not read is none
        return {}
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, dict):
        return {}
    return {str(key): value for key, value in segments.items() if isinstance(value, str)}


def record_text(language: str, segments: dict[str, str]) -> str:
    payload = {"format": RECORD_FORMAT, "language": language, "segments": dict(sorted(segments.items()))}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


# -- status ----------------------------------------------------------------------------------------------
def segment_changes(record: dict[str, str], now: LessonSegments) -> list[SourceChange]:
    """How the source's segments differ from the ones the variant was translated from."""
    changes: list[SourceChange] = []
    current = now.by_id()
    for segment in now.segments:
        before = record.get(segment.id)
        if before is None:
            changes.append(SourceChange(ChangeKind.ADDED, segment.id, segment.note, "", segment.text))
        elif before != segment.text:
            changes.append(SourceChange(ChangeKind.CHANGED, segment.id, segment.note, before, segment.text))
    changes += [SourceChange(ChangeKind.REMOVED, seg_id, "", before, "")
                for seg_id, before in record.items() if seg_id not in current]
    return changes


def source_of_variant(workspace: Workspace, variant: Item) -> Item | None:
    """The lesson a variant translates: the lesson.md beside it, when its id matches."""
    source = workspace.read_item(variant.folder / LESSON_FILE) if (variant.folder / LESSON_FILE).is_file() \
        else None
    return source if source is not None and source.id and source.id == variant.translation_of else None


def variant_status(workspace: Workspace, variant: Item) -> VariantStatus:
    language = variant_language(variant.source)
    source = source_of_variant(workspace, variant)
    recorded = _front_value(variant.source, "source_version")
    if source is None:
        gone = SourceChange(ChangeKind.OTHER, "", "", "", f"The source lesson (id {variant.translation_of}) "
                            "is not in this folder any more; the translation cannot follow it.")
        return VariantStatus(variant.source, variant.id, variant.title, language, variant.translation_of,
                             "", None, recorded, "", (gone,))
    try:
        version = current_version(source)
        now = lesson_segments(version.text, source.folder)
    except ReviewError as exc:
        broken = SourceChange(ChangeKind.OTHER, "", "", "", str(exc))
        return VariantStatus(variant.source, variant.id, variant.title, language, source.id, source.title,
                             source.source, recorded, "", (broken,))
    changes = segment_changes(read_record(source.folder, language), now)
    if not changes and version.hash != recorded:
        changes.append(SourceChange(ChangeKind.OTHER, "", "", "", "The source's media or the metadata "
                                    "learners see changed since the translation (no text to translate "
                                    "changed); import the translation again to bring it up to date."))
    return VariantStatus(variant.source, variant.id, variant.title, language, source.id, source.title,
                         source.source, recorded, version.hash, tuple(changes))


def _front_value(path: Path, key: str) -> str:
    try:
        text, _ = read_text(path)
    except LoadError:
        return ""
    return str(frontmatter.parse(text).meta.get(key) or "")


def variants_of(workspace: Workspace, source: Item | None = None) -> list[Item]:
    """Every variant in the workspace, or those of ``source``."""
    return [item for item in workspace.items() if item.translation_of
            and (source is None or (item.translation_of == source.id and item.folder == source.folder))]


def translation_statuses(workspace: Workspace, source: Item | None = None) -> list[VariantStatus]:
    return [variant_status(workspace, variant) for variant in variants_of(workspace, source)]


def stale_problems(workspace: Workspace, folder: Path | None = None) -> dict[Path, list[Diagnostic]]:
    """``check``'s warning for each variant (in the lesson ``folder``, or anywhere) whose source changed
    since it was translated."""
    found: dict[Path, list[Diagnostic]] = {}
    chosen = [variant for variant in variants_of(workspace)
              if folder is None or variant.folder == Path(folder).resolve()]
    for status in (variant_status(workspace, variant) for variant in chosen):
        if status.state is VariantState.STALE:
            counted = [change for change in status.changes if change.kind is not ChangeKind.OTHER]
            what = (f"{len(counted)} segment(s) of the source are new or changed" if counted
                    else status.changes[0].after)
            found[status.path] = [warning(0, "translation-stale", f"This {status.language} translation is "
                                          f"out of date: {what}. Run 'tessera translate export "
                                          f"{status.path.parent} --to {status.language}' to send only "
                                          "those to the translator.")]
    return found
