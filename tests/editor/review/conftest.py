"""A small team on one workspace: an author, two reviewers, a publisher, and a lesson with media."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from editor.review import add_member
from editor.workspace import Item, Workspace

AUTHOR, REVIEWER, SECOND_REVIEWER, PUBLISHER = "ana@example.com", "bo@example.com", "cy@example.com", \
    "pat@example.com"

LESSON = """\
---
id: lesson0001
title: Giving feedback that lands
summary: A three-step way to give feedback people can act on.
language: en
owner: Ana Pereira
status: draft
review_by: 2030-05-01
---
## Why it matters

Feedback that names a situation and a behaviour is easier to act on than a verdict.

![A feedback model](media/model.png "The model")

::: quiz single
? What comes first?
- [x] The situation
  : Right: anchor feedback in a moment.
- [ ] The verdict
:::

Close with one clear request so the person knows what to do next.
"""


@dataclass
class Team:
    workspace: Workspace
    folder: Path

    @property
    def source(self) -> Path:
        return self.folder / "lesson.md"

    def item(self) -> Item:
        """The lesson as the library reads it now (re-read after every edit)."""
        return self.workspace.read_item(self.source)

    def text(self) -> str:
        return self.source.read_text(encoding="utf-8")

    def edit(self, old: str, new: str) -> None:
        text = self.text()
        assert old in text
        self.source.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def team(workspace: Workspace) -> Team:
    folder = workspace.root / "lessons" / "feedback"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "model.png").write_bytes(b"\x89PNG first picture")
    (folder / "lesson.md").write_text(LESSON, encoding="utf-8")
    add_member(workspace, "Ana Pereira", AUTHOR, ["author"])
    add_member(workspace, "Bo Lindqvist", REVIEWER, ["reviewer"])
    add_member(workspace, "Cy Okafor", SECOND_REVIEWER, ["reviewer"])
    add_member(workspace, "Pat Kim", PUBLISHER, ["publisher"])
    return Team(workspace, folder)
