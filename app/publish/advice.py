"""Publishing errors in the GUI's words: what to do first (from the cause), then what happened.

The core reports why publishing did not succeed as a ``Cause`` (job files and results carry it;
``cause_of`` names it for an exception). A table maps each cause to a short first line saying what
to do; a job that gave up after retrying a transient cause gets the "Retry now" advice instead.
The core's messages are written for the command line too ("store the secret again with 'tessera
targets add'"). In the app the same fix is a menu away, so CLI commands are replaced by the menu
entry.
"""

from __future__ import annotations

import re

from publishing.outcomes import Cause, cause_of

TARGETS = "Publish ▸ Targets…"
QUEUE = "Publish ▸ Publishing queue"
_COMMANDS = (
    (re.compile(r"'tessera targets (?:add|list)[^']*'"), TARGETS),
    (re.compile(r"'tessera analytics'"), "Publish ▸ How learners do…"),
    (re.compile(r"'tessera outbox[^']*'"), QUEUE),
)
_ADVICE: dict[Cause, str] = {
    Cause.AUTH: f"Check the credentials in {TARGETS}",
    Cause.FORBIDDEN: "Ask the platform's administrator (or the folder's owner) for the permission this "
                     "account lacks",
    Cause.NOT_FOUND: f"Check the endpoint and options in {TARGETS}",
    Cause.SECRET: f"Enter the secret in {TARGETS}",
    Cause.KEYCHAIN: "Unlock the system keychain, then try again",
    Cause.TARGET: f"Fix the target in {TARGETS}",
    Cause.NOT_APPROVED: "Get the current version approved, then publish again",
    Cause.NETWORK: "Check the network connection, and that the server or share is available",
    Cause.TIMEOUT: "The server is slow or out of reach: check the network, then try again",
    Cause.SERVER: "The server has a problem: wait a while, then try again",
    Cause.RATE_LIMITED: "The server asked to slow down: wait a few minutes, then try again",
    Cause.STORAGE: "Connect the drive or share, or free space on it, then try again",
    Cause.VALIDATION: "Fix what the server says, then publish again",
    Cause.PACKAGE: "Fix the problems the package check lists, then publish again",
    Cause.PENDING: "Publish to the target this one links to first",
    Cause.BUSY: "Another Tessera window is sending it: wait for it to finish",
}
# Causes the outbox retries on its own: when a job failed with one of them, it gave up retrying.
_RETRIED = frozenset({Cause.NETWORK, Cause.TIMEOUT, Cause.SERVER, Cause.RATE_LIMITED})
_GAVE_UP = f"Check the network or the server, then press Retry now in the {QUEUE.split(' ▸ ')[-1].lower()}"


def in_app_words(message: str) -> str:
    """``message`` with command-line instructions replaced by where to do it in the app."""
    for pattern, replacement in _COMMANDS:
        message = pattern.sub(replacement, message)
    return message.replace("….", "…")


def what_to_do(cause: Cause | None, *, gave_up: bool = False) -> str:
    """A short instruction for ``cause`` ("" when there is none to add); ``gave_up``: retries ran out."""
    if gave_up and cause in _RETRIED:
        return _GAVE_UP
    return _ADVICE.get(cause, "") if cause is not None else ""


def explained(message: str, cause: Cause | None, *, gave_up: bool = False) -> str:
    """'What to do — what happened' for people, in one line."""
    hint = what_to_do(cause, gave_up=gave_up)
    return f"{hint} — {in_app_words(message)}" if hint else in_app_words(message)


def explained_failure(message: str, error: BaseException | None) -> str:
    """``explained`` for a step that raised ``error`` (what ``StepQueue.error`` holds)."""
    return explained(message, cause_of(error) if error is not None else None)
