"""WebDAV (SharePoint, Nextcloud, any RFC 4918 server): upload with folders, overwrite safely.

Layout under the endpoint (a collection URL): ``<slug>-<item id>/<format>.zip`` and
``tessera.json``, the same as the folder connector. Each file is PUT under a temporary name in
its folder, then MOVEd over the final name with ``Overwrite: T``: a reader never sees a half
upload, and an upload cut off by a reset is simply repeated (the temporary name is fixed per
version, so a retry overwrites it). Folders are made with MKCOL; an existing item folder is found
again by listing the endpoint (PROPFIND, Depth 1) for the item id, so republishing replaces files
instead of adding a second folder. HTTP basic authentication: user name in the options, password
in the keychain. Retiring DELETEs the item folder (SharePoint keeps it in its recycle bin).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx
from lxml import etree

from editor.progress import Cancelled
from publishing.connectors.base import Connector, Content, PermanentError, RemoteStatus, Step, remote_name
from publishing.connectors.folder import SIDECAR
from publishing.connectors.http import TIMEOUT_HELP, Http, timeout_option
from publishing.credentials import Secret
from publishing.outcomes import Cause
from publishing.packages import FORMATS
from publishing.targets import RemoteRef, Target

DAV = "{DAV:}"
_CHUNK = 256 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class WebDavConnector(Connector):
    name = "webdav"
    title = "WebDAV / SharePoint"
    formats = tuple(sorted(FORMATS))
    default_format = "scorm12"
    options: ClassVar[dict[str, str]] = {"username": "account used for HTTP basic authentication",
               "format": "package format to upload (default scorm12)",
               "timeout": TIMEOUT_HELP}
    required_options = ("username",)

    def __init__(self, target: Target, secret: Secret | None) -> None:
        super().__init__(target, secret)
        base = self.target.endpoint.rstrip("/") + "/"
        self.base = base
        password = self.secret.reveal() if self.secret else ""
        self.http = Http(base, timeout=timeout_option(self.target.option("timeout")), secrets=[self.secret],
                         auth=httpx.BasicAuth(self.target.option("username"), password))

    def test_connection(self) -> str:
        self._propfind(self.base, depth="0")
        return f"{self.http.host} accepted the credentials and the folder exists."

    def publish(self, content: Content, step: Step) -> RemoteRef:
        existing = self._find_folder(content.item_id)
        return self._upload(content, existing or f"{content.slug or 'item'}-{content.item_id}", step)

    def update(self, content: Content, remote: RemoteRef, step: Step) -> RemoteRef:
        return self._upload(content, remote.id, step)

    def retire(self, remote: RemoteRef, step: Step) -> None:
        self.http.request("DELETE", self._url(remote.id) + "/", expect=(200, 204, 404))

    def status(self, remote: RemoteRef) -> RemoteStatus:
        url = self._url(remote.id, remote.data.get("file", ""))
        response = self.http.request("PROPFIND", url, headers={"Depth": "0"}, expect=(207, 404))
        if response.status_code == 404:
            return RemoteStatus(False, details="The file is no longer on the server.")
        tree = etree.fromstring(response.content, _PARSER)
        etag = tree.findtext(f".//{DAV}getetag") or ""
        modified = tree.findtext(f".//{DAV}getlastmodified") or ""
        return RemoteStatus(True, url, f"modified {modified} {etag}".strip())

    def close(self) -> None:
        self.http.close()

    # -- steps -------------------------------------------------------------------------------------
    def _upload(self, content: Content, folder: str, step: Step) -> RemoteRef:
        if content.package is None:
            raise PermanentError("Nothing to upload: the package was not built.", cause=Cause.PACKAGE)
        self.http.request("MKCOL", self._url(folder) + "/", expect=(201, 405))   # 405: it exists already
        package_name = f"{content.package_format or 'package'}.zip"
        self._put_then_move(folder, package_name, content.package.stat().st_size,
                            _chunks(content.package, step, f"Uploading {package_name}"), content.version)
        sidecar = {**content.as_dict(), "package": package_name,
                   "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        data = (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        self._put_then_move(folder, SIDECAR, len(data), iter([data]), content.version)
        return RemoteRef(folder, self._url(folder, package_name), {"file": package_name})

    def _put_then_move(self, folder: str, name: str, size: int, body: Iterator[bytes], version: str) -> None:
        temp = self._url(folder, f".{name}.{version[:12] or 'new'}.part")
        self.http.request("PUT", temp, content=body, headers={"Content-Length": str(size)},
                          expect=(200, 201, 204))
        self.http.request("MOVE", temp, headers={"Destination": self._url(folder, name), "Overwrite": "T"},
                          expect=(201, 204))

    def _find_folder(self, item_id: str) -> str | None:
        """The item's folder under the endpoint, found by the item id at the end of its name."""
        tree = self._propfind(self.base, depth="1")
        base_path = urlsplit(self.base).path
        for response in tree.iter(f"{DAV}response"):
            href = unquote(urlsplit(response.findtext(f"{DAV}href") or "").path)
            name = href[len(base_path):].strip("/") if href.startswith(base_path) else ""
            is_folder = response.find(f".//{DAV}resourcetype/{DAV}collection") is not None
            if is_folder and name and "/" not in name and (name == item_id or name.endswith(f"-{item_id}")):
                return name
        return None

    def _propfind(self, url: str, depth: str) -> etree._Element:
        body = (b'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop>'
                b"<d:resourcetype/><d:getetag/><d:getlastmodified/></d:prop></d:propfind>")
        response = self.http.request("PROPFIND", url, content=body, expect=(207,),
                                     headers={"Depth": depth, "Content-Type": "application/xml"})
        try:
            return etree.fromstring(response.content, _PARSER)
        except etree.XMLSyntaxError:
            raise PermanentError(f"{self.http.host} did not answer like a WebDAV server; check the "
                                 "endpoint.", cause=Cause.TARGET) from None

    def _url(self, *segments: str) -> str:
        # Every segment is one plain name: ".." would climb above the collection (urljoin resolves it).
        named = [remote_name(segment, "remote name") for segment in segments if segment]
        return urljoin(self.base, "/".join(quote(segment, safe="") for segment in named))


def _chunks(path: Path, step: Step, label: str) -> Iterator[bytes]:
    total = max(path.stat().st_size, 1)
    sent = 0
    with path.open("rb") as data:
        while chunk := data.read(_CHUNK):
            if step.cancel.cancelled:
                raise Cancelled()
            yield chunk
            sent += len(chunk)
            step.progress(sent / total, label)
