"""The WebDAV connector against a real wsgidav server with basic authentication."""

from __future__ import annotations

import shutil
import zipfile
from urllib.parse import urlsplit

from publishing.connectors import add_target, open_connector
from publishing.outbox import DONE, FAILED, Outbox
from publishing.targets import Target, remembered
from tests.connectors.conftest import PUBLISHER, fast_outbox, publish_then_retire
from tests.connectors.servers import ResetProxy, WebDav
from tests.editor.review.conftest import Team
from tests.runtime.servers import free_port


def dav_target(team: Team, dav: WebDav, url: str | None = None, password: str | None = None) -> None:
    add_target(team.workspace, Target("sharepoint", "webdav", url or dav.url, {"username": dav.username}),
               dav.password if password is None else password)


def item_folders(dav: WebDav) -> list[str]:
    return sorted(p.name for p in (dav.root / "learning").iterdir())


def test_upload_makes_the_folder_and_files_and_republishing_replaces_them(approved: Team,
                                                                           webdav: WebDav) -> None:
    dav_target(approved, webdav)
    assert "accepted the credentials" in open_connector(approved.workspace, "sharepoint").test_connection()
    outbox = Outbox(approved.workspace)
    [result] = outbox.publish(approved.item(), ["sharepoint"], PUBLISHER)
    assert result.state == DONE, result.message
    assert item_folders(webdav) == ["giving-feedback-that-lands-lesson0001"]
    folder = webdav.root / "learning" / "giving-feedback-that-lands-lesson0001"
    assert sorted(p.name for p in folder.iterdir()) == ["scorm12.zip", "tessera.json"]
    assert zipfile.ZipFile(folder / "scorm12.zip").testzip() is None
    assert result.url.endswith("/learning/giving-feedback-that-lands-lesson0001/scorm12.zip")
    status = open_connector(approved.workspace, "sharepoint").status(
        remembered(approved.workspace, "sharepoint", "lesson0001"))  # type: ignore[arg-type]
    assert status.exists

    # Without the shared record (a teammate's fresh copy), the folder is found again by PROPFIND.
    shutil.rmtree(approved.workspace.root / "publications")
    [again] = outbox.publish(approved.item(), ["sharepoint"], PUBLISHER)
    assert again.state == DONE and item_folders(webdav) == ["giving-feedback-that-lands-lesson0001"]
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_a_connection_reset_mid_upload_is_retried_and_leaves_a_whole_file(approved: Team,
                                                                           webdav: WebDav) -> None:
    port = urlsplit(webdav.url).port
    assert port is not None
    proxy = ResetProxy(port)
    try:
        dav_target(approved, webdav, url=webdav.url.replace(f":{port}/", f":{proxy.port}/"))
        outbox = fast_outbox(approved)
        outbox.enqueue(approved.item(), ["sharepoint"], PUBLISHER)
        proxy.cut_next(6000)
        [result] = outbox.run()
        assert result.state == DONE, result.message
        assert proxy.cuts == 1 and [j.attempts for j in outbox.jobs()] == [1]
    finally:
        proxy.close()
    folder = webdav.root / "learning" / "giving-feedback-that-lands-lesson0001"
    assert zipfile.ZipFile(folder / "scorm12.zip").testzip() is None
    assert sorted(p.name for p in folder.iterdir()) == ["scorm12.zip", "tessera.json"]


def test_a_wrong_password_stops_with_advice(approved: Team, webdav: WebDav) -> None:
    dav_target(approved, webdav, password="wrong-password-123")
    [result] = fast_outbox(approved).publish(approved.item(), ["sharepoint"], PUBLISHER)
    assert result.state == FAILED and "401" in result.message and "wrong-password-123" not in result.message
    assert item_folders(webdav) == []


def test_a_server_that_is_down_is_retried_then_given_up(approved: Team, webdav: WebDav) -> None:
    dav_target(approved, webdav, url=f"http://127.0.0.1:{free_port()}/dav/learning/")
    [result] = fast_outbox(approved, attempts=3).publish(approved.item(), ["sharepoint"], PUBLISHER)
    assert result.state == FAILED and "Gave up after 3 attempts" in result.message
    assert "Could not reach 127.0.0.1" in result.message


def test_retire_deletes_the_item_folder(approved: Team, webdav: WebDav) -> None:
    dav_target(approved, webdav)
    result = publish_then_retire(approved, "sharepoint")
    assert result.state == DONE and item_folders(webdav) == []
