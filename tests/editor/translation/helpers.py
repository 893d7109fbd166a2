"""A lesson that uses every kind of translatable text, and a stand-in translator for XLIFF files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from editor.translation.inline import Content
from editor.translation.xliff import read_xliff, write_xliff
from editor.workspace import Workspace

LESSON = """---
id: 7c1e5a90b2d4
title: Sharing your screen without surprises
summary: Three habits that keep *private* messages out of screen shares.
language: en
audience: Everyone who presents online
skills: [Online meetings]
status: draft
---
Most mishaps are small: a **chat** notification, or a [private tab](https://example.org/tabs "Tabs")
flashing by. Press `Win+Alt` to hide it.

::: video src="media/intro.mp4" captions="media/intro.vtt" poster="media/intro.jpg" title="In 15 seconds"
A quick overview of the three habits.
:::

## Share a window, not the whole screen

![The sharing dialog with one window selected](media/share-window.png "Pick the window")

| Share…           | Learners see     |
|------------------|------------------|
| the whole screen | everything       |
| one window       | only that window |

- Close tabs you will not need
- Turn on *Do not disturb*

::: callout tip title="Before every meeting"
Close tabs and turn on *Do not disturb*.
:::

::: audio src="media/tip.m4a" title="A tip from the service desk"
The sound your meeting tool plays when sharing starts.
:::

::: quiz multiple
? Which should you do before sharing?
- [x] Close tabs you do not need
  : Yes: fewer surprises.
- [ ] Share your desktop to be safe
  : No: the desktop shows the most.
- [x] Turn on Do not disturb
  : Yes: no pop-ups.
:::

::: flashcards
? Share what?
: One window, not the whole screen.
:::

::: takeaways
- Share one window.
- Prepare before the meeting.
:::

::: apply
action: In your next meeting, share a single window.
reflect: Did anything show up that you would not have wanted to share?
:::
"""

CAPTIONS = ("WEBVTT\n\n00:00.000 --> 00:02.000\nShare <i>one</i> window & relax\n\n"
            "00:02.000 --> 00:04.500\nClose your tabs first\n")
MEDIA = ("intro.mp4", "intro.jpg", "share-window.png", "tip.m4a")


def make_lesson(workspace: Workspace, text: str = LESSON) -> Path:
    folder = workspace.root / "lessons" / "sharing"
    (folder / "media").mkdir(parents=True)
    (folder / "lesson.md").write_text(text, encoding="utf-8")
    (folder / "media" / "intro.vtt").write_text(CAPTIONS, encoding="utf-8")
    for name in MEDIA:
        (folder / "media" / name).write_bytes(name.encode())
    return folder


def upper(content: Content) -> Content:
    return tuple(part.upper() if isinstance(part, str) else part for part in content)


def translate_file(xliff: Path, out: Path, translator: Callable[[Content], Content] = upper) -> Path:
    """What a translator's tool would send back: every unit's target filled in."""
    document = read_xliff(xliff.read_bytes())
    units = tuple(replace(unit, target=translator(unit.source)) for unit in document.units)
    out.write_bytes(write_xliff(replace(document, units=units)))
    return out
