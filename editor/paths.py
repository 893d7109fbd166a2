"""Where Tessera's shipped resources and per-user data live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TEMPLATES = RESOURCES / "templates"
DEMO_WORKSPACE = RESOURCES / "demo"
PLAYER = RESOURCES / "player"
SCHEMAS = RESOURCES / "schemas"
HELP_GUIDE = RESOURCES / "help" / "guide.md"


def user_data_dir() -> Path:
    # TESSERA_HOME lets tests and portable installs keep everything in one folder.
    override = os.environ.get("TESSERA_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir("Tessera", appauthor=False))


def user_state_dir() -> Path:
    override = os.environ.get("TESSERA_HOME")
    if override:
        return Path(override) / "state"
    return Path(platformdirs.user_state_dir("Tessera", appauthor=False))
