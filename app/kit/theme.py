"""Look and feel: Fusion with Tessera's light and dark palettes, optionally following the system scheme.

Fusion draws every widget from the palette, so one palette per scheme gives the same calm look on every
platform. The few app-wide style rules are keyed on a ``tsRole`` widget property (see ``set_role``) and are
regenerated with concrete colours on each theme change, so they never lag behind the palette.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.kit.qt import (
    QApplication,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QObject,
    QPalette,
    Qt,
    QWidget,
    Signal,
    is_alive,
)

LIGHT, DARK, SYSTEM = "light", "dark", "system"
_ROLE_PROPERTY = "tsRole"


class Role(StrEnum):
    """Kinds of widgets the app-wide style sheet styles; assign with ``set_role``."""

    EMPTY_STATE = "empty-state"  # centred, muted "nothing here yet" message in an empty view
    HINT = "hint"                # muted help text under a field
    ERROR = "error"              # inline validation message
    WARNING = "warning"          # inline caution that does not block
    PROBLEMS = "problems"        # the list of lesson problems: roomier rows
    CARD = "card"                # one block of a lesson in the Blocks view
    CARD_SELECTED = "card-selected"   # the block the user is working in


@dataclass(frozen=True)
class _Scheme:
    window: str
    text: str          # on window, base and buttons
    base: str          # lighter than window in dark too: Fusion draws field frames darker than window
    alternate_base: str
    button: str
    accent: str        # selection background and focus accents
    on_accent: str
    link: str
    link_visited: str
    muted: str         # placeholders and hints; still readable (WCAG AA) on window and base
    disabled: str
    tooltip_base: str
    tooltip_text: str
    error: str
    warning: str


_SCHEMES = {
    LIGHT: _Scheme(
        window="#f3f5f8", text="#1d232b", base="#ffffff", alternate_base="#f1f4f7", button="#e8ecf1",
        accent="#1f6f8b", on_accent="#ffffff", link="#17657f", link_visited="#6b4c9a", muted="#5c6877",
        disabled="#9aa3ae", tooltip_base="#1d232b", tooltip_text="#f3f5f8", error="#b3261e",
        warning="#8a5a00",
    ),
    DARK: _Scheme(
        window="#1d2025", text="#e4e7eb", base="#2b3139", alternate_base="#30363f", button="#353c46",
        accent="#2a6a80", on_accent="#ffffff", link="#7cc7da", link_visited="#c3a6e8", muted="#9aa4b1",
        disabled="#6a727d", tooltip_base="#e4e7eb", tooltip_text="#1d232b", error="#ffb4ab",
        warning="#f5c26b",
    ),
}


def _palette(scheme: _Scheme) -> QPalette:
    palette = QPalette()
    button = QColor(scheme.button)
    roles = {
        QPalette.ColorRole.Window: scheme.window,
        QPalette.ColorRole.WindowText: scheme.text,
        QPalette.ColorRole.Base: scheme.base,
        QPalette.ColorRole.AlternateBase: scheme.alternate_base,
        QPalette.ColorRole.Text: scheme.text,
        QPalette.ColorRole.Button: scheme.button,
        QPalette.ColorRole.ButtonText: scheme.text,
        QPalette.ColorRole.BrightText: scheme.error,
        QPalette.ColorRole.Highlight: scheme.accent,
        QPalette.ColorRole.HighlightedText: scheme.on_accent,
        QPalette.ColorRole.Accent: scheme.accent,
        QPalette.ColorRole.Link: scheme.link,
        QPalette.ColorRole.LinkVisited: scheme.link_visited,
        QPalette.ColorRole.PlaceholderText: scheme.muted,
        QPalette.ColorRole.ToolTipBase: scheme.tooltip_base,
        QPalette.ColorRole.ToolTipText: scheme.tooltip_text,
        # Fusion shades bevels and frames from these.
        QPalette.ColorRole.Light: button.lighter(130).name(),
        QPalette.ColorRole.Midlight: button.lighter(110).name(),
        QPalette.ColorRole.Mid: button.darker(130).name(),
        QPalette.ColorRole.Dark: button.darker(160).name(),
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.HighlightedText, QPalette.ColorRole.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(scheme.disabled))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(scheme.disabled))
    return palette


def _style_sheet(scheme: _Scheme) -> str:
    prop = _ROLE_PROPERTY
    return f"""
