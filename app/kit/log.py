"""Tessera's own log: a small rotating file in the user state folder, read back for problem reports.

Only the ``tessera`` loggers write here (not every library's chatter), at INFO and above.
"""

from __future__ import annotations

import logging
import logging.handlers
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
    handler = logging.handlers.RotatingFileHandler(target, maxBytes=_MAX_BYTES, backupCount=1,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return target


def recent_log_lines(count: int = 60, path: Path | None = None) -> list[str]:
    """The last ``count`` lines of the log; none when there is no log yet or it cannot be read."""
    target = path or log_path()
    try:
        with target.open(encoding="utf-8", errors="replace") as lines:
            return [line.rstrip("\n") for line in deque(lines, maxlen=count)]
    except OSError:
        return []
