"""A publishing process killed (SIGKILL) after the server accepted its request: nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest

from editor import review
from publishing.connectors import add_target
from publishing.outbox import DONE, QUEUED, Outbox
from publishing.targets import Target
from tests.connectors.conftest import PUBLISHER
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import Fault, wait_until
from tests.connectors.keyrings import FILE_VARIABLE, MemoryKeyring
from tests.editor.review.conftest import Team

ROOT = Path(__file__).resolve().parents[2]
RUN_OUTBOX = textwrap.dedent("""
    import sys
    import keyring
    from tests.connectors.keyrings import MemoryKeyring
    keyring.set_keyring(MemoryKeyring())     # the keychain file the test wrote
    from editor.workspace import Workspace
    from publishing.outbox import Outbox
    Outbox(Workspace.open(sys.argv[1])).run()
""")


def test_a_job_killed_mid_publish_resumes_without_a_duplicate(approved: Team, lxp: FakeLxp, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FILE_VARIABLE, str(tmp_path / "keychain.json"))
    keyring.set_keyring(MemoryKeyring())
    add_target(approved.workspace, Target("lxp", "lxp", f"{lxp.origin}/api/v2", {
        "client_id": lxp.client_id, "token_url": f"{lxp.origin}/oauth/token",
        "url_template": "https://lms.example.com/l/{id}"}), lxp.client_secret)
    outbox = Outbox(approved.workspace)
    outbox.enqueue(approved.item(), ["lxp"], PUBLISHER)
    # The server stores the new item, then the answer never arrives: the app is killed while it waits.
    lxp.inject(Fault("hang", "/api/v2/content/courses", "POST", seconds=60))
    child = subprocess.Popen([sys.executable, "-c", RUN_OUTBOX, str(approved.workspace.root)], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        wait_until(lambda: len(lxp.items) == 1 or child.poll() is not None)
        assert child.poll() is None, "the publishing process ended before it could be killed"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
    assert [j.state for j in outbox.jobs()] == [QUEUED]            # nothing lost: the job is still there

    [result] = outbox.run()                                         # the app starts again
    assert result.state == DONE, result.message
    assert len(lxp.items) == 1 and len(lxp.with_external_id("tessera-lesson0001")) == 1
    events = [e for e in review.read_events(approved.workspace, "lesson0001").events if e.kind == "publish"]
    assert len(events) == 1 and events[0].data["target"] == "lxp"
    assert outbox.run() == []                                       # and it does not run twice
