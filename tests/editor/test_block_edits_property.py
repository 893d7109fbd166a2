"""Property: on any lesson, any sequence of block edits leaves untouched blocks and the front matter
byte for byte as they were, and the edited fields read back as set; Details-form (front matter) edits
in between change no block.

Lessons are made from real block sources (every block of the demo lessons and templates), joined with
varied spacing, in LF or CRLF, with or without a byte-order mark. Edits are drawn at random; an edit
the model refuses must raise EditError (never anything else) and is skipped.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from editor import frontmatter
from editor.block_edits import (
    DeleteBlock,
    DuplicateBlock,
    Edit,
    EditError,
    InsertBlock,
    MoveBlock,
    SetField,
    apply_edit,
)
from editor.block_fields import FIELDS, BlockKind, FieldType, defaults, normalised
from editor.block_model import LessonBlocks, read_blocks
from editor.lesson_parse import parse_lesson
from editor.paths import DEMO_WORKSPACE, TEMPLATES
from editor.workspace import Workspace

FRONT = "---\nid: p1\ntitle: Property\ntags: [a,  b]   # odd spacing\n---\n"


def _pieces() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in Workspace.open(DEMO_WORKSPACE).lesson_sources()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.md"))]
    found: list[str] = []
    for text in texts:
        blocks = read_blocks(text)
        found += [text[b.start:b.end].rstrip("\n") for b in blocks.blocks]
    return sorted(set(found))


PIECES = _pieces()
WORDS = st.text(st.sampled_from("abcé XYZ*_`[]#:?-!.,()'–\u00a0"), min_size=1, max_size=24)
INDEX = st.integers(min_value=0, max_value=40)


@st.composite
def lessons(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
    gaps = draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n \n"]), min_size=len(pieces),
                         max_size=len(pieces)))
    body = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=True))
    text = FRONT + body
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


def value_for(data: st.DataObject, kind: BlockKind, field: str) -> Any:
    spec = FIELDS[kind][field]
    line = WORDS.map(str.strip).filter(bool)
    if spec.type is FieldType.LEVEL:
        return data.draw(st.integers(1, 6))
    if spec.type is FieldType.CHOICE:
        return data.draw(st.sampled_from(spec.choices))
    if spec.type is FieldType.ITEMS:
        return data.draw(st.lists(line, max_size=4))
    if spec.type is FieldType.ANSWERS:
        return data.draw(st.lists(st.fixed_dictionaries(
            {"text": line, "correct": st.booleans(), "feedback": WORDS}), max_size=4))
    if spec.type is FieldType.CARDS:
        return data.draw(st.lists(st.fixed_dictionaries({"front": line, "back": WORDS}), max_size=4))
    if spec.type is FieldType.MARKDOWN:
        return "\n".join(data.draw(st.lists(line, min_size=1, max_size=3)))
    return data.draw(WORDS if field != "src" else st.sampled_from(["media/a.png", "media/b c.mp4"]))


def edit_for(data: st.DataObject, blocks: LessonBlocks) -> Edit:
    count = len(blocks)
    op = data.draw(st.sampled_from(["set", "set", "insert", "move", "duplicate", "delete"]))
    if op == "insert" or not count:
        kind = data.draw(st.sampled_from([k for k in FIELDS if k is not BlockKind.UNKNOWN]))
        chosen = data.draw(st.lists(st.sampled_from(list(FIELDS[kind])), unique=True))
        return InsertBlock(data.draw(st.integers(0, count)), kind,
                           {name: value_for(data, kind, name) for name in chosen})
    index = data.draw(st.integers(0, count - 1))
    if op == "set":
        kind = blocks[index].kind
        field = data.draw(st.sampled_from(list(FIELDS[kind])))
        return SetField(index, field, value_for(data, kind, field))
    if op == "move":
        return MoveBlock(index, data.draw(st.integers(0, count - 1)))
    return DuplicateBlock(index) if op == "duplicate" else DeleteBlock(index)


def sources(blocks: LessonBlocks) -> list[str]:
    return [blocks.text[b.start:b.end].rstrip("\r\n") for b in blocks.blocks]


def expected_sources(before: LessonBlocks, edit: Edit) -> list[str | None]:
    """Every block's source after ``edit``; None where the edit decides the text."""
    old: list[str | None] = list(sources(before))
    if isinstance(edit, SetField):
        old[edit.block] = None
    elif isinstance(edit, InsertBlock):
        old.insert(edit.at, None)
    elif isinstance(edit, MoveBlock):
        old.insert(edit.to, old.pop(edit.block))
    elif isinstance(edit, DuplicateBlock):
        old.insert(edit.block + 1, old[edit.block])
    else:
        del old[edit.block]
    return old


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=lessons(), data=st.data())
def test_edits_keep_untouched_blocks_and_read_back_as_set(text: str, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 5))):
        before = read_blocks(text)
        if data.draw(st.integers(0, 4)) == 0:
            # A Details-form edit in between: it rewrites the front matter and never a block.
            meta = {**parse_lesson(text).meta, "title": data.draw(WORDS)}
            text = frontmatter.replace(text, meta)
            assert sources(read_blocks(text)) == sources(before) and parse_lesson(text).meta == meta
            continue
        front = text[:before.body_start]
        edit = edit_for(data, before)
        try:
            result = apply_edit(text, edit, blocks=before)
        except EditError as exc:
            event(f"refused {type(edit).__name__}: {str(exc)[:40]}")
            continue
        event(f"applied {type(edit).__name__}")
        assert result.change.applied_to(text) == result.text
        assert result.text[:len(front)] == front and result.change.start >= before.body_start
        wanted = expected_sources(before, edit)
        got = sources(result.blocks)
        assert len(got) == len(wanted)
        assert all(w is None or w == g for w, g in zip(wanted, got, strict=True))
        if isinstance(edit, SetField):
            kind = before[edit.block].kind
            assert result.blocks[edit.block].fields[edit.field] == normalised(kind, edit.field, edit.value)
            others = {k: v for k, v in before[edit.block].fields.items() if k != edit.field}
            assert {k: result.blocks[edit.block].fields[k] for k in others} == others
        elif isinstance(edit, InsertBlock):
            fields = defaults(edit.kind) | {k: normalised(edit.kind, k, v) for k, v in edit.fields.items()}
            assert result.blocks[edit.at].fields == fields
        if "\r\n" in text:
            assert "\n" not in result.text.replace("\r\n", "")
        text = result.text
