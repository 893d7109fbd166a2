"""Readable, unique folder and file names made from titles."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path


def slugify(title: str, fallback: str = "untitled") -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def unique_path(folder: Path, stem: str, suffix: str = "") -> Path:
    """``folder/stem{suffix}``, or ``stem-2``, ``stem-3``… if that name is taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def new_id() -> str:
    """A stable item id: random, so two people creating items offline never collide. 48 random bits as
    12 hex digits, as the start of a version-4 UUID (without loading ``uuid``, ~2.5 ms of start-up)."""
    return os.urandom(6).hex()
