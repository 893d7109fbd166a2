"""Settings: typed preferences, only non-defaults on disk, invalid values, migration, recent workspaces."""

from __future__ import annotations

import configparser
import dataclasses
import shutil
from pathlib import Path

import pytest

from app.kit.qt import QByteArray
from app.kit.settings import (
    MAX_RECENT_WORKSPACES,
    MIGRATIONS,
    SCHEMA_VERSION,
    SETTINGS_FILE_NAME,
    Preferences,
    Settings,
    email_problem,
    preference_title,
)


def _ini(path: Path) -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep key case
    parser.read(path, encoding="utf-8")
    return {section: dict(parser[section]) for section in parser.sections()}


def _fresh_copy(settings: Settings, tmp_path: Path) -> Settings:
    """A Settings reading the saved file from disk (QSettings caches files it already read in-process)."""
    settings.sync()
    copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}.ini"
    shutil.copy(settings.path, copy)
    return Settings(copy)


def _write(tessera_home: Path, text: str) -> Settings:
    (tessera_home / SETTINGS_FILE_NAME).write_text(text, encoding="utf-8")
    return Settings()


EDITED = Preferences(
    author_name="Pereira, Ana",  # a comma: ini files would split it into a list if not quoted
    author_email="ana@example.com",
    theme="dark",
    editor_font_size=16,
    default_export_formats=("cmi5", "html"),
    autosave_seconds=10,
    preview_width="phone",
)


def test_defaults_without_a_file_and_nothing_written_by_reading(tessera_home: Path) -> None:
    settings = Settings()
    assert settings.path == tessera_home / SETTINGS_FILE_NAME
    assert settings.load_preferences() == Preferences()
    assert settings.recent_workspaces() == []
    assert settings.last_workspace() is None
    assert settings.window_geometry().isEmpty()
    settings.sync()
    assert not settings.path.exists()


def test_preferences_round_trip_through_the_file(tmp_path: Path) -> None:
    settings = Settings()
    settings.save_preferences(EDITED)
    assert _fresh_copy(settings, tmp_path).load_preferences() == EDITED


def test_single_and_empty_format_lists_survive_the_ini_format(tmp_path: Path) -> None:
    settings = Settings()
    for formats in [("imscc",), ()]:
        prefs = dataclasses.replace(Preferences(), default_export_formats=formats)
        settings.save_preferences(prefs)
        assert _fresh_copy(settings, tmp_path).load_preferences() == prefs


def test_only_non_defaults_are_stored_and_a_default_removes_its_key() -> None:
    settings = Settings()
    settings.save_preferences(dataclasses.replace(Preferences(), editor_font_size=20, theme="light"))
    settings.sync()
    stored = _ini(settings.path)
    assert stored["preferences"] == {"editor_font_size": "20", "theme": "light"}
    assert stored["General"] == {"schema_version": str(SCHEMA_VERSION)}

    settings.save_preferences(dataclasses.replace(Preferences(), theme="light"))
    settings.sync()
    assert _ini(settings.path)["preferences"] == {"theme": "light"}

    settings.save_preferences(Preferences())
    settings.sync()
    assert "preferences" not in _ini(settings.path)


def test_invalid_stored_values_fall_back_to_their_defaults_one_by_one(tessera_home: Path) -> None:
    settings = _write(tessera_home, """
[General]
schema_version=1

[preferences]
author_name=Ana
author_email=not-an-address
theme=purple
editor_font_size=huge
autosave_seconds=0
default_export_formats=scorm12, pdf
preview_width=tablet

[ui]
window_geometry=plain text
recent_workspaces=@Invalid()
""")
    assert settings.load_preferences() == Preferences(author_name="Ana", preview_width="tablet")
    assert settings.window_geometry().isEmpty()
    assert settings.recent_workspaces() == []


@pytest.mark.parametrize("line", ["editor_font_size=8", "editor_font_size=33", "editor_font_size=true",
                                  "autosave_seconds=61", "autosave_seconds=-3", "theme=", "theme=Dark",
                                  "default_export_formats=html, html"])
def test_out_of_range_or_mistyped_values_are_ignored(tessera_home: Path, line: str) -> None:
    settings = _write(tessera_home, f"[General]\nschema_version=1\n[preferences]\n{line}\n")
    assert settings.load_preferences() == Preferences()


def test_an_unreadable_file_gives_defaults(tessera_home: Path) -> None:
    (tessera_home / SETTINGS_FILE_NAME).write_bytes(b"\x00\xff[[[\n=\x00garbage\n")
    settings = Settings()
    assert settings.load_preferences() == Preferences()
    assert settings.recent_workspaces() == []


