"""SourceFile: byte-exact round trips and conflict-aware saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor import frontmatter
from editor.lesson_file import ConflictError, LoadError, SourceFile

ROUND_TRIP_SAMPLES = {
    "crlf": b"---\r\nid: a1\r\ntitle: Windows file\r\n---\r\nBody\r\n\r\n::: callout tip\r\nHi\r\n:::\r\n",
    "bom": "\ufeff---\ntitle: Notepad file\n---\nBody\n".encode(),
    "unicode": "---\ntitle: Ünïcödé 日本語 🎓\n---\nCafé — “quotes” e\u0301\u200b\n".encode(),
    "trailing-spaces": b"---\ntitle: Spaces   \n---\nLine with two spaces  \n\t\n   \n",
    "no-final-newline": b"---\ntitle: No newline\n---\nLast line",
    "unknown-keys": b"---\nzz: 1\ntitle: Keys\nx-custom:\n  nested: [1, 2]\n# a comment\n---\nBody\n",
    "unknown-block": b"---\ntitle: Blocks\n---\n::: timeline year=2024 'quoted value'\nraw *text*\n:::\n",
    "broken": b"---\ntitle: [never closed\nBody\n:::\n",
    "mixed-newlines": b"---\ntitle: Mixed\n---\nunix\nwindows\r\nold mac\rend",
    "empty": b"",
}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(ROUND_TRIP_SAMPLES))
def test_load_and_save_untouched_changes_no_byte(tmp_path: Path, name: str) -> None:
    data = ROUND_TRIP_SAMPLES[name]
    path = write(tmp_path / "lesson.md", data)
    source = SourceFile.load(path)
    assert source.text.encode("utf-8") == data
    assert source.save(source.text) is False  # nothing to write
    assert path.read_bytes() == data
    assert source.save(source.text, force=True) is True  # a real rewrite is still identical
    assert path.read_bytes() == data
    assert not source.changed_on_disk()


def test_crlf_file_edited_as_lf_keeps_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.md", ROUND_TRIP_SAMPLES["crlf"])
    source = SourceFile.load(path)
    assert source.newline == "\r\n"
    editor_text = source.text.replace("\r\n", "\n")
    assert source.to_disk_form(editor_text) == source.text
    assert source.save(source.to_disk_form(editor_text)) is False
    source.save(source.to_disk_form(editor_text + "New line\n"))
    assert path.read_bytes() == ROUND_TRIP_SAMPLES["crlf"] + b"New line\r\n"


def test_lf_file_is_left_alone_by_to_disk_form(tmp_path: Path) -> None:
    source = SourceFile.load(write(tmp_path / "lesson.md", b"---\ntitle: x\n---\n"))
    assert source.newline == "\n"
    assert source.to_disk_form("a\nb\n") == "a\nb\n"


def test_metadata_edit_through_replace_keeps_the_body_bytes(tmp_path: Path) -> None:
    data = ROUND_TRIP_SAMPLES["crlf"]
    source = SourceFile.load(write(tmp_path / "lesson.md", data))
    meta = frontmatter.parse(source.text).meta
    meta["title"] = "Renamed"
    source.save(frontmatter.replace(source.text, meta))
    saved = (tmp_path / "lesson.md").read_bytes()
    assert saved == data.replace(b"title: Windows file", b"title: Renamed")


def test_save_detects_a_change_by_someone_else(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.md", b"---\ntitle: Mine\n---\n")
    source = SourceFile.load(path)
    path.write_bytes(b"---\ntitle: Theirs\n---\n")
    assert source.changed_on_disk()
    with pytest.raises(ConflictError) as raised:
        source.save("---\ntitle: My edit\n---\n")
    assert raised.value.disk_text == "---\ntitle: Theirs\n---\n"
    assert raised.value.path == path
    assert "changed by someone else" in str(raised.value)
    assert path.read_bytes() == b"---\ntitle: Theirs\n---\n"


def test_save_detects_a_deleted_file(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.md", b"---\ntitle: Mine\n---\n")
    source = SourceFile.load(path)
    path.unlink()
    assert source.changed_on_disk()
    with pytest.raises(ConflictError) as raised:
        source.save("---\ntitle: My edit\n---\n")
    assert raised.value.disk_text is None
    assert "deleted" in str(raised.value)
    assert not path.exists()


def test_force_keeps_my_version(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.md", b"---\ntitle: Mine\n---\n")
    source = SourceFile.load(path)
    path.write_bytes(b"---\ntitle: Theirs\n---\n")
    assert source.save("---\ntitle: Mine wins\n---\n", force=True) is True
    assert path.read_bytes() == b"---\ntitle: Mine wins\n---\n"
    assert not source.changed_on_disk()
    # After a forced save, the next ordinary save no longer conflicts.
    assert source.save("---\ntitle: Again\n---\n") is True


def test_force_recreates_a_deleted_file(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.md", b"old")
    source = SourceFile.load(path)
    path.unlink()
    source.save("restored", force=True)
    assert path.read_bytes() == b"restored"


def test_reload_takes_the_disk_version(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.md", b"one")
    source = SourceFile.load(path)
    path.write_bytes(b"two")
    source.reload()
    assert source.text == "two" and not source.changed_on_disk()
    assert source.save("three") is True


def test_load_errors_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="does not exist"):
        SourceFile.load(tmp_path / "missing.md")
    with pytest.raises(LoadError, match=r"not UTF-8.*offset 14"):
        SourceFile.load(write(tmp_path / "latin1.md", b"---\ntitle: Caf\xe9\n---\n"))
