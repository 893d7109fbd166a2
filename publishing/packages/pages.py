"""The HTML a package carries: one player page per unit (lesson or curated link) and a course page.

Lesson pages are the preview's page with the format's tracking adapter. A curated link's page
shows its title, summary, source and length with a button that opens the resource in a new
tab (many sites refuse to be shown inside an LMS frame); curator notes stay out.
"""

from __future__ import annotations

import base64
import html
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from editor.labels import labels_for
from editor.paths import PLAYER
from editor.render import Rendered, safe_url
from publishing.packages.course import Course, Unit
from publishing.packages.zipwriter import PackageContents
from publishing.player import assets, content_security_policy, player_page

# Chromium refuses <track> files from file: pages (no origin to check them against), so pages
# meant to be opened from disk carry their captions inline, as data: URLs (the CSP allows data:
# media). Caption files are small; a larger one stays a file reference.
_TRACK_SRC = re.compile(r'(<track\b[^>]*?\bsrc=")([^"]*)(")')
INLINE_CAPTIONS_MAX_BYTES = 512 * 1024


@cache
def course_script() -> str:
    return (PLAYER / "course.js").read_text(encoding="utf-8")


def _link_block(unit: Unit) -> str:
    words = labels_for(unit.language)
    url = safe_url(unit.url)
    source = html.escape(str(unit.parsed.meta.get("source") or "").strip() or words["resource"])
    parts = ['<div class="ts-block ts-md ts-link" data-line="1">']
    if url:
        parts.append(f'<p><a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                     f"{html.escape(words['open'])} {source} ↗</a></p>")
    if unit.minutes:
        parts.append(f"<p>{unit.minutes} min</p>")
    parts.append("</div>")
    return "".join(parts)


def inline_captions(article: str, folder: Path) -> str:
    """``article`` with each caption file inside ``folder`` written into its ``<track src>``."""
    root = folder.resolve()

    def inlined(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return match.group(0)
        source = (root / unquote(parts.path)).resolve()
        if not source.is_relative_to(root) or not source.is_file() \
                or source.stat().st_size > INLINE_CAPTIONS_MAX_BYTES:
            return match.group(0)
        encoded = base64.b64encode(source.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:text/vtt;base64,{encoded}{match.group(3)}"

    return _TRACK_SRC.sub(inlined, article)


def unit_page(unit: Unit, course: Course, tracking: str, *, captions_inline: bool = False) -> str:
    article = unit.article
    if captions_inline and unit.kind == "lesson":
        article = inline_captions(article, unit.folder)
    if unit.kind == "link":
        article = article.removesuffix("</article>") + _link_block(unit) + "\n</article>"
    activity = None
    if tracking == "xapi":
        activity = {"id": unit.iri} if course.single else {"id": unit.iri, "parent": course.iri}
    return player_page(Rendered(article, unit.parsed), tracking=tracking, lesson_id=unit.id,
                       activity=activity)


def add_unit(contents: PackageContents, course: Course, unit: Unit, tracking: str, *,
             captions_inline: bool = False) -> None:
    """A unit's page (with the ``tracking`` adapter) and every file it uses.

    ``captions_inline``: for pages opened from disk (see ``inline_captions``).
    """
    contents.add_text(unit.page, unit_page(unit, course, tracking, captions_inline=captions_inline))
    for name, source in unit.files():
        contents.add_file(name, source)


def unit_file_names(unit: Unit) -> list[str]:
    """The package paths of a unit's page and files, as manifests list them."""
    return [unit.page, *(name for name, _ in unit.files())]


def course_page(course: Course, *, forward_launch: bool = False) -> str:
    """An index of the course's units, styled like a lesson.

    ``forward_launch`` (xAPI) adds course.js, which hands the page's launch parameters on to
    each unit, and pins it in the policy; otherwise the page runs no script at all.
    """
    player = assets()
    script = course_script() if forward_launch else ""
    language = html.escape(course.language, quote=True)
    items = []
    for unit in course.units:
        details = " — ".join(part for part in (html.escape(unit.summary),
                                               f"{unit.minutes} min" if unit.minutes else "") if part)
        items.append(f'<li><a href="{html.escape(unit.page, quote=True)}" data-ts-unit>'
                     f"{html.escape(unit.title)}</a>{'<br>' + details if details else ''}</li>")
    policy = content_security_policy(scripts=(script,) if script else ())
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(course.title)}</title>\n<style>{player.css}</style>\n</head>\n<body>\n"
        f'<main id="ts-player">\n<article class="ts-lesson ts-course" lang="{language}">\n'
        f'<header class="ts-header"><h1 class="ts-title">{html.escape(course.title)}</h1>'
        f'<p class="ts-summary">{html.escape(course.description)}</p></header>\n'
        f'<div class="ts-block ts-md"><ol>\n' + "\n".join(items) + "\n</ol></div>\n</article>\n</main>\n"
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n")
