"""A small library whose every searchable field holds a word found nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

from editor.atomic import atomic_write_text
from editor.workspace import Workspace

FEEDBACK = """---
id: aaa111
title: Giving feedback that lands
summary: A three-part way to give feedback people can act on.
language: en
skills: [Feedback, Communication]
tags: [management, conversations]
owner: Ana Pereira
status: published
---
Most feedback fails because the other person cannot tell what to change. Use the
**Situation, Behaviour, Impact** model and then ask how they see it. Mention the zeppelin.

::: video src="media/intro.mp4" captions="media/intro.vtt" title="The model in a minute"
Captions are on by default.
:::

::: callout tip
Give feedback within a day, while both of you remember the moment.
:::

::: quiz single
? Which sentence describes a behaviour, not a xylophone judgement?
- [ ] "You were disorganised."
  : That is a judgement.
- [x] "You started the workshop 15 minutes late."
  : Right: anyone in the room could confirm it.
:::

::: flashcards
? S in SBI
: Situation, when and where it happened, like a quokka sighting.
:::

::: audio src="media/tip.m4a"
In this recording a coach explains the narwhal principle of timely feedback.
:::
"""

VTT = """WEBVTT

1
00:00:00.000 --> 00:00:03.000
Feedback that lands: the <v Coach>kumquat</v> model in a minute.
"""

SPREADSHEET = """---
id: bbb222
title: Find values with XLOOKUP
summary: One formula to pull a price from another table.
language: en
skills: [Excel, Data analysis]
tags: [formulas]
owner: Priya Raman
status: in_review
---
Copying prices across by hand is slow. XLOOKUP finds a value in one column and returns the
matching value from another column.
"""

GERMAN = """---
id: ccc333
title: Klare E-Mails schreiben
summary: Ein einfacher Aufbau für schnelle Antworten.
language: de
skills: [Schriftliche Kommunikation]
owner: Jonas Becker
status: draft
---
Schreibe die Bitte in den ersten Satz. Das spart allen Zeit.
"""

LINK = """---
id: ddd444
kind: link
title: The SBI feedback model
url: https://www.ccl.org/articles/sbi-feedback-model/
summary: The original source of the feedback model our lesson teaches.
source: Center for Creative Leadership
skills: [Feedback]
language: en
status: approved
owner: Ana Pereira
---
Curator notes: the wombat example on this page is the clearest one.
"""


def make_library(root: Path) -> Workspace:
    """Three lessons and a curated link with distinct edit times (feedback newest)."""
    workspace = Workspace.create(root, "Search test library")
    lessons = {"giving-feedback": FEEDBACK, "xlookup-basics": SPREADSHEET, "klare-e-mails": GERMAN}
    for number, (slug, text) in enumerate(reversed(list(lessons.items()))):
        folder = workspace.root / "lessons" / slug
        (folder / "media").mkdir(parents=True)
        atomic_write_text(folder / "lesson.md", text)
        os.utime(folder / "lesson.md", (1_700_000_000 + number * 1000,) * 2)
    atomic_write_text(workspace.root / "lessons" / "giving-feedback" / "media" / "intro.vtt", VTT)
    atomic_write_text(workspace.root / "curated" / "sbi-model.md", LINK)
    os.utime(workspace.root / "curated" / "sbi-model.md", (1_600_000_000,) * 2)
    return workspace


def source_of(workspace: Workspace, slug: str) -> Path:
    if slug.endswith(".md"):
        return workspace.root / "curated" / slug
    return workspace.root / "lessons" / slug / "lesson.md"
