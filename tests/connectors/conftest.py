"""Connector test setup: an in-memory keychain, an approved lesson, and local servers per test."""

from __future__ import annotations

import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from editor import review
from publishing.outbox import JobResult, Outbox, RetryPolicy
from tests.connectors.fake_canvas import FakeCanvas
from tests.connectors.fake_lxp import FakeLxp
from tests.connectors.faulty_server import serving
from tests.connectors.keyrings import MemoryKeyring
from tests.connectors.servers import WebDav, running_webdav
from tests.editor.review.conftest import AUTHOR, PUBLISHER, REVIEWER, Team, team  # noqa: F401
from tests.runtime.servers import Lrs, running_lrs

__all__ = ["PUBLISHER", "Clock", "approved", "cli", "fast_outbox", "publish_then_retire", "secret_hits"]


@pytest.fixture(autouse=True)
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def approved(team: Team) -> Team:  # noqa: F811
    """The review fixtures' lesson, submitted and approved: ready to publish."""
    review.submit(team.workspace, team.item(), AUTHOR, [REVIEWER])
    review.approve(team.workspace, team.item(), REVIEWER)
    return team


class Clock:
    """A clock for the outbox whose sleep only moves time forward (and remembers each wait)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


def fast_outbox(team: Team, clock: Clock | None = None, attempts: int = 8) -> Outbox:  # noqa: F811
    clock = clock or Clock()
    return Outbox(team.workspace, policy=RetryPolicy(first_delay=1.0, max_attempts=attempts),
                  sleep=clock.sleep, clock=clock.time)


def publish_then_retire(team: Team, target: str) -> JobResult:  # noqa: F811
    """Publishes the team's lesson to ``target``, then retires it there; the retire job's result."""
    outbox = Outbox(team.workspace)
    outbox.publish(team.item(), [target], PUBLISHER)
    [result] = outbox.retire(team.item(), target, PUBLISHER)
    return result


def cli(argv: list[str]) -> int:
    """``tessera …`` in-process."""
    import app.cli.main

    return app.cli.main.main(argv)


@pytest.fixture(scope="session")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    """A real ralph LRS (tests/runtime's fixture code), started once for these tests."""
    with running_lrs(tmp_path_factory.mktemp("ralph"), allowed_origin="http://127.0.0.1") as running:
        yield running


def secret_hits(roots: list[Path], secrets: list[str]) -> list[str]:
    """Every file under ``roots`` (and every member of every zip) that contains one of ``secrets``."""
    needles = [secret.encode() for secret in secrets]
    hits = []
    for root in roots:
        for path in [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            blobs = [(str(path), data)]
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    blobs += [(f"{path}!{name}", archive.read(name)) for name in archive.namelist()]
            hits += [where for where, blob in blobs for needle in needles if needle in blob]
    return hits


@pytest.fixture
def lxp() -> Iterator[FakeLxp]:
    with serving(FakeLxp("tessera-client", "lxp-" + secrets.token_hex(10))) as server:
        yield server


@pytest.fixture
def canvas() -> Iterator[FakeCanvas]:
    with serving(FakeCanvas("canvas-" + secrets.token_hex(10), "42")) as server:
        yield server


@pytest.fixture
def webdav(tmp_path: Path) -> Iterator[WebDav]:
    with running_webdav(tmp_path / "dav-root", "curator", "dav-" + secrets.token_hex(10)) as server:
        yield server
