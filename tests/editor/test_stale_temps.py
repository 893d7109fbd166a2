"""Temp files left by writers killed mid-save are cleaned: ours by name, untouched for a minute, only."""

from __future__ import annotations

import os
import time
from pathlib import Path

from editor.atomic import atomic_write_text
from editor.lesson_file import SourceFile
from editor.recovery import RecoveryStore
from editor.workspace import Workspace


def plant(path: Path, age_seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("half a file", encoding="utf-8")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_opening_a_workspace_removes_stale_temps_everywhere_in_it(workspace: Workspace) -> None:
    lesson = workspace.new_lesson("Temps")
    stale = [plant(lesson / ".lesson.md.k3j_x9q2.tmp", 120),
             plant(workspace.root / ".members.yaml.a1b2c3d4.tmp", 600),
             plant(workspace.root / "reviews" / "abc" / "versions" / ".f00.json.zzzzzzzz.tmp", 3600),
             plant(workspace.root / "publications" / "share" / ".abc.json.q1w2e3r4.tmp", 90)]
    kept = [plant(lesson / ".lesson.md.fresh123.tmp", 5),                 # a writer may still own it
            plant(lesson / "media" / "notes.tmp", 3600),                  # not ours by name
            plant(lesson / ".lesson.md.tmp", 3600),                       # not mkstemp's pattern
            plant(workspace.root / ".git" / ".HEAD.abcdefgh.tmp", 3600)]  # another tool's folder
    Workspace.open(workspace.root)
    assert [path for path in stale if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


def test_a_window_opens_without_the_walk_and_tidies_later(workspace: Workspace) -> None:
    stale = plant(workspace.new_lesson("Temps") / ".lesson.md.k3j_x9q2.tmp", 120)
    opened = Workspace.open(workspace.root, tidy=False)      # visiting every folder waits for a worker
    assert stale.exists()
    assert opened.tidy() == 1 and not stale.exists()


def test_a_successful_save_removes_that_files_stale_temps(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("first\n", encoding="utf-8")
    stale = plant(tmp_path / ".lesson.md.abcd1234.tmp", 300)
    fresh = plant(tmp_path / ".lesson.md.efgh5678.tmp", 1)
    other = plant(tmp_path / ".other.md.abcd1234.tmp", 300)       # cleaned when the workspace opens
    SourceFile.load(lesson).save("second\n")
    assert not stale.exists() and fresh.exists() and other.exists()


def test_journal_temps_are_removed_when_recovery_is_checked(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    atomic_write_text(tmp_path / "recovery" / "placeholder.txt", "x")
    stale = plant(tmp_path / "recovery" / ".0123456789abcdef01234567.json.abcdefgh.tmp", 120)
    assert store.pending() == []
    assert not stale.exists()
