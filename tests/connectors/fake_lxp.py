"""A local LXP content API written to Degreed's public API documentation (see docs/connectors.md).

Documented behaviour it follows: client-credentials tokens from POST /oauth/token (form fields
grant_type, client_id, client_secret, scope; JSON access_token, token_type "bearer", expires_in,
refresh_token), bearer tokens on /api/v2/…, create/update/delete only on type-specific paths,
reading also through /content/{id}, skills through /content/{id}/relationships/skills, a rate
limit per client with X-Rate-Limit-Limit/-Remaining/-Reset (UTC ISO 8601) on every answer and
429 beyond it. Assumed where the documentation is silent (and recorded in docs/connectors.md):
JSON:API documents with kebab-case attributes, ``filter[external_id]``, cursor paging through
``links.next``, skills identified by name, errors as JSON:API ``errors`` lists, 422 for invalid
documents.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
from typing import Any
from urllib.parse import parse_qs, urlencode

from tests.connectors.faulty_server import FaultyServer, Reply

CONTENT_TYPES = ("articles", "videos", "courses")
API = "/api/v2/"


class FakeLxp(FaultyServer):
    def __init__(self, client_id: str, client_secret: str, *, rate_limit: int = 1000, window: float = 60.0,
                 page_size: int = 2, token_lifetime: int = 3600) -> None:
        super().__init__()
        self.client_id, self.client_secret = client_id, client_secret
        self.rate_limit, self.window, self.page_size = rate_limit, window, page_size
        self.token_lifetime = token_lifetime
        self.tokens: set[str] = set()
        self.items: dict[str, dict[str, Any]] = {}      # id -> {"type", "attributes", "skills"}
        self.token_requests = 0
        self.limited = 0                                 # 429 answers given
        self.ignore_filter = False                       # behave like a server without filter[external_id]
        self._ids = itertools.count(1)
        self._window_start = dt.datetime.now(dt.UTC)
        self._used = 0
        self._rate_lock = threading.Lock()

    # -- helpers for tests ---------------------------------------------------------------------------
    def with_external_id(self, external_id: str) -> list[dict[str, Any]]:
        return [item for item in self.items.values() if item["attributes"].get("external-id") == external_id]

    def revoke_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    # -- the API -------------------------------------------------------------------------------------
    def handle_request_data(self, method: str, path: str, query: dict[str, list[str]],
                            headers: dict[str, str], body: bytes) -> Reply:
        limit_headers, allowed = self._count_request()
        if not allowed:
            self.limited += 1
            return Reply(429, _errors(429, "Too Many Requests"), limit_headers)
        if path == "/oauth/token" and method == "POST":
            reply = self._token(parse_qs(body.decode()))
        elif not path.startswith(API):
            reply = Reply(404, _errors(404, "Not found"))
        elif headers.get("authorization", "").removeprefix("Bearer ") not in self.tokens:
            reply = Reply(401, _errors(401, "The access token is missing, expired or revoked."))
        else:
            try:
                document = json.loads(body) if body else {}
            except ValueError:
                return Reply(400, _errors(400, "The body is not JSON."), limit_headers)
            with self.lock:
                reply = self._content(method, path[len(API):].strip("/").split("/"), query, document)
        reply.headers.update(limit_headers)
        return reply

    def _count_request(self) -> tuple[dict[str, str], bool]:
        with self._rate_lock:
            now = dt.datetime.now(dt.UTC)
            if (now - self._window_start).total_seconds() >= self.window:
                self._window_start, self._used = now, 0
            self._used += 1
            reset = self._window_start + dt.timedelta(seconds=self.window)
            headers = {"X-Rate-Limit-Limit": f"{self.window:g}s",
                       "X-Rate-Limit-Remaining": str(max(0, self.rate_limit - self._used)),
                       "X-Rate-Limit-Reset": reset.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
            return headers, self._used <= self.rate_limit

    def _token(self, form: dict[str, list[str]]) -> Reply:
        def field(name: str) -> str:
            return (form.get(name) or [""])[0]
        self.token_requests += 1
        if field("grant_type") != "client_credentials":
            return Reply(400, {"error": "unsupported_grant_type"})
        if (field("client_id"), field("client_secret")) != (self.client_id, self.client_secret):
            return Reply(401, {"error": "invalid_client"})
        token = f"token-{next(self._ids)}"
        with self.lock:
            self.tokens.add(token)
        return Reply(200, {"access_token": token, "token_type": "bearer", "expires_in": self.token_lifetime,
                           "refresh_token": f"refresh-{token}"})

    def _content(self, method: str, parts: list[str], query: dict[str, list[str]],
                 document: dict[str, Any]) -> Reply:
        if parts[0] != "content":
            return Reply(404, _errors(404, "Not found"))
        rest = parts[1:]
        if not rest and method == "GET":
            return self._list(None, query)
        if len(rest) == 1 and rest[0] in CONTENT_TYPES:
            return self._list(rest[0], query) if method == "GET" else \
                self._create(rest[0], document) if method == "POST" else Reply(405, _errors(405, "No"))
        if len(rest) == 1 and method == "GET":
            item = self.items.get(rest[0])
            if item is None:
                return Reply(404, _errors(404, "No item"))
            return Reply(200, {"data": self._resource(rest[0])})
        if len(rest) == 2 and rest[0] in CONTENT_TYPES:
            return self._one(method, rest[0], rest[1], document)
        if len(rest) == 3 and rest[1:] == ["relationships", "skills"]:
            return self._skills(method, rest[0], document)
        return Reply(404, _errors(404, "Not found"))

    def _create(self, kind: str, document: dict[str, Any]) -> Reply:
        problem = _invalid(kind, document)
        if problem:
            return Reply(422, _errors(422, problem))
        item_id = f"c{next(self._ids)}"
        attributes = dict(document["data"]["attributes"])
        self.items[item_id] = {"type": kind, "attributes": attributes, "skills": set()}
        return Reply(201, {"data": self._resource(item_id)})

    def _one(self, method: str, kind: str, item_id: str, document: dict[str, Any]) -> Reply:
        item = self.items.get(item_id)
        if item is None or item["type"] != kind:
            return Reply(404, _errors(404, "No such item"))
        if method == "DELETE":
            del self.items[item_id]
            return Reply(204)
        if method == "PATCH":
            problem = _invalid(kind, document)
            if problem:
                return Reply(422, _errors(422, problem))
            item["attributes"].update(document["data"]["attributes"])
        return Reply(200, {"data": self._resource(item_id)})

    def _skills(self, method: str, item_id: str, document: dict[str, Any]) -> Reply:
        item = self.items.get(item_id)
        if item is None:
            return Reply(404, _errors(404, "No such item"))
        names = {str(entry.get("id")) for entry in document.get("data", [])}
        if method == "POST":
            item["skills"] |= names
        elif method == "DELETE":
            item["skills"] -= names
        elif method != "GET":
            return Reply(405, _errors(405, "No"))
        if method != "GET":
            return Reply(204)
        return Reply(200, {"data": [{"type": "skills", "id": name} for name in sorted(item["skills"])]})

    def _list(self, kind: str | None, query: dict[str, list[str]]) -> Reply:
        wanted = "" if self.ignore_filter else (query.get("filter[external_id]") or [""])[0]
        start = int((query.get("next") or ["0"])[0])
        size = min(int((query.get("limit") or [str(self.page_size)])[0]), self.page_size)
        matching = [item_id for item_id, item in self.items.items()
                    if (kind is None or item["type"] == kind)
                    and (not wanted or item["attributes"].get("external-id") == wanted)]
        page = matching[start:start + size]
        links: dict[str, str | None] = {"next": None}
        if start + size < len(matching):
            params = {**({"filter[external_id]": wanted} if wanted else {}), "limit": str(size),
                      "next": str(start + size)}
            links["next"] = f"{self.origin}{API}content{'/' + kind if kind else ''}?{urlencode(params)}"
        return Reply(200, {"data": [self._resource(item_id) for item_id in page], "links": links})

    def _resource(self, item_id: str) -> dict[str, Any]:
        item = self.items[item_id]
        return {"id": item_id, "type": item["type"], "attributes": item["attributes"],
                "links": {"self": f"{self.origin}{API}content/{item['type']}/{item_id}"}}


def _invalid(kind: str, document: dict[str, Any]) -> str:
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or data.get("type") != kind:
        return f"'data.type' must be '{kind}'."
    attributes = data.get("attributes")
    if not isinstance(attributes, dict) or not attributes.get("title") or not attributes.get("url"):
        return "'title' and 'url' are required."
    if not str(attributes["url"]).startswith(("http://", "https://")):
        return "'url' must be an absolute http(s) URL."
    return ""


def _errors(status: int, detail: str) -> dict[str, Any]:
    return {"errors": [{"status": str(status), "title": detail}]}
