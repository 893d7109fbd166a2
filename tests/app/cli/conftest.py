"""The in-process CLI call the command-group tests share."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.cli.main import main


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``run(*argv)`` → (exit code, stdout, stderr) of ``tessera ARGV`` run through ``main()``."""
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return invoke
