"""The bench's LMS on 127.0.0.1: serves the recording SCORM host (resources/testbench), the
unzipped package, a one-time cmi5 fetch URL and a small in-memory LRS (statements, State and
Agent Profile documents). Every SCORM call, commit and statement becomes a record
(``records.py``), handed to ``on_record`` as it arrives, so a GUI can show a live log."""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from editor.paths import RESOURCES
from publishing.testbench.records import ApiCall, Commit, Record, StatementRecord

HOST_FILES = RESOURCES / "testbench"
LOCALHOST = "127.0.0.1"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MAX_BODY = 8 * 1024 * 1024
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
         ".xml": "text/xml", ".json": "application/json", ".vtt": "text/vtt", ".png": "image/png",
         ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".mp4": "video/mp4",
         ".webm": "video/webm", ".mp3": "audio/mpeg", ".pdf": "application/pdf"}
DocumentKey = tuple[str, str, str, str, str]


class BenchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, package: Path, on_record: Callable[[Record], None] | None = None) -> None:
        super().__init__((LOCALHOST, 0), _Handler)
        self.package = package.resolve()
        self.on_record = on_record
        self.records: list[Record] = []
        self.launch = 0                       # the launch statements are counted under (cmi5)
        self.auth = "Basic " + base64.b64encode(f"bench:{secrets.token_hex(12)}".encode()).decode()
        self.fetch_tokens: dict[str, bool] = {}
        self.documents: dict[DocumentKey, bytes] = {}
        self.lock = threading.Lock()

    @property
    def origin(self) -> str:
        return f"http://{LOCALHOST}:{self.server_address[1]}"

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)
        if self.on_record:
            self.on_record(record)

    def new_fetch_url(self) -> str:
        name = secrets.token_hex(8)
        with self.lock:
            self.fetch_tokens[name] = True
        return f"{self.origin}/fetch/{name}"

    def take_token(self, name: str) -> str | None:
        with self.lock:
            fresh = self.fetch_tokens.get(name, False)
            self.fetch_tokens[name] = False
        return self.auth.removeprefix("Basic ") if fresh else None

    def put_document(self, key: DocumentKey, body: bytes) -> None:
        with self.lock:
            self.documents[key] = body

    def document(self, key: DocumentKey) -> bytes | None:
        with self.lock:
            return self.documents.get(key)


def document_key(resource: str, query: dict[str, str]) -> DocumentKey:
    try:
        agent = json.dumps(json.loads(query.get("agent", "")), sort_keys=True)
    except ValueError:
        agent = query.get("agent", "")
    name = query.get("stateId") or query.get("profileId") or ""
    return (resource, query.get("activityId", ""), agent, query.get("registration", ""), name)


def _confined(root: Path, relative: str) -> Path | None:
    target = (root / urllib.parse.unquote(relative)).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    server: BenchServer

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not printed: the records are the bench's log."""

    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Cache-Control", "no-store")
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_file(self, found: Path) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Type", TYPES.get(found.suffix.lower(), "application/octet-stream"))
        self.send_header("Content-Length", str(found.stat().st_size))
        self.end_headers()
        with found.open("rb") as source:        # media may be large: streamed, never read whole
            shutil.copyfileobj(source, self.wfile, 1024 * 1024)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, MAX_BODY))

    def do_GET(self) -> None:
        path, query = self._split()
        prefix, _, rest = path.lstrip("/").partition("/")
        if prefix in ("bench", "pkg"):
            found = _confined(HOST_FILES if prefix == "bench" else self.server.package, rest)
            if found is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            else:
                self._send_file(found)
        elif prefix == "xapi":
            self._xapi("GET", rest, query, b"")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

    def do_POST(self) -> None:
        path, query = self._split()
        body = self._body()
        prefix, _, rest = path.lstrip("/").partition("/")
        if path == "/bench/record":
            self._record(body)
        elif prefix == "fetch":
            token = self.server.take_token(rest)
            answer = {"auth-token": token} if token else {"error-code": "1", "error-text": "already used"}
            self._send(HTTPStatus.OK, json.dumps(answer).encode())
        elif prefix == "xapi":
            self._xapi("POST", rest, query, body)
        else:
            self._send(HTTPStatus.NOT_FOUND)

    def do_PUT(self) -> None:
        path, query = self._split()
        prefix, _, rest = path.lstrip("/").partition("/")
        self._xapi("PUT", rest, query, self._body()) if prefix == "xapi" else self._send(HTTPStatus.NOT_FOUND)

    def _split(self) -> tuple[str, dict[str, str]]:
        parts = urllib.parse.urlsplit(self.path)
        return parts.path, dict(urllib.parse.parse_qsl(parts.query))

    def _record(self, body: bytes) -> None:
        try:
            raw = json.loads(body)
            launch, page, dismissing = int(raw["launch"]), int(raw["page"]), bool(raw["dismissing"])
            if raw["kind"] == "call":
                self.server.add(ApiCall(launch, page, str(raw["name"]), tuple(map(str, raw["args"])),
                                        str(raw["result"]), str(raw["error"]), dismissing))
            elif raw["kind"] == "commit":
                values = {str(k): str(v) for k, v in dict(raw["values"]).items()}
                self.server.add(Commit(launch, page, values, bool(raw["terminate"]), dismissing))
        except (ValueError, KeyError, TypeError):
            self._send(HTTPStatus.BAD_REQUEST)
            return
        self._send(HTTPStatus.NO_CONTENT)

    def _xapi(self, method: str, resource: str, query: dict[str, str], body: bytes) -> None:
        if self.headers.get("Authorization") != self.server.auth:
            self._send(HTTPStatus.UNAUTHORIZED, b'{"error": "missing or wrong authorization"}')
        elif resource == "statements" and method in ("POST", "PUT"):
            self._statements(body)
        elif resource in ("activities/state", "agents/profile"):
            key = document_key(resource, query)
            if method == "GET":
                found = self.server.document(key)
                self._send(HTTPStatus.OK, found) if found is not None else self._send(HTTPStatus.NOT_FOUND)
            else:
                self.server.put_document(key, body)
                self._send(HTTPStatus.NO_CONTENT)
        else:
            self._send(HTTPStatus.NOT_FOUND)

    def _statements(self, body: bytes) -> None:
        try:
            parsed = json.loads(body)
            batch = parsed if isinstance(parsed, list) else [parsed]
            records = [_statement_record(self.server.launch, statement) for statement in batch]
        except (ValueError, KeyError, TypeError, AttributeError):
            self._send(HTTPStatus.BAD_REQUEST, b'{"error": "not xAPI statements"}')
            return
        for record in records:
            self.server.add(record)
        self._send(HTTPStatus.OK, json.dumps([r.statement.get("id", "") for r in records]).encode())


def _statement_record(launch: int, statement: dict[str, Any]) -> StatementRecord:
    verb = str(statement["verb"]["id"]).rsplit("/", 1)[-1]
    extensions = (statement.get("context") or {}).get("extensions") or {}
    return StatementRecord(launch, verb, str(statement.get("timestamp", "")),
                           str(extensions.get(SESSION_ID, "")), statement)


@contextmanager
def running_bench_server(package: Path,
                         on_record: Callable[[Record], None] | None = None) -> Iterator[BenchServer]:
    """A bench server for the unzipped ``package`` on a free port; always stopped afterwards."""
    server = BenchServer(package, on_record)
    thread = threading.Thread(target=server.serve_forever, name="tessera-test-bench", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
