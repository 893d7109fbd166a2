"""Undoable library changes: create, duplicate, rename and trash items of a workspace.

Each command calls ``on_changed(select)`` after it did or undid its change, so the
library can reload and select ``select`` (None: keep whatever fits). Failures from
the disk or the workspace go to ``on_error(message)`` instead of into Qt's event loop,
and the failed command marks itself obsolete so the undo stack drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.kit.qt import QUndoCommand
from editor.lesson_file import ConflictError, LoadError
from editor.workspace import LESSON_FILE, Item, TrashEntry, Workspace, WorkspaceError

ChangedCallback = Callable[[Path | None], None]
ErrorCallback = Callable[[str], None]

_FAILURES = (WorkspaceError, LoadError, ConflictError, OSError)


def _source_of(path: Path) -> Path:
    return path / LESSON_FILE if path.is_dir() else path


class _WorkspaceCommand(QUndoCommand):
    def __init__(self, text: str, workspace: Workspace, on_changed: ChangedCallback,
                 on_error: ErrorCallback) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.on_changed = on_changed
        self.on_error = on_error

    def _item(self, path: Path) -> Item:
        """A fresh read: the item may have been edited since the command was made."""
        return self.workspace.read_item(_source_of(path))

    def _attempt(self, doing: str, change: Callable[[], Path | None]) -> None:
        try:
            select = change()
        except _FAILURES as exc:
            self.setObsolete(True)  # the stack drops a command that could not be done or undone
            self.on_error(f"Could not {doing}: {exc}")
            return
        self.on_changed(select)


class _CreateCommand(_WorkspaceCommand):
    """Makes a new item once; undo moves it to the trash, redo brings that same item back."""

    def __init__(self, text: str, doing: str, workspace: Workspace, on_changed: ChangedCallback,
                 on_error: ErrorCallback) -> None:
        super().__init__(text, workspace, on_changed, on_error)
        self.doing = doing                  # completes "Could not …" in error messages
        self.created: Path | None = None
        self._trashed: TrashEntry | None = None

    def _create(self) -> Path:
        raise NotImplementedError

    def redo(self) -> None:
        self._attempt(self.doing, self._redo)

    def undo(self) -> None:
        self._attempt("move the new item to the trash", self._undo)

    def _redo(self) -> Path:
        if self._trashed is not None:
            self.created = self.workspace.restore(self._trashed)
            self._trashed = None
        elif self.created is None:
            self.created = self._create()
        return self.created

    def _undo(self) -> None:
        if self.created is not None:
            self._trashed = self.workspace.trash(self._item(self.created))


class CreateLessonCommand(_CreateCommand):
    def __init__(self, workspace: Workspace, title: str, template: str = "blank", owner: str = "", *,
                 on_changed: ChangedCallback, on_error: ErrorCallback) -> None:
        super().__init__(f"New lesson '{title.strip()}'", f"create the lesson '{title.strip()}'",
                         workspace, on_changed, on_error)
        self.title, self.template, self.owner = title, template, owner

    def _create(self) -> Path:
        return self.workspace.new_lesson(self.title, self.template, self.owner)


class CreateLinkCommand(_CreateCommand):
    """``fields`` are ``Workspace.new_link`` keywords: url, title, summary, source, skills…"""

    def __init__(self, workspace: Workspace, fields: dict[str, object], *,
                 on_changed: ChangedCallback, on_error: ErrorCallback) -> None:
        title = str(fields.get("title", "")).strip()
        super().__init__(f"Add link '{title}'", f"add the link '{title}'", workspace, on_changed, on_error)
        self.fields = dict(fields)

    def _create(self) -> Path:
        fields = dict(self.fields)
        return self.workspace.new_link(str(fields.pop("url", "")), str(fields.pop("title", "")), **fields)


class DuplicateCommand(_CreateCommand):
    def __init__(self, workspace: Workspace, item: Item, *,
                 on_changed: ChangedCallback, on_error: ErrorCallback) -> None:
        super().__init__(f"Duplicate '{item.title}'", f"duplicate '{item.title}'", workspace, on_changed,
                         on_error)
        self.original = item.path

    def _create(self) -> Path:
        return self.workspace.duplicate(self._item(self.original))


class RenameCommand(_WorkspaceCommand):
    def __init__(self, workspace: Workspace, item: Item, title: str, *,
                 on_changed: ChangedCallback, on_error: ErrorCallback) -> None:
        super().__init__(f"Rename '{item.title}'", workspace, on_changed, on_error)
        self.path = item.path
        self.old_title, self.new_title = item.title, title.strip()

    def redo(self) -> None:
        self._attempt(f"rename '{self.old_title}'",
                      lambda: self.workspace.rename(self._item(self.path), self.new_title))

    def undo(self) -> None:
        self._attempt(f"change the title back to '{self.old_title}'",
                      lambda: self.workspace.rename(self._item(self.path), self.old_title))


class TrashCommand(_WorkspaceCommand):
    """Moves an item (its whole folder for a lesson) to the workspace trash; undo puts it back."""

    def __init__(self, workspace: Workspace, item: Item, *,
                 on_changed: ChangedCallback, on_error: ErrorCallback) -> None:
        super().__init__(f"Move '{item.title}' to trash", workspace, on_changed, on_error)
        self.path = item.path
        self._trashed: TrashEntry | None = None

    def redo(self) -> None:
        self._attempt(f"move '{self.path.name}' to the trash", self._trash)

    def undo(self) -> None:
        self._attempt(f"restore '{self.path.name}' from the trash", self._restore)

    def _trash(self) -> None:
        self._trashed = self.workspace.trash(self._item(self.path))

    def _restore(self) -> Path | None:
        if self._trashed is None:
            return None
        restored = self.workspace.restore(self._trashed)
        self._trashed = None
        return restored
