"""The Markdown source editor: line numbers, problem markers, block insertion, file drops."""

from __future__ import annotations

from pathlib import Path

from app.kit.qt import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDropEvent,
    QEvent,
    QMenu,
    QPainter,
    QPlainTextEdit,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTextCursor,
    QTextEdit,
    QTextFormat,
    QWidget,
    Signal,
)
from app.kit.theme import editor_font
from app.kit.widgets import prepend_actions
from editor.diagnostics import Diagnostic, Severity
from editor.snippets import Snippet, block_insertion


def qt_position(text: str, offset: int) -> int:
    """The Qt text position of ``text[offset]`` (Qt counts UTF-16 units, Python code points)."""
    return len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2     # C speed on long lessons


class _Gutter(QWidget):
    def __init__(self, editor: SourceEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QEvent) -> None:
        self.editor.paint_gutter(event)  # type: ignore[arg-type]


class SourceEditor(QPlainTextEdit):
    """Plain-text editor for lesson.md with problems shown inline, never blocking typing."""

    files_dropped = Signal(list)  # list[Path], dropped at the current cursor position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceEditor")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setAcceptDrops(True)
        self.setPlaceholderText("Write your lesson in Markdown. Use the Insert menu for quizzes, "
                                "flashcards, video and more.")
        self.setFont(editor_font(12))
        self._diagnostics: dict[int, Diagnostic] = {}
        # Commands other features add to the right-click menu (e.g. Comment), above the clipboard ones.
        self.context_actions: list[QAction] = []
        # Blocks never go into the front matter: insertions before this offset move below it.
        self.body_start = 0
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_gutter_width()

    def context_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu at ``pos``: the added commands, then Qt's own editing commands."""
        menu = self.createStandardContextMenu(pos)
        return prepend_actions(menu, self.context_actions)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- appearance ----------------------------------------------------------------
    def set_font_size(self, points: int) -> None:
        self.setFont(editor_font(points))
        self._update_gutter_width()

    def gutter_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return 18 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_gutter_width(self, *_args: object) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_gutter()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A theme change re-polishes every widget and may hand the gutter another font or frame width:
        # the numbers must keep the text's size and sit on its lines.
        changes = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange)
        if event.type() in changes and hasattr(self, "_gutter"):   # not while __init__ sets the font
            self._update_gutter_width()
            self._place_gutter()
            self._gutter.update()

    def _place_gutter(self) -> None:
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def paint_gutter(self, event: QEvent) -> None:
        painter = QPainter(self._gutter)
        painter.setFont(self.font())      # the text's font, whatever the style gave the gutter itself
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())  # type: ignore[attr-defined]
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        muted = palette.placeholderText().color()
        while block.isValid() and top <= event.rect().bottom():  # type: ignore[attr-defined]
            if block.isVisible():
                line = block.blockNumber() + 1
                problem = self._diagnostics.get(line)
                if problem is not None:
                    color = QColor("#dc2626" if problem.severity is Severity.ERROR else "#d97706")
                    painter.setBrush(color)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.drawEllipse(4, top + height // 2 - 4, 8, 8)
                painter.setPen(muted)
                painter.drawText(0, top, self._gutter.width() - 6, height,
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(line))
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        painter.end()

    # -- problems --------------------------------------------------------------------
    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        """Underline problem lines (file line numbers = editor line numbers)."""
        self._diagnostics = {}
        for problem in diagnostics:
            current = self._diagnostics.get(problem.line)
            if current is None or problem.severity is Severity.ERROR:
                self._diagnostics[problem.line] = problem
        selections = []
        document = self.document()
        for line, problem in self._diagnostics.items():
            block = document.findBlockByNumber(line - 1)
            if not block.isValid() or line <= 0:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = selection.format
            fmt.setUnderlineStyle(fmt.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#dc2626" if problem.severity is Severity.ERROR
                                         else "#d97706"))
            fmt.setToolTip(problem.message)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)
        self._gutter.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos() - self.viewport().pos())  # type: ignore[attr-defined]
            problem = self._diagnostics.get(cursor.blockNumber() + 1)
            if problem is not None:
                self.setToolTip(problem.message)
            else:
                self.setToolTip("")
        return super().event(event)

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    # -- editing helpers ------------------------------------------------------------------
    def insertion_cursor(self) -> QTextCursor:
        cursor = self.textCursor()
        if cursor.position() < self.body_start:
            cursor.setPosition(self.body_start)
        return cursor

    def insert_snippet(self, snippet: Snippet) -> None:
        cursor = self.insertion_cursor()
        block = cursor.block()
        before = block.text()[: cursor.positionInBlock()]
        after = block.text()[cursor.positionInBlock():]
        if before.strip():
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            before, after = block.text(), ""
        text = block_insertion(snippet, before, after)
        if before.strip():
            text = "\n" + text
        self._insert(cursor, text)

    def insert_block_text(self, text: str, at: QTextCursor | None = None) -> None:
        """Insert ready-made block text on its own line(s) at the cursor (or at ``at``)."""
        cursor = QTextCursor(at) if at is not None else self.insertion_cursor()
        if cursor.block().text().strip():
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            text = "\n\n" + text
        self._insert(cursor, text)

    def _insert(self, cursor: QTextCursor, text: str) -> None:
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def wrap_selection(self, left: str, right: str, placeholder: str) -> None:
        cursor = self.textCursor()
        selected = cursor.selectedText() or placeholder
        cursor.beginEditBlock()
        cursor.insertText(f"{left}{selected}{right}")
        cursor.endEditBlock()
        if not cursor.hasSelection():
            end = cursor.position() - len(right)
            cursor.setPosition(end - len(selected))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)

    def replace_range(self, start: int, end: int, text: str, *, join_previous: bool = False) -> None:
        """Replace characters [start, end) as one undoable step, keeping the user's cursor.

        ``join_previous`` makes it part of the previous undo step (typing in one form field).
        """
        keep = self.textCursor().position()
        cursor = QTextCursor(self.document())
        if join_previous:
            cursor.joinPreviousEditBlock()
        else:
            cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(min(end, self.document().characterCount() - 1),
                           QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        cursor.endEditBlock()
        restored = self.textCursor()
        restored.setPosition(min(keep + (len(text) - (end - start)) if keep >= end else keep,
                                 self.document().characterCount() - 1))
        self.setTextCursor(restored)

    def replace_text(self, start: int, end: int, text: str, *, join_previous: bool = False) -> None:
        """``replace_range`` with offsets into ``self.text()`` (Python characters, not UTF-16 units)."""
        current = self.text()
        self.replace_range(qt_position(current, start), qt_position(current, end),
                           text, join_previous=join_previous)

    def replace_all_text(self, text: str) -> None:
        """Make the document read ``text`` as one undoable step that touches only the part that differs,
        so the cursor, scroll position and the rest of the undo history stay meaningful."""
        old = self.text()
        if old == text:
            return
        start = 0
        limit = min(len(old), len(text))
        while start < limit and old[start] == text[start]:
            start += 1
        tail = 0
        while tail < limit - start and old[-1 - tail] == text[-1 - tail]:
            tail += 1
        self.replace_text(start, len(old) - tail, text[start:len(text) - tail])

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            super().dropEvent(event)
            return
        self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

    def text(self) -> str:
        """The exact text: toPlainText() would turn non-breaking spaces into plain ones."""
        return self.document().toRawText().replace("\u2029", "\n")
