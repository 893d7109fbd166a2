"""A lesson or curated item's source file on disk, with safe load and conflict-aware save."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editor.atomic import atomic_write_bytes, write_lock


class LoadError(Exception):
    """The file cannot be read as a lesson; the message says why and what to do."""


class ConflictError(Exception):
    """The file changed on disk since it was loaded; ``disk_text`` is the other version."""

    def __init__(self, path: Path, disk_text: str | None) -> None:
        self.path = path
        self.disk_text = disk_text
        what = "was deleted" if disk_text is None else "was changed by someone else"
        super().__init__(f"{path} {what} since you opened it. Nothing was overwritten; "
                         "choose which version to keep.")


def digest(data: bytes) -> str:
    import hashlib  # on first use: ~3 ms the window's first frame does without

    return hashlib.sha256(data).hexdigest()


def read_text(path: Path) -> tuple[str, bytes]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(f"{path} does not exist. It may have been moved or deleted.") from exc
    except OSError as exc:
        raise LoadError(f"{path} cannot be read ({exc.strerror}). Check that the folder is "
                        "reachable and that you have permission.") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path} is not UTF-8 text (bad byte at offset {exc.start}). Open it in a "
                        "text editor and save it as UTF-8.") from exc
    return text, data


@dataclass
class SourceFile:
    path: Path
    text: str              # exactly as on disk (newlines untouched)
    disk_digest: str | None  # digest of what we last read or wrote; None for a new file

    @classmethod
    def load(cls, path: Path) -> SourceFile:
        text, data = read_text(path)
        return cls(Path(path), text, digest(data))

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def to_disk_form(self, editor_text: str) -> str:
        """Editors hand us '\\n' text; give it back the file's own line endings."""
        if self.newline == "\r\n" and "\r\n" not in editor_text:
            return editor_text.replace("\n", "\r\n")
        return editor_text

    def disk_state(self) -> tuple[str | None, str | None]:
        """(digest, text) of what is on disk now; (None, None) if the file is gone."""
        try:
            text, data = read_text(self.path)
        except LoadError:
            if self.path.exists():
                raise
            return None, None
        return digest(data), text

    def changed_on_disk(self) -> bool:
        return self.disk_state()[0] != self.disk_digest

    def save(self, text: str, *, force: bool = False) -> bool:
        """Write ``text`` atomically; returns False when there was nothing to write.

        Raises ConflictError instead of overwriting a file someone else changed,
        unless ``force`` (the user chose to keep their version).
        """
        data = text.encode("utf-8")
        # Compare and replace under one lock: another process saving the same file between our
        # check and our rename would otherwise be overwritten without anyone noticing.
        with write_lock(self.path):
            if not force:
                current, disk_text = self.disk_state()
                if current != self.disk_digest:
                    raise ConflictError(self.path, disk_text)
            if not force and digest(data) == self.disk_digest:
                self.text = text
                return False
            atomic_write_bytes(self.path, data)
        self.text = text
        self.disk_digest = digest(data)
        return True

    def reload(self) -> None:
        self.text, data = read_text(self.path)
        self.disk_digest = digest(data)
