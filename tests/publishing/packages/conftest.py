"""Lessons to package: the demo workspace's, a hostile one, and small ones made per test."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from editor.paths import DEMO_WORKSPACE

DEMO_LESSONS = sorted(path for path in (DEMO_WORKSPACE / "lessons").iterdir()
                      if (path / "lesson.md").is_file())
DEMO_LINK = DEMO_WORKSPACE / "curated" / "scrum-guide.md"

HOSTILE = """---
id: 'x"><script>alert(1)</script> ü/../\\\\ id'
title: "</title><script>alert(1)</script> \\x01 & <b>bold</b>"
summary: '<img src="media/pic%20one.png" onerror=alert(1)> ]]> --> <!--'
language: 'en" onload="alert(1)'
skills: ['<b>bold</b>', "a,b", "\\x0b"]
tags: hostile
mastery_score: high
---
Intro with a [javascript link](javascript:alert(1)) and <script>alert(1)</script>.

![An image](media/pic%20one.png "t\\"itle")

::: quiz single
? <script>alert(1)</script> "quoted" & <b>bold</b>?
- [x] <img src="media/pic%20one.png" onerror=alert(1)>
  : </div></section><script>alert(1)</script>
- [ ] ]]><!-- not a comment -->
:::

::: apply
action: Do '"><script>alert(1)</script>
reflect: Notes?
:::
"""

LessonFactory = Callable[..., Path]


def png_bytes() -> bytes:
    from io import BytesIO
    buffer = BytesIO()
    Image.new("RGB", (4, 3), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def make_lesson(tmp_path: Path) -> LessonFactory:
    """``make_lesson(name, text, {"media/x.png": bytes, ...})`` → a lesson folder."""
    def make(name: str, text: str, files: dict[str, bytes] | None = None) -> Path:
        folder = tmp_path / "lessons" / name
        folder.mkdir(parents=True)
        (folder / "lesson.md").write_text(text, encoding="utf-8")
        for relative, data in (files or {}).items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        return folder
    return make


@pytest.fixture
def hostile_lesson(make_lesson: LessonFactory) -> Path:
    return make_lesson("hostile", HOSTILE, {"media/pic one.png": png_bytes()})


def lesson_text(title: str, body: str = "Some text.\n", *, lesson_id: str = "", extra: str = "") -> str:
    ident = lesson_id or title.lower().replace(" ", "-")
    return f"---\nid: {ident}\ntitle: {title}\nsummary: About {title}.\nlanguage: en\n{extra}---\n{body}"


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
