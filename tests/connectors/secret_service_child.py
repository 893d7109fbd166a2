"""Run by test_secret_service.py inside ``dbus-run-session`` with an unlocked GNOME Keyring.

Stores a WebDAV password with ``tessera targets add`` (read from standard input, as a person
would pipe it), publishes with ``tessera publish`` and prints what happened as JSON: exit codes,
the keychain backend in use, and a hash of what the Secret Service holds (never the secret).
Not a test module itself: it only works inside that session.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import keyring
from keyring.backends.SecretService import Keyring as SecretServiceKeyring


def main(workspace: str, endpoint: str, username: str, lesson: str) -> int:
    keyring.set_keyring(SecretServiceKeyring())      # the real Secret Service, not a guess
    from editor.workspace import Workspace
    from publishing.credentials import SERVICE, credential_user
    from tests.connectors.conftest import cli
    added = cli(["targets", "add", "sharepoint", "--workspace", workspace, "--connector", "webdav",
                 "--endpoint", endpoint, "--option", f"username={username}"])
    published = cli(["publish", lesson, "--target", "sharepoint", "--as", "pat@example.com"])
    user = credential_user(Workspace.open(Path(workspace)), "sharepoint")
    stored = keyring.get_password(SERVICE, user) or ""
    print(json.dumps({"add": added, "publish": published, "backend": type(keyring.get_keyring()).__module__,
                      "stored_sha256": hashlib.sha256(stored.encode()).hexdigest()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
