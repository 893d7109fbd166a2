"""Deterministic package output: the same contents always give the same bytes.

Entries are written in sorted order with a fixed date (1980-01-01, the earliest a zip can hold),
fixed permissions (rw-r--r--) and a fixed "made on Unix" marker, so no wall clock, umask or
platform leaks into a package and rebuilding an unchanged lesson gives an identical file. Media
is stored as is (ZIP_STORED): it is compressed already, and recompressing 200 MB of video costs
seconds to save almost nothing. Text (HTML, XML, JS, captions…) is deflated. Files are streamed,
never read whole into memory; the output appears atomically, or not at all on error or Cancel.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from editor.progress import CancelToken, ProgressCallback, no_progress
from publishing.packages.course import PackageError

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644            # regular file, rw-r--r--
UNIX = 3                        # "made on" system in the zip central directory
CHUNK = 1024 * 1024
TEXT_SUFFIXES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".json", ".xml", ".xsd", ".vtt", ".srt",
                           ".txt", ".md", ".svg", ".csv"})


@dataclass(frozen=True)
class Entry:
    name: str
    data: bytes | None          # in-memory content, or None for a file on disk
    source: Path | None
    size: int

    @property
    def compress_type(self) -> int:
        return zipfile.ZIP_DEFLATED if PurePosixPath(self.name).suffix.lower() in TEXT_SUFFIXES \
            else zipfile.ZIP_STORED


def _checked(name: str) -> str:
    parts = name.split("/")
    if not name or "\\" in name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise PackageError(f"'{name}' cannot be a file name inside a package (use a relative path "
                           "without '..'). Rename the file in the lesson folder.")
    return name


class PackageContents:
    """The files of a package, gathered first and written once in a fixed order."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._folders: set[str] = set()

    def _add(self, entry: Entry) -> None:
        name = _checked(entry.name)
        if name in self._entries:
            raise PackageError(f"Two files would be stored as '{name}' in the package. Rename one of "
                               "them in its lesson folder.")
        folders = {"/".join(name.split("/")[:i]) for i in range(1, name.count("/") + 1)}
        if name in self._folders or folders & self._entries.keys():
            raise PackageError(f"'{name}' would be both a file and a folder in the package. Rename it "
                               "in its lesson folder.")
        self._folders |= folders
        self._entries[name] = entry

    def add_bytes(self, name: str, data: bytes) -> None:
        self._add(Entry(name, data, None, len(data)))

    def add_text(self, name: str, text: str) -> None:
        self.add_bytes(name, text.encode("utf-8"))

    def add_file(self, name: str, source: Path) -> None:
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise PackageError(f"{source} cannot be read ({exc.strerror or exc}).") from exc
        self._add(Entry(name, None, source, size))

    def names(self) -> list[str]:
        return sorted(self._entries)

    def bytes_of(self, name: str) -> bytes:
        """An in-memory file's content (manifests, pages); KeyError for a missing or on-disk one."""
        data = self._entries[name].data
        if data is None:
            raise KeyError(f"{name} is a file on disk, not generated content")
        return data

    def entries(self) -> list[Entry]:
        return [self._entries[name] for name in self.names()]

    @property
    def total_bytes(self) -> int:
        return sum(entry.size for entry in self._entries.values())

    def write_zip(self, out: Path, *, progress: ProgressCallback | None = None,
                  cancel: CancelToken | None = None) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
        try:
            with os.fdopen(fd, "w+b") as handle:
                with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
                    self._write_entries(_ZipSink(archive), progress or no_progress, cancel)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, out)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise

    def write_folder(self, out: Path, *, progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None) -> None:
        """Write the files into ``out``, which must not exist or be an empty folder."""
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise PackageError(f"{out} already exists and is not an empty folder. Choose a new folder "
                               "name, or delete the old export first.")
        out.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
        try:
            self._write_entries(_FolderSink(temp), progress or no_progress, cancel)
            temp.chmod(0o755)
            if out.exists():
                out.rmdir()
            temp.replace(out)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise

    def _write_entries(self, sink: _Sink, progress: ProgressCallback,
                       cancel: CancelToken | None) -> None:
        total = max(1, self.total_bytes)
        done = 0
        for entry in self.entries():
            if cancel:
                cancel.raise_if_cancelled()
            progress(done / total, f"Adding {entry.name}")
            if entry.data is not None:
                sink.write_bytes(entry, entry.data)
                done += entry.size
                continue
            assert entry.source is not None
            with entry.source.open("rb") as source, sink.open(entry) as target:
                while chunk := source.read(CHUNK):
                    if cancel:
                        cancel.raise_if_cancelled()
                    target.write(chunk)
                    done += len(chunk)
                    progress(done / total, f"Adding {entry.name}")
        progress(1.0, "Package written")


class _Sink(Protocol):
    """Where entries go: a zip archive or a folder."""

    def write_bytes(self, entry: Entry, data: bytes) -> None: ...

    def open(self, entry: Entry) -> IO[bytes]: ...


def _zip_info(entry: Entry) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(entry.name, date_time=FIXED_DATE)
    info.compress_type = entry.compress_type
    info.external_attr = FILE_MODE << 16
    info.create_system = UNIX
    info.file_size = entry.size      # lets zipfile choose zip64 up front for very large media
    return info


class _ZipSink:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def write_bytes(self, entry: Entry, data: bytes) -> None:
        self.archive.writestr(_zip_info(entry), data)

    def open(self, entry: Entry) -> IO[bytes]:
        return self.archive.open(_zip_info(entry), "w")


class _FolderSink:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, entry: Entry) -> Path:
        path = self.root.joinpath(*entry.name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_bytes(self, entry: Entry, data: bytes) -> None:
        path = self._path(entry)
        path.write_bytes(data)
        path.chmod(0o644)

    def open(self, entry: Entry) -> IO[bytes]:
        path = self._path(entry)
        handle = path.open("wb")
        path.chmod(0o644)
        return handle
