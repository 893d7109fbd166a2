"""What a feature may ask of the window, and the one change notice every panel can listen to.

Features (library, editing, review, search, media, publish) never import the main window: they get a
``WindowContext`` and subscribe to ``ChangeHub.changed``. The shell implements the protocol and is the
only module that knows how the window is put together, so a feature's reach into the window is exactly
what is listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from enum import Enum, auto
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.kit.qt import QObject, QTextCursor, QTextDocument, QWidget, Signal, is_alive

if TYPE_CHECKING:
    from app.kit.actions import ActionRegistry
    from app.kit.settings import Preferences
    from app.kit.tasks import Task, TaskRunner
    from editor.workspace import Item, Workspace


class Change(Enum):
    WORKSPACE_OPENED = auto()
    ITEM_OPENED = auto()           # path: the item's folder or link file
    ITEM_CLOSED = auto()
    ITEM_SAVED = auto()            # path: the saved source file
    ITEM_RESTORED = auto()         # path: the source file a review restore rewrote
    LIBRARY_CHANGED = auto()       # the library's list was read again (opened, or after a create, duplicate,
                                   # rename or trash)
    ITEMS_CHANGED = auto()         # the library found items changed, added or removed on disk; path: the
                                   # item's source file, or None when too many changed to name each one
    REVIEW_CHANGED = auto()        # path: the item's source file
    PUBLISHED = auto()
    PREFERENCES_CHANGED = auto()


@dataclass(frozen=True)
class Notice:
    change: Change
    path: Path | None = None


class ChangeHub(QObject):
    """One typed signal for everything that changed; panels refresh only what a notice names."""

    changed = Signal(object)       # a Notice

    def notify(self, change: Change, path: Path | None = None) -> None:
        self.changed.emit(Notice(change, path))

    def on(self, change: Change, slot: Callable[[Notice], object], owner: QObject) -> None:
        """Call ``slot`` for notices of ``change``, but never once Qt has deleted ``owner``."""
        def forward(notice: object) -> None:
            if isinstance(notice, Notice) and notice.change is change and is_alive(owner):
                slot(notice)
        self.changed.connect(forward)


class OpenDocument(Protocol):
    """The text of the item open in the editor, as features may read and change it (one undo step each)."""

    def text(self) -> str: ...
    def textCursor(self) -> QTextCursor: ...
    def document(self) -> QTextDocument: ...
    def insertion_cursor(self) -> QTextCursor: ...
    def insert_block_text(self, text: str, at: QTextCursor | None = None) -> None: ...
    def replace_range(self, start: int, end: int, text: str) -> None: ...
    def replace_all_text(self, text: str) -> None: ...
    def go_to_line(self, line: int) -> None: ...


class WindowContext(Protocol):
    """Everything a feature may ask of the main window."""

    workspace: Workspace | None
    prefs: Preferences
    runner: TaskRunner
    changes: ChangeHub
    registry: ActionRegistry

    def dialog_parent(self) -> QWidget: ...
    def show_error(self, title: str, message: str) -> None: ...
    def show_status(self, message: str, msecs: int = 8000) -> None: ...
    def track_job(self, task: Task, label: str) -> None: ...
    def edit_preferences(self, _checked: bool = False, *, focus: str = "") -> None: ...
    def set_identity(self, name: str, email: str) -> None: ...

    # the library
    def selected_item(self) -> Item | None: ...
    def library_review_plan(self, reviewed: Set[str]) -> tuple[dict[Path, str], list[Item]]: ...
    def set_statuses(self, statuses: dict[Path, str]) -> None: ...
    def open_source(self, source: Path, line: int | None = None) -> None: ...

    # the item open in the editor
    def open_item_now(self) -> Item | None: ...
    def document(self) -> OpenDocument: ...
    def save_open_item(self) -> bool: ...
    def add_editor_tab(self, widget: QWidget, title: str) -> None: ...
    def show_editor_tab(self, widget: QWidget) -> None: ...
    def show_line(self, line: int) -> None: ...
    def preview_selection(self) -> str: ...
