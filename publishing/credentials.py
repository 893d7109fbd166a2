"""Secrets of publishing targets: only in the OS keychain, never in files, logs or messages.

Entries use the service ``tessera`` and the user name ``<workspace key>/<target name>``; the
workspace key is a hash of the workspace folder's path (``targets.workspace_key``), so the same
target name in two workspaces never shares a secret. Moving a workspace folder means entering
its secrets again. Code holds a secret as a ``Secret``, whose ``repr`` and ``str`` never show it;
``redact`` removes secrets from any text that may reach a person or a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, quote_plus

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from editor.workspace import Workspace
from publishing.targets import workspace_key

SERVICE = "tessera"
MASK = "******"
_KEYCHAIN_ADVICE = ("Tessera keeps publishing secrets only in the system keychain. On Windows and macOS "
                    "it is built in; on Linux start and unlock a Secret Service (GNOME Keyring or "
                    "KWallet), then try again.")


class CredentialError(Exception):
    """The keychain cannot be used; the message says what to do (and never holds a secret)."""


class Secret:
    """A secret that does not show itself by accident (repr, str, f-strings, logging)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not value:
            raise ValueError("A secret cannot be empty.")
        self._value = value

    def reveal(self) -> str:
        """The secret itself: only for the one request that needs it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("A Secret cannot be pickled or copied to disk.")


def credential_user(workspace: Workspace, target: str) -> str:
    return f"{workspace_key(workspace)}/{target}"


def store_secret(workspace: Workspace, target: str, secret: str) -> None:
    if not secret:
        raise CredentialError("The secret is empty; nothing was stored.")
    try:
        keyring.set_password(SERVICE, credential_user(workspace, target), secret)
    except KeyringError as exc:
        raise CredentialError(f"The secret for '{target}' could not be stored ({type(exc).__name__}). "
                              f"{_KEYCHAIN_ADVICE}") from None


def load_secret(workspace: Workspace, target: str) -> Secret | None:
    try:
        value = keyring.get_password(SERVICE, credential_user(workspace, target))
    except KeyringError as exc:
        raise CredentialError(f"The secret for '{target}' could not be read ({type(exc).__name__}). "
                              f"{_KEYCHAIN_ADVICE}") from None
    return Secret(value) if value else None


def delete_secret(workspace: Workspace, target: str) -> None:
    try:
        keyring.delete_password(SERVICE, credential_user(workspace, target))
    except PasswordDeleteError:
        pass  # nothing stored: nothing to delete
    except KeyringError as exc:
        raise CredentialError(f"The secret for '{target}' could not be deleted ({type(exc).__name__}). "
                              f"{_KEYCHAIN_ADVICE}") from None


def redact(text: str, secrets: Iterable[Secret | None]) -> str:
    """``text`` with every secret (as is, or URL-encoded as servers echo it) replaced by a mask."""
    for secret in secrets:
        if secret is None:
            continue
        value = secret.reveal()
        for form in {value, quote(value, safe=""), quote_plus(value)}:
            text = text.replace(form, MASK)
    return text
