"""Where a workspace's outbox lives, and whether a job waits in it to be sent.

Kept apart from ``outbox_store`` and ``outbox``: the window asks at every start whether anything is
left to send, and importing the publishing machinery to find an empty folder held the interpreter for
~120 ms (connectors, package builders, the keychain) while the first lesson was being opened.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from editor.json_text import parse_json
from editor.paths import user_state_dir
from editor.workspace import Workspace
from publishing.targets import workspace_key

QUEUED, DONE, FAILED = "queued", "done", "failed"


def outbox_folder(workspace: Workspace) -> Path:
    """``<user state dir>/outbox/<key>/``, the key derived from the workspace's id in tessera.yaml (its
    identity), not from its path: a workspace deleted and made again at the same path is a new one and
    does not inherit the old one's jobs. Workspaces made before ids existed keep the key of their path."""
    identity = workspace.identity
    # The id comes from a shared file: hashed, so it can only ever name one folder under ours.
    key = hashlib.sha256(f"workspace-id:{identity}".encode()).hexdigest()[:16] if identity \
        else workspace_key(workspace)
    return user_state_dir() / "outbox" / key


def has_queued_jobs(workspace: Workspace) -> bool:
    """Whether any job in the outbox may still be sent. A job file that cannot be read counts as one:
    the outbox itself then decides (and reports) what it is."""
    try:
        with os.scandir(outbox_folder(workspace)) as entries:
            paths = [entry.path for entry in entries if entry.name.endswith(".json")]
    except OSError:
        return False
    for path in paths:
        try:
            raw = parse_json(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True
        if not isinstance(raw, dict) or raw.get("state", QUEUED) == QUEUED:
            return True
    return False
