"""Publishing errors in the GUI's words: what to do first, then what happened.

The core's messages are written for the command line too ("store the secret again with 'tessera
targets add'"). In the app the same fix is a menu away, so CLI commands are replaced by the menu
entry, and a short first line says what to do for the usual causes (refused credentials, a wrong
endpoint, a missing secret, the network).
"""

from __future__ import annotations

import re

TARGETS = "Publish ▸ Targets…"
QUEUE = "Publish ▸ Publishing queue"
_COMMANDS = (
    (re.compile(r"'tessera targets (?:add|list)[^']*'"), TARGETS),
    (re.compile(r"'tessera analytics'"), "Publish ▸ How learners do…"),
    (re.compile(r"'tessera outbox[^']*'"), QUEUE),
)
# First match wins: the most specific causes come first.
_HINTS = (
    (re.compile(r"\bHTTP 401\b"), f"Check the credentials in {TARGETS}"),
    (re.compile(r"\bHTTP 403\b"), "Ask the platform's administrator for the permission this account lacks"),
    (re.compile(r"\bHTTP 404\b"), f"Check the endpoint and options in {TARGETS}"),
    (re.compile(r"\bNo [\w ]+ is stored for\b"), f"Enter the secret in {TARGETS}"),
    (re.compile(r"keychain", re.IGNORECASE), "Unlock the system keychain, then try again"),
    (re.compile(r"is not usable|There is no publishing target|Unknown option"),
     f"Fix the target in {TARGETS}"),
    (re.compile(r"not allowed|no longer approved|changed while"),
     "Get the current version approved, then publish again"),
    (re.compile(r"^Gave up after"), "Check the network or the server, then press Retry now in the publishing "
     "queue"),
    (re.compile(r"did not answer|Could not reach|not reachable|will be tried again"),
     "Check the network connection, and that the server or share is available"),
)


def in_app_words(message: str) -> str:
    """``message`` with command-line instructions replaced by where to do it in the app."""
    for pattern, replacement in _COMMANDS:
        message = pattern.sub(replacement, message)
    return message.replace("….", "…")


def what_to_do(message: str) -> str:
    """A short instruction for the usual causes of ``message`` ("" when there is none to add)."""
    return next((hint for pattern, hint in _HINTS if pattern.search(message)), "")


def explained(message: str) -> str:
    """'What to do — what happened' for people, in one line."""
    hint = what_to_do(message)
    return f"{hint} — {in_app_words(message)}" if hint else in_app_words(message)
