"""The README's promises: the documented commands are the ones CI runs and the CLI offers."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _code_after(heading: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"## {re.escape(heading)}\n.*?```bash\n(.*?)```", readme, re.S)
    assert match, f"README has no code block under '{heading}'"
    return match.group(1).strip()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = _code_after("Run the tests")
    assert "\n" not in command, "the test command must be one line"
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci_lines


def test_app_command_installs_and_starts_the_gui_entry_point() -> None:
    command = _code_after("Run the app (opens a demo workspace)")
    assert "\n" not in command
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'tessera = "app.cli.main:main"' in pyproject
    assert command.endswith(".venv/bin/tessera")
