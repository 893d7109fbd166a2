"""HTTP for connectors: httpx with explicit timeouts, and server answers turned into our errors.

Timeouts, refused or reset connections, 408/425/429 and 5xx become ``TransientError`` (with the
server's Retry-After or X-Rate-Limit-Reset as ``retry_after``); 401, 403, 404, 507 (no storage
left) and other 4xx become ``PermanentError`` with advice. Each carries its ``Cause`` and status.
When a server says no requests are left in its rate-limit
window (``X-Rate-Limit-Remaining: 0``), the next request waits for the window to reset, so a
multi-request job keeps moving instead of failing and restarting on 429. Messages name the host
and status, quote at most a short excerpt of the server's reply (with known secrets masked), and
never contain headers or request bodies.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Iterable
from typing import Any

import httpx

from publishing.connectors.base import PermanentError, TransientError
from publishing.credentials import Secret, redact
from publishing.outcomes import Cause

DEFAULT_TIMEOUT = 30.0
TIMEOUT_HELP = f"seconds to wait for the server (default {DEFAULT_TIMEOUT:g})"   # the ``timeout`` option
_TRANSIENT = {408: Cause.NETWORK, 425: Cause.SERVER, 429: Cause.RATE_LIMITED}
_PERMANENT = {401: Cause.AUTH, 403: Cause.FORBIDDEN, 404: Cause.NOT_FOUND, 410: Cause.NOT_FOUND,
              507: Cause.STORAGE}
_EXCERPT = 240
_MAX_THROTTLE = 120.0        # longer waits go back to the outbox as a retry at that time


class Http:
    """One connection pool to one server; ``request`` returns a response with an expected status."""

    def __init__(self, base_url: str, *, timeout: float = DEFAULT_TIMEOUT,
                 secrets: Iterable[Secret | None] = (), auth: httpx.Auth | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.host = httpx.URL(base_url).host or base_url
        self.timeout = timeout
        self._secrets = list(secrets)
        self._resume_at = 0.0     # time.monotonic() before which the rate limit says to wait
        self.client = httpx.Client(base_url=base_url, auth=auth, headers=headers, follow_redirects=False,
                                   timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))

    def request(self, method: str, url: str, *, expect: Iterable[int] = (200, 201, 204),
                **kwargs: Any) -> httpx.Response:
        time.sleep(max(0.0, self._resume_at - time.monotonic()))
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise TransientError(f"{self.host} did not answer within {self.timeout:g} s.",
                                 cause=Cause.TIMEOUT) from None
        except httpx.TransportError as exc:
            raise TransientError(f"Could not reach {self.host} ({type(exc).__name__}: the connection "
                                 "failed or was reset).", cause=Cause.NETWORK) from None
        if response.headers.get("X-Rate-Limit-Remaining", "").strip() == "0":
            wait = retry_after(response) or 0.0
            if wait <= _MAX_THROTTLE:
                self._resume_at = time.monotonic() + wait
        if response.status_code in set(expect):
            return response
        raise self.error_for(response, method)

    def error_for(self, response: httpx.Response, method: str) -> TransientError | PermanentError:
        status = response.status_code
        what = f"{self.host} answered {method} with HTTP {status}"
        said = self._excerpt(response)
        if status in _TRANSIENT or (status >= 500 and status != 507):
            return TransientError(f"{what}{said}.", cause=_TRANSIENT.get(status, Cause.SERVER), status=status,
                                  retry_after=retry_after(response))
        advice = {
            401: "The credentials were refused: check the user name or client id in the target's options "
                 "and store the secret again with 'tessera targets add'.",
            403: "The account may not do this: ask the platform's administrator for the needed "
                 "permission or scope.",
            404: "Nothing is there: check the target's endpoint and options (course, folder, path).",
            507: "The server has no storage left for this: free space or ask for a larger quota.",
        }.get(status, "The server refused the request; fix what it says, then publish again.")
        return PermanentError(f"{what}{said}. {advice}", cause=_PERMANENT.get(status, Cause.VALIDATION),
                              status=status)

    def _excerpt(self, response: httpx.Response) -> str:
        try:
            text = " ".join(response.text.split())
        except (UnicodeDecodeError, httpx.ResponseNotRead):
            return ""
        text = redact(text, self._secrets)
        if not text:
            return ""
        return f" ({text[:_EXCERPT]}{'…' if len(text) > _EXCERPT else ''})"

    def close(self) -> None:
        self.client.close()


def retry_after(response: httpx.Response, now: dt.datetime | None = None) -> float | None:
    """Seconds the server asks us to wait: Retry-After (seconds or an HTTP date), else X-Rate-Limit-Reset."""
    now = now or dt.datetime.now(dt.UTC)
    header = response.headers.get("Retry-After", "").strip()
    if header:
        if header.isdigit():
            return float(header)
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, (when.astimezone(dt.UTC) - now).total_seconds())
    reset = response.headers.get("X-Rate-Limit-Reset", "").strip()
    if reset:
        try:
            moment = dt.datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)   # the documented format is UTC
        return max(0.0, (moment - now).total_seconds())
    return None


def seconds_option(value: str, option: str, default: float) -> float:
    """A target option that is a number of seconds; ``default`` when it is not set."""
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise PermanentError(f"The '{option}' option must be a number of seconds, not '{value}'.",
                             cause=Cause.TARGET) from None


def timeout_option(value: str) -> float:
    """The ``timeout`` option of a target in seconds (default 30)."""
    seconds = seconds_option(value, "timeout", DEFAULT_TIMEOUT)
    if not 0 < seconds <= 3600:
        raise PermanentError("The 'timeout' option must be between 0 and 3600 seconds.", cause=Cause.TARGET)
    return seconds
