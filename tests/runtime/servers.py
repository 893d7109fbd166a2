"""The servers a runtime test talks to, all on 127.0.0.1: a static web server that plays the LMS
(host page, runtime scripts, unzipped packages, the cmi5 fetch URL) and a real xAPI LRS (ralph)."""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import requests

LOCALHOST = "127.0.0.1"
XAPI_VERSION = "1.0.3"
STARTUP_SECONDS = 60
MIME_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
              ".xml": "text/xml", ".vtt": "text/vtt", ".png": "image/png", ".svg": "image/svg+xml"}
NOWHERE = str(Path(os.devnull) / "not-served")  # a path that can never be opened: answered with 404


class LmsWebServer(ThreadingHTTPServer):
    """Serves folders under URL prefixes, and answers cmi5 fetch URLs (one token each, once)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__((LOCALHOST, 0), _Handler)
        self.mounts: dict[str, Path] = {}
        self.fetch_tokens: dict[str, str | None] = {}
        self.log: list[str] = []
        self._lock = threading.Lock()

    @property
    def origin(self) -> str:
        return f"http://{LOCALHOST}:{self.server_address[1]}"

    def mount(self, prefix: str, folder: Path) -> str:
        """Serves ``folder`` at ``/prefix/``; returns that URL."""
        if not folder.is_dir():
            raise FileNotFoundError(f"cannot serve {folder}: it is not a folder")
        with self._lock:
            self.mounts[prefix.strip("/")] = folder.resolve()
        return f"{self.origin}/{prefix.strip('/')}/"

    def new_fetch_url(self, auth_token: str) -> str:
        """A cmi5 fetch URL that hands out ``auth_token`` to the first POST only (cmi5 §8.2)."""
        name = secrets.token_hex(8)
        with self._lock:
            self.fetch_tokens[name] = auth_token
        return f"{self.origin}/cmi5-fetch/{name}"

    def take_token(self, name: str) -> str | None:
        """The token behind a fetch URL the first time; None after that or for an unknown URL."""
        with self._lock:
            token = self.fetch_tokens.get(name)
            if token:
                self.fetch_tokens[name] = None
            return token

    def folder_for(self, url_path: str) -> tuple[Path, str] | None:
        prefix, _, rest = url_path.lstrip("/").partition("/")
        with self._lock:
            folder = self.mounts.get(prefix)
        return (folder, rest) if folder else None


class _Handler(SimpleHTTPRequestHandler):
    server: LmsWebServer

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        # The system's MIME table varies between machines; browsers insist on these.
        return MIME_TYPES.get(Path(path).suffix.lower()) or super().guess_type(path)

    def translate_path(self, path: str) -> str:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        found = self.server.folder_for(url_path)
        if not found:
            return NOWHERE
        folder, rest = found
        target = (folder / rest).resolve()
        # Nothing outside a mounted folder is served, whatever the URL says.
        return str(target) if target == folder or folder in target.parents else NOWHERE

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_POST(self) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        prefix, _, name = url_path.lstrip("/").partition("/")
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if prefix != "cmi5-fetch" or name not in self.server.fetch_tokens:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        token = self.server.take_token(name)
        # A second request gets an error document, still with status 200, as cmi5 asks.
        answer = {"auth-token": token} if token else {"error-code": "1", "error-text": "already used"}
        body = json.dumps(answer).encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log.append(format % args)


Server = TypeVar("Server", bound=socketserver.BaseServer)


@contextmanager
def serving_in_thread(server: Server, name: str) -> Iterator[Server]:
    """``server`` answering on a daemon thread for the ``with`` block; then stopped and its port freed."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def running_web_server() -> Iterator[LmsWebServer]:
    with serving_in_thread(LmsWebServer(), "lms-web-server") as server:
        yield server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Lrs:
    """A running ralph LRS and the one account the tests' LMS uses with it."""

    endpoint: str  # the xAPI base URL, ending with "/"
    username: str
    password: str
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def basic_token(self) -> str:
        """The credentials as cmi5's auth-token and Tin Can's ``auth`` carry them."""
        return base64.b64encode(f"{self.username}:{self.password}".encode()).decode()

    def statements(self, **query: str) -> list[dict[str, Any]]:
        """Every statement matching ``query`` (xAPI GET /statements), following "more" links."""
        found: list[dict[str, Any]] = []
        url: str | None = self.endpoint + "statements?" + urllib.parse.urlencode({**query, "limit": "100"})
        while url:
            reply = requests.get(url, auth=(self.username, self.password), timeout=10,
                                 headers={"X-Experience-API-Version": XAPI_VERSION})
            reply.raise_for_status()
            page = reply.json()
            found.extend(page["statements"])
            more = page.get("more")
            url = urllib.parse.urljoin(self.endpoint, more) if more else None
        return found

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def _ralph_env(workdir: Path, allowed_origin: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("RALPH_")}
    env.update({
        "PYTHONUNBUFFERED": "1",  # the log file shows everything up to a failure
        "RALPH_APP_DIR": str(workdir),
        "RALPH_AUTH_FILE": str(workdir / "auth.json"),
        "RALPH_HISTORY_FILE": str(workdir / "history.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "statements"),
        # The package runs on the LMS's origin, the LRS on another one: browsers need CORS for it.
        "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([allowed_origin]),
    })
    return env


@contextmanager
def running_lrs(workdir: Path, allowed_origin: str) -> Iterator[Lrs]:
    """Starts ralph with its file backend in ``workdir``; always stops it."""
    (workdir / "statements").mkdir(parents=True, exist_ok=True)
    env = _ralph_env(workdir, allowed_origin)
    username, password = "tessera-lms", secrets.token_hex(12)
    ralph = Path(sys.executable).with_name("ralph")
    made = subprocess.run([str(ralph), "auth", "-u", username, "-p", password, "-s", "all",
                           "-M", "mailto:lms@example.org", "-w"],
                          env=env, capture_output=True, text=True, timeout=60)
    if made.returncode:
        raise RuntimeError(f"`ralph auth` failed (exit {made.returncode}):\n{made.stdout}{made.stderr}")
    port = free_port()
    log_path = workdir / "ralph.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("ralph_server.py")), LOCALHOST, str(port)],
            env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    lrs = Lrs(f"http://{LOCALHOST}:{port}/xAPI/", username, password, log_path, process)
    try:
        _wait_until_up(lrs, port)
        yield lrs
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_up(lrs: Lrs, port: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if lrs.process.poll() is not None:
            code = lrs.process.returncode
            raise RuntimeError(f"the LRS stopped while starting (exit {code}):\n{lrs.log()}")
        try:
            if requests.get(f"http://{LOCALHOST}:{port}/__heartbeat__", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the LRS did not answer within {STARTUP_SECONDS} s:\n{lrs.log()}")
