"""Words and marks every feature uses: status and kind labels, file sizes, relative times, status dots."""

from __future__ import annotations

import datetime as dt

from app.kit.qt import QColor, QIcon, QPainter, QPixmap, Qt
from editor.statuses import PUBLISHED_NEWER_DRAFT, STATUS_WORDS, status_words

# The statuses a person filters by; "published" also finds PUBLISHED_NEWER_DRAFT (see is_published).
STATUS_LABELS = {key: words for key, words in STATUS_WORDS.items() if key != PUBLISHED_NEWER_DRAFT}
KIND_LABELS = {"lesson": "Lesson", "link": "Link"}
# Muted colours readable on light and dark rows; unknown statuses get grey.
_STATUS_COLORS = {"draft": "#94a3b8", "in_review": "#f59e0b", "changes_requested": "#ef4444",
                  "approved": "#22c55e", "published": "#3b82f6", PUBLISHED_NEWER_DRAFT: "#3b82f6",
                  "retired": "#6b7280"}


def status_label(status: str) -> str:
    return status_words(status)


def file_size(size: int) -> str:
    """'512 bytes', '25 KB', '3.4 MB', '1.2 GB': the unit a person expects, never '0.0 MB'."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB"):
        if value < 999.5:
            break
        value, unit = value / 1024, bigger
    # One decimal only where it carries information: 3.4 MB, but 25 KB and 120 MB.
    return f"{value:.1f} {unit}" if value < 9.95 and unit != "KB" else f"{value:.0f} {unit}"


def human_time(timestamp: float, now: dt.datetime | None = None) -> str:
    """'Just now', '5 min ago', 'Today, 09:12', 'Yesterday', 'Monday', '3 Mar' or '3 Mar 2024'."""
    if timestamp <= 0:
        return "—"
    now = now or dt.datetime.now()
    when = dt.datetime.fromtimestamp(timestamp)
    seconds = (now - when).total_seconds()
    if 0 <= seconds < 60:
        return "Just now"
    if 0 <= seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    days = (now.date() - when.date()).days
    if days == 0:
        return f"Today, {when:%H:%M}"
    if days == 1:
        return "Yesterday"
    if 1 < days < 7:
        return f"{when:%A}"
    if when.year == now.year:
        return f"{when.day} {when:%b}"
    return f"{when.day} {when:%b %Y}"


def status_colour(status: str) -> QColor:
    return QColor(_STATUS_COLORS.get(status, "#9ca3af"))


def status_dot(status: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_colour(status))
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)
