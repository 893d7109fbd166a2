"""User settings: typed preferences and remembered UI state, kept in one ini file.

Preferences (what people choose in the Preferences dialog) are one typed schema with defaults and titles;
UI state (geometry, splitters, recent workspaces) is kept apart from them. Only values that differ from
the default are written, so a default improved in a later version reaches everyone who never changed it.
A stored value that is unreadable, of the wrong type or out of range silently falls back to the default:
a hand-edited or half-synced settings file must never stop the app from starting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.kit.qt import QByteArray, QSettings
from editor.emails import is_email
from editor.paths import user_data_dir

SCHEMA_VERSION = 1
SETTINGS_FILE_NAME = "settings.ini"
MAX_RECENT_WORKSPACES = 8

# Stored value -> human title, in the order the UI lists them.
THEMES: dict[str, str] = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
LESSON_VIEWS: dict[str, str] = {"blocks": "Blocks (forms, no Markdown)", "source": "Source (Markdown)"}
PREVIEW_WIDTHS: dict[str, str] = {"phone": "Phone", "tablet": "Tablet", "desktop": "Desktop"}
EXPORT_FORMATS: dict[str, str] = {
    "scorm12": "SCORM 1.2",
    "scorm2004": "SCORM 2004 (4th edition)",
    "cmi5": "cmi5",
    "xapi": "xAPI (Tin Can)",
    "html": "HTML5",
    "imscc": "IMS Common Cartridge",
}
FONT_SIZE_RANGE = (9, 32)
AUTOSAVE_SECONDS_RANGE = (1, 60)

_VERSION_KEY = "schema_version"
_PREFERENCES_GROUP = "preferences"


def email_problem(text: str) -> str | None:
    """What is wrong with an author email address, or None. Empty is fine: the address is optional."""
    if not text or is_email(text):
        return None
    return "Not an email address. Use the form name@example.com, or leave it empty."


def _setting(
    default: Any,
    title: str,
    *,
    choices: Mapping[str, str] | None = None,
    bounds: tuple[int, int] | None = None,
    check: Callable[[str], str | None] | None = None,
) -> Any:
    """One schema entry: the default plus what the loader and the dialog need to know about the value."""
    metadata = {"title": title, "choices": choices, "bounds": bounds, "check": check}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Preferences:
    """What the user chose; constructing one with an invalid value raises ValueError saying which."""

    author_name: str = _setting("", "Name")
    author_email: str = _setting("", "Email", check=email_problem)
    theme: str = _setting("system", "Theme", choices=THEMES)
    editor_font_size: int = _setting(12, "Editor font size", bounds=FONT_SIZE_RANGE)
    default_export_formats: tuple[str, ...] = _setting(("scorm12",), "Export formats", choices=EXPORT_FORMATS)
    autosave_seconds: int = _setting(3, "Autosave after", bounds=AUTOSAVE_SECONDS_RANGE)
    preview_width: str = _setting("desktop", "Preview width", choices=PREVIEW_WIDTHS)
    # New users write in forms; whoever switches to the Markdown source keeps it (remembered on switching).
    lesson_view: str = _setting("blocks", "Lessons open in", choices=LESSON_VIEWS)
    # Empty: a speech model that an installed package ships (editor/media/whisper.py).
    captions_model_dir: str = _setting("", "Caption model folder")

    def __post_init__(self) -> None:
        for spec in dataclasses.fields(self):
            problem = _problem(spec, getattr(self, spec.name))
            if problem:
                raise ValueError(f"{spec.metadata['title']}: {problem}")


def preference_title(name: str) -> str:
    """The human title of a preference, e.g. ``"Editor font size"`` for ``editor_font_size``."""
    return str(_field(name).metadata["title"])


def _field(name: str) -> dataclasses.Field[Any]:
    for spec in dataclasses.fields(Preferences):
        if spec.name == name:
            return spec
    raise KeyError(name)


def _problem(spec: dataclasses.Field[Any], value: object) -> str | None:
    """Why ``value`` is not acceptable for the preference ``spec``, or None when it is."""
    expected = type(spec.default)
    if type(value) is not expected:  # exact: bool is an int subclass but never a valid font size
        return f"expected {expected.__name__}, got {type(value).__name__}"
    choices = spec.metadata["choices"]
    bounds = spec.metadata["bounds"]
    check = spec.metadata["check"]
    items = value if isinstance(value, tuple) else (value,)
    if choices is not None and any(item not in choices for item in items):
        return f"{value!r} is not one of {', '.join(choices)}"
    if bounds is not None and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
        return f"{value} is outside {bounds[0]}–{bounds[1]}"
    if isinstance(value, tuple) and len(set(value)) != len(value):
        return "lists a value twice"
    return check(value) if check is not None else None


def _string_list(raw: object) -> list[str]:
    # QSettings reads a one-item list back as a plain string and an empty list as None (ini format).
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return raw
    raise ValueError("not a list of strings")


def _from_stored(spec: dataclasses.Field[Any], raw: object) -> Any:
    """Turn what QSettings returns (often a string in ini files) into the preference's type."""
    expected = type(spec.default)
    if expected is int and isinstance(raw, str):
        return int(raw.strip())  # ValueError for garbage, caught by the loader
    if expected is tuple:
        return tuple(_string_list(raw))
    return raw


