"""Two processes saving the same lesson: every save either lands or gets a ConflictError, none is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor.atomic import WriteError, lock_path
from editor.lesson_file import ConflictError, SourceFile
from tests.conftest import ROOT

SAVES_PER_WRITER = 150
WRITERS = 3


def writer(path: str, name: str, saves: int, report: str) -> None:
    """Append ``saves`` lines, each saved on its own; on a conflict reload (the dialog's *Use theirs*)
    and try the same line again. Reports every line a save said it wrote."""
    written, conflicts = [], 0
    source = SourceFile.load(Path(path))
    number = 0
    while number < saves:
        line = f"{name}-{number}"
        try:
            if source.save(source.text + line + "\n"):
                written.append(line)
            number += 1
        except ConflictError:
            conflicts += 1
            source.reload()
    Path(report).write_text(json.dumps({"written": written, "conflicts": conflicts}), encoding="utf-8")


def test_concurrent_saves_from_separate_processes_lose_nothing(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("---\nid: race\ntitle: Race\n---\n", encoding="utf-8")
    reports = [tmp_path / f"report-{n}.json" for n in range(WRITERS)]
    code = ("import sys; from tests.editor.test_concurrent_saves import writer; "
            "writer(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])")
    processes = [subprocess.Popen([sys.executable, "-c", code, str(lesson), f"w{n}", str(SAVES_PER_WRITER),
                                   str(reports[n])], cwd=ROOT) for n in range(WRITERS)]
    for process in processes:
        assert process.wait(timeout=240) == 0
    results = [json.loads(report.read_text(encoding="utf-8")) for report in reports]
    on_disk = set(lesson.read_text(encoding="utf-8").splitlines())
    claimed = [line for result in results for line in result["written"]]
    lost = [line for line in claimed if line not in on_disk]
    assert len(claimed) == WRITERS * SAVES_PER_WRITER
    assert lost == [], f"{len(lost)} of {len(claimed)} saves were lost"
    assert sum(result["conflicts"] for result in results) > 0      # the writers really did collide


def test_a_conflict_is_still_reported_and_nothing_overwritten(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("mine\n", encoding="utf-8")
    opened = SourceFile.load(lesson)
    lesson.write_text("theirs\n", encoding="utf-8")
    try:
        opened.save("my edit\n")
    except ConflictError as exc:
        assert exc.disk_text == "theirs\n"
    else:
        raise AssertionError("the save should have been refused")
    assert lesson.read_text(encoding="utf-8") == "theirs\n"


def test_a_folder_that_cannot_take_the_lock_gives_a_clear_write_error(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text("mine\n", encoding="utf-8")
    opened = SourceFile.load(lesson)
    lock_path(lesson).mkdir()       # something in the way of the lock file: it cannot be opened
    with pytest.raises(WriteError, match="previous version is unchanged"):
        opened.save("my edit\n")
    assert lesson.read_text(encoding="utf-8") == "mine\n"
