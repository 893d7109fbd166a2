"""Syntax colouring for lesson Markdown: front matter, headings, emphasis, blocks, quiz markers."""

from __future__ import annotations

from app.kit.qt import QColor, QFont, QRegularExpression, QSyntaxHighlighter, QTextCharFormat, QTextDocument

# Block states carried from line to line.
_NORMAL, _FRONT_MATTER, _FENCE = 0, 1, 2

_LIGHT = {"heading": "#1d4ed8", "marker": "#7c3aed", "meta_key": "#0f766e", "code": "#b45309",
          "link": "#2563eb", "muted": "#6b7280", "correct": "#15803d", "wrong": "#b91c1c"}
_DARK = {"heading": "#93c5fd", "marker": "#c4b5fd", "meta_key": "#5eead4", "code": "#fcd34d",
         "link": "#93c5fd", "muted": "#9ca3af", "correct": "#86efac", "wrong": "#fca5a5"}


def _format(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    return fmt


class LessonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        colors = _DARK if dark else _LIGHT
        self.formats = {
            "heading": _format(colors["heading"], bold=True),
            "marker": _format(colors["marker"], bold=True),
            "meta_key": _format(colors["meta_key"], bold=True),
            "code": _format(colors["code"]),
            "link": _format(colors["link"]),
            "muted": _format(colors["muted"]),
            "correct": _format(colors["correct"], bold=True),
            "wrong": _format(colors["wrong"], bold=True),
            "bold": _format(colors["heading"], bold=True),
            "italic": _format(colors["muted"], italic=True),
        }
        self.inline_rules = [
            (QRegularExpression(r"\*\*[^*]+\*\*|__[^_]+__"), "bold"),
            (QRegularExpression(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)|(?<!\w)_[^_\s][^_]*_(?!\w)"), "italic"),
            (QRegularExpression(r"`[^`]+`"), "code"),
            (QRegularExpression(r"!?\[[^\]]*\]\([^)]*\)"), "link"),
        ]
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block_number = self.currentBlock().blockNumber()
        previous = self.previousBlockState()
        if block_number == 0 and text.rstrip() == "---":
            self.setFormat(0, len(text), self.formats["muted"])
            self.setCurrentBlockState(_FRONT_MATTER)
            return
        if previous == _FRONT_MATTER:
            if text.rstrip() == "---":
                self.setFormat(0, len(text), self.formats["muted"])
                self.setCurrentBlockState(_NORMAL)
                return
            colon = text.find(":")
            if colon > 0 and not text.startswith((" ", "-", "#")):
                self.setFormat(0, colon, self.formats["meta_key"])
            elif text.lstrip().startswith("#"):
                self.setFormat(0, len(text), self.formats["muted"])
            self.setCurrentBlockState(_FRONT_MATTER)
            return
        stripped = text.lstrip()
        if previous == _FENCE:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(_NORMAL if stripped.startswith(("```", "~~~")) else _FENCE)
            return
        self.setCurrentBlockState(_NORMAL)
        if stripped.startswith(("```", "~~~")):
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(_FENCE)
            return
        if stripped.startswith(":::"):
            self.setFormat(0, len(text), self.formats["marker"])
            return
        if stripped.startswith("#"):
            self.setFormat(0, len(text), self.formats["heading"])
            return
        self._line_markers(text, stripped)
        for pattern, name in self.inline_rules:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), self.formats[name])

    def _line_markers(self, text: str, stripped: str) -> None:
        indent = len(text) - len(stripped)
        if stripped.startswith(("- [x]", "- [X]")):
            self.setFormat(indent, 5, self.formats["correct"])
        elif stripped.startswith("- [ ]"):
            self.setFormat(indent, 5, self.formats["wrong"])
        elif stripped.startswith(("? ", ": ")) or stripped in ("?", ":"):
            self.setFormat(indent, 1, self.formats["marker"])
        else:
            lower = stripped.lower()
            for key in ("action:", "reflect:"):
                if lower.startswith(key):
                    self.setFormat(indent, len(key), self.formats["meta_key"])
