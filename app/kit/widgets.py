"""Small widget helpers several features share."""

from __future__ import annotations

from app.kit.qt import QPalette, QVBoxLayout


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
