"""Crash recovery: unsaved editor text is journaled so a killed app loses nothing.

One small JSON file per open source file, written atomically a moment after typing
stops and removed once the text is saved. On the next start, journals whose text
differs from what is on disk are offered back to the user.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from editor.atomic import atomic_write_text, remove_stale_temps
from editor.json_text import parse_json
from editor.lesson_file import LoadError, digest, read_text
from editor.paths import user_state_dir


@dataclass
class RecoveredEdit:
    source: Path          # the lesson.md / curated item the text belongs to
    text: str             # the unsaved text
    saved_at: float       # when it was journaled (epoch seconds)
    journal: Path


class RecoveryStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or user_state_dir() / "recovery"

    def _journal(self, source: Path) -> Path:
        key = digest(str(Path(source).resolve()).encode())[:24]
        return self.folder / f"{key}.json"

    def record(self, source: Path, text: str) -> None:
        payload = {"source": str(Path(source).resolve()), "text": text, "saved_at": time.time()}
        atomic_write_text(self._journal(source), json.dumps(payload, ensure_ascii=False))

    def discard(self, source: Path) -> None:
        self._journal(source).unlink(missing_ok=True)

    def pending(self) -> list[RecoveredEdit]:
        """Journals that hold text different from the file on disk, newest first."""
        remove_stale_temps(self.folder)      # journal temps of an app killed mid-write
        found: list[RecoveredEdit] = []
        for journal in sorted(self.folder.glob("*.json")):
            try:
                data = parse_json(journal.read_text(encoding="utf-8"))
                edit = RecoveredEdit(Path(data["source"]), str(data["text"]),
                                     float(data["saved_at"]), journal)
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a torn or foreign file: leave it, never crash at start-up
            if _same_as_disk(edit):
                journal.unlink(missing_ok=True)
                continue
            found.append(edit)
        return sorted(found, key=lambda e: e.saved_at, reverse=True)


def _same_as_disk(edit: RecoveredEdit) -> bool:
    try:
        text, _ = read_text(edit.source)
    except LoadError:
        return False
    # Editors hand over '\n' text; compare without line-ending noise.
    return text.replace("\r\n", "\n") == edit.text.replace("\r\n", "\n")
