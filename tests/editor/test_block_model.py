"""The block model: typed blocks with fields and lines, and form edits as minimal text changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editor import frontmatter
from editor.block_edits import (
    DeleteBlock,
    DuplicateBlock,
    EditError,
    InsertBlock,
    MoveBlock,
    SetField,
    apply_edit,
    apply_edits,
)
from editor.block_fields import BlockKind
from editor.block_model import LessonBlock, LessonBlocks, read_blocks
from editor.lesson_parse import parse_lesson
from editor.paths import DEMO_WORKSPACE, TEMPLATES
from editor.workspace import Workspace, template_names

LESSON = """\
---
id: abc123
title: Blocks
---
## Why it matters

Feedback that names a *situation* is easier to act on.

![A model](media/model.png "The model")

::: callout warning title="Careful"
Never in public.
:::

::: quiz single
? What comes first?
- [x] The situation
  : Right.
- [ ] The verdict
:::

- one
- two
"""


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def every_shipped_lesson() -> list[tuple[str, str]]:
    demo = [(str(p.parent.name), read(p)) for p in Workspace.open(DEMO_WORKSPACE).lesson_sources()]
    templates = [(f"template {p.stem}", read(p)) for p in sorted(TEMPLATES.glob("*.md"))]
    return demo + templates


def sources(blocks: LessonBlocks) -> list[str]:
    """Each block's text exactly as in the file (the last line's break aside)."""
    return [blocks.text[b.start:b.end].removesuffix("\n").removesuffix("\r") for b in blocks.blocks]


def is_list(block: LessonBlock) -> bool:
    return block.kind is BlockKind.TEXT and re.match(r"([-*+]|\d+[.)]) ", block.fields["text"]) is not None


def test_blocks_have_kinds_fields_and_file_lines() -> None:
    blocks = read_blocks(LESSON)
    assert [(b.kind, b.line, b.end_line) for b in blocks.blocks] == [
        (BlockKind.HEADING, 5, 5), (BlockKind.TEXT, 7, 7), (BlockKind.IMAGE, 9, 9),
        (BlockKind.CALLOUT, 11, 13), (BlockKind.QUIZ, 15, 20), (BlockKind.TEXT, 22, 23)]
    assert blocks[0].fields == {"level": 2, "text": "Why it matters"}
    assert blocks[2].fields == {"src": "media/model.png", "alt": "A model", "title": "The model"}
    assert blocks[3].fields == {"style": "warning", "title": "Careful", "text": "Never in public."}
    assert blocks[4].fields == {"mode": "single", "question": "What comes first?", "answers": [
        {"text": "The situation", "correct": True, "feedback": "Right."},
        {"text": "The verdict", "correct": False, "feedback": ""}]}
    assert blocks[5].fields == {"text": "- one\n- two"}
    assert blocks.body_start == LESSON.index("## Why")


@pytest.mark.parametrize(("name", "text"), every_shipped_lesson(), ids=lambda v: v[:30])
def test_every_demo_and_template_lesson_round_trips_byte_for_byte(name: str, text: str) -> None:
    blocks = read_blocks(text)
    assert blocks.blocks, name
    # Blocks are in order and cover every non-blank line of the body; between them is only blank space.
    cursor = blocks.body_start
    for block in blocks.blocks:
        assert text[cursor:block.start].strip() == ""
        cursor = block.end
    assert text[cursor:].strip() == ""
    for block in blocks.blocks:
        # Setting a field to what it holds writes nothing; duplicating then deleting gives the file back.
        for name_, value in block.fields.items():
            assert apply_edit(text, SetField(block.index, name_, value)).text == text
        if is_list(block):
            with pytest.raises(EditError, match="two lists in a row"):
                apply_edit(text, DuplicateBlock(block.index))
        else:
            copy = apply_edit(text, DuplicateBlock(block.index))
            assert copy.blocks[block.index + 1].fields == block.fields
            assert apply_edit(copy.text, DeleteBlock(block.index + 1)).text == text
        # Fields written back as a new block read back the same (the form can show and rebuild it).
        if block.kind is not BlockKind.UNKNOWN:
            added = apply_edit(text, InsertBlock(len(blocks), block.kind, block.fields))
            assert added.text.startswith(text) and added.blocks[len(blocks)].fields == block.fields


def test_lists_cannot_be_duplicated_next_to_themselves_because_they_would_merge() -> None:
    with pytest.raises(EditError, match="two lists in a row"):
        apply_edit(LESSON, DuplicateBlock(5))


@pytest.mark.parametrize("template", template_names())
def test_lessons_made_from_templates_round_trip(workspace: Workspace, template: str) -> None:
    text = read(workspace.new_lesson("From a template", template) / "lesson.md")
    blocks = read_blocks(text)
    last = len(blocks) - 1
    moved = apply_edit(text, MoveBlock(0, last))
    assert sources(moved.blocks) == sources(blocks)[1:] + sources(blocks)[:1]
    assert apply_edit(moved.text, MoveBlock(last, 0)).blocks.blocks == blocks.blocks


def test_set_changes_only_the_lines_of_that_field_in_a_crlf_file_with_bom() -> None:
    text = "\ufeff" + LESSON.replace("\n", "\r\n").replace("Never in public.", "Never  in   public.")
    result = apply_edit(text, SetField(2, "alt", "A feedback model"))
    assert result.text == text.replace("![A model]", "![A feedback model]")
    assert (result.change.start, result.change.end) == (text.index("A model") + 2, text.index("A model") + 2)
    assert result.change.replacement == "feedback "
    assert result.change.applied_to(text) == result.text
    quiz = apply_edit(text, SetField(4, "answers", [
        {"text": "The situation", "correct": True, "feedback": "Right."},
        {"text": "The verdict", "correct": False, "feedback": "It comes last."}]))
    assert quiz.text == text.replace("- [ ] The verdict\r\n", "- [ ] The verdict\r\n  : It comes last.\r\n")
    assert quiz.text.startswith("\ufeff---\r\n") and "\n" not in quiz.text.replace("\r\n", "")


def test_quiz_mode_switch_keeps_question_answers_and_feedback() -> None:
    result = apply_edit(LESSON, SetField(4, "mode", "truefalse"))
    assert result.text == LESSON.replace("::: quiz single", "::: quiz truefalse")
    before, after = read_blocks(LESSON)[4].fields, result.blocks[4].fields
    assert after == {**before, "mode": "truefalse"}
    typed = "::: quiz type=\"multiple\"\n? Q\n- [x] a\n- [ ] b\n:::\n"
    assert apply_edit(typed, SetField(0, "mode", "single")).text == typed.replace('"multiple"', '"single"')


def test_option_fields_edit_the_opening_line_and_keep_unknown_options() -> None:
    text = '::: video src="media/a.mp4" loop title="Old"\nCaption.\n:::\n'
    result = apply_edit(text, SetField(0, "title", "New title"))
    assert result.text == '::: video src="media/a.mp4" loop title="New title"\nCaption.\n:::\n'
    added = apply_edit(result.text, SetField(0, "captions", "media/a.vtt"))
    assert added.blocks[0].fields["captions"] == "media/a.vtt" and " loop " in added.text


def test_insert_puts_blank_lines_around_the_new_block() -> None:
    result = apply_edit(LESSON, InsertBlock(1, BlockKind.TEXT, {"text": "A **bold** word and a [link](https://example.com)."}))
    assert result.text == LESSON.replace(
        "## Why it matters\n\n", "## Why it matters\n\nA **bold** word and a [link](https://example.com).\n\n")
    assert result.focus == 1 and result.blocks[1].kind is BlockKind.TEXT
    tight = "---\ntitle: T\n---\n## A\nText right under it"
    after = apply_edit(tight, InsertBlock(1, BlockKind.APPLY, {"action": "Do it", "reflect": "How?"}))
    assert after.text == ("---\ntitle: T\n---\n## A\n\n::: apply\naction: Do it\nreflect: How?\n:::\n\n"
                          "Text right under it")
    end = apply_edit(tight, InsertBlock(2, BlockKind.FLASHCARDS, {"cards": [{"front": "F", "back": "B"}]}))
    assert end.text == tight + "\n\n::: flashcards\n? F\n: B\n:::\n"


def test_insert_into_an_empty_body_and_a_file_without_front_matter() -> None:
    assert apply_edit("---\ntitle: T\n---\n", InsertBlock(0, BlockKind.HEADING, {"text": "Hi"})).text == \
        "---\ntitle: T\n---\n## Hi\n"
    assert apply_edit("", InsertBlock(0, BlockKind.TAKEAWAYS, {"items": ["a", "b"]})).text == \
        "::: takeaways\n- a\n- b\n:::\n"
    with_bom = "\ufeff---\ntitle: T\n---\nText\n"
    assert apply_edit(with_bom, InsertBlock(0, BlockKind.HEADING, {"text": "Hi"})).text == \
        "\ufeff---\ntitle: T\n---\n## Hi\n\nText\n"


def test_delete_and_move_keep_every_other_block_byte_for_byte() -> None:
    blocks = read_blocks(LESSON)
    deleted = apply_edit(LESSON, DeleteBlock(3))
    assert sources(deleted.blocks) == sources(blocks)[:3] + sources(blocks)[4:]
    assert "\n\n\n" not in deleted.text and deleted.focus is None
    last = apply_edit(LESSON, DeleteBlock(5))
    assert last.text == LESSON[:LESSON.index("\n- one")]
    moved = apply_edit(LESSON, MoveBlock(4, 1))
    order = sources(blocks)
    assert sources(moved.blocks) == [order[0], order[4], *order[1:4], order[5]]


def test_front_matter_edits_and_block_edits_compose() -> None:
    meta = {**parse_lesson(LESSON).meta, "title": "Renamed", "tags": ["a", "b"]}
    renamed = frontmatter.replace(LESSON, meta)
    edited = apply_edit(renamed, SetField(0, "text", "Why this matters"))
    assert parse_lesson(edited.text).meta == meta
    edited_first = apply_edit(LESSON, SetField(0, "text", "Why this matters"))
    assert edited.text == frontmatter.replace(edited_first.text, meta)
    assert edited.change.start >= read_blocks(renamed).body_start


@pytest.mark.parametrize(("edit", "problem"), [
    (SetField(9, "alt", "x"), "there is no block 9"),
    (SetField(2, "colour", "red"), "no field 'colour'"),
    (SetField(0, "text", "two\nlines"), "one line"),
    (SetField(0, "level", 7), "1 to 6"),
    (SetField(4, "mode", "essay"), "single, multiple, truefalse"),
    (SetField(4, "answers", [{"text": "a", "right": True}]), "only: text, correct, feedback"),
    (SetField(3, "text", "Fine\n:::\nBroken"), "cannot contain a line starting with ':::'"),
    (SetField(3, "title", 'Say "hi"'), "double quotes"),
    (SetField(1, "text", "One paragraph\n\nand another"), "would not read back as separate blocks"),
    (SetField(0, "text", "Tip #"), "would read back as 'Tip'"),
    (InsertBlock(7, BlockKind.TEXT, {"text": "x"}), "'at' must be from 0 to 6"),
    (InsertBlock(0, BlockKind.IMAGE, {"alt": "no file"}), "needs 'src'"),
    (SetField(2, "src", "media/<a>.png"), "'src' cannot contain '<' or '>'"),
    (MoveBlock(0, 6), "'to' must be from 0 to 5"),
])
def test_invalid_edits_are_refused_with_the_problem(edit: object, problem: str) -> None:
    with pytest.raises(EditError, match=re.escape(problem)):
        apply_edit(LESSON, edit)  # type: ignore[arg-type]


def test_a_batch_is_all_or_nothing_and_names_the_failing_edit() -> None:
    with pytest.raises(EditError, match=r"edit 2 \(delete block 8\): there is no block 8"):
        apply_edits(LESSON, [DeleteBlock(0), DeleteBlock(8)])
    result = apply_edits(LESSON, [DeleteBlock(0), SetField(0, "text", "Changed.")])
    assert result.change.applied_to(LESSON) == result.text
    assert [b.kind for b in result.blocks.blocks][:1] == [BlockKind.TEXT]
    assert result.blocks[0].fields == {"text": "Changed."}


def test_unclosed_container_can_be_edited_but_not_moved_or_duplicated() -> None:
    text = "Intro\n\n::: callout tip\nNo end"
    edited = apply_edit(text, SetField(1, "text", "Still no end"))
    assert edited.text == "Intro\n\n::: callout tip\nStill no end"
    with pytest.raises(EditError, match="close the block"):
        apply_edit(text, MoveBlock(1, 0))
    with pytest.raises(EditError, match="close the block"):
        apply_edit(text, DuplicateBlock(1))


def test_parsed_lesson_says_where_the_body_starts() -> None:
    parsed = parse_lesson("\ufeff---\r\ntitle: T\r\n---\r\nBody")
    assert (parsed.body_line, parsed.body_start) == (4, len("\ufeff---\r\ntitle: T\r\n---\r\n"))
    assert parse_lesson("No front matter").body_start == 0
