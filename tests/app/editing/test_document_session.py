"""The crash journal keeps up with typing: never more than about a second of text at risk."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from app.editing.document_session import JOURNAL_MAX_MS, DocumentSession
from editor.lesson_file import SourceFile
from editor.recovery import RecoveryStore
from editor.workspace import Workspace


def test_text_typed_without_pause_is_journaled_within_a_second(qtbot: QtBot, workspace: Workspace) -> None:
    folder = workspace.new_lesson("Journal")
    source = SourceFile.load(folder / "lesson.md")
    text = [source.text]
    recovery = RecoveryStore()
    session = DocumentSession(source, lambda: text[0], recovery, autosave_seconds=60)
    started = time.monotonic()
    journaled: list[float] = []
    # Typing a key every 100 ms never pauses long enough for an "after typing stops" journal.
    while time.monotonic() - started < 2.5 and not journaled:
        text[0] += "x"
        session.text_changed()
        qtbot.wait(100)
        if any(edit.text == text[0] or text[0].startswith(edit.text) for edit in recovery.pending()):
            journaled.append(time.monotonic() - started)
    session.close()
    assert journaled, "nothing was journaled while typing went on"
    assert journaled[0] <= JOURNAL_MAX_MS / 1000 + 0.5
