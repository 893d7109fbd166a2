"""A lesson's ``media/`` folder as a content-addressed store.

Imported files are named ``<readable-name>-<12 hex of the source's SHA-256>.<ext>``: importing the
same file again (under any name) finds the earlier result by its hash, so it is stored once. The
name carries the hash, not a side index, because lessons live on shared drives and in git where an
index file would conflict between writers. Work happens in a hidden staging folder inside
``media/`` (same file system, so the final rename is atomic) that is removed whatever happens.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from editor.media.errors import MediaError
from editor.progress import CancelToken, ProgressCallback, no_progress
from editor.slugs import slugify

MEDIA_FOLDER = "media"
DIGEST_CHARS = 12               # 48 bits: a collision among a lesson's few hundred files is negligible
STAGING_PREFIX = ".import-"
STALE_STAGING_SECONDS = 24 * 3600   # a staging folder this old belongs to a crashed import
_CHUNK = 1 << 20


def content_digest(path: Path, cancel: CancelToken, progress: ProgressCallback = no_progress) -> str:
    """SHA-256 of the file's bytes (hex), read in chunks so big videos can be cancelled."""
    digest = hashlib.sha256()
    total = max(1, Path(path).stat().st_size)
    done = 0
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            cancel.raise_if_cancelled()
            digest.update(chunk)
            done += len(chunk)
            progress(done / total, "Checking the file")
    return digest.hexdigest()


class MediaStore:
    def __init__(self, lesson_dir: Path) -> None:
        self.lesson_dir = Path(lesson_dir)
        self.folder = self.lesson_dir / MEDIA_FOLDER

    def relative(self, path: Path) -> str:
        """The lesson-relative reference of a stored file, as written in lesson.md."""
        return f"{MEDIA_FOLDER}/{Path(path).name}"

    def contains(self, path: Path) -> bool:
        return Path(path).resolve().parent == self.folder.resolve()

    def stem_for(self, source_name: str, digest: str) -> str:
        return f"{slugify(Path(source_name).stem, 'media')}-{digest[:DIGEST_CHARS]}"

    def find(self, digest: str, suffixes: Collection[str]) -> Path | None:
        """An earlier import of the same source content, with one of ``suffixes``."""
        if not self.folder.is_dir():
            return None
        for candidate in sorted(self.folder.glob(f"*-{digest[:DIGEST_CHARS]}.*")):
            if candidate.suffix.lower() in suffixes and candidate.is_file():
                return candidate
        return None

    def sibling(self, stored: Path, suffix: str) -> Path | None:
        """The file stored beside ``stored`` with another suffix (a video's poster), if present."""
        candidate = stored.with_suffix(suffix)
        return candidate if candidate.is_file() else None

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A private folder inside media/ for work in progress; deleted on exit, success or not."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._remove_stale_staging()
            folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.folder))
        except OSError as exc:
            raise MediaError(f"Cannot write to {self.folder}: {exc.strerror or exc}. Check the folder "
                             "exists and you may change it.") from exc
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def stage_bytes(self, staging: Path, name: str, data: bytes) -> Path:
        staged = staging / name
        try:
            staged.write_bytes(data)
        except OSError as exc:
            raise MediaError(f"Could not write into {self.folder}: {exc.strerror or exc}. Free some space "
                             "and retry.") from exc
        return staged

    def commit(self, files: Sequence[tuple[Path, str]]) -> list[Path]:
        """Move staged files to their final names in media/: all of them, or (on failure) none."""
        moved: list[Path] = []
        try:
            for staged, name in files:
                _flush_to_disk(staged)
                target = self.folder / name
                os.replace(staged, target)
                moved.append(target)
        except OSError as exc:
            for path in moved:
                path.unlink(missing_ok=True)
            raise MediaError(f"Could not save into {self.folder}: {exc.strerror or exc}. Nothing was "
                             "added; free some space or check permissions, then retry.") from exc
        return moved

    def _remove_stale_staging(self) -> None:
        cutoff = time.time() - STALE_STAGING_SECONDS
        for folder in self.folder.glob(f"{STAGING_PREFIX}*"):
            try:
                if folder.is_dir() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue


def _flush_to_disk(path: Path) -> None:
    # The rename must never expose a file whose bytes are still only in the page cache.
    with Path(path).open("rb") as handle:
        os.fsync(handle.fileno())
