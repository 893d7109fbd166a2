"""The test LMS's xAPI listener for cmi5: the endpoint a cmi5 launch names.

cmi5 asks the LMS for more than statements: before launch it writes the ``LMS.LaunchData`` State
document and the learner's ``cmi5LearnerPreferences`` Agent Profile, which the AU must read.
ralph implements the Statement resource only, so this listener keeps State and Agent Profile
documents itself and forwards every other request (statements, about) to ralph unchanged. It
runs on its own origin, so the browser applies CORS and the page's connect-src as in production,
and it checks that every request carries the token the fetch URL handed out.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from tests.runtime.servers import LOCALHOST, XAPI_VERSION, Lrs, serving_in_thread

DOCUMENT_RESOURCES = {"activities/state": "stateId", "agents/profile": "profileId"}
FORWARDED_HEADERS = ("Authorization", "Content-Type", "X-Experience-API-Version", "If-Match", "If-None-Match")
ALLOWED_HEADERS = ", ".join((*FORWARDED_HEADERS, "Accept"))
EXPOSED_HEADERS = "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through"

DocumentKey = tuple[str, str, str, str, str]  # resource, activityId, agent, registration, document id


def _agent_key(agent_json: str) -> str:
    """One spelling per agent, so the same learner finds the same documents."""
    try:
        return json.dumps(json.loads(agent_json), sort_keys=True)
    except ValueError:
        return agent_json


class LmsListener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, lrs: Lrs, allowed_origin: str) -> None:
        super().__init__((LOCALHOST, 0), _ListenerHandler)
        self.lrs = lrs
        self.allowed_origin = allowed_origin
        self.documents: dict[DocumentKey, bytes] = {}
        self.requests: list[str] = []  # "METHOD path?query -> status", for assertions and failure reports
        self.state_write_seconds = 0.0  # a slow LMS: how long each State document write takes to answer
        self._lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"http://{LOCALHOST}:{self.server_address[1]}/xapi/"

    def put_document(self, resource: str, query: dict[str, str], body: dict[str, Any]) -> None:
        """What the LMS writes before launch (LaunchData, learner preferences)."""
        with self._lock:
            self.documents[self.key(resource, query)] = json.dumps(body).encode()

    def document(self, key: DocumentKey) -> bytes | None:
        with self._lock:
            return self.documents.get(key)

    def store(self, key: DocumentKey, body: bytes | None) -> None:
        with self._lock:
            if body is None:
                self.documents.pop(key, None)
            else:
                self.documents[key] = body

    @staticmethod
    def key(resource: str, query: dict[str, str]) -> DocumentKey:
        id_name = DOCUMENT_RESOURCES[resource]
        return (resource, query.get("activityId", ""), _agent_key(query.get("agent", "")),
                query.get("registration", ""), query.get(id_name, ""))


class _ListenerHandler(BaseHTTPRequestHandler):
    server: LmsListener

    def _split(self) -> tuple[str, dict[str, str]]:
        parts = urllib.parse.urlsplit(self.path)
        resource = parts.path.removeprefix("/xapi/").strip("/")
        return resource, dict(urllib.parse.parse_qsl(parts.query))

    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", self.server.allowed_origin)
        self.send_header("Access-Control-Expose-Headers", EXPOSED_HEADERS)
        self.send_header("X-Experience-API-Version", XAPI_VERSION)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self._send(HTTPStatus.NO_CONTENT, headers={
            "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, OPTIONS",
            "Access-Control-Allow-Headers": ALLOWED_HEADERS, "Access-Control-Max-Age": "600"})

    def do_GET(self) -> None:
        self._handle("GET")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        resource, query = self._split()
        expected = f"Basic {self.server.lrs.basic_token}"
        if self.headers.get("Authorization") != expected:
            self._send(HTTPStatus.UNAUTHORIZED, b'{"error": "missing or wrong authorization"}')
        elif resource in DOCUMENT_RESOURCES:
            self._document(method, resource, query, body)
        else:
            self._forward(method, body)

    def _document(self, method: str, resource: str, query: dict[str, str], body: bytes) -> None:
        key = LmsListener.key(resource, query)
        if method == "GET":
            found = self.server.document(key)
            if found is None:
                self._send(HTTPStatus.NOT_FOUND, b'{"error": "no such document"}')
            else:
                self._send(HTTPStatus.OK, found)
        elif method in ("PUT", "POST"):
            self.server.store(key, body)
            time.sleep(self.server.state_write_seconds if resource == "activities/state" else 0)
            self._send(HTTPStatus.NO_CONTENT)
        else:
            self.server.store(key, None)
            self._send(HTTPStatus.NO_CONTENT)

    def _forward(self, method: str, body: bytes) -> None:
        target = urllib.parse.urljoin(self.server.lrs.endpoint, self.path.removeprefix("/xapi/"))
        headers = {name: value for name in FORWARDED_HEADERS if (value := self.headers.get(name))}
        reply = requests.request(method, target, data=body or None, headers=headers, timeout=20)
        self._send(reply.status_code, reply.content, reply.headers.get("Content-Type", "application/json"))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.requests.append(f"{self.command} {self.path} -> {code}")

    def log_message(self, format: str, *args: Any) -> None:
        self.server.requests.append(format % args)


@contextmanager
def running_listener(lrs: Lrs, allowed_origin: str) -> Iterator[LmsListener]:
    with serving_in_thread(LmsListener(lrs, allowed_origin), "lms-xapi-listener") as listener:
        yield listener
