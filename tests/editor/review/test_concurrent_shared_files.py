"""Processes adding members (and publishing targets) at once: lock, re-read, merge, write — none lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from editor.review import add_member, load_members
from editor.workspace import Workspace
from publishing.targets import Target, load_targets, save_target
from tests.conftest import ROOT

WRITERS = 4
ADDS_PER_WRITER = 20


def adder(root: str, what: str, name: str, count: int, report: str) -> None:
    """Add ``count`` members or targets named after ``name``; report the ones that raised."""
    workspace = Workspace.open(Path(root))
    failures = []
    for number in range(count):
        try:
            if what == "members":
                add_member(workspace, f"Person {name}{number}", f"{name}{number}@example.com", ["reviewer"])
            else:
                save_target(workspace, Target(f"{name}-{number}", "folder", f"/srv/share/{name}/{number}"))
        except Exception as exc:        # reported, so the test can say what went wrong
            failures.append(f"{type(exc).__name__}: {exc}")
    Path(report).write_text(json.dumps(failures), encoding="utf-8")


def run_adders(workspace: Workspace, tmp_path: Path, what: str) -> list[str]:
    reports = [tmp_path / f"{what}-{n}.json" for n in range(WRITERS)]
    code = ("import sys; from tests.editor.review.test_concurrent_shared_files import adder; "
            "adder(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])")
    processes = [subprocess.Popen([sys.executable, "-c", code, str(workspace.root), what, f"w{n}",
                                   str(ADDS_PER_WRITER), str(reports[n])], cwd=ROOT) for n in range(WRITERS)]
    for process in processes:
        assert process.wait(timeout=240) == 0
    return [failure for report in reports for failure in json.loads(report.read_text(encoding="utf-8"))]


def test_concurrent_member_adds_are_all_kept(workspace: Workspace, tmp_path: Path) -> None:
    add_member(workspace, "Ana Admin", "ana@example.com", ["author"])
    failures = run_adders(workspace, tmp_path, "members")
    emails = {member.email for member in load_members(workspace).people}
    expected = {f"w{n}{k}@example.com" for n in range(WRITERS) for k in range(ADDS_PER_WRITER)}
    assert failures == []
    assert sorted(expected - emails) == []
    assert len(emails) == WRITERS * ADDS_PER_WRITER + 1


def test_concurrent_target_adds_are_all_kept(workspace: Workspace, tmp_path: Path) -> None:
    failures = run_adders(workspace, tmp_path, "targets")
    names = {target.name for target in load_targets(workspace)}
    expected = {f"w{n}-{k}" for n in range(WRITERS) for k in range(ADDS_PER_WRITER)}
    assert failures == []
    assert sorted(expected - names) == []
