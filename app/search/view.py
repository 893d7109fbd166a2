"""How a search hit looks in a list: title with matched words marked, what it is, and a snippet.

Shared by the search popup and the "similar items" views, so a hit looks the same everywhere.
"""

from __future__ import annotations

import html

from app.kit.format import KIND_LABELS, human_time, status_dot, status_label
from app.kit.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextDocument,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.kit.widgets import clear_layout, is_dark
from editor.search.results import Hit, SearchResults
from editor.search.syntax import has_filter

HIT_ROLE = Qt.ItemDataRole.UserRole + 10      # the Hit a list row shows
NOTE_ROLE = Qt.ItemDataRole.UserRole + 11     # an extra line, e.g. "78% similar · shares: feedback"
_PAD_X, _PAD_Y, _GAP = 14, 8, 3
_SNIPPET_LINES = 2
_FACET_TITLES = {"kind": "Type", "status": "Status", "skill": "Skills", "language": "Language"}
_FACET_CHIPS = {"kind": 2, "status": 6, "skill": 6, "language": 4}     # chips shown per facet, at most
_FIELD_LABELS = {"quiz": "Quiz", "cards": "Flashcards", "captions": "Captions", "link": "Link",
                 "summary": "", "body": ""}


def mark_tags(palette: QPalette) -> tuple[str, str]:
    """Opening and closing tag for matched words: a soft highlighter stroke, readable in both themes."""
    background = "#5b4a12" if is_dark(palette) else "#fde68a"
    return f'<span style="background-color:{background}; font-weight:600">', "</span>"


def hit_meta(hit: Hit) -> str:
    """'Lesson · Published · Feedback, Communication' (the status dot is painted separately)."""
    parts = [KIND_LABELS.get(hit.kind, hit.kind.capitalize()), status_label(hit.status)]
    if hit.skills:
        parts.append(", ".join(hit.skills[:4]) + (" …" if len(hit.skills) > 4 else ""))
    if hit.language:
        parts.append(hit.language.upper())
    return "  ·  ".join(parts)


class HitDelegate(QStyledItemDelegate):
    """Paints one hit in three lines; matched words are marked in the title and the snippet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QTextDocument()
        self._document.setDocumentMargin(0)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        lines = 2 + _SNIPPET_LINES + (1 if index.data(NOTE_ROLE) else 0)
        return QSize(200, 2 * _PAD_Y + lines * metrics.lineSpacing() + 3 * _GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            super().paint(painter, option, index)
            return
        palette = option.palette
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        accent = palette.color(QPalette.ColorRole.Highlight)
        if selected:
            tint = QColor(accent)
            tint.setAlphaF(0.16)
            painter.fillRect(rect, tint)
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.left() + _PAD_X, rect.bottom(), rect.right() - _PAD_X, rect.bottom())

        metrics = QFontMetrics(option.font)
        line = metrics.lineSpacing()
        left, width = rect.left() + _PAD_X, rect.width() - 2 * _PAD_X
        top = rect.top() + _PAD_Y
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text = palette.color(QPalette.ColorRole.Text)
        open_tag, close_tag = mark_tags(palette)

        when = human_time(hit.modified)
        small = QFont(option.font)
        painter.setFont(small)
        painter.setPen(muted)
        when_width = metrics.horizontalAdvance(when) + 8
        painter.drawText(QRect(left + width - when_width, top, when_width, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)

        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        title_font.setPointSizeF(option.font.pointSizeF() * 1.08)
        marks = hit.title_marks
        title = marks.html(open_tag, close_tag) if marks.matched else html.escape(hit.title)
        self._draw_html(painter, title, title_font, text, QRect(left, top, width - when_width, line + 2), 1)
        top += line + _GAP + 2

        dot = status_dot(hit.status).pixmap(12, 12)
        painter.drawPixmap(left, top + (line - 12) // 2, dot)
        painter.setPen(muted)
        meta = metrics.elidedText(hit_meta(hit), Qt.TextElideMode.ElideRight, width - 18)
        painter.drawText(QRect(left + 18, top, width - 18, line), Qt.AlignmentFlag.AlignVCenter, meta)
        top += line + _GAP

        note = index.data(NOTE_ROLE)
        if note:
            painter.setPen(accent if not is_dark(palette) else palette.color(QPalette.ColorRole.Link))
            painter.drawText(QRect(left, top, width, line), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(str(note), Qt.TextElideMode.ElideRight, width))
            top += line + _GAP

        label = _FIELD_LABELS.get(hit.snippet.field, "")
        prefix = f'<span style="color:{muted.name()}">{label}: </span>' if label else ""
        snippet = prefix + hit.snippet.html(open_tag, close_tag)
        self._draw_html(painter, snippet, option.font, text, QRect(left, top, width, line * _SNIPPET_LINES),
                        _SNIPPET_LINES)
        painter.restore()

    def _draw_html(self, painter: QPainter, markup: str, font: QFont, colour: QColor, area: QRect,
                   lines: int) -> None:
        document = self._document
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(f"body {{ color: {colour.name()}; }}")
        document.setHtml(f"<body>{markup}</body>")
        document.setTextWidth(area.width())
        painter.save()
        painter.translate(area.topLeft())
        clip = QRect(0, 0, area.width(), QFontMetrics(font).lineSpacing() * lines + 2)
        document.drawContents(painter, clip)
        painter.restore()


class FacetBar(QWidget):
    """A row of chips per facet ("Status: Draft 12 · In review 3"); a click narrows the query."""

    narrow = Signal(str, str)        # facet name, value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(14, 4, 14, 6)
        self.rows.setSpacing(4)

    def show_facets(self, results: SearchResults, text: str) -> None:
        clear_layout(self.rows)
        for name, counts in results.facets.items():
            if not counts or (len(counts) == 1 and not has_filter(text, name, counts[0][0])
                              and counts[0][1] == results.total and name != "skill"):
                continue        # one value shared by every result narrows nothing
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(6)
            title = QLabel(_FACET_TITLES[name])
            title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            title.setProperty("muted", True)      # for the popup's style sheet, which sets label colours
            title.setFixedWidth(64)
            line.addWidget(title)
            for value, count in counts[:_FACET_CHIPS[name]]:
                line.addWidget(self._chip(name, value, count, has_filter(text, name, value)))
            line.addStretch(1)
            self.rows.addWidget(row)
        self.setVisible(self.rows.count() > 0)

    def _chip(self, name: str, value: str, count: int, active: bool) -> QToolButton:
        chip = QToolButton()
        chip.setText(f"{facet_label(name, value)}  {count}")
        chip.setCheckable(True)
        chip.setChecked(active)
        chip.setProperty("facet", True)
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        chip.setToolTip(f"Only items with {_FACET_TITLES[name].lower()} “{value}” (click again to undo)")
        chip.clicked.connect(lambda _on=False: self.narrow.emit(name, value))
        return chip


def facet_label(name: str, value: str) -> str:
    if name == "status":
        return status_label(value)
    if name == "kind":
        return KIND_LABELS.get(value, value)
    if name == "language":
        return value.upper()
    return value
