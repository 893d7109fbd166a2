"""Form edits on lesson blocks, applied as the smallest text replacement that makes them.

Every edit returns an ``EditResult``: the new text and one ``TextChange`` (replace ``[start, end)`` of
the old text with ``replacement``). An editor applies that change as one undoable step to the same
document its source view shows, so undo, autosave and conflict handling stay as they are. Bytes
outside the change — the front matter, every other block, line endings, a byte-order mark — are
never rewritten.

An edit is checked twice: its values before anything is written (``block_fields.normalised``), and
its result by reading the new text back. When the new text would not read back as the edit meant (a
paragraph that would merge with its neighbour, a value the syntax cannot hold), the edit is refused
with ``EditError`` and nothing changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.block_fields import (
    FIELDS,
    BlockKind,
    FieldError,
    Fields,
    Place,
    body_lines,
    defaults,
    element_lines,
    normalised,
    opening_line,
)
from editor.block_model import LessonBlock, LessonBlocks, read_blocks
from editor.frontmatter import BOM


class EditError(ValueError):
    """An edit that cannot be made; the message names the block and the problem."""


@dataclass(frozen=True)
class SetField:
    block: int
    field: str
    value: Any


@dataclass(frozen=True)
class InsertBlock:
    at: int                          # the new block's index; len(blocks) appends
    kind: BlockKind
    fields: Mapping[str, Any] = field(default_factory=dict)   # missing fields start empty


@dataclass(frozen=True)
class MoveBlock:
    block: int
    to: int                          # the block's index once moved


@dataclass(frozen=True)
class DuplicateBlock:
    block: int                       # the copy lands right after it


@dataclass(frozen=True)
class DeleteBlock:
    block: int


Edit = SetField | InsertBlock | MoveBlock | DuplicateBlock | DeleteBlock


@dataclass(frozen=True)
class TextChange:
    """Replace ``[start, end)`` of the old text with ``replacement`` (offsets in Python characters)."""

    start: int
    end: int
    replacement: str

    def applied_to(self, text: str) -> str:
        return text[:self.start] + self.replacement + text[self.end:]


@dataclass(frozen=True)
class EditResult:
    text: str                        # the whole new text
    change: TextChange               # old text → new text, as one replacement
    blocks: LessonBlocks             # the blocks of the new text
    focus: int | None                # the block the edit made or changed (None after a delete)


def apply_edit(text: str, edit: Edit, *, blocks: LessonBlocks | None = None) -> EditResult:
    """``edit`` applied to ``text``; raises EditError (and changes nothing) when it cannot be made.

    ``blocks`` may be ``read_blocks(text)`` when the caller has it (the previous result's ``blocks``),
    which saves parsing the text again.
    """
    current = blocks if blocks is not None and blocks.text == text else read_blocks(text)
    try:
        new_text, expected, focus = _edited(current, edit)
    except FieldError as exc:
        raise EditError(str(exc)) from None
    result = read_blocks(new_text)
    _check_reads_back(result, expected)
    return EditResult(new_text, text_change(text, new_text), result, focus)


def _edited(current: LessonBlocks, edit: Edit) -> tuple[str, Expected, int | None]:
    """The new text, what its blocks must read back as, and the block to focus."""
    if isinstance(edit, SetField):
        new_text, expected, focus = _set(current, edit)
    elif isinstance(edit, InsertBlock):
        new_text, expected, focus = _insert(current, edit)
    elif isinstance(edit, MoveBlock):
        new_text, expected, focus = _move(current, edit)
    elif isinstance(edit, DuplicateBlock):
        block = _block(current, edit.block)
        lines = _source_lines(current, block)
        if not _closed(block, lines):
            raise EditError("close the block with a line holding only ':::' before duplicating it")
        new_text = _insert_source(current, edit.block + 1, lines)
        expected = _kinds(current)
        expected.insert(edit.block + 1, (block.kind, block.fields))
        focus = edit.block + 1
    else:
        block = _block(current, edit.block)
        new_text, expected, focus = _without(current, block), _kinds(current), None
        del expected[edit.block]
    return new_text, expected, focus


def apply_edits(text: str, edits: Sequence[Edit]) -> EditResult:
    """All ``edits`` in order, as one change; raises EditError naming the first one that fails."""
    result = EditResult(text, TextChange(0, 0, ""), read_blocks(text), None)
    for number, edit in enumerate(edits, 1):
        try:
            result = apply_edit(result.text, edit, blocks=result.blocks)
        except EditError as exc:
            raise EditError(f"edit {number} ({describe(edit)}): {exc}") from None
    return EditResult(result.text, text_change(text, result.text), result.blocks, result.focus)


def text_change(old: str, new: str) -> TextChange:
    """The one replacement turning ``old`` into ``new``: what differs between their common ends."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return TextChange(start, len(old) - tail, new[start:len(new) - tail])


def describe(edit: Edit) -> str:
    if isinstance(edit, SetField):
        return f"set '{edit.field}' of block {edit.block}"
    if isinstance(edit, InsertBlock):
        return f"insert {edit.kind.value} at {edit.at}"
    if isinstance(edit, MoveBlock):
        return f"move block {edit.block} to {edit.to}"
    return f"{'duplicate' if isinstance(edit, DuplicateBlock) else 'delete'} block {edit.block}"


# -- the edits -------------------------------------------------------------------------------------------
Expected = list[tuple[BlockKind, Fields]]   # what every block must read back as after an edit


def _set(current: LessonBlocks, edit: SetField) -> tuple[str, Expected, int]:
    block = _block(current, edit.block)
    value = normalised(block.kind, edit.field, edit.value)
    if block.fields[edit.field] == value:
        return current.text, _kinds(current), edit.block      # nothing to write: no change at all
    fields = {**block.fields, edit.field: value}
    spec = FIELDS[block.kind][edit.field]
    old_lines = _source_lines(current, block)
    if block.source is None:
        new_lines = element_lines(block.kind, fields)
    elif spec.place is Place.BODY:
        closing = old_lines[-1:] if _closed(block, old_lines) else []
        new_lines = [old_lines[0], *body_lines(block.kind, fields), *closing]
    else:
        new_lines = [opening_line(block.kind, fields, block.source, old_lines[0]), *old_lines[1:]]
    new_text = _replace_lines(current, block, new_lines)
    expected = _kinds(current)
    expected[edit.block] = (block.kind, fields)
    return new_text, expected, edit.block


def _insert(current: LessonBlocks, edit: InsertBlock) -> tuple[str, Expected, int]:
    if not 0 <= edit.at <= len(current):
        raise EditError(f"'at' must be from 0 to {len(current)}")
    if edit.kind is BlockKind.UNKNOWN:
        raise EditError("only known block kinds can be inserted")
    fields = defaults(edit.kind)
    fields.update({name: normalised(edit.kind, name, value) for name, value in edit.fields.items()})
    if edit.kind in (BlockKind.HEADING, BlockKind.TEXT, BlockKind.IMAGE):
        needed = "src" if edit.kind is BlockKind.IMAGE else "text"
        if not fields[needed]:
            raise EditError(f"a new {edit.kind.value} block needs '{needed}'")
        lines = element_lines(edit.kind, fields)
    else:
        lines = [opening_line(edit.kind, fields), *body_lines(edit.kind, fields), ":::"]
    expected = _kinds(current)
    expected.insert(edit.at, (edit.kind, fields))
    return _insert_source(current, edit.at, lines), expected, edit.at


def _move(current: LessonBlocks, edit: MoveBlock) -> tuple[str, Expected, int]:
    block = _block(current, edit.block)
    if not 0 <= edit.to < len(current):
        raise EditError(f"'to' must be from 0 to {len(current) - 1}")
    expected = _kinds(current)
    expected.insert(edit.to, expected.pop(edit.block))
    if edit.to == edit.block:
        return current.text, expected, edit.to
    lines = _source_lines(current, block)
    if not _closed(block, lines):
        raise EditError("close the block with a line holding only ':::' before moving it")
    remaining = read_blocks(_without(current, block))
    return _insert_source(remaining, edit.to, lines), expected, edit.to


# -- text surgery ----------------------------------------------------------------------------------------
def _block(current: LessonBlocks, index: int) -> LessonBlock:
    if not 0 <= index < len(current):
        raise EditError(f"there is no block {index} (the lesson has blocks 0 to {len(current) - 1})"
                        if len(current) else "the lesson has no blocks yet")
    return current[index]


def _closed(block: LessonBlock, lines: list[str]) -> bool:
    """False for a container whose closing ':::' is missing (it runs to the end of the text)."""
    return block.source is None or (len(lines) > 1 and lines[-1].rstrip() == ":::")


def _kinds(current: LessonBlocks) -> Expected:
    return [(block.kind, block.fields) for block in current.blocks]


def _source_lines(current: LessonBlocks, block: LessonBlock) -> list[str]:
    return [line.removesuffix("\r") for line in
            current.text[block.start:block.end].removesuffix("\n").split("\n")]


def _joined(current: LessonBlocks, lines: list[str]) -> str:
    return current.newline.join(lines) + current.newline


def _replace_lines(current: LessonBlocks, block: LessonBlock, lines: list[str]) -> str:
    text = current.text
    ends_with_break = text[block.start:block.end].endswith("\n")
    new = _joined(current, lines) if ends_with_break else current.newline.join(lines)
    return text[:block.start] + new + text[block.end:]


def _is_blank_before(text: str, offset: int, floor: int) -> bool:
    """Whether the line ending just before ``offset`` is blank (or there is none after ``floor``)."""
    if offset <= floor:
        return True
    previous = text[:offset].removesuffix("\n").removesuffix("\r")
    return not previous[previous.rfind("\n") + 1:].strip()


def _insert_source(current: LessonBlocks, at: int, lines: list[str]) -> str:
    """``lines`` as a block of their own before block ``at`` (or at the end), blank lines around."""
    text, newline = current.text, current.newline
    source = _joined(current, lines)
    floor = max(current.body_start, len(BOM) if text.startswith(BOM) else 0)
    if at < len(current):
        offset = current[at].start
        before = "" if _is_blank_before(text, offset, floor) else newline
        return text[:offset] + before + source + newline + text[offset:]
    at_start = len(text) <= floor and not current.body_start     # nothing yet, not even front matter
    ending = "" if text.endswith("\n") or at_start else newline
    text += ending
    return text + ("" if _is_blank_before(text, len(text), floor) else newline) + source


def _without(current: LessonBlocks, block: LessonBlock) -> str:
    """``text`` without ``block`` and the blank lines that separated it from its neighbours."""
    text = current.text
    start, end = block.start, block.end
    if block.index + 1 < len(current):
        if not _is_blank_before(text, start, current.body_start):
            return text[:start] + text[end:]     # the blank lines after it keep its neighbours apart
        while end < len(text) and _line_at(text, end).strip() == "":
            end = text.find("\n", end) + 1 or len(text)
            if end >= current[block.index + 1].start:
                end = current[block.index + 1].start
                break
    else:
        floor = current[block.index - 1].end if block.index else current.body_start
        while start > floor and _is_blank_before(text, start, floor):
            start = text.rfind("\n", 0, start - 1) + 1
            start = max(start, floor)
    return text[:start] + text[end:]


def _line_at(text: str, offset: int) -> str:
    stop = text.find("\n", offset)
    return text[offset:] if stop == -1 else text[offset:stop]


def _check_reads_back(result: LessonBlocks, expected: Expected) -> None:
    kinds = [kind for kind, _ in expected]
    found = [block.kind for block in result.blocks]
    if found != kinds:
        raise EditError("the result would not read back as separate blocks: it would merge with or "
                        "break a neighbouring block (two lists in a row, for example, join into one "
                        "list). Put a heading or another block between them, or change the text")
    for index, ((_, wanted), block) in enumerate(zip(expected, result.blocks, strict=True)):
        wrong = [name for name in wanted if wanted[name] != block.fields.get(name)]
        if wrong:
            raise EditError(f"'{wrong[0]}' of block {index} would read back as "
                            f"{block.fields.get(wrong[0])!r} instead of {wanted[wrong[0]]!r}; "
                            "the lesson format cannot hold that value as written")