def _to_stored(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _migrate_v0_flat_keys(store: QSettings) -> None:
    """Version 0 kept everything at the top level in camelCase, and autosave in milliseconds."""
    renames = {
        "authorName": "preferences/author_name",
        "authorEmail": "preferences/author_email",
        "theme": "preferences/theme",
        "fontSize": "preferences/editor_font_size",
        "exportFormats": "preferences/default_export_formats",
        "previewWidth": "preferences/preview_width",
        "geometry": "ui/window_geometry",
        "windowState": "ui/window_state",
        "lastWorkspace": "ui/last_workspace",
        "recentWorkspaces": "ui/recent_workspaces",
    }
    for old, new in renames.items():
        if store.contains(old):
            store.setValue(new, store.value(old))
            store.remove(old)
    if store.contains("autosaveMs"):
        try:
            seconds = round(int(str(store.value("autosaveMs"))) / 1000)
        except ValueError:
            pass  # unreadable: the default applies
        else:
            store.setValue("preferences/autosave_seconds", seconds)
        store.remove("autosaveMs")


# MIGRATIONS[n] upgrades a store at version n to version n + 1; there is one per schema version.
MIGRATIONS: list[Callable[[QSettings], None]] = [_migrate_v0_flat_keys]


class Settings:
    """The settings file: typed preferences plus UI state. Plain class; callers announce changes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else user_data_dir() / SETTINGS_FILE_NAME
        # QSettings writes through a temp file and rename, so a crash never leaves a half-written file.
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._migrate()

    # -- preferences -------------------------------------------------------------------------------

    def load_preferences(self) -> Preferences:
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(Preferences):
            key = f"{_PREFERENCES_GROUP}/{spec.name}"
            if not self._store.contains(key):
                continue
            try:
                value = _from_stored(spec, self._store.value(key))
            except ValueError:
                continue
            if _problem(spec, value) is None:
                values[spec.name] = value
        return Preferences(**values)

    def save_preferences(self, preferences: Preferences) -> None:
        for spec in dataclasses.fields(Preferences):
            key = f"{_PREFERENCES_GROUP}/{spec.name}"
            value = getattr(preferences, spec.name)
            self._put(key, _to_stored(value), is_default=value == spec.default)

    # -- UI state ----------------------------------------------------------------------------------

    def window_geometry(self) -> QByteArray:
        return self._bytes("ui/window_geometry")

    def set_window_geometry(self, state: QByteArray) -> None:
        self._put("ui/window_geometry", state, is_default=state.isEmpty())

    def window_state(self) -> QByteArray:
        return self._bytes("ui/window_state")

    def set_window_state(self, state: QByteArray) -> None:
        self._put("ui/window_state", state, is_default=state.isEmpty())

    def splitter_state(self, name: str) -> QByteArray:
        return self._bytes(f"ui/splitters/{name}")

    def set_splitter_state(self, name: str, state: QByteArray) -> None:
        self._put(f"ui/splitters/{name}", state, is_default=state.isEmpty())

    def header_state(self, name: str) -> QByteArray:
        return self._bytes(f"ui/headers/{name}")

    def set_header_state(self, name: str, state: QByteArray) -> None:
        self._put(f"ui/headers/{name}", state, is_default=state.isEmpty())

    def last_workspace(self) -> Path | None:
        """The workspace open when the app last closed, if that folder still exists."""
        raw = self._store.value("ui/last_workspace")
        if isinstance(raw, str) and raw and Path(raw).is_dir():
            return Path(raw)
        return None

    def set_last_workspace(self, path: Path | None) -> None:
        self._put("ui/last_workspace", str(_normalised(path)) if path else "", is_default=path is None)

    def last_item(self, workspace: Path) -> Path | None:
        """The item open when the app last closed, if it belongs to ``workspace`` and is still there."""
        raw = self._store.value("ui/last_item")
        if not isinstance(raw, str) or not raw:
            return None
        path = Path(raw)
        return path if path.is_relative_to(_normalised(workspace)) and path.exists() else None

    def set_last_item(self, path: Path | None) -> None:
        self._put("ui/last_item", str(_normalised(path)) if path else "", is_default=path is None)

    def welcome_shown(self) -> bool:
        return self._store.value("ui/welcome_shown") in (True, "true")

    def set_welcome_shown(self) -> None:
        self._put("ui/welcome_shown", True, is_default=False)

    def recent_workspaces(self) -> list[Path]:
        """Recently opened workspaces, most recent first, leaving out folders that are not there now."""
        return [path for path in self._stored_recent() if path.is_dir()]

    def add_recent_workspace(self, path: Path) -> None:
        # Missing folders stay in the stored list: a shared drive that is offline today is back tomorrow.
        newest = _normalised(path)
        paths = [newest, *(old for old in self._stored_recent() if old != newest)]
        self._put("ui/recent_workspaces", [str(p) for p in paths[:MAX_RECENT_WORKSPACES]], is_default=False)

    def sync(self) -> None:
        """Write pending changes to disk now (QSettings also does so on its own, later)."""
        self._store.sync()

    # -- storage -----------------------------------------------------------------------------------

    def _put(self, key: str, value: object, *, is_default: bool) -> None:
        if is_default:
            self._store.remove(key)
            return
        if not self._store.contains(_VERSION_KEY):
            self._store.setValue(_VERSION_KEY, SCHEMA_VERSION)
        self._store.setValue(key, value)

    def _bytes(self, key: str) -> QByteArray:
        raw = self._store.value(key)
        return raw if isinstance(raw, QByteArray) else QByteArray()

    def _stored_recent(self) -> list[Path]:
        try:
            entries = _string_list(self._store.value("ui/recent_workspaces"))
        except ValueError:
            return []
        return [Path(entry) for entry in entries if entry]

    def _stored_version(self) -> int:
        try:
            return max(0, int(str(self._store.value(_VERSION_KEY, 0))))
        except ValueError:
            return 0  # unreadable: assume the oldest layout; migrations only touch keys they recognise

    def _migrate(self) -> None:
        version = self._stored_version()
        if version >= SCHEMA_VERSION or not self._store.allKeys():
            return  # current (or newer: leave it alone), or a brand-new file with nothing to migrate
        for migration in MIGRATIONS[version:]:
            migration(self._store)
        self._store.setValue(_VERSION_KEY, SCHEMA_VERSION)
        # Drop migrated values that are defaults or invalid, so the file holds only real choices.
        self.save_preferences(self.load_preferences())


def _normalised(path: Path) -> Path:
    return Path(path).expanduser().resolve()
