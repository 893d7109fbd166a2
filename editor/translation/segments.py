"""The translatable text of a lesson, as segments, and a lesson text rebuilt with translated segments.

Segments come from the block model (``editor.block_model``): the learner-facing metadata, every
heading, paragraph, list item and table cell, quiz question, answer and feedback, flashcard, callout,
takeaway, apply prompt, alt text, media title, caption and transcript — and the cues of every video's
captions file. Each has an id that says where it is (``b4.answers.1.feedback``), a note for the
translator, and its source as written. Putting translations back goes through ``block_edits`` (one
``SetField`` per field), so every block reads back as the same kind with the same quiz answers marked
correct, or the whole rebuild is refused.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from markdown_it.token import Token

from editor import frontmatter
from editor.block_edits import EditError, SetField, apply_edits
from editor.block_fields import BlockKind, Fields
from editor.block_model import LessonBlock, read_blocks
from editor.confine import OutsideError, confined
from editor.media.captions import Captions, read_captions
from editor.media.errors import MediaError
from editor.translation.inline import (
    Content,
    InlineError,
    content_of,
    inline_parser,
    parse_inline,
    plain_text,
    same_codes,
    to_markdown,
)

TRANSLATED_META = ("title", "summary", "audience")
_INLINE_META = ("summary",)
_VTT_TAG = re.compile(r"<[^>]*>")


class Markup(StrEnum):
    INLINE = "inline"      # inline Markdown: formatting and links become codes
    PLAIN = "plain"        # plain text: an option value, alt text, a caption cue, a title


class TranslationError(ValueError):
    """A translation that cannot be used; the message names the segment and what to do."""


@dataclass(frozen=True)
class Segment:
    id: str                # where it is: "meta.title", "b3.question", "b5.text.2", "b1.cue.4"
    note: str              # what it is, for the translator ("quiz answer, correct")
    text: str              # the source as written in the lesson (Markdown for INLINE)
    content: Content       # the source as text and inline codes
    markup: Markup


@dataclass(frozen=True)
class Span:
    """Where an inline run of a Markdown field sits: ``[start, end)`` of the field's text."""

    start: int
    end: int
    in_table: bool


@dataclass(frozen=True)
class CaptionSource:
    path: str              # as the video block names it, relative to the lesson folder
    cues: Captions


@dataclass(frozen=True)
class LessonSegments:
    segments: tuple[Segment, ...]
    spans: Mapping[str, Span]          # segment id -> place in its Markdown field
    captions: Mapping[int, CaptionSource]   # block index -> its captions file, whose cues are segments

    def by_id(self) -> dict[str, Segment]:
        return {segment.id: segment for segment in self.segments}


def _segment(seg_id: str, note: str, text: str, markup: Markup) -> Segment:
    content = parse_inline(text) if markup is Markup.INLINE else ((text,) if text else ())
    return Segment(seg_id, note, text, content, markup)


def lesson_segments(text: str, lesson_dir: Path | None) -> LessonSegments:
    """The segments of a lesson text; ``lesson_dir`` lets the cues of captions files in too."""
    front = frontmatter.parse(text)
    found: list[Segment] = []
    for key in TRANSLATED_META:
        value = front.meta.get(key)
        if isinstance(value, str) and value.strip():
            markup = Markup.INLINE if key in _INLINE_META else Markup.PLAIN
            found.append(_segment(f"meta.{key}", f"lesson {key}", value.strip(), markup))
    spans: dict[str, Span] = {}
    captions: dict[int, CaptionSource] = {}
    for block in read_blocks(text).blocks:
        found += _block_segments(block, spans)
        if block.kind is BlockKind.VIDEO and lesson_dir is not None and block.fields["captions"]:
            source = CaptionSource(str(block.fields["captions"]),
                                   _read_cues(lesson_dir, str(block.fields["captions"])))
            cues = _cue_segments(block.index, source.cues)
            if cues:
                captions[block.index] = source
                found += cues
    return LessonSegments(tuple(found), spans, captions)


