"""Atomic writes: either the new content or the old one, never a mix, never leftover temp files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor import atomic
from editor.atomic import WriteError, atomic_write_bytes, atomic_write_text


def test_write_creates_folders_and_leaves_only_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "lesson.md"
    atomic_write_text(target, "Olá\r\n")
    assert target.read_bytes() == "Olá\r\n".encode()
    assert list(target.parent.iterdir()) == [target]


def test_write_replaces_existing_content(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]


def _fail(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["replace", "fsync"])
def test_failed_write_keeps_old_content_and_removes_the_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    target = tmp_path / "lesson.md"
    target.write_bytes(b"precious")
    monkeypatch.setattr(atomic.os, step, _fail)
    with pytest.raises(WriteError) as raised:
        atomic_write_bytes(target, b"half-written")
    monkeypatch.undo()
    assert isinstance(raised.value, OSError)
    assert "previous version is unchanged" in str(raised.value)
    assert target.read_bytes() == b"precious"
    assert list(tmp_path.iterdir()) == [target]


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "replace", _fail)
    with pytest.raises(WriteError):
        atomic_write_text(tmp_path / "new.md", "text")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_into_a_path_under_a_file_fails_cleanly(tmp_path: Path) -> None:
    # Works as root too: a regular file cannot hold children, whatever the permissions.
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"keep")
    with pytest.raises(OSError):
        atomic_write_bytes(blocker / "lesson.md", b"x")
    assert blocker.read_bytes() == b"keep"
    assert os.listdir(tmp_path) == ["not-a-folder"]


def test_new_files_get_ordinary_permissions_and_existing_ones_keep_theirs(tmp_path: Path) -> None:
    import os
    fresh = tmp_path / "fresh.md"
    atomic_write_text(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask      # readable by teammates, not 0600
    shared = tmp_path / "shared.md"
    shared.write_text("old")
    shared.chmod(0o664)
    atomic_write_text(shared, "new")
    assert shared.stat().st_mode & 0o777 == 0o664
