"""Remote ids come from shared publication records and from servers: they must never steer a connector
outside its target (a folder share, a WebDAV collection, a Canvas course)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publishing.connectors.base import Content, PermanentError, Step
from publishing.connectors.canvas import CanvasConnector
from publishing.connectors.folder import FolderConnector
from publishing.connectors.webdav import WebDavConnector
from publishing.credentials import Secret
from publishing.targets import RemoteRef, Target
from tests.connectors.fake_canvas import FakeCanvas
from tests.connectors.servers import WebDav

HOSTILE_IDS = ["../escaped", "..", "sub/../../escaped", "{outside}", "a\\..\\b", "", "x\x00y"]


def content(package: Path, item_id: str = "lesson0001") -> Content:
    return Content(item_id=item_id, kind="lesson", title="Feedback", external_id=f"tessera-{item_id}",
                   version="0" * 64, package=package, package_format="scorm12", slug="feedback")


@pytest.fixture
def share(tmp_path: Path) -> Path:
    folder = tmp_path / "targets" / "share"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / "built.zip"
    path.write_bytes(b"PK\x03\x04 a package")
    return path


def folder_connector(share: Path) -> FolderConnector:
    return FolderConnector(Target("share", "folder", str(share), {"format": "scorm12"}), None)


def files_outside(share: Path, top: Path) -> list[Path]:
    return sorted(p for p in top.rglob("*") if p.is_file() and not p.is_relative_to(share)
                  and p.name != "built.zip")


@pytest.mark.parametrize("remote_id", HOSTILE_IDS)
def test_a_folder_update_never_writes_outside_the_share(share: Path, package: Path, tmp_path: Path,
                                                        remote_id: str) -> None:
    with pytest.raises(PermanentError, match="not a plain name"):
        remote = RemoteRef(remote_id.format(outside=tmp_path / "absolute"))
        folder_connector(share).update(content(package), remote, Step())
    assert files_outside(share, tmp_path) == []


@pytest.mark.parametrize("item_id", ["../escaped", "{outside}"])
def test_a_folder_publish_never_writes_outside_the_share(share: Path, package: Path, tmp_path: Path,
                                                         item_id: str) -> None:
    with pytest.raises(PermanentError, match="not a plain name"):
        item = content(package, item_id.format(outside=tmp_path / "absolute-item"))
        folder_connector(share).publish(item, Step())
    assert files_outside(share, tmp_path) == []


def test_retire_with_an_absolute_id_moves_nothing(share: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    with pytest.raises(PermanentError, match="not a plain name"):
        folder_connector(share).retire(RemoteRef(str(precious)), Step())
    assert (precious / "thesis.txt").is_file()
    assert not (share / "_retired").exists()


def test_status_does_not_read_outside_the_share(share: Path, tmp_path: Path) -> None:
    (tmp_path / "tessera.json").write_text('{"version": "stolen"}', encoding="utf-8")
    status = folder_connector(share).status(RemoteRef(".."))
    assert not status.exists and "stolen" not in status.details


def test_a_plain_id_still_publishes_updates_and_retires(share: Path, package: Path) -> None:
    connector = folder_connector(share)
    ref = connector.publish(content(package), Step())
    assert ref.id == "feedback-lesson0001" and (share / ref.id / "scorm12.zip").is_file()
    connector.retire(ref, Step())
    assert [p.name for p in share.iterdir()] == ["_retired"]


def test_webdav_retire_with_a_parent_id_deletes_nothing_above_the_collection(webdav: WebDav) -> None:
    (webdav.root / "learning" / "keep.txt").write_text("other team's file", encoding="utf-8")
    target = Target("dav", "webdav", webdav.url, {"username": webdav.username})
    connector = WebDavConnector(target, Secret(webdav.password))
    try:
        with pytest.raises(PermanentError, match="not a plain name"):
            connector.retire(RemoteRef(".."), Step())
    finally:
        connector.close()
    assert (webdav.root / "learning" / "keep.txt").is_file()


def test_canvas_status_does_not_follow_a_crafted_import_id(canvas: FakeCanvas) -> None:
    target = Target("lms", "canvas", canvas.origin, {"course_id": canvas.course_id})
    connector = CanvasConnector(target, Secret(canvas.token))
    try:
        with pytest.raises(PermanentError, match="not a plain name"):
            connector.status(RemoteRef("../../../users/self"))
    finally:
        connector.close()
