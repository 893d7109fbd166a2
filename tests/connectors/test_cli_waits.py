"""``tessera publish`` and ``outbox --run`` say what they wait for, return on long waits, stop on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest

from publishing.outbox import QUEUED, Outbox
from tests.connectors.conftest import PUBLISHER, cli
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import Fault, wait_until
from tests.connectors.keyrings import FILE_VARIABLE, MemoryKeyring
from tests.connectors.test_lxp import lxp_target
from tests.editor.review.conftest import Team

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v2/"
MOMENT = r"(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d"   # a time today, else with its date (a retry after midnight)
CLI_CHILD = textwrap.dedent("""
    import sys
    import keyring
    from tests.connectors.keyrings import MemoryKeyring
    keyring.set_keyring(MemoryKeyring())     # the keychain file the test wrote
    from app.cli.main import main
    sys.exit(main(sys.argv[1:]))
""")


def publish_args(team: Team) -> list[str]:
    return ["publish", "lesson0001", "--workspace", str(team.workspace.root), "--target", "lxp",
            "--as", PUBLISHER]


def test_publish_says_until_when_it_waits_then_finishes(approved: Team, lxp: FakeLxp,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    lxp_target(approved, lxp)
    lxp.inject(Fault("status", API, status=503, headers={"Retry-After": "1"}))
    assert cli(publish_args(approved)) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^lxp: waiting until {MOMENT} \(in \d s\) to try again — Attempt 1 of 8 "
                     r"failed: .*HTTP 503", out, re.MULTILINE), out
    assert "lxp: done: Published to lxp." in out


def test_a_long_wait_is_left_in_the_outbox_and_the_command_returns(
        approved: Team, lxp: FakeLxp, capsys: pytest.CaptureFixture[str]) -> None:
    lxp_target(approved, lxp)
    lxp.inject(Fault("status", API, status=429, headers={"Retry-After": "3600"}))
    assert cli(publish_args(approved)) == 1
    out = capsys.readouterr().out
    assert re.search(r"^lxp: queued: Attempt 1 of 8 failed: .*HTTP 429.* It stays in the outbox; the next "
                     rf"try is at {MOMENT}", out, re.MULTILINE), out
    assert [job.state for job in Outbox(approved.workspace).jobs()] == [QUEUED]
    workspace = str(approved.workspace.root)
    assert cli(["outbox", "--workspace", workspace, "--run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Nothing was due.\nlxp: still queued, next try at "), out
    assert lxp.items == {}
    assert cli(["outbox", "--workspace", workspace, "--run", "--now"]) == 0       # the server is back
    assert "lxp: done: Published to lxp." in capsys.readouterr().out and len(lxp.items) == 1


def test_ctrl_c_stops_with_one_line_and_exit_code_130(approved: Team, lxp: FakeLxp, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FILE_VARIABLE, str(tmp_path / "keychain.json"))
    keyring.set_keyring(MemoryKeyring())
    lxp_target(approved, lxp)
    lxp.inject(Fault("status", API, status=503, headers={"Retry-After": "30"}))
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen([sys.executable, "-c", CLI_CHILD, *publish_args(approved)], cwd=ROOT,
                                 stdout=stdout, stderr=stderr, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            wait_until(lambda: "waiting until" in out.read_text(encoding="utf-8") or child.poll() is not None)
            assert child.poll() is None, out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")
            child.send_signal(signal.SIGINT)
            assert child.wait(timeout=20) == 130
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
    said = err.read_text(encoding="utf-8")
    assert "Traceback" not in said and "KeyboardInterrupt" not in said
    assert said.endswith("\ntessera publish: stopped (Ctrl-C). Unfinished jobs stay in the outbox; 'tessera "
                         "outbox --run' continues them.\n")
    assert [job.state for job in Outbox(approved.workspace).jobs()] == [QUEUED]
