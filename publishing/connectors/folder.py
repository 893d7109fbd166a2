"""Folder / network share: the package and a JSON sidecar of its metadata, written atomically.

Layout under the target's folder: ``<slug>-<item id>/<format>.zip`` and ``tessera.json``. The item
id at the end of the folder name is the external id: republishing (even without the shared
publication record) finds the folder again and replaces the files in it, so there is never a
second copy. Files are copied to a temporary name in the same folder, flushed to disk and renamed
over the old ones, so a reader (an LMS importing from the share) never sees half a package.
Retiring moves the folder into ``_retired/``; nothing is deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import tempfile
from pathlib import Path
from typing import ClassVar

from editor.atomic import atomic_write_text
from editor.progress import Cancelled
from publishing.connectors.base import (
    Connector,
    Content,
    PermanentError,
    RemoteStatus,
    Step,
    TransientError,
    remote_name,
)
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
            raise TransientError(f"Could not move {folder} aside ({exc.strerror or exc}).") from None

    def status(self, remote: RemoteRef) -> RemoteStatus:
        try:
            folder = self._item_folder(remote.id)
        except PermanentError as exc:
            return RemoteStatus(False, details=str(exc))
        sidecar = folder / SIDECAR
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
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
        if not root.is_dir():
            # A share that is not mounted right now may come back: worth retrying.
            raise TransientError(f"The folder {root} is not reachable (not mounted, or it does not exist). "
                                 "Connect the drive or create the folder.")
        if not os.access(root, os.W_OK):
            raise PermanentError(f"You may not write to {root}; ask for write permission or choose another "
                                 "folder.")
        return root

    def _write(self, content: Content, folder_name: str, step: Step) -> RemoteRef:
        if content.package is None:
            raise PermanentError("Nothing to write: the package was not built.")
        folder = self._item_folder(folder_name)
        try:
            folder.mkdir(exist_ok=True)
            package_name = f"{content.package_format or 'package'}.zip"
            _copy_atomically(content.package, folder / package_name, step)
            sidecar = {**content.as_dict(), "package": package_name,
                       "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            atomic_write_text(folder / SIDECAR, json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise TransientError(f"Could not write to {folder} ({exc.strerror or exc}).") from None
        return RemoteRef(folder_name, (folder / package_name).as_uri(), {"file": package_name})


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
