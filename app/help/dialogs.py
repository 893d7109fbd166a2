"""Help that works offline: the guide shipped with Tessera, the keyboard shortcuts and a problem report."""

from __future__ import annotations

import html
import platform
import sys

from app.kit.actions import ACTIONS, MENU_ORDER, ActionSpec, plain_text, shortcuts
from app.kit.log import recent_log_lines
from app.kit.qt import (
    QDialog,
    QDialogButtonBox,
    QKeySequence,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    qVersion,
)
from editor.paths import HELP_GUIDE


def tessera_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # ~15 ms: only when asked

    try:
        return version("tessera")
    except PackageNotFoundError:          # run from a source folder that was never installed
        return "unknown (source)"


def menu_title(menu: str) -> str:
    """'&File' → 'File'."""
    return menu.replace("&", "")


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action that has keys on this platform, in menu order."""
    rows: list[tuple[str, str, str]] = []
    for menu in MENU_ORDER:
        for spec in ACTIONS.values():
            keys = _keys(spec)
            if spec.menu == menu and keys:
                rows.append((menu_title(menu), plain_text(spec), keys))
    return rows


def _keys(spec: ActionSpec) -> str:
    """The main key only: platforms add alternatives (F14, a keyboard's own Undo key) that confuse."""
    keys = [key for key in shortcuts(spec) if not key.isEmpty()]
    return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


def problem_report(log_lines: int = 60) -> str:
    """What to send when something went wrong: versions and the end of Tessera's log."""
    lines = [f"Tessera {tessera_version()}",
             f"Python {sys.version.split()[0]} · Qt {qVersion()} · {platform.platform()}",
             "", "What I was doing:", "", "", "Recent log:"]
    lines += recent_log_lines(log_lines) or ["(no log entries yet)"]
    return "\n".join(lines) + "\n"


class _Reader(QDialog):
    """A resizable dialog around a read-only text browser."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)   # offline: nothing opens a web page from here
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(640, 620)


class GuideDialog(_Reader):
    """The guide for subject-matter experts, shipped as Markdown in resources/help."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Tessera guide", parent)
        try:
            text = HELP_GUIDE.read_text(encoding="utf-8")
        except OSError as exc:
            text = (f"# The guide is missing\n\nTessera could not read {HELP_GUIDE} ({exc.strerror or exc}). "
                    "Reinstalling Tessera puts it back.")
        self.browser.setMarkdown(text)


class ShortcutsDialog(_Reader):
    """Every keyboard shortcut, made from the action registry so it is never out of date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Keyboard shortcuts", parent)
        rows, menu = [], ""
        for row_menu, command, keys in shortcut_rows():
            if row_menu != menu:
                menu = row_menu
                rows.append(f'<tr><th colspan="2" align="left" style="padding-top:10px">'
                            f"{html.escape(menu)}</th></tr>")
            rows.append(f'<tr><td style="padding-right:24px">{html.escape(command)}</td>'
                        f"<td><b>{html.escape(keys)}</b></td></tr>")
        self.browser.setHtml(f'<table cellspacing="0" cellpadding="3">{"".join(rows)}</table>')
        self.resize(480, 640)
