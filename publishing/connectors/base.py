"""The one interface every connector implements, and the data that crosses it.

A connector speaks to one kind of place (a folder, a WebDAV server, an LXP, an LRS, an LMS).
It does not decide *whether* something may be published — the outbox checks approval first —
only how to put it there, update it, take it away and say what is there. Every call may be
repeated after a crash or a lost answer and must then leave exactly one remote item: that is
why ``publish`` looks for an existing item (by the stable ``external_id``) before creating one.

Errors are ``TransientError`` (try again later: timeouts, resets, 5xx, 429) or
``PermanentError`` (a person must fix something: credentials, permissions, bad data, a full
disk); both carry a ``Cause`` (``publishing.outcomes``), the HTTP status when there was one, and
a message that says what happened and what to do — never a secret, and never what the outbox
will do next (it says that itself).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from editor.confine import OutsideError, plain_name
from editor.progress import CancelToken, ProgressCallback, no_progress
from publishing.credentials import Secret
from publishing.outcomes import Cause
from publishing.targets import RemoteRef, Target


class ConnectorError(Exception):
    """Publishing failed; ``str(error)`` is a message for people (what happened, what to do)."""

    default_cause: ClassVar[Cause] = Cause.REFUSED

    def __init__(self, message: str, *, cause: Cause | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.cause = cause or self.default_cause
        self.status = status                  # the HTTP status behind the error, when there was one


class TransientError(ConnectorError):
    """Worth retrying later; ``retry_after`` (seconds) is the server's own advice, when it gave one."""

    default_cause = Cause.NETWORK

    def __init__(self, message: str, *, cause: Cause | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, cause=cause, status=status)
        self.retry_after = retry_after


class PermanentError(ConnectorError):
    """Retrying will not help until a person changes something; the message says what."""


class NotSupported(PermanentError):
    """The target cannot do this at all (e.g. an LRS does not host content)."""

    default_cause = Cause.UNSUPPORTED


def remote_name(value: str, what: str = "remote id") -> str:
    """``value`` if it is one plain name, safe to put into a path or a URL segment; else PermanentError.

    Remote ids come from shared publication records and from servers' answers, so either may hold
    ``..``, a separator or an absolute path that would steer the connector outside its target.
    """
    try:
        return plain_name(value, what)
    except OutsideError as exc:
        raise PermanentError(f"{exc} Nothing was changed on the target.") from None


@dataclass(frozen=True)
class Content:
    """What one publication sends: the item's learner-facing metadata and, when needed, a package."""

    item_id: str
    kind: str                         # "lesson" or "link"
    title: str
    external_id: str                  # stable across republishing: how a target recognises the item
    version: str                      # the approved content hash being shipped
    summary: str = ""
    language: str = ""
    skills: tuple[str, ...] = ()
    minutes: int = 0
    url: str = ""                     # where learners open it (a link's own URL, or where it is hosted)
    package: Path | None = None       # the built package, for connectors that upload one
    package_format: str = ""
    slug: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in self.__dataclass_fields__}
        data.update(skills=list(self.skills), package=str(self.package) if self.package else "")
        return data

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Content:
        values = dict(raw)
        values["skills"] = tuple(values.get("skills") or ())
        values["package"] = Path(values["package"]) if values.get("package") else None
        return cls(**values)


@dataclass
class Step:
    """What a running job gives a connector: progress, cancel, and a checkpoint that survives restarts.

    A multi-step connector (upload, then poll) stores what it has done in ``checkpoint`` and
    calls ``save()``; after a crash the job resumes with the same checkpoint.
    """

    progress: ProgressCallback = no_progress
    cancel: CancelToken = field(default_factory=CancelToken)
    checkpoint: dict[str, Any] = field(default_factory=dict)
    save: Callable[[], None] = lambda: None

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` (polling a server, letting it settle); cancelling ends the wait at once."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.cancel.raise_if_cancelled()
            time.sleep(min(left, 0.2))
        self.cancel.raise_if_cancelled()


@dataclass(frozen=True)
class RemoteStatus:
    exists: bool
    url: str = ""
    details: str = ""


class Connector(ABC):
    """Base class of every connector; subclasses set the class attributes and implement the calls."""

    name: ClassVar[str]                      # what targets.yaml's ``connector:`` says
    title: ClassVar[str]                     # what people read
    needs_secret: ClassVar[bool] = True      # a password, client secret or token from the keychain
    secret_label: ClassVar[str] = "password"
    formats: ClassVar[tuple[str, ...]] = ()  # package formats it can upload; () = metadata only
    default_format: ClassVar[str] = ""
    options: ClassVar[dict[str, str]] = {}   # option name -> what it means (shown by the CLI and GUI)
    required_options: ClassVar[tuple[str, ...]] = ()
    needs_url: ClassVar[bool] = False        # lessons need a learner URL (url_template / url_from)

    def __init__(self, target: Target, secret: Secret | None) -> None:
        self.target = target
        self.secret = secret

    def __repr__(self) -> str:
        # Never the secret, whatever a subclass keeps.
        return f"<{type(self).__name__} target={self.target.name!r} endpoint={self.target.endpoint!r}>"

    @classmethod
    def configure(cls, target: Target) -> list[str]:
        """Problems with ``target``'s endpoint and options for this connector (empty: usable)."""
        problems = [f"The option '{key}' is required for {cls.title} targets: {cls.options.get(key, '')}."
                    for key in cls.required_options if not target.option(key)]
        unknown = sorted(set(target.options) - set(cls.options) - {"format", "url_template", "url_from"})
        if unknown:
            problems.append(f"Unknown option(s) {', '.join(unknown)} for {cls.title}; known: "
                            f"{', '.join(sorted(cls.options)) or 'none'}.")
        chosen = target.option("format", cls.default_format)
        if cls.formats and chosen not in cls.formats:
            problems.append(f"{cls.title} targets take the package format(s) {', '.join(cls.formats)}, "
                            f"not '{chosen}'.")
        return problems + cls.endpoint_problems(target.endpoint)

    @classmethod
    def endpoint_problems(cls, endpoint: str) -> list[str]:
        return [] if endpoint.startswith(("https://", "http://")) else [
            f"The endpoint of a {cls.title} target must be an http:// or https:// address, not '{endpoint}'."]

    @property
    def package_format(self) -> str:
        return self.target.option("format", self.default_format) if self.formats else ""

    @abstractmethod
    def test_connection(self) -> str:
        """Reach the target with the stored credentials; a short success message, else ConnectorError."""

    @abstractmethod
    def publish(self, content: Content, step: Step) -> RemoteRef:
        """Put ``content`` on the target: update the item with the same external id if there is one."""

    @abstractmethod
    def update(self, content: Content, remote: RemoteRef, step: Step) -> RemoteRef:
        """Replace what ``remote`` holds with ``content``; a remote that is gone is created again."""

    @abstractmethod
    def retire(self, remote: RemoteRef, step: Step) -> None:
        """Take the item out of use on the target; already gone counts as done."""

    @abstractmethod
    def status(self, remote: RemoteRef) -> RemoteStatus:
        """What the target holds for ``remote`` now."""

    def close(self) -> None:  # noqa: B027 - optional: most connectors hold nothing to release
        """Release connections (the outbox calls it after each job)."""
