"""Run the command line as a user would: in this process (fast), or as a real process where that matters."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from app.cli.main import main

ROOT = Path(__file__).resolve().parents[3]


def run_in_process(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS`` through the CLI's own ``main()``: same exit code and output, no start-up."""
    out, err = io.StringIO(), io.StringIO()
    saved_home, saved_cwd = os.environ.get("TESSERA_HOME"), Path.cwd()
    os.environ["TESSERA_HOME"] = str(home)
    os.chdir(cwd or ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:      # argparse's --help and usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        if saved_home is None:
            os.environ.pop("TESSERA_HOME", None)
        else:
            os.environ["TESSERA_HOME"] = saved_home
    return subprocess.CompletedProcess(["tessera", *args], code, out.getvalue(), err.getvalue())


def run_process(*args: str, home: Path, cwd: Path = ROOT, timeout: float = 60
                ) -> subprocess.CompletedProcess[str]:
    """A real ``python main.py ARGS`` process, for what only a process shows (the entry point, exit codes)."""
    env = {**os.environ, "TESSERA_HOME": str(home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
