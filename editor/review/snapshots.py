"""Version history: frozen copies of submitted, approved and published content, and restoring them.

A snapshot is ``reviews/<item-id>/versions/<hash>.json``: the source text exactly as it was and
the media manifest (relative path -> sha256). Media bytes go to a content-addressed store
(``reviews/_blobs``), so a file that did not change between versions (or is shared by lessons)
is stored once. Snapshots verify themselves: their hash is recomputed on every read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from editor.atomic import atomic_write_text
from editor.confine import OutsideError, confined, relative_parts
from editor.json_text import parse_json
from editor.lesson_file import ConflictError, SourceFile
from editor.review.content_hash import ContentVersion, content_hash, file_sha256
from editor.review.storage import ReviewError, blob_path, versions_folder
from editor.workspace import Workspace

SNAPSHOT_FORMAT = 1
_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Snapshot:
    hash: str
    kind: str
    text: str
    media: dict[str, str | None]


def snapshot_of(content: ContentVersion) -> Snapshot:
    return Snapshot(content.hash, content.kind, content.text, dict(content.media))


def save_snapshot(workspace: Workspace, item_id: str, content: ContentVersion) -> Path:
    """Keep ``content`` (text and media) in the item's history; a version already kept is left as is."""
    path = versions_folder(workspace, item_id) / f"{content.hash}.json"
    if path.is_file() and _readable(workspace, item_id, content.hash):
        return path
    for relative, sha in content.media.items():
        blob = blob_path(workspace, sha) if sha else None
        if blob is not None and content.folder is not None and not blob.is_file():
            _copy_verified(content.folder / relative, blob, str(sha))
    record = {"format": SNAPSHOT_FORMAT, "hash": content.hash, "kind": content.kind,
              "text": content.text, "media": content.media}
    atomic_write_text(path, json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return path


def load_snapshot(workspace: Workspace, item_id: str, version: str) -> Snapshot:
    """A kept version; ReviewError if it is missing or does not match its hash (damaged or edited)."""
    if not _SHA256.fullmatch(version):
        raise ReviewError(f"{version!r} is not a version (a 64-character content hash); list the versions "
                          "with 'tessera review history'.")
    path = versions_folder(workspace, item_id) / f"{version}.json"
    try:
        record = parse_json(path.read_text(encoding="utf-8"))
        snapshot = Snapshot(str(record["hash"]), str(record["kind"]), str(record["text"]),
                            {str(k): (str(v) if v is not None else None) for k, v in record["media"].items()})
    except FileNotFoundError as exc:
        raise ReviewError(f"Version {version[:12]} was not kept in {path.parent}; it cannot be shown "
                          "or restored (was the reviews folder only partly copied?).") from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReviewError(f"{path} is unreadable ({exc}); the version cannot be shown or restored.") from exc
    if snapshot.hash != version or content_hash(snapshot.text, snapshot.kind, snapshot.media) != version:
        raise ReviewError(f"{path} does not match its content hash: it was edited after it was written, "
                          "so it is not trusted.")
    _check_media_names(path, snapshot)
    return snapshot


def _check_media_names(path: Path, snapshot: Snapshot) -> None:
    """Refuse a snapshot whose media names could reach outside the lesson or the blob store.

    Snapshots live in the shared workspace, and anyone can write one whose hash matches, so the
    hash proves nothing about where its paths point.
    """
    for relative, sha in snapshot.media.items():
        try:
            relative_parts(relative, "media path")
        except OutsideError as exc:
            raise ReviewError(f"{path} is not trusted: {exc}") from exc
        if sha is not None and not _SHA256.fullmatch(sha):
            raise ReviewError(f"{path} is not trusted: the media file {relative!r} is not named by a content "
                              "hash.")


def restore_files(workspace: Workspace, snapshot: Snapshot, source: SourceFile, text: str) -> None:
    """Put the snapshot's media back, then write ``text`` to ``source`` (conflict-checked, atomic).

    The text is checked first so a conflict leaves every file as it was.
    """
    if source.changed_on_disk():
        raise ReviewError(f"{source.path} changed since it was opened; reload it, then restore again.")
    try:
        folder = source.path.parent
        targets = {relative: confined(folder, relative, "media path") for relative in snapshot.media}
    except OutsideError as exc:
        raise ReviewError(f"{exc} Nothing was restored.") from exc
    for relative, sha in snapshot.media.items():
        target = targets[relative]
        if sha is None or (target.is_file() and file_sha256(target) == sha):
            continue
        blob = blob_path(workspace, sha)
        if not blob.is_file():
            raise ReviewError(f"The media file {relative} of this version is missing from {blob.parent}; "
                              "nothing was restored.")
        _copy_verified(blob, target, sha)
    try:
        source.save(source.to_disk_form(text))
    except ConflictError as exc:
        raise ReviewError(f"{exc} The media files were restored; restore again after reloading.") from exc


def _readable(workspace: Workspace, item_id: str, version: str) -> bool:
    try:
        load_snapshot(workspace, item_id, version)
    except ReviewError:
        return False
    return True


def _copy_verified(source: Path, target: Path, sha: str) -> None:
    """Copy ``source`` to ``target`` through a temp file, renaming only if its bytes hash to ``sha``.

    Streams, so large videos never sit in memory; a file that changes while being copied is refused.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha:
            raise ReviewError(f"{source} changed while it was being copied; try again.")
        os.replace(temp_name, target)
    except OSError as exc:
        raise ReviewError(f"Could not copy {source} to {target}: {exc.strerror or exc}.") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
