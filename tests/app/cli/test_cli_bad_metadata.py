"""One lesson with broken metadata never breaks a command about the workspace or another lesson."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.workspace import LESSON_FILE, Workspace
from tests.app.cli.runner import run_in_process as run

ROOT = Path(__file__).resolve().parents[3]
BROKEN = {
    "bad-date": "review_by: 2027-02-30\n",
    "huge-number": f"estimated_minutes: {'9' * 5000}\n",
    "infinite": "estimated_minutes: .inf\n",
}




@pytest.fixture
def broken_workspace(workspace: Workspace) -> Workspace:
    workspace.new_lesson("Good lesson")
    for name, lines in BROKEN.items():
        source = workspace.new_lesson(name) / LESSON_FILE
        source.write_text(f"---\nid: {name}\ntitle: {name}\n{lines}---\nSome text.\n", encoding="utf-8")
    return workspace


def test_workspace_commands_carry_on_past_broken_metadata(broken_workspace: Workspace,
                                                          tessera_home: Path) -> None:
    root = str(broken_workspace.root)
    listed = run("list", "--workspace", root, home=tessera_home)
    assert listed.returncode == 0, listed.stderr
    assert all(name in listed.stdout for name in ("Good lesson", *BROKEN))
    checked = run("check", root, home=tessera_home)
    assert checked.returncode == 0, checked.stderr               # warnings only
    for name in BROKEN:
        assert f"lessons/{name}/lesson.md:4: warning:" in checked.stdout
    found = run("search", "--workspace", root, "text", home=tessera_home)
    assert found.returncode == 0, found.stderr
    assert all(f"lessons/{name}" in found.stdout for name in BROKEN)     # indexed like any other lesson


@pytest.mark.parametrize("item", ["good-lesson", *BROKEN])
def test_review_status_works_for_every_lesson(broken_workspace: Workspace, tessera_home: Path,
                                              item: str) -> None:
    status = run("review", "status", "--workspace", str(broken_workspace.root), item, home=tessera_home)
    assert status.returncode == 0, status.stderr
    assert "Status: Draft" in status.stdout and "Traceback" not in status.stderr
