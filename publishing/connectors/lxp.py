"""LXP content API (Degreed-style): content items created, updated and deleted over OAuth2.

What the public documentation says and what we assume where it is silent is listed in
docs/connectors.md ("LXP"); tests/connectors/fake_lxp.py serves exactly that. In short:

- a client-credentials token from ``token_url`` (form: grant_type, client_id, client_secret,
  scope), kept in memory only, fetched again shortly before it expires and once after a 401;
- items live under type-specific paths (``content/articles``, ``content/videos``,
  ``content/courses``) as JSON:API documents with kebab-case attributes; ``content/{id}`` reads
  any type; skills are attached through ``content/{id}/relationships/skills``;
- every item carries our ``external-id``. Before creating, the connector lists the type with
  ``filter[external_id]`` and checks each page itself (so a server that ignores the filter is
  still safe): a create whose answer was lost is found instead of made twice;
- a create that timed out may still be under way on a slow server: the connector keeps looking
  the item up (for twice the timeout) before it reports the failure, and every retry looks up
  again before creating. Each create sends an ``Idempotency-Key`` (the IETF draft header, the same
  key for every try of one job); the documentation names none, so a server may ignore it;
- 429 and X-Rate-Limit-* headers become a retry at the time the server names.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, ClassVar

import httpx

from publishing.connectors.base import Connector, Content, PermanentError, RemoteStatus, Step, TransientError
from publishing.connectors.http import TIMEOUT_HELP, Http, timeout_option
from publishing.credentials import Secret
from publishing.outcomes import Cause
from publishing.targets import RemoteRef, Target

CONTENT_TYPES = ("articles", "videos", "courses")
DEFAULT_SCOPE = "content:read,content:write"
_EARLY_REFRESH = 60.0        # seconds before expiry when a token is renewed
_MAX_PAGES = 500             # a bound on the external-id search, whatever the server's paging does
_SETTLE_FACTOR = 2.0         # after a timed-out create, look for the item for this many timeouts
_SETTLE_LIMIT = 120.0        # seconds, at most


class LxpConnector(Connector):
    name = "lxp"
    title = "LXP content API (Degreed-style)"
    secret_label = "client secret"
    needs_url = True
    options: ClassVar[dict[str, str]] = {"client_id": "OAuth2 client id of the API key",
               "token_url": "OAuth2 token address (default: <endpoint host>/oauth/token)",
               "scope": f"comma-separated scopes (default {DEFAULT_SCOPE})",
               "lesson_type": "content type for lessons: articles, videos or courses (default courses)",
               "link_type": "content type for curated links (default articles)",
               "organization_code": "tenant code for Extended Enterprise organisations (optional)",
               "url_template": "learner URL of a lesson, e.g. https://lms.example.com/lesson/{id}",
               "url_from": "use the URL another target published the lesson to",
               "timeout": TIMEOUT_HELP}
    required_options = ("client_id",)

    def __init__(self, target: Target, secret: Secret | None) -> None:
        super().__init__(target, secret)
        headers = {"Accept": "application/vnd.api+json, application/json"}
        if target.option("organization_code"):
            headers["X-Degreed-Organization-Code"] = target.option("organization_code")
        self.http = Http(target.endpoint.rstrip("/") + "/", timeout=timeout_option(target.option("timeout")),
                         secrets=[secret], headers=headers)
        self._token = ""
        self._token_expires = 0.0

    @classmethod
    def configure(cls, target: Target) -> list[str]:
        problems = super().configure(target)
        for key, default in (("lesson_type", "courses"), ("link_type", "articles")):
            if target.option(key, default) not in CONTENT_TYPES:
                problems.append(f"The option '{key}' must be one of {', '.join(CONTENT_TYPES)}.")
        return problems

    def test_connection(self) -> str:
        self._api("GET", "content", params={"limit": "1"}, expect=(200,))
        return f"{self.http.host} issued a token and answered a content query."

    def publish(self, content: Content, step: Step) -> RemoteRef:
        kind = self._type_for(content)
        remote_id = step.checkpoint.get("remote_id") or self._find(kind, content.external_id)
        if remote_id:
            return self.update(content, RemoteRef(str(remote_id), data={"type": kind}), step)
        return self._create(content, kind, step)

    def update(self, content: Content, remote: RemoteRef, step: Step) -> RemoteRef:
        kind = self._type_for(content)
        step.progress(0.2, "Updating the item")
        if remote.data.get("type", kind) != kind:      # the target's content type changed: move it
            self.retire(remote, step)
            return self._create(content, kind, step)
        document = self._document(kind, content, remote.id)
        answer = self._api("PATCH", f"content/{kind}/{remote.id}", json=document, expect=(200, 204, 404))
        if answer.status_code == 404:                  # deleted on the server meanwhile: make it again
            return self._create(content, kind, step)
        data = answer.json()["data"] if answer.status_code == 200 else {}
        return self._finish(content, kind, remote.id, data, step)

    def retire(self, remote: RemoteRef, step: Step) -> None:
        kind = remote.data.get("type") or self.target.option("lesson_type", "courses")
        self._api("DELETE", f"content/{kind}/{remote.id}", expect=(200, 204, 404))

    def status(self, remote: RemoteRef) -> RemoteStatus:
        answer = self._api("GET", f"content/{remote.id}", expect=(200, 404))
        if answer.status_code == 404:
            return RemoteStatus(False, details="The item is no longer in the LXP.")
        attributes = answer.json()["data"].get("attributes", {})
        return RemoteStatus(True, str(attributes.get("url", "")), str(attributes.get("title", "")))

    def close(self) -> None:
        self.http.close()

    # -- pieces ------------------------------------------------------------------------------------
    def _type_for(self, content: Content) -> str:
        return (self.target.option("link_type", "articles") if content.kind == "link"
                else self.target.option("lesson_type", "courses"))

    def _document(self, kind: str, content: Content, remote_id: str = "") -> dict[str, Any]:
        if not content.url:
            raise PermanentError("The LXP needs a URL where learners open the item: set the target's "
                                 "'url_template' or 'url_from' option.", cause=Cause.TARGET)
        attributes = {"title": content.title, "summary": content.summary, "url": content.url,
                      "external-id": content.external_id, "language": content.language or None,
                      "duration": content.minutes or None,
                      "duration-type": "Minutes" if content.minutes else None}
        data: dict[str, Any] = {"type": kind,
                                "attributes": {k: v for k, v in attributes.items() if v is not None}}
        if remote_id:
            data["id"] = remote_id
        return {"data": data}

    def _create(self, content: Content, kind: str, step: Step) -> RemoteRef:
        step.progress(0.2, "Creating the item")
        if "create_key" not in step.checkpoint:     # one key for every try of this job's create
            step.checkpoint["create_key"] = uuid.uuid4().hex
            step.save()
        try:
            key = {"Idempotency-Key": str(step.checkpoint["create_key"])}
            created = self._api("POST", f"content/{kind}", json=self._document(kind, content),
                                expect=(200, 201), headers=key)
            data = created.json()["data"]
            remote_id = str(data["id"])
        except TransientError as exc:
            if exc.cause is not Cause.TIMEOUT:
                raise                                # answered, or never arrived: the retry looks up first
            remote_id, data = self._await_create(kind, content.external_id, exc, step), {}
        step.checkpoint["remote_id"] = remote_id  # a resumed job updates this item, never makes another
        step.save()
        return self._finish(content, kind, remote_id, data, step)

    def _await_create(self, kind: str, external_id: str, timed_out: TransientError, step: Step) -> str:
        """The id of an item whose create timed out, once the server shows it; else ``timed_out`` again."""
        settle = min(_SETTLE_FACTOR * self.http.timeout, _SETTLE_LIMIT)
        deadline = time.monotonic() + settle
        step.progress(0.3, f"The server did not confirm the new item; looking for it for {settle:g} s")
        while True:
            found = self._find(kind, external_id)
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise TransientError(f"{timed_out} The new item did not appear within {settle:g} s after "
                                     "that.", cause=Cause.TIMEOUT) from None
            step.pause(min(left, max(settle / 10, 0.2)))

    def _finish(self, content: Content, kind: str, remote_id: str, data: dict[str, Any],
                step: Step) -> RemoteRef:
        step.progress(0.7, "Attaching skills")
        self._sync_skills(remote_id, content.skills)
        url = str((data.get("links") or {}).get("self") or content.url)
        return RemoteRef(remote_id, url, {"type": kind})

    def _sync_skills(self, remote_id: str, skills: tuple[str, ...]) -> None:
        path = f"content/{remote_id}/relationships/skills"
        attached = self._api("GET", path, expect=(200,)).json().get("data", [])
        current = {str(entry.get("id")) for entry in attached}
        wanted = set(skills)
        for method, names in (("POST", wanted - current), ("DELETE", current - wanted)):
            if names:
                self._api(method, path, json={"data": [{"type": "skills", "id": n} for n in sorted(names)]},
                          expect=(200, 201, 204))

    def _find(self, kind: str, external_id: str) -> str | None:
        url: str | None = f"content/{kind}"
        params: dict[str, str] | None = {"filter[external_id]": external_id, "limit": "100"}
        for _ in range(_MAX_PAGES):
            if url is None:
                return None
            page = self._api("GET", url, params=params, expect=(200,)).json()
            for entry in page.get("data", []):
                if (entry.get("attributes") or {}).get("external-id") == external_id:
                    return str(entry["id"])
            url, params = (page.get("links") or {}).get("next"), None   # the next link carries its query
        return None

    def _api(self, method: str, path: str, *, expect: tuple[int, ...], **kwargs: Any) -> httpx.Response:
        """An API call with a bearer token; a 401 gets one new token and one more try."""
        answer = self._with_token(method, path, expect, kwargs)
        if answer.status_code == 401:
            self._token = ""                    # expired or revoked early: fetch a new one
            answer = self._with_token(method, path, expect, kwargs)
            if answer.status_code == 401:
                raise self.http.error_for(answer, method)
        return answer

    def _with_token(self, method: str, path: str, expect: tuple[int, ...],
                    kwargs: dict[str, Any]) -> httpx.Response:
        rest = {key: value for key, value in kwargs.items() if key != "headers"}
        headers = {**kwargs.get("headers", {}), "Authorization": f"Bearer {self._access_token()}"}
        return self.http.request(method, path, headers=headers, expect=(*expect, 401), **rest)

    def _access_token(self) -> str:
        if self._token and time.monotonic() < self._token_expires - _EARLY_REFRESH:
            return self._token
        if self.secret is None:
            raise PermanentError(f"No client secret is stored for '{self.target.name}'; add it with "
                                 "'tessera targets add'.", cause=Cause.SECRET)
        form = {"grant_type": "client_credentials", "client_id": self.target.option("client_id"),
                "client_secret": self.secret.reveal(), "scope": self.target.option("scope", DEFAULT_SCOPE)}
        answer = self.http.request("POST", self._token_url(), data=form, expect=(200,))
        try:
            body = answer.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError):
            raise PermanentError(f"{self.http.host} answered the token request without a usable token; "
                                 "check 'token_url'.", cause=Cause.TARGET) from None
        self._token, self._token_expires = token, time.monotonic() + lifetime
        return token

    def _token_url(self) -> str:
        if self.target.option("token_url"):
            return self.target.option("token_url")
        url = httpx.URL(self.target.endpoint)
        host = url.host.removeprefix("api.")
        port = f":{url.port}" if url.port else ""
        return f"{url.scheme}://{host}{port}/oauth/token"
