"""Whatever a translator types, it is written so that it reads back as exactly that text, in the same
blocks: no character can become formatting, a new block or the end of one."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.block_model import read_blocks
from editor.translation.inline import parse_inline, plain_text
from editor.translation.segments import lesson_segments, rebuild, translated_markdown

LESSON = """---
id: abc123
title: T
---
A paragraph with plain text.

| Head | Other |
|------|-------|
| cell | more  |

::: quiz single
? A question?
- [x] Right
  : Good.
- [ ] Wrong
:::

::: takeaways
- One point
:::
"""

# Printable text with the characters Markdown and the block syntax care about made likely.
_PIECES = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    list("*_`[]()<>!#-+=:|~\\&;?\n 1.")), max_size=8) | st.sampled_from(
    [":::", "- [x] ", "&amp;", "<script>", "```", "\n::: quiz\n", "# ", "1. ", "> ", "---"])
TEXT = st.lists(_PIECES, max_size=8).map("".join)


def _words(text: str) -> str:
    """What a segment holds: line breaks are spaces, the ends trimmed; other spaces (a no-break space
    before a French colon) are the translator's."""
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_translation_reads_back_as_its_words(text: str) -> None:
    markdown = translated_markdown(lesson_segments(LESSON, None).by_id()["b0.text.0"], (text,))
    assert plain_text(parse_inline(markdown)) == _words(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT.filter(lambda t: t.strip()))
def test_any_translation_keeps_the_lesson_structure(text: str) -> None:
    found = lesson_segments(LESSON, None)
    segments = found.by_id()
    chosen = ("b1.text.2", "b2.answers.0.text", "b2.answers.1.text", "b3.items.0", "b2.question")
    translations = {seg_id: translated_markdown(segments[seg_id], (text,), in_table=seg_id.startswith("b1."))
                    for seg_id in chosen}
    new = rebuild(LESSON, found, translations, lambda meta: meta, "de").text
    before, after = read_blocks(LESSON).blocks, read_blocks(new).blocks
    assert [b.kind for b in after] == [b.kind for b in before]
    assert [a["correct"] for a in after[2].fields["answers"]] == [True, False]
    again = lesson_segments(new, None).by_id()
    for seg_id in chosen:
        assert plain_text(again[seg_id].content) == _words(text), seg_id
