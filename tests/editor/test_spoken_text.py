"""The teleprompter's script: headings and prose in reading order, nothing learners only see or do."""

from __future__ import annotations

from editor.spoken_text import plain_text, spoken_paragraphs

LESSON = """---
title: Feedback
---
# Giving *feedback*

Start with [the situation](https://example.com) and `one` behaviour.

![A model](media/model.png "The model")

::: video media/intro.mp4
captions: media/intro.vtt
:::

::: takeaways
- Name the moment
- Ask for one change
:::

::: flashcards
Front :: Back
:::

::: quiz single
? Which comes first?
- [x] Listen and thank them
  : Why this is right.
:::
"""


def test_headings_prose_and_takeaways_are_spoken_and_nothing_else() -> None:
    assert spoken_paragraphs(LESSON) == [
        "Giving feedback",
        "Start with the situation and one behaviour.",
        "Name the moment\nAsk for one change",
    ]


def test_plain_text_drops_markup_but_keeps_the_words() -> None:
    assert plain_text("**Bold** and _it_\nnext line") == "Bold and it next line"
    assert plain_text("") == ""
