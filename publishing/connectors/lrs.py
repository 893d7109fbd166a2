"""xAPI learning record store: connection test and reading statements back for analytics.

An LRS receives statements from learners' packages; it does not host content, so publish,
update and retire refuse with a message that says so. Basic authentication (user name in the
options, password in the keychain), ``X-Experience-API-Version: 1.0.3`` on every request.
``statements()`` follows the LRS's ``more`` links. Filters are applied here, not by the LRS:
some LRSs (ralph with its file backend) answer ``verb=`` and ``activity=`` queries with nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin

import httpx

from publishing.connectors.base import Connector, Content, NotSupported, RemoteStatus, Step
from publishing.connectors.http import TIMEOUT_HELP, Http, timeout_option
from publishing.credentials import Secret
from publishing.targets import RemoteRef, Target

XAPI_VERSION = "1.0.3"
_PAGE = 500
_MAX_PAGES = 10_000          # a bound on a runaway "more" chain


class LrsConnector(Connector):
    name = "lrs"
    title = "xAPI learning record store"
    options: ClassVar[dict[str, str]] = {"username": "the LRS account (key) for HTTP basic authentication",
               "timeout": TIMEOUT_HELP}
    required_options = ("username",)

    def __init__(self, target: Target, secret: Secret | None) -> None:
        super().__init__(target, secret)
        self.base = target.endpoint.rstrip("/") + "/"
        password = secret.reveal() if secret else ""
        self.http = Http(self.base, timeout=timeout_option(target.option("timeout")), secrets=[secret],
                         auth=httpx.BasicAuth(target.option("username"), password),
                         headers={"X-Experience-API-Version": XAPI_VERSION})

    def test_connection(self) -> str:
        about = self.http.request("GET", "about", expect=(200, 404))
        versions = ""
        if about.status_code == 200:
            try:
                versions = ", ".join(about.json().get("version", []))
            except (ValueError, AttributeError):
                versions = ""
        # /about needs no credentials, so ask for one statement to prove them (and to reach LRSs without it).
        self.http.request("GET", "statements", params={"limit": "1"}, expect=(200,))
        return f"{self.http.host} accepted the credentials" + (f" (xAPI {versions})." if versions else ".")

    def statements(self, since: str = "") -> Iterator[dict[str, Any]]:
        """Every statement the account may read (stored after ``since``, ISO 8601, when given)."""
        params: dict[str, str] | None = {"limit": str(_PAGE), **({"since": since} if since else {})}
        url: str | None = "statements"
        seen: set[str] = set()
        for _ in range(_MAX_PAGES):
            if not url:
                return
            page = self.http.request("GET", url, params=params, expect=(200,)).json()
            for statement in page.get("statements", []):
                key = str(statement.get("id", ""))
                if key and key in seen:
                    continue
                seen.add(key)
                yield statement
            more = page.get("more") or ""
            url, params = (urljoin(self.base, more) if more else None), None   # "more" carries its query

    def publish(self, content: Content, step: Step) -> RemoteRef:
        raise NotSupported(self._no_content())

    def update(self, content: Content, remote: RemoteRef, step: Step) -> RemoteRef:
        raise NotSupported(self._no_content())

    def retire(self, remote: RemoteRef, step: Step) -> None:
        raise NotSupported(self._no_content())

    def status(self, remote: RemoteRef) -> RemoteStatus:
        raise NotSupported(self._no_content())

    def close(self) -> None:
        self.http.close()

    def _no_content(self) -> str:
        return (f"'{self.target.name}' is a learning record store: it collects what learners do and is read "
                "with 'tessera analytics'. Publish to an LMS, LXP, WebDAV or folder target instead.")
