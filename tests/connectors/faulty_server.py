"""A small threaded HTTP server on 127.0.0.1 with fault injection, shared by the fake platforms.

Faults are queued per request and used up in order: a status reply (e.g. 503, 429 with headers),
a slow reply (the client times out), a reset connection, or "handle, then hang": the request is
carried out and the answer never comes, like a network that dies after the server accepted it.
An "echo" fault answers with the request body inside the error, as careless servers do.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from tests.runtime.servers import LOCALHOST, serving_in_thread


@dataclass
class Fault:
    kind: str                                  # "status", "echo", "slow", "reset" or "hang"
    path: str = ""                             # only requests whose path starts with this
    method: str = ""                           # only this method ("" = any)
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Reply:
    status: int
    body: Any = None                           # dict/list → JSON, bytes as is, None → empty
    headers: dict[str, str] = field(default_factory=dict)


class FaultyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__((LOCALHOST, 0), _Handler)
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str]] = []       # (method, path) of every request received
        self.headers: list[dict[str, str]] = []         # and its headers (lower-case names), in step
        self.lock = threading.RLock()
        self.stopping = threading.Event()

    @property
    def origin(self) -> str:
        return f"http://{LOCALHOST}:{self.server_address[1]}"

    def inject(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if path.startswith(fault.path) and fault.method in ("", method):
                    self.faults.remove(fault)
                    return fault
        return None

    def handle_request_data(self, method: str, path: str, query: dict[str, list[str]],
                            headers: dict[str, str], body: bytes) -> Reply:
        raise NotImplementedError


class _Handler(BaseHTTPRequestHandler):
    server: FaultyServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.requests.append((self.command, parts.path))
            self.server.headers.append({key.lower(): value for key, value in self.headers.items()})
        fault = self.server.take_fault(self.command, parts.path)
        if fault and fault.kind == "reset":
            self._reset()
            return
        if fault and fault.kind == "slow":
            self.server.stopping.wait(fault.seconds)
        if fault and fault.kind == "status":
            reply = Reply(fault.status, {"errors": [{"status": str(fault.status), "title": "injected"}]},
                          fault.headers)
        elif fault and fault.kind == "echo":     # a careless server that repeats the request in its error
            reply = Reply(fault.status, {"error": "bad request", "received": body.decode("utf-8", "replace")})
        else:
            headers = {key.lower(): value for key, value in self.headers.items()}
            reply = self.server.handle_request_data(self.command, parts.path, parse_qs(parts.query), headers,
                                                    body)
        if fault and fault.kind == "hang":
            self.server.stopping.wait(fault.seconds)
            self._reset()
            return
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        if isinstance(reply.body, (dict, list)):
            data, kind = json.dumps(reply.body).encode(), "application/json"
        else:
            data, kind = reply.body or b"", "application/octet-stream"
        self.send_response(reply.status)
        headers = {"Content-Type": kind, **reply.headers, "Content-Length": str(len(data))}
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _reset(self) -> None:
        # SO_LINGER 0: closing sends a TCP reset instead of a clean end of stream.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:
        pass   # the request list above is the log tests read


Server = TypeVar("Server", bound=FaultyServer)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    with serving_in_thread(server, type(server).__name__):
        try:
            yield server
        finally:
            server.stopping.set()   # before the shutdown: wakes requests a "slow" or "hang" fault holds


def wait_until(condition: Any, seconds: float = 20.0) -> None:
    """Poll ``condition()`` until true (a bounded wait for another process or thread)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for a condition")
        time.sleep(0.05)
