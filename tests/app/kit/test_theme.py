"""Theme: Fusion palettes with readable contrast, following the system scheme, style roles."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.kit.qt import QApplication, QColor, QFontDatabase, QGuiApplication, QLabel, QPalette, Qt
from app.kit.theme import Role, ThemeFollower, apply_theme, editor_font, set_role
from tests.app.themes import contrast

R = QPalette.ColorRole
# (foreground, background) pairs people read; WCAG AA asks 4.5:1 for body text.
READ_PAIRS = [
    (R.Text, R.Base), (R.WindowText, R.Window), (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight), (R.Link, R.Base), (R.LinkVisited, R.Base),
    (R.PlaceholderText, R.Base), (R.PlaceholderText, R.Window), (R.ToolTipText, R.ToolTipBase),
]


@pytest.fixture
def app(themed_app: QApplication) -> QApplication:
    return themed_app


def test_contrast_helper_matches_known_values() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_palettes_are_readable(app: QApplication, theme: str) -> None:
    assert apply_theme(app, theme) == theme
    palette = app.palette()
    for foreground, background in READ_PAIRS:
        ratio = contrast(palette.color(foreground), palette.color(background))
        assert ratio >= 4.5, f"{theme}: {foreground.name} on {background.name} is {ratio:.2f}:1"
    disabled = palette.color(QPalette.ColorGroup.Disabled, R.Text)
    assert disabled != palette.color(QPalette.ColorGroup.Active, R.Text)


def test_light_and_dark_differ_and_use_fusion(app: QApplication) -> None:
    apply_theme(app, "light")
    light = QPalette(app.palette())
    apply_theme(app, "dark")
    dark = app.palette()
    app.setStyleSheet("")  # unwraps the style-sheet style so the base style shows
    assert app.style().name() == "fusion"
    assert light.color(R.Window).lightness() > 200 > 60 > dark.color(R.Window).lightness()
    assert light.color(R.Text).lightness() < 60 < 200 < dark.color(R.Text).lightness()
    # A calm coloured accent, not the grey of a default palette.
    for palette in (light, dark):
        assert palette.color(R.Highlight).hsvSaturation() > 80
        assert palette.color(R.Accent) == palette.color(R.Highlight)


def test_system_follows_the_platform_scheme_and_its_changes(app: QApplication, qtbot: QtBot) -> None:
    hints = QGuiApplication.styleHints()
    # Offscreen reports no scheme: "system" falls back to light.
    assert apply_theme(app, "system") == "light"
    follower = ThemeFollower.of(app)
    with qtbot.waitSignal(follower.effective_theme_changed) as changed:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the platform sends when the user switches
    assert changed.args == ["dark"]
    assert follower.effective_theme == "dark"
    assert app.palette().color(R.Window).lightness() < 60


def test_an_explicit_theme_ignores_system_changes(app: QApplication) -> None:
    assert apply_theme(app, "light") == "light"
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert ThemeFollower.of(app).effective_theme == "light"
    assert app.palette().color(R.Window).lightness() > 200


def test_unknown_theme_names_follow_the_system(app: QApplication) -> None:
    apply_theme(app, "dark")
    assert apply_theme(app, "sepia") == "light"  # offscreen: no system scheme
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert ThemeFollower.of(app).effective_theme == "dark"


def test_one_follower_per_application(app: QApplication) -> None:
    apply_theme(app, "dark")
    apply_theme(app, "light")
    assert len(app.findChildren(ThemeFollower)) == 1


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_style_roles_give_readable_muted_and_error_text(app: QApplication, qtbot: QtBot, theme: str) -> None:
    apply_theme(app, theme)
    plain, hint, error, empty = QLabel("plain"), QLabel("hint"), QLabel("error"), QLabel("Nothing here")
    for label in (plain, hint, error, empty):
        qtbot.addWidget(label)
    set_role(hint, Role.HINT)
    set_role(error, Role.ERROR)
    set_role(empty, Role.EMPTY_STATE)
    window = app.palette().color(R.Window)
    colours = {label.text(): label.palette().color(R.WindowText).name() for label in (plain, hint, error)}
    assert len(set(colours.values())) == 3
    for name, colour in colours.items():
        assert contrast(QColor(colour), window) >= 4.5, f"{theme} {name} text"
    assert empty.alignment() & Qt.AlignmentFlag.AlignHCenter and empty.wordWrap()

    set_role(error, None)
    assert error.palette().color(R.WindowText).name() == colours["plain"]


def test_editor_font_is_fixed_pitch_at_the_asked_size() -> None:
    font = editor_font(17)
    assert font.pointSize() == 17
    assert font.family() == QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
