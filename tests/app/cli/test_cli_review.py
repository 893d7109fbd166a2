"""`python main.py review …`: the review workflow from the command line, exit codes 0/1/2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.cli.runner import run_in_process as run

ROOT = Path(__file__).resolve().parents[3]
AUTHOR, REVIEWER, OTHER, PUBLISHER = "ana@example.com", "bo@example.com", "cy@example.com", "pat@example.com"




def ok(*args: str, home: Path) -> str:
    result = run(*args, home=home)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def ws(tmp_path: Path, tessera_home: Path) -> Path:
    """A workspace with a lesson 'feedback' and a team of four."""
    root = tmp_path / "ws"
    ok("init", str(root), home=tessera_home)
    ok("new", "--workspace", str(root), "--title", "Feedback", "--owner", "Ana", home=tessera_home)
    # The author's own words instead of the template's example text (which blocks a submission).
    lesson = root / "lessons" / "feedback" / "lesson.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text[:text.index("## ")] + "## Why this matters\n\nGood feedback helps people "
                      "name the problem and see what to change.\n", encoding="utf-8")
    for email, roles in ((AUTHOR, "author"), (REVIEWER, "reviewer"), (OTHER, "reviewer"),
                         (PUBLISHER, "publisher")):
        ok("members", "add", email, "--workspace", str(root), "--name", email.split("@")[0],
           "--roles", roles, home=tessera_home)
    return root


def review_cmd(ws: Path, action: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return run("review", action, "--workspace", str(ws), *args, home=home)


def test_full_cycle_on_the_command_line(ws: Path, tessera_home: Path) -> None:
    home = tessera_home
    lesson = ws / "lessons" / "feedback" / "lesson.md"

    def step(action: str, *args: str) -> str:
        result = review_cmd(ws, action, *args, home=home)
        assert result.returncode == 0, f"{action}: {result.stderr}"
        return result.stdout

    step("submit", "feedback", "--as", AUTHOR, "--reviewers", REVIEWER, "--due", "2099-01-31")
    assert "2099-01-31   Feedback" in step("queue", "--as", REVIEWER)
    out = step("comment", "feedback", "--as", REVIEWER, "--text", "Which problem?", "--quote",
               "name the problem")
    assert "Commented" in out
    comment_id = json.loads(step("status", "feedback", "--json"))["comments"][0]["id"]
    step("reply", "feedback", comment_id[-12:], "--as", AUTHOR, "--text", "The one in the title.")
    step("request-changes", "feedback", "--as", REVIEWER, "--summary", "Be concrete.")
    assert json.loads(step("status", "feedback", "--json"))["status"] == "changes_requested"

    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("name the problem", "name the exact problem"), encoding="utf-8")
    step("resolve", "feedback", comment_id, "--as", AUTHOR)
    step("submit", "feedback", "--as", AUTHOR, "--reviewers", REVIEWER)
    assert review_cmd(ws, "can-publish", "feedback", home=home).returncode == 1
    step("approve", "feedback", "--as", REVIEWER)
    out = step("can-publish", "feedback", "--as", PUBLISHER)
    assert "may be published" in out

    status = step("status", "feedback")
    assert "Status: Approved" in status and "Approvals: 1 of 1 needed" in status
    # 'list' says the same as 'review status' (derived, not the front matter's 'status: draft').
    listed = run("list", "--workspace", str(ws), home=home)
    assert "Approved" in listed.stdout and "draft" not in listed.stdout.lower()
    as_json = json.loads(run("list", "--workspace", str(ws), "--json", home=home).stdout)
    assert [entry["status"] for entry in as_json] == ["approved"]
    assert "resolved" in status and "↳ bo <bo@example.com>: The one in the title." not in status
    assert "↳ ana <ana@example.com>: The one in the title." in status
    history = step("history", "feedback")
    assert "v1" in history and "v2" in history and "(current)" in history
    diff = step("diff", "feedback", "v1", "v2")
    assert "-Good feedback helps people name the problem" in diff
    assert "+Good feedback helps people name the exact problem" in diff

    audit = list(csv.DictReader(io.StringIO(step("audit"))))
    assert [row["event"] for row in audit] == ["submit", "comment", "reply", "request_changes", "resolve",
                                              "submit", "approve"]
    step("restore", "feedback", "v1", "--as", AUTHOR)
    assert "name the problem" in lesson.read_text(encoding="utf-8")
    assert json.loads(step("status", "feedback", "--json"))["status"] == "draft"


def test_refusals_exit_1_with_a_clear_message(ws: Path, tessera_home: Path) -> None:
    home = tessera_home
    stranger = review_cmd(ws, "submit", "feedback", "--as", "who@example.com", "--reviewers", REVIEWER,
                          home=home)
    assert stranger.returncode == 1 and "not a member" in stranger.stderr
    assert "Traceback" not in stranger.stderr
    submitted = review_cmd(ws, "submit", "feedback", "--as", AUTHOR, "--reviewers", REVIEWER, home=home)
    assert submitted.returncode == 0
    own = review_cmd(ws, "approve", "feedback", "--as", AUTHOR, home=home)
    assert own.returncode == 1 and "'reviewer' role" in own.stderr
    policy = review_cmd(ws, "policy", "--approvals", "2", "--as", REVIEWER, home=home)
    assert policy.returncode == 1 and "'publisher' role" in policy.stderr
    assert review_cmd(ws, "policy", "--approvals", "2", "--as", PUBLISHER, home=home).returncode == 0
    assert review_cmd(ws, "approve", "feedback", "--as", REVIEWER, home=home).returncode == 0
    gate = review_cmd(ws, "can-publish", "feedback", home=home)
    assert gate.returncode == 1 and "1 of 2 approval(s)" in gate.stdout


@pytest.mark.parametrize("args", [
    ("submit", "feedback", "--as", AUTHOR, "--reviewers", REVIEWER, "--due", "next week"),
    ("submit", "feedback", "--reviewers", REVIEWER),
    ("status", "no-such-lesson"),
    ("diff", "feedback", "v7"),
    ("reply", "feedback", "nonexistent-id", "--as", AUTHOR, "--text", "hi"),
    ("comment", "feedback", "--as", REVIEWER, "--text", "x", "--quote", "words not in the lesson"),
])
def test_bad_input_is_a_usage_error(ws: Path, tessera_home: Path, args: tuple[str, ...]) -> None:
    result = review_cmd(ws, *args, home=tessera_home)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_review_without_an_action_and_help(ws: Path, tessera_home: Path) -> None:
    bare = run("review", home=tessera_home)
    assert bare.returncode == 2 and "request-changes" in bare.stderr
    assert "--reviewers" in run("review", "submit", "--help", home=tessera_home).stdout


def test_the_workspace_is_found_from_the_current_folder(ws: Path, tessera_home: Path) -> None:
    result = run("review", "status", "feedback", home=tessera_home, cwd=ws / "lessons")
    assert result.returncode == 0 and "Status: Draft" in result.stdout
    outside = run("review", "status", "feedback", home=tessera_home, cwd=ws.parent)
    assert outside.returncode == 2 and "--workspace" in outside.stderr


def test_a_damaged_event_makes_status_and_audit_exit_1(ws: Path, tessera_home: Path) -> None:
    ok("review", "comment", "feedback", "--workspace", str(ws), "--as", REVIEWER, "--text", "ok",
       home=tessera_home)
    event = next((ws / "reviews").rglob("*-comment.json"))
    event.write_text(event.read_text(encoding="utf-8").replace('"ok"', '"not ok"'), encoding="utf-8")
    status = review_cmd(ws, "status", "feedback", home=tessera_home)
    assert status.returncode == 1 and str(event) in status.stderr
    out = ws / "audit.csv"
    audit = review_cmd(ws, "audit", "-o", str(out), home=tessera_home)
    assert audit.returncode == 1 and "NOT TRUSTED" in out.read_text(encoding="utf-8")


def test_two_people_using_the_cli_at_once_lose_nothing(ws: Path, tessera_home: Path) -> None:
    rounds = 15
    env = {**os.environ, "TESSERA_HOME": str(tessera_home)}
    command = f'"{sys.executable}" "{ROOT / "main.py"}" review comment feedback --workspace "{ws}"'
    script = f'for i in $(seq {rounds}); do {command} --as "$WHO" --text "$WHO $i" >/dev/null || exit 1; done'
    people = [subprocess.Popen(["bash", "-c", script], env={**env, "WHO": who}) for who in (REVIEWER, OTHER)]
    assert [person.wait(timeout=120) for person in people] == [0, 0]
    rows = list(csv.DictReader(io.StringIO(ok("review", "audit", "--workspace", str(ws), home=tessera_home))))
    assert sorted(row["details"] for row in rows) == sorted(
        f"{who} {n}" for who in (REVIEWER, OTHER) for n in range(1, rounds + 1))
    assert {row["integrity"] for row in rows} == {"ok"}
