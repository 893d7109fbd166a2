"""Folder / network share: the package and a JSON sidecar of its metadata, written atomically.

Layout under the target's folder: ``<slug>-<item id>/<format>.zip`` and ``tessera.json``. The item
id at the end of the folder name is the external id: republishing (even without the shared
publication record) finds the folder again and replaces the files in it, so there is never a
second copy. Files are copied to a temporary name in the same folder, flushed to disk and renamed
over the old ones, so a reader (an LMS importing from the share) never sees half a package.
Retiring moves the folder into ``_retired/``; nothing is deleted.

A missing or unmounted folder, a full disk and a read-only share are storage problems a person must
solve (cause ``storage`` or ``forbidden``), not network hiccups worth waiting for. A share that
hangs (a network mount whose server is gone) is given ``probe_seconds`` to answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from editor.atomic import atomic_write_text
from editor.json_text import parse_json
from editor.progress import Cancelled
from publishing.connectors.base import (
    Connector,
    Content,
    PermanentError,
    RemoteStatus,
    Step,
    remote_name,
)
from publishing.outcomes import Cause, cause_of_os_error
from publishing.packages import FORMATS
from publishing.targets import RemoteRef

SIDECAR = "tessera.json"
RETIRED = "_retired"
_CHUNK = 1024 * 1024


class FolderConnector(Connector):
    name = "folder"
    title = "Folder or network share"
    needs_secret = False
    formats = tuple(sorted(FORMATS))
    default_format = "scorm12"
    options: ClassVar[dict[str, str]] = {"format": "package format to write (default scorm12)"}
    probe_seconds: ClassVar[float] = 10.0    # how long a share may take to say whether it is there

    @classmethod
    def endpoint_problems(cls, endpoint: str) -> list[str]:
        if not endpoint or not Path(endpoint).expanduser().is_absolute():
            return [f"The endpoint of a folder target must be an absolute folder path, not '{endpoint}'."]
        return []

    @property
    def root(self) -> Path:
        return Path(self.target.endpoint).expanduser()

    def test_connection(self) -> str:
        root = self._writable_root()
        return f"{root} is a writable folder."

    def publish(self, content: Content, step: Step) -> RemoteRef:
        item_id = remote_name(content.item_id, "item id")
        # glob.escape: an id is a name, never a pattern that could match other items' folders.
        existing = sorted(self._writable_root().glob(f"*-{glob.escape(item_id)}")) + \
            sorted(self.root.glob(glob.escape(item_id)))
        folder_name = existing[0].name if existing else f"{content.slug or 'item'}-{item_id}"
        return self._write(content, folder_name, step)

    def update(self, content: Content, remote: RemoteRef, step: Step) -> RemoteRef:
        self._writable_root()
        return self._write(content, remote.id, step)

    def retire(self, remote: RemoteRef, step: Step) -> None:
        folder = self._item_folder(remote.id)
        if not folder.is_dir():
            return
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        (self.root / RETIRED).mkdir(exist_ok=True)
        try:
            folder.rename(self.root / RETIRED / f"{folder.name}-{stamp}")
        except OSError as exc:
            raise _storage_error(f"Could not move {folder} aside", exc) from None

    def status(self, remote: RemoteRef) -> RemoteStatus:
        try:
            folder = self._item_folder(remote.id)
        except PermanentError as exc:
            return RemoteStatus(False, details=str(exc))
        sidecar = folder / SIDECAR
        try:
            meta = parse_json(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return RemoteStatus(False, details=f"{sidecar} is missing or unreadable.")
        version, when = str(meta.get("version", ""))[:12], meta.get("published_at", "")
        return RemoteStatus(True, folder.as_uri(), f"version {version} published {when}")

    def _item_folder(self, name: str) -> Path:
        """The item's folder directly under the target folder; a name or link leading elsewhere is refused."""
        folder = self.root / remote_name(name, "remote id (folder name)")
        if folder.is_symlink():
            raise PermanentError(f"{folder} is a link; Tessera only writes into real folders inside "
                                 f"{self.root}. Nothing was changed.")
        return folder

    def _writable_root(self) -> Path:
        root = self.root
        if not _answers_in_time(root.is_dir, self.probe_seconds):
            raise PermanentError(f"The folder {root} did not answer within {self.probe_seconds:g} s (a "
                                 "network share whose server is gone?). Reconnect the share, then try again.",
                                 cause=Cause.STORAGE)
        if not root.is_dir():
            raise PermanentError(f"The folder {root} is not reachable (not mounted, or it does not exist). "
                                 "Connect the drive or create the folder, then try again.",
                                 cause=Cause.STORAGE)
        if not os.access(root, os.W_OK):
            raise PermanentError(f"You may not write to {root}; ask for write permission or choose another "
                                 "folder.", cause=Cause.FORBIDDEN)
        return root

    def _write(self, content: Content, folder_name: str, step: Step) -> RemoteRef:
        if content.package is None:
            raise PermanentError("Nothing to write: the package was not built.", cause=Cause.PACKAGE)
        folder = self._item_folder(folder_name)
        try:
            folder.mkdir(exist_ok=True)
            package_name = f"{content.package_format or 'package'}.zip"
            _copy_atomically(content.package, folder / package_name, step)
            sidecar = {**content.as_dict(), "package": package_name,
                       "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            atomic_write_text(folder / SIDECAR, json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise _storage_error(f"Could not write to {folder}", exc) from None
        return RemoteRef(folder_name, (folder / package_name).as_uri(), {"file": package_name})


def _storage_error(what: str, exc: OSError) -> PermanentError:
    cause = cause_of_os_error(exc)
    advice = "Ask for write permission or choose another folder." if cause is Cause.FORBIDDEN else \
        "Free space on the drive, or reconnect the share, then try again."
    return PermanentError(f"{what} ({exc.strerror or exc}). {advice}", cause=cause)


def _answers_in_time(probe: Callable[[], object], seconds: float) -> bool:
    """Whether ``probe()`` returns within ``seconds``; a hung file system keeps only a daemon thread."""
    done = threading.Event()

    def run() -> None:
        with contextlib.suppress(OSError):   # an answer all the same; the caller looks again
            probe()
        done.set()
    threading.Thread(target=run, name="share-probe", daemon=True).start()
    return done.wait(seconds)


def _copy_atomically(source: Path, destination: Path, step: Step) -> None:
    """Copy through a temp file in the destination folder (progress, cancel), then rename into place."""
    total = max(source.stat().st_size, 1)
    fd, temp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=destination.parent)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as data:
            copied = 0
            while chunk := data.read(_CHUNK):
                if step.cancel.cancelled:
                    raise Cancelled()
                out.write(chunk)
                copied += len(chunk)
                step.progress(copied / total, f"Copying {destination.name}")
            out.flush()
            os.fsync(out.fileno())
        step.cancel.raise_if_cancelled()     # the last moment a cancel can still leave nothing behind
        os.chmod(temp_name, 0o644)   # teammates and the LMS must read it; mkstemp makes it private
        os.replace(temp_name, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
