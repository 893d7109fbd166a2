"""The action registry: every action declared once, sensible shortcuts, menus and mnemonics."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from app.kit.actions import (
    ACTIONS,
    MENU_ORDER,
    PREVIEW_WIDTH_ACTIONS,
    ActionId,
    ActionRegistry,
    ActionSpec,
    plain_text,
    shortcuts,
)
from app.kit.qt import QAction, QApplication, QKeySequence, QObject
from app.kit.settings import PREVIEW_WIDTHS

Key = QKeySequence.StandardKey
PORTABLE = QKeySequence.SequenceFormat.PortableText

# Commands Qt has a standard key for must use it, so each platform gets its own convention.
STANDARD = {
    ActionId.NEW_LESSON: Key.New, ActionId.OPEN_WORKSPACE: Key.Open, ActionId.SAVE: Key.Save,
    ActionId.CLOSE_LESSON: Key.Close, ActionId.PREFERENCES: Key.Preferences, ActionId.QUIT: Key.Quit,
    ActionId.UNDO: Key.Undo, ActionId.REDO: Key.Redo, ActionId.CUT: Key.Cut, ActionId.COPY: Key.Copy,
    ActionId.PASTE: Key.Paste, ActionId.SELECT_ALL: Key.SelectAll, ActionId.FIND: Key.Find,
    ActionId.MOVE_TO_TRASH: Key.Delete, ActionId.ZOOM_IN: Key.ZoomIn, ActionId.ZOOM_OUT: Key.ZoomOut,
    ActionId.BOLD: Key.Bold, ActionId.ITALIC: Key.Italic,
}
# Keys the brief fixes, checked so a table edit cannot quietly move them.
EXPLICIT = {
    ActionId.NEW_LINK: "Ctrl+Shift+N", ActionId.DUPLICATE: "Ctrl+D", ActionId.RENAME: "F2",
    ActionId.CHECK_LESSON: "F7", ActionId.INSERT_HEADING: "Ctrl+1", ActionId.INSERT_SUBHEADING: "Ctrl+2",
    ActionId.INSERT_IMAGE: "Ctrl+Shift+I", ActionId.LINK: "Ctrl+Shift+K", ActionId.SEARCH: "Ctrl+K",
    ActionId.TOGGLE_PREVIEW: "F8",
    ActionId.TOGGLE_LIBRARY: "Ctrl+Shift+L", ActionId.PREVIEW_PHONE: "Ctrl+Alt+1",
    ActionId.PREVIEW_TABLET: "Ctrl+Alt+2", ActionId.PREVIEW_DESKTOP: "Ctrl+Alt+3",
}
# Keys editors keep for themselves even without a Qt standard key ("paste as plain text").
RESERVED = {"Ctrl+Shift+V"}


@pytest.fixture
def registry(qapp: QApplication) -> ActionRegistry:
    return ActionRegistry(QObject())  # the registry keeps its parent alive


def _all_standard_bindings() -> dict[str, str]:
    return {
        sequence.toString(PORTABLE): key.name
        for key in Key if key != Key.UnknownKey
        for sequence in QKeySequence.keyBindings(key)
    }


def test_every_action_is_declared_with_text_and_status_tip() -> None:
    assert set(ACTIONS) == set(ActionId)
    for action_id, spec in ACTIONS.items():
        assert plain_text(spec).strip(), action_id
        assert spec.tip.strip() and spec.tip[0].isupper(), action_id
        assert spec.menu in MENU_ORDER, action_id


def test_created_actions_carry_text_tips_and_shortcuts(registry: ActionRegistry) -> None:
    for action_id, spec in ACTIONS.items():
        action = registry.action(action_id)
        assert action.text() == spec.text
        assert action.statusTip() == spec.tip
        keys = action.shortcuts()
        assert [key.toString(PORTABLE) for key in keys] == [key.toString(PORTABLE) for key in shortcuts(spec)]
        if keys:
            assert keys[0].toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip()
        assert "&" not in action.toolTip()


def test_no_two_actions_share_a_shortcut(registry: ActionRegistry) -> None:
    owners = Counter(
        key.toString(PORTABLE) for action_id in ActionId for key in registry.action(action_id).shortcuts()
    )
    assert not [key for key, count in owners.items() if count > 1]
    assert not RESERVED & set(owners)


def test_standard_keys_are_used_where_they_exist() -> None:
    for action_id, key in STANDARD.items():
        assert ACTIONS[action_id].standard == key, action_id
    # Hand-written keys never spell out a binding Qt already names (on this platform at least).
    standard_bindings = _all_standard_bindings()
    for action_id, spec in ACTIONS.items():
        if spec.standard is None and spec.keys:
            assert spec.keys not in standard_bindings, (action_id, standard_bindings.get(spec.keys))


def test_explicit_keys_are_valid_and_as_specified() -> None:
    for action_id, keys in EXPLICIT.items():
        assert ACTIONS[action_id].keys == keys
    for spec in ACTIONS.values():
        if spec.keys:
            sequence = QKeySequence(spec.keys)
            assert sequence.count() == 1 and sequence.toString(PORTABLE) == spec.keys


def test_standard_keys_without_a_platform_binding_fall_back() -> None:
    spec = ActionSpec("&Quit", "Close", "&File", "quit", Key.Quit, "Ctrl+Q")
    expected = QKeySequence.keyBindings(Key.Quit) or [QKeySequence("Ctrl+Q")]
    assert shortcuts(spec) == expected
    assert shortcuts(ActionSpec("&Thing", "Does a thing", "&File", "x", Key.UnknownKey, "Ctrl+J")) == [
        QKeySequence("Ctrl+J")
    ]
    assert shortcuts(ActionSpec("&Thing", "Does a thing", "&File", "x")) == []


def test_menu_structure_lists_every_action_once_with_tidy_separators(registry: ActionRegistry) -> None:
    structure = registry.menu_structure()
    assert [title for title, _ in structure] == list(MENU_ORDER)
    listed = [entry for _, entries in structure for entry in entries if entry is not None]
    assert sorted(listed, key=lambda a: a.value) == list(ActionId)
    for title, entries in structure:
        assert entries and entries[0] is not None and entries[-1] is not None, title
        assert all(a is not None or b is not None for a, b in itertools.pairwise(entries)), title
    file_menu = dict(structure)["&File"]
    assert file_menu[-2:] == [None, ActionId.QUIT]


def _mnemonic(text: str) -> str:
    match = re.search(r"&([^&])", text)
    assert match, f"{text!r} has no mnemonic"
    return match.group(1).lower()


def test_mnemonics_are_unique_in_each_menu_and_in_the_menu_bar(registry: ActionRegistry) -> None:
    bar = [_mnemonic(title) for title in MENU_ORDER]
    assert len(set(bar)) == len(bar)
    for title, entries in registry.menu_structure():
        letters = [_mnemonic(ACTIONS[entry].text) for entry in entries if entry is not None]
        assert len(set(letters)) == len(letters), (title, Counter(letters).most_common(2))


def test_actions_are_created_once_on_demand_and_owned_by_the_parent(qapp: QApplication) -> None:
    owner = QObject()
    registry = ActionRegistry(owner)
    assert owner.findChildren(QAction) == []
    save = registry.action(ActionId.SAVE)
    assert registry.action(ActionId.SAVE) is save
    assert owner.findChildren(QAction) == [save]


def test_bind_runs_the_handler_on_trigger(registry: ActionRegistry) -> None:
    calls: list[str] = []
    registry.bind(ActionId.SAVE, lambda: calls.append("save"))
    registry.action(ActionId.SAVE).trigger()
    assert calls == ["save"]

    states: list[bool] = []
    registry.bind(ActionId.TOGGLE_PREVIEW, lambda checked: states.append(checked))
    registry.action(ActionId.TOGGLE_PREVIEW).trigger()
    registry.action(ActionId.TOGGLE_PREVIEW).trigger()
    assert states == [True, False]


def test_preview_widths_are_an_exclusive_checkable_group(registry: ActionRegistry) -> None:
    assert set(PREVIEW_WIDTH_ACTIONS) == set(PREVIEW_WIDTHS)
    actions = {width: registry.action(action_id) for width, action_id in PREVIEW_WIDTH_ACTIONS.items()}
    assert all(action.isCheckable() for action in actions.values())
    actions["phone"].trigger()
    actions["tablet"].trigger()
    assert [width for width, action in actions.items() if action.isChecked()] == ["tablet"]
    assert registry.action(ActionId.TOGGLE_LIBRARY).isCheckable()
    assert not registry.action(ActionId.SAVE).isCheckable()


def test_application_menu_roles_for_macos(registry: ActionRegistry) -> None:
    roles = {action_id: registry.action(action_id).menuRole() for action_id in ActionId}
    assert roles.pop(ActionId.PREFERENCES) == QAction.MenuRole.PreferencesRole
    assert roles.pop(ActionId.QUIT) == QAction.MenuRole.QuitRole
    assert roles.pop(ActionId.ABOUT) == QAction.MenuRole.AboutRole
    # No guessing from text for the rest: "Preferences"-like words must not move other items.
    assert set(roles.values()) == {QAction.MenuRole.NoRole}
