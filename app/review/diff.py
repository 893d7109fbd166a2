"""A version difference as readable HTML for a QTextEdit: details table, media changes, coloured lines.

The core's ``VersionDiff`` holds the facts (changed metadata, media by name, a unified diff of the
body); this only lays them out. Qt's rich text understands simple tables and cell colours, which
is what is used here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from editor.review import VersionDiff


@dataclass(frozen=True)
class DiffColours:
    added: tuple[str, str]      # (background, text)
    removed: tuple[str, str]
    changed: tuple[str, str]
    hunk: tuple[str, str]
    muted: str


LIGHT = DiffColours(added=("#e6ffec", "#116329"), removed=("#ffebe9", "#82071e"),
                    changed=("#fff8c5", "#6f4e00"), hunk=("#ddf4ff", "#0550ae"), muted="#5c6877")
DARK = DiffColours(added=("#12361f", "#7ee2a8"), removed=("#4a1519", "#ffa198"),
                   changed=("#3d3000", "#f2cc60"), hunk=("#0c2d6b", "#a5d6ff"), muted="#9aa4b1")
_FIELD_TITLES = {"estimated_minutes": "Estimated minutes", "duration_minutes": "Duration (minutes)",
                 "url": "Address"}


def field_title(key: str) -> str:
    return _FIELD_TITLES.get(key, key.replace("_", " ").capitalize())


def _value(value: Any) -> str:
    if value is None:
        return "<i>(none)</i>"
    if isinstance(value, list):
        return html.escape(", ".join(map(str, value))) or "<i>(empty list)</i>"
    return html.escape(str(value))


def _cell(text: str, colours: tuple[str, str] | None = None, extra: str = "") -> str:
    style = f"color:{colours[1]};" if colours else ""
    background = f' bgcolor="{colours[0]}"' if colours else ""
    return f'<td{background} style="{style}{extra}">{text}</td>'


def _section(title: str) -> str:
    return f'<h4 style="margin-top:14px; margin-bottom:4px;">{html.escape(title)}</h4>'


def _metadata(diff: VersionDiff, colours: DiffColours) -> str:
    rows = [f"<tr>{_cell('<b>Field</b>')}{_cell('<b>Before</b>')}{_cell('<b>After</b>')}</tr>"]
    for key, old, new in diff.metadata:
        rows.append(f"<tr>{_cell(html.escape(field_title(key)))}{_cell(_value(old), colours.removed)}"
                    f"{_cell(_value(new), colours.added)}</tr>")
    return _section("Details") + '<table width="100%" cellspacing="2" cellpadding="5">' + "".join(rows) + \
        "</table>"


def _media(diff: VersionDiff, colours: DiffColours) -> str:
    rows = []
    for label, paths, chip in (("Added", diff.media_added, colours.added),
                               ("Removed", diff.media_removed, colours.removed),
                               ("Changed", diff.media_changed, colours.changed)):
        rows += [f"<tr>{_cell(f'<b>{label}</b>', chip, 'padding:2px 8px;')}"
                 f"{_cell(html.escape(path), None, 'padding-left:8px;')}</tr>" for path in paths]
    return _section("Media files") + '<table cellspacing="3" cellpadding="2">' + "".join(rows) + "</table>"


def _text(diff: VersionDiff, colours: DiffColours, mono: str) -> str:
    rows = []
    for line in diff.text[2:]:   # the first two lines name the versions, already in the heading
        if line.startswith("@@"):
            rows.append(f"<tr>{_cell('⋯', colours.hunk)}{_cell('', colours.hunk)}</tr>")
            continue
        sign, rest = line[:1], line[1:]
        tint = colours.added if sign == "+" else colours.removed if sign == "-" else None
        mark = {"+": "+", "-": "−"}.get(sign, "")
        text = html.escape(rest) or "&nbsp;"
        rows.append(f"<tr>{_cell(mark, tint, 'padding:0 6px;')}"
                    f"{_cell(text, tint, f'font-family:{mono}; white-space:pre-wrap;')}</tr>")
    return (_section("Text") + '<table width="100%" cellspacing="0" cellpadding="1">' + "".join(rows)
            + "</table>")


def diff_html(diff: VersionDiff, *, dark: bool = False, mono: str = "monospace") -> str:
    """The whole difference; ``mono`` is the font family for lesson text."""
    colours = DARK if dark else LIGHT
    heading = (f"<h3 style='margin-bottom:2px;'>Changes from {html.escape(diff.old_label)} to "
               f"{html.escape(diff.new_label)}</h3>")
    if diff.empty:
        return heading + (f"<p style='color:{colours.muted};'>No differences: both versions give learners "
                          "the same content.</p>")
    counts = []
    added = sum(line.startswith("+") for line in diff.text[2:])
    removed = sum(line.startswith("-") for line in diff.text[2:])
    if diff.text:
        counts.append(f"{added} line(s) added, {removed} removed")
    if diff.metadata:
        counts.append(f"{len(diff.metadata)} detail(s) changed")
    media = len(diff.media_added) + len(diff.media_removed) + len(diff.media_changed)
    if media:
        counts.append(f"{media} media file(s)")
    parts = [heading, f"<p style='color:{colours.muted}; margin-top:0;'>{' · '.join(counts)}</p>"]
    if diff.metadata:
        parts.append(_metadata(diff, colours))
    if media:
        parts.append(_media(diff, colours))
    if diff.text:
        parts.append(_text(diff, colours, mono))
    return "".join(parts)
