"""Every connector configured and used: no secret in the workspace, TESSERA_HOME, logs, packages or output."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from publishing.connectors import add_target, open_connector
from publishing.outbox import DONE, FAILED, Outbox
from publishing.targets import Target
from tests.connectors.conftest import PUBLISHER, cli, fast_outbox, secret_hits
from tests.connectors.fake_canvas import FakeCanvas
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import Fault
from tests.connectors.servers import WebDav
from tests.editor.review.conftest import Team
from tests.runtime.servers import Lrs


def test_no_secret_is_written_anywhere(approved: Team, tmp_path: Path, tessera_home: Path, webdav: WebDav,
                                       lxp: FakeLxp, canvas: FakeCanvas, lrs: Lrs,
                                       caplog: pytest.LogCaptureFixture,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    ws = approved.workspace
    share = tmp_path / "share"
    share.mkdir()
    add_target(ws, Target("share", "folder", str(share)))
    add_target(ws, Target("sharepoint", "webdav", webdav.url, {"username": webdav.username}), webdav.password)
    add_target(ws, Target("lxp", "lxp", f"{lxp.origin}/api/v2", {
        "client_id": lxp.client_id, "token_url": f"{lxp.origin}/oauth/token", "url_from": "sharepoint"}),
        lxp.client_secret)
    add_target(ws, Target("canvas", "canvas", canvas.origin, {"course_id": "42", "poll_seconds": "0.01"}),
               canvas.token)
    add_target(ws, Target("lrs", "lrs", lrs.endpoint, {"username": lrs.username}), lrs.password)
    secrets = [webdav.password, lxp.client_secret, canvas.token, lrs.password]

    for name in ("share", "sharepoint", "lxp", "canvas", "lrs"):
        assert cli(["targets", "test", name, "--workspace", str(ws.root)]) == 0
    everywhere = ["share", "sharepoint", "lxp", "canvas"]
    results = Outbox(ws).publish(approved.item(), everywhere, PUBLISHER)
    assert [(r.target, r.state) for r in results] == [(t, DONE) for t in everywhere]
    [linked] = lxp.items.values()
    assert linked["attributes"]["url"].endswith("/giving-feedback-that-lands-lesson0001/scorm12.zip")
    assert cli(["analytics", str(approved.folder), "--target", "lrs", "--json"]) == 0

    # Failures on the way out must not carry the secret either, even when a server echoes it back.
    lxp.revoke_tokens()
    lxp.inject(Fault("echo", "/oauth/token", status=400))
    [failed] = fast_outbox(approved).publish(approved.item(), ["lxp"], PUBLISHER)
    assert failed.state == FAILED and "client_secret=******" in failed.message
    wrong = httpx.get(webdav.url, auth=("curator", "nope"))
    assert wrong.status_code == 401
    connectors = [open_connector(ws, name) for name in ("sharepoint", "lxp", "canvas", "lrs")]
    shown = " ".join(repr(c) + repr(c.secret) + str(vars(c).get("secret")) for c in connectors)

    captured = capsys.readouterr()
    text = "\n".join([caplog.text, captured.out, captured.err, shown, *(r.message for r in results)])
    assert [s for s in secrets if s in text] == []
    assert secret_hits([ws.root, tessera_home, share, webdav.root], secrets) == []
    uploaded = tmp_path / "uploaded-to-canvas.imscc"
    for _, data in canvas.pending_files.values():
        uploaded.write_bytes(data)
        assert secret_hits([uploaded], secrets) == []
    assert list((tessera_home / "state" / "outbox").rglob("*.json"))        # the job files were searched
