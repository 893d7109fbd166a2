"""Rich text and pastes reduced to what lesson text blocks hold, each piece standing on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.block_edits import InsertBlock, apply_edit
from editor.block_fields import BlockKind
from editor.text_markdown import blocks_from_markdown

PASTE = """\
# Quarterly update

Some **bold**, *italic* and ~~old~~ text with a [link](https://example.com/a) and a
[trap](ftp://example.com/f) and <span style="color:red">red</span> words<br>then a break.

![a picture](data:image/png;base64,AAAA)

- one
- two
  - nested **b**

> quoted *para*

| a | b |
|---|---|
| 1 | 2 |

<div>raw html block</div>

5 * 3 is not a list, #hashtag is not a heading, a_b and `x` stay.
"""


def test_a_paste_keeps_what_lessons_support_and_drops_the_rest() -> None:
    assert blocks_from_markdown(PASTE) == [
        (BlockKind.HEADING, {"level": 2, "text": "Quarterly update"}),
        (BlockKind.TEXT, {"text": "Some **bold**, *italic* and ~~old~~ text with a "
                                  "[link](https://example.com/a) and a trap and red words\\\nthen a break."}),
        (BlockKind.TEXT, {"text": "- one\n- two\n  - nested **b**"}),
        (BlockKind.TEXT, {"text": "quoted *para*"}),
        (BlockKind.TEXT, {"text": "| a | b |\n|---|---|\n| 1 | 2 |"}),
        (BlockKind.TEXT, {"text": "5 \\* 3 is not a list, #hashtag is not a heading, a\\_b and `x` stay."}),
    ]


def test_marks_that_would_change_the_block_are_escaped() -> None:
    assert blocks_from_markdown("\\# not a heading\n\n1\\. not a list\n\n\\- not a bullet") == [
        (BlockKind.TEXT, {"text": "\\# not a heading"}), (BlockKind.TEXT, {"text": "1\\. not a list"}),
        (BlockKind.TEXT, {"text": "\\- not a bullet"})]


@settings(max_examples=120, deadline=None)
@given(st.text(st.sampled_from("ab #*_-+1.>)`[]<>&!\n:~|\\"), max_size=60))
def test_every_piece_reads_back_as_one_block_with_the_same_fields(markdown: str) -> None:
    for kind, fields in blocks_from_markdown(markdown):
        inserted = apply_edit("---\ntitle: T\n---\n", InsertBlock(0, kind, fields))
        assert [(b.kind, b.fields) for b in inserted.blocks.blocks] == [(kind, fields)]