def test_migration_from_version_0_flat_keys(tessera_home: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    settings = _write(tessera_home, f"""
[General]
authorName=Ana Pereira
authorEmail=ana@example.com
theme=system
fontSize=14
exportFormats=scorm2004, xapi
autosaveMs=5000
previewWidth=phone
geometry=@ByteArray(geo)
lastWorkspace={workspace}
recentWorkspaces={workspace}
""")
    assert settings.load_preferences() == Preferences(
        author_name="Ana Pereira", author_email="ana@example.com", editor_font_size=14,
        default_export_formats=("scorm2004", "xapi"), autosave_seconds=5, preview_width="phone",
    )
    assert settings.window_geometry() == QByteArray(b"geo")
    assert settings.last_workspace() == workspace
    assert settings.recent_workspaces() == [workspace]

    settings.sync()
    stored = _ini(settings.path)
    assert stored["General"] == {"schema_version": str(SCHEMA_VERSION)}  # legacy keys are gone
    assert "theme" not in stored["preferences"]  # "system" is the default: not carried over


def test_a_file_from_a_newer_version_is_read_but_not_migrated(tessera_home: Path) -> None:
    text = "[General]\nschema_version=99\nauthorName=Kept\n[preferences]\ntheme=dark\n"
    settings = _write(tessera_home, text)
    settings.save_preferences(dataclasses.replace(settings.load_preferences(), editor_font_size=10))
    settings.sync()
    stored = _ini(settings.path)
    assert stored["General"] == {"schema_version": "99", "authorName": "Kept"}
    assert stored["preferences"] == {"theme": "dark", "editor_font_size": "10"}


def test_there_is_one_migration_per_schema_version() -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_recent_workspaces_most_recent_first_deduplicated_and_capped(tmp_path: Path) -> None:
    folders = [tmp_path / f"ws{index}" for index in range(MAX_RECENT_WORKSPACES + 2)]
    for folder in folders:
        folder.mkdir()
    settings = Settings()
    for folder in folders:
        settings.add_recent_workspace(folder)
    settings.add_recent_workspace(folders[3] / ".." / folders[3].name)  # the same folder, spelt otherwise
    assert MAX_RECENT_WORKSPACES == 8
    expected = [folders[index] for index in (3, 9, 8, 7, 6, 5, 4, 2)]  # folders 0 and 1 fell off the end
    assert settings.recent_workspaces() == expected
    assert _fresh_copy(settings, tmp_path).recent_workspaces() == expected


def test_recent_workspaces_hide_missing_folders_but_remember_them(tmp_path: Path) -> None:
    here, away = tmp_path / "here", tmp_path / "away, on a share"
    here.mkdir()
    away.mkdir()
    settings = Settings()
    settings.add_recent_workspace(here)
    settings.add_recent_workspace(away)
    away.rmdir()
    assert settings.recent_workspaces() == [here]
    away.mkdir()  # the share is back
    assert _fresh_copy(settings, tmp_path).recent_workspaces() == [away, here]


def test_last_workspace(tmp_path: Path) -> None:
    settings = Settings()
    settings.set_last_workspace(tmp_path)
    assert settings.last_workspace() == tmp_path
    settings.set_last_workspace(tmp_path / "gone")
    assert settings.last_workspace() is None
    settings.set_last_workspace(None)
    settings.sync()
    assert "last_workspace" not in _ini(settings.path).get("ui", {})


def test_ui_state_round_trip_and_empty_state_removes_the_key(tmp_path: Path) -> None:
    settings = Settings()
    settings.set_window_geometry(QByteArray(b"\x00\x01geometry"))
    settings.set_window_state(QByteArray(b"state"))
    settings.set_splitter_state("main", QByteArray(b"split"))
    settings.set_header_state("library", QByteArray(b"header"))
    copy = _fresh_copy(settings, tmp_path)
    assert copy.window_geometry() == QByteArray(b"\x00\x01geometry")
    assert copy.window_state() == QByteArray(b"state")
    assert copy.splitter_state("main") == QByteArray(b"split")
    assert copy.splitter_state("other").isEmpty()
    assert copy.header_state("library") == QByteArray(b"header")

    settings.set_splitter_state("main", QByteArray())
    settings.sync()
    assert "splitters\\main" not in _ini(settings.path)["ui"]


def test_preferences_reject_invalid_values_naming_the_setting() -> None:
    with pytest.raises(ValueError, match="Editor font size"):
        Preferences(editor_font_size=40)
    with pytest.raises(ValueError, match="Theme"):
        Preferences(theme="sepia")
    with pytest.raises(ValueError, match="Export formats"):
        Preferences(default_export_formats=("scorm12", "pdf"))
    with pytest.raises(ValueError, match="Autosave"):
        Preferences(autosave_seconds=True)


@pytest.mark.parametrize(("text", "ok"), [
    ("", True), ("ana@example.com", True), ("a.b@mail.example.org", True), ("ana", False),
    ("ana@example", False), ("ana @example.com", False), ("@example.com", False), ("ana@example.", False),
])
def test_email_problem(text: str, ok: bool) -> None:
    problem = email_problem(text)
    assert (problem is None) == ok
    if problem:
        assert "name@example.com" in problem  # says what to do


def test_every_preference_has_a_title() -> None:
    titles = [preference_title(spec.name) for spec in dataclasses.fields(Preferences)]
    assert all(titles) and len(set(titles)) == len(titles)
