"""Why a publishing step did not succeed, as data: a ``Cause`` the GUI and CLI map to advice.

Connectors raise errors carrying a cause (and the HTTP status when there was one); the outbox
keeps the cause, the status and the remote id in each job file, so nobody has to parse a message
to learn what went wrong. ``cause_of`` names the cause of any exception the publishing core raises.
"""

from __future__ import annotations

import errno
from enum import StrEnum

from editor.progress import Cancelled
from editor.review import ReviewError
from publishing.credentials import CredentialError
from publishing.packages import PackageError
from publishing.targets import TargetError


class Cause(StrEnum):
    AUTH = "auth"                    # credentials refused (HTTP 401)
    FORBIDDEN = "forbidden"          # the account or user may not do this (403, a read-only folder)
    NOT_FOUND = "not-found"          # wrong endpoint, course or path (404, 410)
    RATE_LIMITED = "rate-limited"    # too many requests (429): wait as the server asks
    SERVER = "server"                # the server failed (5xx)
    NETWORK = "network"              # refused or reset connection
    TIMEOUT = "timeout"              # the server did not answer in time (it may still do what was asked)
    STORAGE = "storage"              # full disk or quota, missing share or folder: a person must act
    VALIDATION = "validation"        # the server refused the content (400, 409, 413, 422, a failed import)
    REFUSED = "refused"              # a connector refused for a reason it did not classify
    UNSUPPORTED = "unsupported"      # the target cannot do this at all
    SECRET = "secret"                # no secret is stored for the target
    KEYCHAIN = "keychain"            # the system keychain cannot be used
    TARGET = "target"                # the target is unknown or badly configured
    PENDING = "pending"              # waits for another target to publish the item first
    NOT_APPROVED = "not-approved"    # the item may not be published (any more) as queued
    PACKAGE = "package"              # the package could not be built
    BUSY = "busy"                    # another Tessera window or process runs this job now
    CANCELLED = "cancelled"          # stopped by the person; the job stays queued
    UNEXPECTED = "unexpected"        # a bug or an unforeseen failure in a connector


class PublishError(Exception):
    """Nothing was queued or changed: the item may not be published, or a target or package is unusable."""

    def __init__(self, message: str, cause: Cause = Cause.NOT_APPROVED) -> None:
        super().__init__(message)
        self.cause = cause


_FORBIDDEN_ERRNOS = frozenset({errno.EACCES, errno.EPERM})


def cause_of_os_error(exc: OSError) -> Cause:
    """A local file problem: permission is ``forbidden``, else (full disk, gone share) ``storage``."""
    return Cause.FORBIDDEN if exc.errno in _FORBIDDEN_ERRNOS else Cause.STORAGE


def cause_of(exc: BaseException) -> Cause:
    """The cause of a failure raised by the publishing core (connectors, outbox, targets, keychain)."""
    carried = getattr(exc, "cause", None)
    if isinstance(carried, Cause):
        return carried
    for kind, cause in ((Cancelled, Cause.CANCELLED), (CredentialError, Cause.KEYCHAIN),
                        (TargetError, Cause.TARGET), (PackageError, Cause.PACKAGE),
                        (ReviewError, Cause.NOT_APPROVED)):
        if isinstance(exc, kind):
            return cause
    if isinstance(exc, OSError):
        return cause_of_os_error(exc)
    return Cause.UNEXPECTED
