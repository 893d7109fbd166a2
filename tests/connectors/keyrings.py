"""A keychain for tests: ``keyring``'s backend interface over a dict, optionally kept in a JSON file.

The file (``TESSERA_TEST_KEYRING`` names it) lets a child process see what the test stored, as
the OS keychain would; it lives in the test's temporary folder, never in a workspace or TESSERA_HOME.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_VARIABLE = "TESSERA_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, str] = {}
        self._file = Path(os.environ[FILE_VARIABLE]) if os.environ.get(FILE_VARIABLE) else None
        if self._file and self._file.is_file():
            self.entries = json.loads(self._file.read_text(encoding="utf-8"))

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[f"{service}\n{username}"] = password
        self._persist()

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not stored")
        self._persist()

    def _persist(self) -> None:
        if self._file:
            self._file.write_text(json.dumps(self.entries), encoding="utf-8")
