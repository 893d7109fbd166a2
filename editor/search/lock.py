"""One writer at a time for a workspace's search index, across threads, processes and people.

The lock is an operating-system file lock (``filelock``): it is released when its holder exits,
even by a crash, so a dead process never blocks the index. While held, a small owner record
names the holder; it is removed on release. Finding the record while nobody holds the lock
therefore means the last writer died in the middle of a change — the index is rebuilt rather
than trusted.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from editor.json_text import parse_json

LOCK_FILE = "index.lock"
OWNER_FILE = "index.lock.owner.json"


class IndexBusy(Exception):
    """Another Tessera is changing the index right now; the message says who."""


@dataclass(frozen=True)
class Owner:
    pid: int
    host: str
    since: float

    def describe(self) -> str:
        since = time.strftime("%H:%M", time.localtime(self.since))
        return f"Tessera on {self.host} (process {self.pid}) since {since}"


class IndexLock:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._owner_path = cache_dir / OWNER_FILE

    def _lock(self) -> FileLock:
        return FileLock(self.cache_dir / LOCK_FILE)

    @contextmanager
    def hold(self, timeout: float = 10.0) -> Iterator[None]:
        """Hold the write lock; raises ``IndexBusy`` when someone else holds it for ``timeout`` seconds."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        lock = self._lock()
        try:
            lock.acquire(timeout=timeout)
        except Timeout as exc:
            holder = self.owner()
            who = holder.describe() if holder else "another program"
            raise IndexBusy(f"The search index is being updated by {who}. Try again in a moment.") from exc
        try:
            record = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
            # Not atomic_write_text: the record only has to outlive a crashed process, not a power
            # cut, and an fsync on every save would double the cost of keeping the index fresh.
            self._owner_path.write_text(json.dumps(record), encoding="utf-8")
            yield
            self._owner_path.unlink(missing_ok=True)
        finally:
            # A failed change leaves the record behind on purpose: the next open sees an
            # interrupted write and rebuilds. Only a change that completed removes it.
            lock.release()

    def owner(self) -> Owner | None:
        try:
            data = parse_json(self._owner_path.read_text(encoding="utf-8"))
            return Owner(int(data["pid"]), str(data["host"]), float(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def interrupted_writer(self) -> Owner | None:
        """The writer that died while changing the index, if the last change never completed."""
        if not self._owner_path.exists():
            return None
        lock = self._lock()
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return None          # a live process holds the lock: its change is still under way
        try:
            return self.owner() or Owner(0, "unknown", 0.0)
        finally:
            lock.release()
