"""Small widget helpers several features share."""

from __future__ import annotations

from app.kit.qt import QAction, QMenu, QPalette, QVBoxLayout


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def clear_layout(layout: QVBoxLayout) -> None:
    """Remove and delete every widget in ``layout``."""
    while layout.count():
        entry = layout.takeAt(0)
        widget = entry.widget() if entry is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)    # gone from findChildren now, not only after deleteLater runs
            widget.deleteLater()


def prepend_actions(menu: QMenu, actions: list[QAction]) -> QMenu:
    """Put ``actions`` at the top of a context ``menu``, set apart from its own commands."""
    first = menu.actions()[0] if menu.actions() else None
    for action in actions:
        menu.insertAction(first, action)   # type: ignore[arg-type]
    if actions and first is not None:
        menu.insertSeparator(first)
    return menu
