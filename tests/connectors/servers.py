"""Real servers for connector tests, all on 127.0.0.1 with random ports and always stopped:
a wsgidav WebDAV server with basic authentication, and a TCP proxy that resets a connection
after a number of bytes (an upload cut off mid-way)."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

from tests.runtime.servers import LOCALHOST


@dataclass
class WebDav:
    url: str           # the shared collection, ending with "/"
    root: Path         # the folder it serves
    username: str
    password: str


@contextmanager
def running_webdav(root: Path, username: str, password: str) -> Iterator[WebDav]:
    (root / "learning").mkdir(parents=True, exist_ok=True)
    app = WsgiDAVApp({
        "provider_mapping": {"/dav": str(root)},
        "simple_dc": {"user_mapping": {"*": {username: {"password": password}}}},
        "http_authenticator": {"accept_basic": True, "accept_digest": False, "default_to_digest": False},
        "verbose": 0,
        "logging": {"enable": False},
        "lock_storage": True,
    })
    # cheroot is the WSGI server wsgidav itself runs on; wsgiref cannot end a PUT body (it hangs).
    server = wsgi.Server((LOCALHOST, 0), app, numthreads=4, shutdown_timeout=1)
    server.prepare()
    thread = threading.Thread(target=server.serve, name="webdav", daemon=True)
    thread.start()
    try:
        port = server.bind_addr[1]
        yield WebDav(f"http://{LOCALHOST}:{port}/dav/learning/", root, username, password)
    finally:
        server.stop()
        thread.join(timeout=10)


class ResetProxy:
    """Forwards TCP to ``upstream``; ``cut_next(n)`` resets the next connection after n request bytes."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server((LOCALHOST, 0))
        self.port = self.listener.getsockname()[1]
        self._cut_after: int | None = None
        self.cuts = 0
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, name="reset-proxy", daemon=True).start()

    def cut_next(self, after_bytes: int) -> None:
        with self._lock:
            self._cut_after = after_bytes

    def close(self) -> None:
        self._stopped.set()
        self.listener.close()
        for sock in self._sockets:       # so the server behind us is not left waiting on them
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((LOCALHOST, self.upstream_port))
            with self._lock:
                limit, self._cut_after = self._cut_after, None
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, limit), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, None), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        sent = 0
        try:
            while data := source.recv(65536):
                if limit is not None and sent + len(data) >= limit:
                    sink.sendall(data[: max(limit - sent, 0)])
                    with self._lock:
                        self.cuts += 1
                    for sock in (source, sink):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        sock.close()
                    return
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
