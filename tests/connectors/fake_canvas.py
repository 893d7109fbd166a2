"""A local Canvas written to its public API documentation (content migrations, file uploads, progress).

Followed from the documentation: POST /api/v1/courses/:id/content_migrations with migration_type
and pre_attachment[name|size] answers the migration with progress_url and pre_attachment
{upload_url, upload_params}; PUT on the migration hands out new upload parameters; the upload is
a multipart POST to upload_url with every parameter unchanged and ``file`` last, *without* the
access token; it answers 201 (or a 3xx) with a Location that must be confirmed with an
authenticated GET; progress is read from /api/v1/progress/:id (queued, running, completed,
failed). Assumed (docs/connectors.md): importing a cartridge updates the course items whose
cartridge identifiers it already holds instead of adding copies; progress advances one state
per poll.
"""

from __future__ import annotations

import email.message
import email.parser
import io
import itertools
import secrets
import zipfile
from typing import Any
from urllib.parse import parse_qs

from lxml import etree

from tests.connectors.faulty_server import FaultyServer, Reply

MIGRATION_TYPE = "common_cartridge_importer"


class FakeCanvas(FaultyServer):
    def __init__(self, token: str, course_id: str, *, upload_status: int = 201) -> None:
        super().__init__()
        self.token, self.course_id, self.upload_status = token, course_id, upload_status
        self.migrations: dict[str, dict[str, Any]] = {}
        self.progress: dict[str, dict[str, Any]] = {}
        self.pending_files: dict[str, tuple[str, bytes]] = {}   # file id -> (migration id, bytes)
        self.course_items: dict[str, str] = {}                   # cartridge identifier -> title
        self.imports = 0
        self._ids = itertools.count(1)

    def handle_request_data(self, method: str, path: str, query: dict[str, list[str]],
                            headers: dict[str, str], body: bytes) -> Reply:
        with self.lock:
            if path.startswith("/upload/"):
                if "authorization" in headers:
                    return Reply(400, {"message": "the upload URL must not receive the access token"})
                return self._upload(path.removeprefix("/upload/"), headers.get("content-type", ""), body)
            if headers.get("authorization") != f"Bearer {self.token}":
                return Reply(401, {"errors": [{"message": "Invalid access token."}]})
            course = f"/api/v1/courses/{self.course_id}"
            migrations = f"{course}/content_migrations"
            if path == course and method == "GET":
                return Reply(200, {"id": int(self.course_id), "name": "Onboarding"})
            if path == migrations and method == "POST":
                return self._create(parse_qs(body.decode()))
            if path.startswith(migrations + "/"):
                return self._migration(method, path.removeprefix(migrations + "/"), parse_qs(body.decode()))
            if path.startswith("/api/v1/files/") and path.endswith("/create_success"):
                return self._confirm(path.split("/")[4])
            if path.startswith("/api/v1/progress/") and method == "GET":
                return self._poll(path.rsplit("/", 1)[1])
            return Reply(404, {"errors": [{"message": "The specified resource does not exist."}]})

    def _create(self, form: dict[str, list[str]]) -> Reply:
        if (form.get("migration_type") or [""])[0] != MIGRATION_TYPE:
            return Reply(400, {"message": "Invalid migration_type"})
        if not (form.get("pre_attachment[name]") or [""])[0]:
            return Reply(400, {"message": "File upload is required"})
        migration_id, progress_id = str(next(self._ids)), str(next(self._ids))
        self.progress[progress_id] = {"id": int(progress_id), "workflow_state": "queued", "completion": 0,
                                      "migration": migration_id, "message": None}
        self.migrations[migration_id] = {"id": int(migration_id), "migration_type": MIGRATION_TYPE,
                                         "workflow_state": "pre_processing",
                                         "progress_url": f"{self.origin}/api/v1/progress/{progress_id}"}
        pre_attachment = self._pre_attachment(migration_id)
        return Reply(200, {**self.migrations[migration_id], "pre_attachment": pre_attachment})

    def _migration(self, method: str, migration_id: str, form: dict[str, list[str]]) -> Reply:
        migration = self.migrations.get(migration_id)
        if migration is None:
            return Reply(404, {"errors": [{"message": "The specified resource does not exist."}]})
        if method == "PUT" and (form.get("pre_attachment[name]") or [""])[0]:
            return Reply(200, {**migration, "pre_attachment": self._pre_attachment(migration_id)})
        return Reply(200, migration)

    def _pre_attachment(self, migration_id: str) -> dict[str, Any]:
        signature = secrets.token_hex(8)
        self.migrations[migration_id]["signature"] = signature
        return {"upload_url": f"{self.origin}/upload/{migration_id}",
                "upload_params": {"key": f"migrations/{migration_id}/cartridge", "signature": signature}}

    def _upload(self, migration_id: str, content_type: str, body: bytes) -> Reply:
        migration = self.migrations.get(migration_id)
        fields = _multipart(content_type, body)
        names = [name for name, _ in fields]
        values = dict(fields)
        if migration is None or values.get("signature") != migration.get("signature", "").encode():
            return Reply(403, {"message": "The upload signature does not match."})
        if not names or names[-1] != "file":
            return Reply(400, {"message": "'file' must be the last parameter."})
        file_id = str(next(self._ids))
        self.pending_files[file_id] = (migration_id, values["file"])
        location = f"{self.origin}/api/v1/files/{file_id}/create_success?uuid={secrets.token_hex(4)}"
        return Reply(self.upload_status, {"id": int(file_id)}, {"Location": location})

    def _confirm(self, file_id: str) -> Reply:
        if file_id not in self.pending_files:
            return Reply(404, {"message": "No such upload."})
        migration_id, _ = self.pending_files[file_id]
        self.migrations[migration_id]["workflow_state"] = "running"
        self.migrations[migration_id]["file"] = file_id
        return Reply(200, {"id": int(file_id), "display_name": "cartridge.imscc"})

    def _poll(self, progress_id: str) -> Reply:
        progress = self.progress.get(progress_id)
        if progress is None:
            return Reply(404, {"message": "No such progress."})
        migration = self.migrations[progress["migration"]]
        if migration["workflow_state"] == "running" and progress["workflow_state"] == "queued":
            progress.update(workflow_state="running", completion=50)
        elif progress["workflow_state"] == "running":
            self._import(migration, progress)
        public = {key: value for key, value in progress.items() if key != "migration"}
        return Reply(200, public)

    def _import(self, migration: dict[str, Any], progress: dict[str, Any]) -> None:
        _, data = self.pending_files[migration["file"]]
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
            progress.update(workflow_state="failed", message=f"Not a Common Cartridge: {exc}")
            migration["workflow_state"] = "failed"
            return
        for resource in manifest.iter("{*}resource"):
            self.course_items[resource.get("identifier", "")] = resource.get("href", "")
        self.imports += 1
        progress.update(workflow_state="completed", completion=100)
        migration["workflow_state"] = "completed"


def _multipart(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    message = email.parser.BytesParser().parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields = []
    for part in message.get_payload() if message.is_multipart() else []:
        assert isinstance(part, email.message.Message)
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields.append((str(name), payload if isinstance(payload, bytes) else b""))
    return fields
