"""Editing a cue's text in the table: several lines allowed (Shift+Enter), Enter finishes the edit."""

from __future__ import annotations

from app.kit.qt import (
    QAbstractItemModel,
    QEvent,
    QKeyEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CueTextDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QPlainTextEdit)
        model.setData(index, editor.toPlainText().strip(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        # Room for two caption lines even in a one-line row.
        rect = option.rect  # type: ignore[attr-defined]
        editor.setGeometry(rect.adjusted(0, 0, 0, max(0, 2 * option.fontMetrics.height() + 12  # type: ignore[attr-defined]
                                                        - rect.height())))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in _ENTER
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
