"""The Preferences dialog: edits reach preferences(), Restore Defaults, email validation, keyboard use."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from app.kit.qt import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPoint,
    QPushButton,
    QRect,
    QSpinBox,
    Qt,
    QWidget,
)
from app.kit.settings import EXPORT_FORMATS, Preferences
from app.shell.preferences_dialog import PreferencesDialog

START = Preferences(
    author_name="Ana Pereira", author_email="ana@example.com", theme="dark", editor_font_size=14,
    default_export_formats=("cmi5",), autosave_seconds=7, preview_width="tablet",
)


def _dialog(qtbot: QtBot, prefs: Preferences = START) -> PreferencesDialog:
    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _field(dialog: PreferencesDialog, label_text: str) -> QWidget:
    """The widget a form label (e.g. "&Name:") is the buddy of, found as a user would: by its label."""
    for label in dialog.findChildren(QLabel):
        if label.text() == label_text:
            buddy = label.buddy()
            assert buddy is not None, label_text
            return buddy
    raise AssertionError(f"no label {label_text!r}")


def _format_box(dialog: PreferencesDialog, title: str) -> QCheckBox:
    (box,) = [box for box in dialog.findChildren(QCheckBox) if box.text().replace("&", "") == title]
    return box


def _ok(dialog: PreferencesDialog) -> QPushButton:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_shows_the_given_preferences(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.preferences() == START
    name = _field(dialog, "&Name:")
    assert isinstance(name, QLineEdit) and name.text() == "Ana Pereira"
    theme = _field(dialog, "&Theme:")
    assert isinstance(theme, QComboBox) and theme.currentText() == "Dark"
    assert _format_box(dialog, "cmi5").isChecked()
    assert not _format_box(dialog, "SCORM 1.2").isChecked()


def test_edits_come_back_as_a_copy_keeping_what_the_dialog_does_not_show(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    name = _field(dialog, "&Name:")
    assert isinstance(name, QLineEdit)
    name.clear()
    qtbot.keyClicks(name, "  Bo Chen ")
    theme = _field(dialog, "&Theme:")
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findText("Light"))
    font_size = _field(dialog, "Editor &font size:")
    assert isinstance(font_size, QSpinBox)
    font_size.setValue(20)
    autosave = _field(dialog, "&Autosave after:")
    assert isinstance(autosave, QSpinBox)
    autosave.setValue(30)
    _format_box(dialog, "cmi5").setChecked(False)
    _format_box(dialog, "IMS Common Cartridge").setChecked(True)
    qtbot.mouseClick(_format_box(dialog, "SCORM 1.2"), Qt.MouseButton.LeftButton)

    assert dialog.preferences() == dataclasses.replace(
        START, author_name="Bo Chen", theme="light", editor_font_size=20, autosave_seconds=30,
        default_export_formats=("scorm12", "imscc"),
    )
    assert START.author_name == "Ana Pereira"  # the input is untouched


def test_spin_boxes_stay_within_the_schema_ranges(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    font_size = _field(dialog, "Editor &font size:")
    autosave = _field(dialog, "&Autosave after:")
    assert isinstance(font_size, QSpinBox) and isinstance(autosave, QSpinBox)
    font_size.setValue(100)
    autosave.setValue(0)
    assert (dialog.preferences().editor_font_size, dialog.preferences().autosave_seconds) == (32, 1)


def test_font_sample_follows_the_size_live(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    (sample,) = [label for label in dialog.findChildren(QLabel)
                 if label.accessibleName() == "Editor font sample"]
    font_size = _field(dialog, "Editor &font size:")
    assert isinstance(font_size, QSpinBox)
    assert sample.font().pointSize() == 14
    height = sample.height()
    font_size.setValue(32)
    assert sample.font().pointSize() == 32
    assert sample.height() == height  # reserved up front: the dialog does not jump while you spin


def test_restore_defaults_resets_the_form_but_not_the_preview_width(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.preferences() == Preferences(preview_width="tablet")


def test_invalid_email_is_explained_inline_and_blocks_ok(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    email = _field(dialog, "&Email:")
    assert isinstance(email, QLineEdit)
    email.clear()
    qtbot.keyClicks(email, "ana@example")
    assert not _ok(dialog).isEnabled()
    shown = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert any("name@example.com" in text for text in shown)
    assert "name@example.com" in email.accessibleDescription()
    assert dialog.preferences().author_email == "ana@example.com"  # the last good value

    qtbot.keyClicks(email, ".org")
    assert _ok(dialog).isEnabled()
    assert email.accessibleDescription() == ""
    assert dialog.preferences().author_email == "ana@example.org"

    email.clear()  # the address is optional
    assert _ok(dialog).isEnabled()
    assert dialog.preferences().author_email == ""


def test_enter_accepts_and_escape_cancels(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(_field(dialog, "&Name:"), Qt.Key.Key_Return)
    dialog = _dialog(qtbot)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(_field(dialog, "&Name:"), Qt.Key.Key_Escape)


def test_tab_order_follows_the_reading_order(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.focusWidget() is _field(dialog, "&Name:")
    labels = ("&Email:", "&Theme:", "&Lessons open in:", "Editor &font size:", "&Autosave after:")
    expected = [_field(dialog, text) for text in labels]
    expected += [_format_box(dialog, title) for title in EXPORT_FORMATS.values()]
    reached = []
    for _ in expected:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget())
    assert reached == expected


def test_mnemonics_are_unique(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [button.text() for button in dialog.findChildren(QCheckBox)]
    texts += [button.text() for button in dialog.findChildren(QPushButton) if button.text() == "&Browse…"]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == 7 + len(EXPORT_FORMATS) + 1  # seven labelled fields, one per checkbox, Browse
    assert len(set(letters)) == len(letters)


def test_every_widget_fits_inside_its_group(qtbot: QtBot) -> None:
    """Tidiness guard: nothing is squeezed out of its group box, e.g. the font sample or a long error."""
    dialog = _dialog(qtbot)
    email = _field(dialog, "&Email:")
    assert isinstance(email, QLineEdit)
    email.setText("not an address")  # the longest message the dialog shows
    qtbot.wait(1)  # let the layout settle
    groups = dialog.findChildren(QGroupBox)
    assert [group.title() for group in groups] == ["Author", "Appearance", "Saving", "Publishing", "Captions"]
    for group in groups:
        inside = group.contentsRect()
        # What the dialog lays out: the group's own children and those of the checkbox grid.
        laid_out = [child for child in group.findChildren(QWidget)
                    if child.isVisible() and type(child.parentWidget()) in (QGroupBox, QWidget)]
        assert len(laid_out) > 2
        for child in laid_out:
            area = QRect(child.mapTo(group, QPoint(0, 0)), child.size())
            assert inside.contains(area), f"{child!r} ({area}) spills out of {group.title()}"
            assert child.height() >= child.minimumSizeHint().height(), f"{child!r} is squeezed"


def test_caption_model_folder_is_checked_as_you_type_and_comes_back(qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    folder = _field(dialog, "Caption mo&del folder:")
    assert isinstance(folder, QLineEdit) and folder.text() == ""
    hints = [label for label in dialog.findChildren(QLabel) if label.text().startswith("Ready: ")]
    assert len(hints) == 1                         # the model the test extra's package ships
    hint = hints[0]
    folder.setText(str(tmp_path))                  # a folder without a model
    assert "is not a speech model folder" in hint.text() and "model.bin" in hint.text()
    assert dialog.preferences().captions_model_dir == str(tmp_path)
    model = tmp_path / "model"
    model.mkdir()
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (model / name).write_text("{}")
    folder.setText(str(model))
    assert hint.text().startswith("Ready: ") and str(model) in hint.text()
    folder.clear()
    assert dialog.preferences() == START