_FIELD_NOTES: dict[BlockKind, dict[str, tuple[str, Markup]]] = {
    BlockKind.HEADING: {"text": ("heading", Markup.INLINE)},
    BlockKind.IMAGE: {"alt": ("image alt text (what the picture shows)", Markup.PLAIN),
                      "title": ("image title (tooltip)", Markup.PLAIN)},
    BlockKind.VIDEO: {"title": ("video title (name of the player)", Markup.PLAIN)},
    BlockKind.AUDIO: {"title": ("audio title (name of the player)", Markup.PLAIN)},
    BlockKind.CALLOUT: {"title": ("callout title", Markup.PLAIN)},
    BlockKind.QUIZ: {"question": ("quiz question", Markup.INLINE)},
    BlockKind.APPLY: {"action": ("apply: the action to do at work", Markup.INLINE),
                      "reflect": ("apply: reflection question", Markup.INLINE)},
}
_MARKDOWN_FIELDS: dict[BlockKind, tuple[str, str]] = {
    BlockKind.TEXT: ("text", "text"), BlockKind.VIDEO: ("caption", "video caption"),
    BlockKind.AUDIO: ("transcript", "audio transcript"), BlockKind.CALLOUT: ("text", "callout"),
}


def _block_segments(block: LessonBlock, spans: dict[str, Span]) -> list[Segment]:
    prefix, fields, kind = f"b{block.index}", block.fields, block.kind
    found = [_segment(f"{prefix}.{name}", note, str(fields[name]), markup)
             for name, (note, markup) in _FIELD_NOTES.get(kind, {}).items() if str(fields[name]).strip()]
    if kind in _MARKDOWN_FIELDS:
        name, what = _MARKDOWN_FIELDS[kind]
        for number, span, content, role in _inline_runs(str(fields[name])):
            seg_id = f"{prefix}.{name}.{number}"
            source = str(fields[name])[span.start:span.end]
            found.append(Segment(seg_id, f"{what}: {role}", source, content, Markup.INLINE))
            spans[seg_id] = span
    elif kind is BlockKind.TAKEAWAYS:
        found += [_segment(f"{prefix}.items.{i}", "key takeaway", item, Markup.INLINE)
                  for i, item in enumerate(fields["items"])]
    elif kind is BlockKind.QUIZ:
        for i, answer in enumerate(fields["answers"]):
            verdict = "correct" if answer["correct"] else "wrong"
            found.append(_segment(f"{prefix}.answers.{i}.text", f"quiz answer, {verdict}", answer["text"],
                                  Markup.INLINE))
            if answer["feedback"]:
                found.append(_segment(f"{prefix}.answers.{i}.feedback",
                                      f"feedback on a {verdict} quiz answer", answer["feedback"],
                                      Markup.INLINE))
    elif kind is BlockKind.FLASHCARDS:
        for i, card in enumerate(fields["cards"]):
            found.append(_segment(f"{prefix}.cards.{i}.front", "flashcard front (question or term)",
                                  card["front"], Markup.INLINE))
            if card["back"]:
                found.append(_segment(f"{prefix}.cards.{i}.back", "flashcard back (answer)", card["back"],
                                      Markup.INLINE))
    return found


def _inline_runs(markdown: str) -> list[tuple[int, Span, Content, str]]:
    """Every paragraph, heading, list item and table cell of a Markdown field: its number (stable even
    when one cannot be placed and is left out), its span, its content and what it is."""
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    tokens = inline_parser().parse(markdown)
    runs: list[tuple[int, Span, Content, str]] = []
    cells_seen: dict[int, int] = {}       # table row line -> cells met so far (empty ones too)
    number = -1
    for position, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        parent, first = tokens[position - 1].type, token.map[0]
        cell = cells_seen.get(first, 0)
        if parent in ("th_open", "td_open"):
            cells_seen[first] = cell + 1
        if not token.content.strip():
            continue
        number += 1
        in_table = parent in ("th_open", "td_open")
        span = _cell_span(lines[first], cell) if in_table else _paragraph_span(lines, first, token.content)
        if span is None:
            continue                # written in a way we cannot place: it stays as it is
        role = "table cell" if in_table else _role(tokens, position)
        runs.append((number, Span(starts[first] + span[0], starts[first] + span[1], in_table),
                     content_of(token.children or []), role))
    return runs


_CELL_BAR = re.compile(r"(?<!\\)\|")


