"""The learner-facing player page: rendered lesson HTML + our own CSS and JS, nothing else.

The same page is used by the preview, ``tessera render`` and every package. CSS and JS
are inlined and pinned by hash in a Content-Security-Policy, so only code we ship runs,
even if some hostile markup slipped past the sanitiser. docs/player.md describes the
script's state, tracking adapters and preview API.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from functools import cache

from editor.labels import player_text
from editor.paths import PLAYER
from editor.render import Rendered, lesson_language

TRACKING_MODES = ("none", "preview")
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class PlayerAssets:
    css: str
    js: str


@cache
def assets() -> PlayerAssets:
    return PlayerAssets((PLAYER / "player.css").read_text(encoding="utf-8"),
                        (PLAYER / "player.js").read_text(encoding="utf-8"))


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def content_security_policy(*, extra_script: str = "") -> str:
    player = assets()
    scripts = " ".join(f"'{_sha256(s)}'" for s in (player.js, extra_script) if s)
    return ("default-src 'none'; "
            f"script-src {scripts}; style-src '{_sha256(player.css)}'; "
            "img-src 'self' data: blob: file: http: https:; "
            "media-src 'self' data: blob: file: http: https:; "
            "connect-src 'self'; font-src 'self'; base-uri 'self'; form-action 'none'")


def mastery_score(value: object) -> float | None:
    """The pass mark as a fraction 0–1, or None (the player's default) when absent or unusable.

    Authors may write 0.8 or 80; anything else front matter can hold (dates, text) is ignored
    rather than breaking the page.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < 0:
        return None
    fraction = value / 100 if value > 1 else value
    return float(fraction) if fraction <= 1 else None


def player_config(rendered: Rendered, *, tracking: str = "none", lesson_id: str = "") -> str:
    """The JSON the script reads from ``#ts-player[data-config]``."""
    meta = rendered.parsed.meta
    return json.dumps({"tracking": tracking, "lessonId": lesson_id or str(meta.get("id") or ""),
                       "masteryScore": mastery_score(meta.get("mastery_score")),
                       "text": player_text(lesson_language(rendered.parsed))}, ensure_ascii=False)


def player_page(rendered: Rendered, *, tracking: str = "none", lesson_id: str = "",
                theme: str = "system") -> str:
    """A complete, standalone HTML page for one rendered lesson.

    ``theme`` "light" or "dark" forces a colour scheme; "system" follows the learner's device.
    """
    if tracking not in TRACKING_MODES:
        raise ValueError(f"Unknown tracking mode {tracking!r}; use one of: {', '.join(TRACKING_MODES)}.")
    if theme not in THEMES:
        raise ValueError(f"Unknown theme {theme!r}; use one of: {', '.join(THEMES)}.")
    player = assets()
    meta = rendered.parsed.meta
    title = html.escape(rendered.parsed.title or "Lesson")
    lang = html.escape(str(meta.get("language") or "en"), quote=True)
    theme_attr = "" if theme == "system" else f' data-theme="{theme}"'
    config = html.escape(player_config(rendered, tracking=tracking, lesson_id=lesson_id), quote=True)
    # The config travels in a data attribute, not a script, so the CSP stays hash-only.
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"{theme_attr}>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{player.css}</style>\n</head>\n<body>\n"
        '<div class="ts-progress" role="progressbar" aria-label="Lesson progress" '
        'aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="ts-progress-fill"></div></div>\n'
        f'<main id="ts-player" data-config="{config}">\n'
        f"{rendered.html}\n</main>\n<script>{player.js}</script>\n</body>\n</html>\n")

