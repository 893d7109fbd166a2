"""Atomic file writes: a reader never sees a half-written file, a crash never leaves one.

Also the lock that makes read-compare-write of one shared file atomic across processes
(``write_lock``), and the clean-up of temp files a killed writer left behind (``remove_stale_temps``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_TIMEOUT_SECONDS = 15.0
STALE_TEMP_SECONDS = 60.0       # a temp this old belongs to a writer that was killed
# mkstemp's names: ".<file name>.<8 random letters, digits or _>.tmp" (see atomic_write_bytes).
_OUR_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class WriteError(OSError):
    """A write that could not be completed; the previous file content is untouched."""


def lock_path(path: Path) -> Path:
    return Path(path).with_name(f".{Path(path).name}.lock")


@contextlib.contextmanager
def write_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the lock every compare-and-replace of ``path`` takes, across processes (an OS file lock).

    The lock file sits beside ``path`` (hidden) and is released even if its holder is killed.
    WriteError when another writer holds it for ``timeout`` seconds.
    """
    from filelock import FileLock, Timeout  # ~20 ms to import: loaded with the first save, not at start-up

    path = Path(path)
    lock = FileLock(lock_path(path), timeout=timeout)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise WriteError(f"{path} is being saved by another program for over {timeout:.0f} s. Nothing was "
                         "written; try again in a moment.") from None
    except OSError as exc:
        raise WriteError(exc.errno, f"Could not save {path}: {exc.strerror or exc}. The previous version is "
                         "unchanged; check that the folder exists and that you may change it.") from exc
    try:
        yield
    finally:
        lock.release()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync, then rename.

    Renaming within one folder is atomic on every platform we support, so other
    processes (and sync tools) see either the old or the new content, never a mix.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # mkstemp makes private (0600) files; teammates on a shared folder must read them.
            if os.name == "posix":
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise WriteError(exc.errno, f"Could not save {path}: {exc.strerror or exc}. "
                         "The previous version is unchanged; free some space or check "
                         "permissions, then save again.") from exc
    _fsync_folder(path.parent)
    remove_stale_temps(path.parent, path.name)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_stale_temps(folder: Path, name: str | None = None) -> int:
    """Delete our temp files in ``folder`` (of file ``name``, or of any file) untouched for a minute.

    A writer killed between creating its temp file and renaming it leaves one behind; a live
    writer keeps touching its temp, so a minute without change means nobody owns it. Returns how
    many were removed; a temp that cannot be removed now is left for the next time.
    """
    pattern = f".{glob.escape(name)}.*.tmp" if name else ".*.tmp"
    cutoff = time.time() - STALE_TEMP_SECONDS
    removed = 0
    for candidate in Path(folder).glob(pattern):
        try:
            if _OUR_TEMP.fullmatch(candidate.name) and candidate.is_file() and not candidate.is_symlink() \
                    and candidate.lstat().st_mtime < cutoff:
                candidate.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def remove_stale_temps_under(root: Path, skip: frozenset[str] = frozenset({".git"})) -> int:
    """``remove_stale_temps`` in ``root`` and every folder below it (links not followed)."""
    removed = 0
    for folder, subfolders, _files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in skip]
        removed += remove_stale_temps(Path(folder))
    return removed


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or what a plain ``open()`` would give a new file."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    # Persist the rename itself; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
