"""`tessera members list|add|remove`: one home for the workspace's people on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli.runner import run_in_process as run


def test_members_add_list_remove(tmp_path: Path, tessera_home: Path) -> None:
    root = tmp_path / "ws"
    assert run("init", str(root), home=tessera_home).returncode == 0
    empty = run("members", "list", "--workspace", str(root), home=tessera_home)
    assert empty.returncode == 0 and "tessera members add" in empty.stdout

    added = run("members", "add", "Bo@Example.com", "--roles", "reviewer,publisher", "--name", "Bo",
                "--workspace", str(root), home=tessera_home)
    assert added.returncode == 0 and "Bo <bo@example.com>: reviewer, publisher" in added.stdout
    run("members", "add", "ana@example.com", "--roles", "author", "--workspace", str(root), home=tessera_home)
    # Changing someone's roles without --name keeps the name on file.
    run("members", "add", "bo@example.com", "--roles", "reviewer,publisher,author", "--workspace", str(root),
        home=tessera_home)
    listed = json.loads(run("members", "list", "--json", "--workspace", str(root), home=tessera_home).stdout)
    assert listed == {"members": [
        {"email": "bo@example.com", "name": "Bo", "roles": ["author", "reviewer", "publisher"]},
        {"email": "ana@example.com", "name": "", "roles": ["author"]}], "problems": []}

    wrong = run("members", "add", "x@example.com", "--roles", "admin", "--workspace", str(root),
                home=tessera_home)
    assert wrong.returncode == 1 and "roles among" in wrong.stderr and "Traceback" not in wrong.stderr
    last = run("members", "remove", "bo@example.com", "--workspace", str(root), home=tessera_home)
    assert last.returncode == 1 and "publisher" in last.stderr
    gone = run("members", "remove", "ana@example.com", "--workspace", str(root), home=tessera_home)
    assert gone.returncode == 0 and "Removed ana@example.com" in gone.stdout


def test_the_old_review_member_commands_are_gone(tmp_path: Path, tessera_home: Path) -> None:
    for old in (("review", "members"), ("review", "add-member")):
        assert run(*old, "--help", home=tessera_home).returncode == 2