QLabel[{prop}="{Role.EMPTY_STATE}"] {{
    color: {scheme.muted}; padding: 24px; qproperty-alignment: AlignCenter; qproperty-wordWrap: true;
}}
QLabel[{prop}="{Role.HINT}"] {{ color: {scheme.muted}; }}
QLabel[{prop}="{Role.ERROR}"] {{ color: {scheme.error}; }}
QLabel[{prop}="{Role.WARNING}"] {{ color: {scheme.warning}; }}
QAbstractItemView[{prop}="{Role.PROBLEMS}"]::item {{ padding: 4px 6px; }}
QFrame[{prop}="{Role.CARD}"], QFrame[{prop}="{Role.CARD_SELECTED}"] {{
    background: {scheme.base}; border: 1px solid {scheme.disabled}; border-radius: 8px;
}}
QFrame[{prop}="{Role.CARD_SELECTED}"] {{ border: 2px solid {scheme.accent}; }}
"""


def set_role(widget: QWidget, role: Role | None) -> None:
    """Give ``widget`` a style role (or none) and restyle it now: Qt only re-reads properties on polish."""
    widget.setProperty(_ROLE_PROPERTY, str(role) if role is not None else "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def theme_palette() -> QPalette:
    """The current theme's colours.

    Read these rather than ``widget.palette()`` when building a style sheet: a widget's own style sheet
    writes its colours into that widget's palette, which then no longer follows theme changes.
    """
    return QApplication.palette()


def follow_theme(owner: QObject, restyle: Callable[[], object]) -> None:
    """Call ``restyle`` now and after every theme change, for as long as ``owner`` lives.

    For widgets that compute colours, fonts or style sheets themselves: the palette alone does not reach
    them.
    """
    app = QApplication.instance()
    if isinstance(app, QApplication):
        def forward(_theme: str) -> None:
            if is_alive(owner):
                restyle()
        signal = ThemeFollower.of(app).effective_theme_changed
        signal.connect(forward)
        owner.destroyed.connect(lambda: signal.disconnect(forward))
    restyle()


def editor_font(point_size: int) -> QFont:
    """The Markdown editor's font: the platform's fixed-width font, so tables and lists line up."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    return font


class ThemeFollower(QObject):
    """Keeps the application's palette in step with the chosen theme; one per application."""

    effective_theme_changed = Signal(str)  # "light" | "dark", after the palette changed

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._theme = SYSTEM
        self._effective = ""
        app.setStyle("Fusion")  # once: later the app style is wrapped by the style sheet's style
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)

    @classmethod
    def of(cls, app: QApplication) -> ThemeFollower:
        existing = app.findChild(ThemeFollower)
        return existing if isinstance(existing, ThemeFollower) else cls(app)

    @property
    def effective_theme(self) -> str:
        return self._effective

    def apply(self, theme: str) -> str:
        self._theme = theme if theme in (LIGHT, DARK) else SYSTEM  # unknown values follow the system
        hints = QGuiApplication.styleHints()
        if self._theme == SYSTEM:
            hints.unsetColorScheme()
            self._show(_scheme_name(hints.colorScheme()))
        else:
            # Tell the platform too, so native parts such as window title bars match.
            hints.setColorScheme(Qt.ColorScheme.Dark if self._theme == DARK else Qt.ColorScheme.Light)
            self._show(self._theme)
        return self._effective

    def _on_system_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self._theme == SYSTEM:
            self._show(_scheme_name(scheme))

    def _show(self, effective: str) -> None:
        if effective == self._effective:
            return
        self._effective = effective
        scheme = _SCHEMES[effective]
        self._app.setPalette(_palette(scheme))
        self._app.setStyleSheet(_style_sheet(scheme))
        self.effective_theme_changed.emit(effective)


def _scheme_name(scheme: Qt.ColorScheme) -> str:
    # An unknown scheme (no desktop, offscreen) gets the light palette: the safer default for contrast.
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply ``"system"``, ``"light"`` or ``"dark"`` and return the effective ``"light"``/``"dark"``.

    With ``"system"`` the palette follows later changes of the platform scheme too; listen to
    ``ThemeFollower.of(app).effective_theme_changed`` to restyle things the palette does not reach.
    """
    return ThemeFollower.of(app).apply(theme)
