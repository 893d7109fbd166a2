"""Quality gates: ruff and mypy, with the configuration in pyproject.toml, must report nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The tools installed next to the interpreter running the tests (the project's venv).
TOOLS = Path(sys.executable).parent


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = TOOLS / name
    assert executable.is_file(), f"{name} is not installed next to {sys.executable}; pip install -e '.[test]'"
    return subprocess.run([str(executable), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = run_tool("ruff", "check", ".")
    assert result.returncode == 0, f"ruff check . found problems:\n{result.stdout}{result.stderr}"


def test_mypy_is_clean() -> None:
    # No paths: pyproject.toml names the packages (app, editor, publishing).
    result = run_tool("mypy")
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"
