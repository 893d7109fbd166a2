"""How library rows are drawn: the title first (elided in the middle, with a second line that tells
same-titled items apart) and the status as a compact badge that shrinks to a dot in a narrow panel."""

from __future__ import annotations

from app.kit.format import status_colour, status_label
from app.kit.qt import (
    QAbstractItemView,
    QApplication,
    QColor,
    QFont,
    QFontMetrics,
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
)
from app.library.model import ITEM_ROLE, SECONDARY_ROLE

ModelIndex = QModelIndex | QPersistentModelIndex
_BADGE_PAD_X, _DOT, _DOT_GAP = 8, 8, 6


class _RowDelegate(QStyledItemDelegate):
    def background(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex,
                   *, keep_icon: bool) -> QStyleOptionViewItem:
        """Draw the cell's background, selection and (optionally) picture; return the option used."""
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.text = ""
        if not keep_icon:
            styled.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        elif isinstance(styled.widget, QAbstractItemView):
            # Pictures follow the view's icon size (smaller in a narrow library), not their own.
            styled.decorationSize = styled.widget.iconSize()
        style = styled.widget.style() if styled.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, styled.widget)
        return styled


def _text_colour(option: QStyleOptionViewItem, role: QPalette.ColorRole) -> QColor:
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    group = (QPalette.ColorGroup.Normal if option.state & QStyle.StateFlag.State_Enabled
             else QPalette.ColorGroup.Disabled)
    return option.palette.color(group, QPalette.ColorRole.HighlightedText if selected else role)


def fit_title(metrics: QFontMetrics, title: str, width: int) -> str:
    """``title`` shortened in the middle to fit: its start and its end both stay readable."""
    return metrics.elidedText(title, Qt.TextElideMode.ElideMiddle, width)


class TitleDelegate(_RowDelegate):
    """Picture, then the title; a muted second line (type, owner, folder) when titles collide."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        styled = self.background(painter, option, index, keep_icon=True)
        style = styled.widget.style() if styled.widget is not None else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, styled, styled.widget)
        area = area.adjusted(2, 0, -2, 0)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        secondary = str(index.data(SECONDARY_ROLE) or "")
        metrics = QFontMetrics(option.font)
        painter.save()
        painter.setFont(option.font)
        painter.setPen(_text_colour(option, QPalette.ColorRole.Text))
        elided = fit_title(metrics, title, area.width())
        if not secondary:
            painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        else:
            small = QFont(option.font)
            small.setPointSizeF(option.font.pointSizeF() * 0.9)
            small_metrics = QFontMetrics(small)
            block = metrics.height() + small_metrics.height()
            top = area.top() + (area.height() - block) // 2
            painter.drawText(QRect(area.left(), top, area.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
            painter.setFont(small)
            painter.setPen(_text_colour(option, QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRect(area.left(), top + metrics.height(), area.width(), small_metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             small_metrics.elidedText(secondary, Qt.TextElideMode.ElideRight, area.width()))
        painter.restore()


def badge_font(font: QFont) -> QFont:
    """The badge's text: a little smaller than the row's, so the badge stays compact."""
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.88)
    return small


def badge_width(metrics: QFontMetrics, status: str) -> int:
    """The width of the full badge: dot, gap, label and padding."""
    return 2 * _BADGE_PAD_X + _DOT + _DOT_GAP + metrics.horizontalAdvance(status_label(status))


class StatusBadgeDelegate(_RowDelegate):
    """A tinted pill with a coloured dot and the status; only the dot where the pill does not fit."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        self.background(painter, option, index, keep_icon=False)
        item = index.data(ITEM_ROLE)
        status = getattr(item, "status", "") or "draft"
        colour = status_colour(status)
        font = badge_font(option.font)
        metrics = QFontMetrics(font)
        rect = option.rect.adjusted(4, 0, -4, 0)
        height = metrics.height() + 6
        top = rect.top() + (rect.height() - height) // 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label = status_label(status)
        width = min(badge_width(metrics, status), rect.width())
        # For the label, elided if need be; it may use the right padding, which absorbs rounding.
        room = width - _BADGE_PAD_X - _DOT - _DOT_GAP - _BADGE_PAD_X // 2
        if room >= metrics.horizontalAdvance("Draft"):
            tint = QColor(colour)
            tint.setAlphaF(0.22)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRoundedRect(QRect(rect.left(), top, width, height), height / 2, height / 2)
            dot_left = rect.left() + _BADGE_PAD_X
            painter.setBrush(colour)
            painter.drawEllipse(dot_left, top + (height - _DOT) // 2, _DOT, _DOT)
            painter.setFont(font)
            painter.setPen(_text_colour(option, QPalette.ColorRole.Text))
            text_left = dot_left + _DOT + _DOT_GAP
            painter.drawText(QRect(text_left, top, room, height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, room))
        else:                           # narrow: the dot alone, centred; the tooltip names the status
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            size = _DOT + 2
            painter.drawEllipse(option.rect.center().x() - size // 2, option.rect.center().y() - size // 2,
                                size, size)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        item = index.data(ITEM_ROLE)
        metrics = QFontMetrics(badge_font(option.font))
        return QSize(badge_width(metrics, getattr(item, "status", "") or "draft") + 8, metrics.height() + 10)