def _cell_span(row: str, cell: int) -> tuple[int, int] | None:
    """``[start, end)`` in ``row`` of the text of its ``cell``-th cell, found by its unescaped bars."""
    edges = [-1, *(bar.start() for bar in _CELL_BAR.finditer(row)), len(row)]
    pieces = list(pairwise(edges))
    if row.lstrip().startswith("|"):
        pieces = pieces[1:]
    if pieces and not row[pieces[-1][0] + 1:].strip():
        pieces = pieces[:-1]                   # after a closing bar
    if cell >= len(pieces):
        return None
    left, right = pieces[cell][0] + 1, pieces[cell][1]
    text = row[left:right]
    return left + len(text) - len(text.lstrip()), right - (len(text) - len(text.rstrip()))


def _paragraph_span(lines: list[str], first: int, content: str) -> tuple[int, int] | None:
    """``[start, end)`` (from the start of line ``first``) of the paragraph or heading holding ``content``."""
    content_lines = content.split("\n")
    at = lines[first].find(content_lines[0])
    if at < 0:
        return None
    if len(content_lines) == 1:
        return at, at + len(content_lines[0])
    last = first + len(content_lines) - 1
    return at, sum(len(line) + 1 for line in lines[first:last]) + len(lines[last])


def _role(tokens: list[Token], position: int) -> str:
    parent = tokens[position - 1]
    if parent.type == "heading_open":
        return "heading"
    if any(token.type == "list_item_open" and token.level < parent.level for token in tokens[:position]
           if token.map and parent.map and token.map[0] <= parent.map[0] < token.map[1]):
        return "list item"
    return "paragraph"


def _cue_segments(index: int, cues: Captions) -> list[Segment]:
    return [_segment(f"b{index}.cue.{i}", f"video caption cue {_clock(cue.start)}–{_clock(cue.end)}",
                     cue_text, Markup.PLAIN)
            for i, cue in enumerate(cues.cues) if (cue_text := _cue_plain(cue.text))]


def _read_cues(lesson_dir: Path, relative: str) -> Captions:
    try:
        return read_captions(confined(lesson_dir, relative, "captions file"))
    except (OutsideError, MediaError):
        return Captions()     # the checker reports missing or unreadable captions; nothing to translate


def _cue_plain(text: str) -> str:
    """A cue's words: WebVTT tags (voices, italics) dropped, entities read, lines joined."""
    return " ".join(html.unescape(_VTT_TAG.sub("", text)).split())


def _clock(ms: int) -> str:
    return f"{ms // 60000}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


# -- putting translations back ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Rebuilt:
    text: str                           # the lesson text with every translation in place
    captions: dict[int, Captions]       # block index -> translated cues of its captions file


def translated_markdown(segment: Segment, translation: Content, *, in_table: bool = False) -> str:
    """What ``translation`` of ``segment`` is written as; TranslationError naming the segment."""
    where = f"segment {segment.id} ({segment.note})"
    try:
        if segment.markup is Markup.PLAIN:
            if any(not isinstance(part, str) for part in translation):
                raise InlineError(f"{where}: this text holds no formatting, so the translation cannot have "
                                  "inline codes. Remove them.")
            return " ".join(plain_text(translation).split())
        markdown = to_markdown(translation, segment.content, where=where, in_table=in_table)
    except InlineError as exc:
        raise TranslationError(str(exc)) from None
    if not same_codes(markdown, segment.content):
        raise TranslationError(f"{where}: the translation's inline codes cross each other, so the formatting "
                               "would be lost. Keep each pair of codes around whole words, one pair inside "
                               "the other or side by side.")
    return markdown


def variant_captions_path(relative: str, language: str) -> str:
    """Where a variant's captions go: ``media/intro.vtt`` -> ``media/intro.de.vtt``."""
    path = PurePosixPath(relative)
    return str(path.with_name(f"{path.stem}.{language}.vtt"))


