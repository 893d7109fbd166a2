"""A lesson folder (or curated file) that is a link to somewhere outside the workspace is refused like a
media link: check reports it, export refuses it, and nothing from outside is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from editor.checks import check_path
from editor.workspace import Workspace
from publishing.packages import PackageError, build_package

OUTSIDE_LESSON = """\
---
id: stolen0001
title: Looks harmless
status: draft
---
Read [the notes](media/secret.txt).
"""


@pytest.fixture
def linked(workspace: Workspace, tmp_path: Path) -> Path:
    """lessons/notes -> a folder outside the workspace holding a lesson and a private file."""
    outside = tmp_path / "private"
    (outside / "media").mkdir(parents=True)
    (outside / "lesson.md").write_text(OUTSIDE_LESSON, encoding="utf-8")
    (outside / "media" / "secret.txt").write_text("salary list", encoding="utf-8")
    link = workspace.root / "lessons" / "notes"
    link.symlink_to(outside, target_is_directory=True)
    return link


def test_check_reports_the_linked_lesson_folder(workspace: Workspace, linked: Path) -> None:
    for checked in (workspace.root, linked):
        results = check_path(checked)
        codes = [d.code for d in results[linked / "lesson.md"]]
        assert codes == ["outside-workspace"], checked
        assert "outside the workspace" in results[linked / "lesson.md"][0].message


@pytest.mark.parametrize("fmt", ["html", "scorm12"])
def test_export_refuses_it_and_writes_nothing(workspace: Workspace, linked: Path, tmp_path: Path,
                                              fmt: str) -> None:
    out = tmp_path / f"out-{fmt}.zip"
    with pytest.raises(PackageError, match="outside the workspace"):
        build_package([linked], fmt, out)
    assert not out.exists()


def test_export_of_a_good_lesson_beside_it_still_works(workspace: Workspace, linked: Path,
                                                       tmp_path: Path) -> None:
    good = workspace.new_lesson("A real lesson")
    result = build_package([good], "html", tmp_path / "good.zip")
    assert not any("secret" in name for name in zipfile.ZipFile(result.path).namelist())


def test_the_library_lists_it_as_a_problem_without_reading_it(workspace: Workspace, linked: Path) -> None:
    [item] = [item for item in workspace.items() if item.path.name == "notes"]
    assert "outside the workspace" in item.problem
    assert item.id == "" and item.title != "Looks harmless"      # its front matter was never read
    assert linked / "lesson.md" not in workspace.lesson_sources()   # what search and others index


def test_a_curated_file_linking_outside_is_refused_too(workspace: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\nid: x1\nkind: link\ntitle: Elsewhere\nurl: https://example.com\n---\n",
                       encoding="utf-8")
    link = workspace.root / "curated" / "elsewhere.md"
    link.symlink_to(outside)
    assert [d.code for d in check_path(workspace.root)[link]] == ["outside-workspace"]
    with pytest.raises(PackageError, match="outside the workspace"):
        build_package([link], "html", tmp_path / "link.zip")


def test_links_above_the_workspace_are_fine(tmp_path: Path) -> None:
    """A workspace reached through a linked parent folder (e.g. a mounted share) is not 'outside'."""
    real = tmp_path / "real"
    real.mkdir()
    Workspace.create(real / "ws")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    workspace = Workspace.open(tmp_path / "alias" / "ws")
    folder = workspace.new_lesson("Through an alias")
    alias_folder = tmp_path / "alias" / "ws" / "lessons" / folder.name
    assert "outside-workspace" not in [d.code for d in check_path(alias_folder)[alias_folder / "lesson.md"]]
