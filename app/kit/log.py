"""Tessera's own log: a small file in the user state folder, read back for problem reports.

Only the ``tessera`` loggers write here (not every library's chatter), at INFO and above. The file is
turned over when the app starts, not while it writes: ``logging.handlers`` (for its rotating handler)
loads ``socket``, ``pickle`` and ``queue``, ~5 ms of every start, and a session writes a few lines.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from pathlib import Path

from editor.paths import user_state_dir

LOG_NAME = "tessera"
_MAX_BYTES = 256 * 1024
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    return user_state_dir() / "logs" / "tessera.log"


def install_log(path: Path | None = None) -> Path:
    """Send the ``tessera`` loggers to ``path`` (default: ``log_path()``); once per path."""
    target = path or log_path()
    logger = logging.getLogger(LOG_NAME)
    logger.setLevel(logging.INFO)
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == target.resolve():
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _turn_over(target)
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return target


def _turn_over(target: Path) -> None:
    """Past ``_MAX_BYTES``, the log becomes ``<name>.1`` (replacing the one before) and a new one starts."""
    try:
        if target.stat().st_size > _MAX_BYTES:
            os.replace(target, target.with_name(f"{target.name}.1"))
    except OSError:
        pass          # no log yet, or it cannot be moved: go on writing to it


def recent_log_lines(count: int = 60, path: Path | None = None) -> list[str]:
    """The last ``count`` lines of the log; none when there is no log yet or it cannot be read."""
    target = path or log_path()
    try:
        with target.open(encoding="utf-8", errors="replace") as lines:
            return [line.rstrip("\n") for line in deque(lines, maxlen=count)]
    except OSError:
        return []
