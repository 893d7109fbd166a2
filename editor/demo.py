"""The demo workspace: copied from resources on first run, never modified in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.paths import DEMO_WORKSPACE, user_data_dir
from editor.workspace import MARKER


def demo_workspace_path() -> Path:
    return user_data_dir() / "Demo workspace"


def ensure_demo_workspace() -> Path:
    """The user's own copy of the demo workspace, created if missing."""
    target = demo_workspace_path()
    if not (target / MARKER).is_file():
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(DEMO_WORKSPACE, partial,
                        ignore=shutil.ignore_patterns("*.py", "__pycache__", ".tessera"))
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    return target


def personal_workspace_path() -> Path:
    return user_data_dir() / "My lessons"


def ensure_personal_workspace() -> Path:
    """A workspace of the user's own for a first lesson, so the demo stays as shipped; created if missing."""
    from editor.workspace import Workspace

    target = personal_workspace_path()
    if not (target / MARKER).is_file():
        Workspace.create(target, "My lessons")
    return target