def rebuild(text: str, found: LessonSegments, translations: Mapping[str, str],
            meta_update: Callable[[dict[str, Any]], dict[str, Any]], language: str) -> Rebuilt:
    """``text`` with the written translations (segment id -> translated text as written) in place.

    ``meta_update`` gets the front matter with translated values and returns the one to write.
    Raises TranslationError when a value cannot be held where it goes.
    """
    edits: list[SetField] = []
    for block in read_blocks(text).blocks:
        edits += _block_edits(block, found, translations, language)
    try:
        body_text = apply_edits(text, edits).text if edits else text
    except EditError as exc:
        raise TranslationError(f"The translation cannot be written into the lesson ({exc}). Shorten or "
                               "reword the segment it names.") from None
    front = frontmatter.parse(body_text)
    meta = dict(front.meta)
    for key in TRANSLATED_META:
        if f"meta.{key}" in translations:
            meta[key] = translations[f"meta.{key}"]
    try:
        new_text = frontmatter.replace(body_text, meta_update(meta))
    except ValueError:
        raise TranslationError("The source lesson's front matter cannot be read, so no translation can be "
                               "made of it. Fix it in the source ('tessera check' shows where) and try "
                               "again.") from None
    captions = {index: _translated_cues(index, found, translations) for index in found.captions}
    return Rebuilt(new_text, {index: cues for index, cues in captions.items() if cues is not None})


def _block_edits(block: LessonBlock, found: LessonSegments, translations: Mapping[str, str],
                 language: str) -> list[SetField]:
    prefix, fields = f"b{block.index}", block.fields
    changed: Fields = {}
    for name in _FIELD_NOTES.get(block.kind, {}):
        if f"{prefix}.{name}" in translations:
            changed[name] = _option_safe(translations[f"{prefix}.{name}"], block.kind, name)
    if block.index in found.captions and any(seg.startswith(f"{prefix}.cue.") for seg in translations):
        changed["captions"] = variant_captions_path(found.captions[block.index].path, language)
        changed["lang"] = language
    if block.kind in _MARKDOWN_FIELDS:
        name = _MARKDOWN_FIELDS[block.kind][0]
        value = str(fields[name])
        runs = sorted(((found.spans[seg], translations[seg]) for seg in translations
                       if seg.startswith(f"{prefix}.{name}.") and seg in found.spans),
                      key=lambda run: run[0].start, reverse=True)
        for span, written in runs:
            value = value[:span.start] + written + value[span.end:]
        if runs:
            changed[name] = value
    elif block.kind is BlockKind.TAKEAWAYS:
        changed["items"] = [translations.get(f"{prefix}.items.{i}", item)
                            for i, item in enumerate(fields["items"])]
    elif block.kind is BlockKind.QUIZ:
        changed["answers"] = [{**answer, **{key: translations[f"{prefix}.answers.{i}.{key}"]
                                            for key in ("text", "feedback")
                                            if f"{prefix}.answers.{i}.{key}" in translations}}
                              for i, answer in enumerate(fields["answers"])]
    elif block.kind is BlockKind.FLASHCARDS:
        changed["cards"] = [{**card, **{key: translations[f"{prefix}.cards.{i}.{key}"]
                                        for key in ("front", "back")
                                        if f"{prefix}.cards.{i}.{key}" in translations}}
                            for i, card in enumerate(fields["cards"])]
    return [SetField(block.index, name, value) for name, value in changed.items() if value != fields[name]]


def _option_safe(value: str, kind: BlockKind, name: str) -> str:
    """A translated option value the '::: kind' line can hold: straight double quotes become typographic
    ones and backslashes are dropped (both would end the value)."""
    if kind in (BlockKind.VIDEO, BlockKind.AUDIO, BlockKind.CALLOUT) and name == "title":
        value = " ".join(re.sub(r'"([^"]*)"', "“\\1”", value).replace('"', "”").replace("\\", "").split())
    if kind is BlockKind.IMAGE and name == "alt":
        value = value.replace("[", "\\[").replace("]", "\\]")
    return value


def _translated_cues(index: int, found: LessonSegments, translations: Mapping[str, str]) -> Captions | None:
    prefix = f"b{index}.cue."
    if not any(seg.startswith(prefix) for seg in translations):
        return None
    return Captions(tuple(
        replace(cue, text=_cue_escaped(translations[f"{prefix}{i}"]) if f"{prefix}{i}" in translations
                else cue.text)
        for i, cue in enumerate(found.captions[index].cues.cues)))


def _cue_escaped(text: str) -> str:
    """A translated cue as WebVTT text: '<' and '&' as entities (no tags, no markup), no arrow."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
