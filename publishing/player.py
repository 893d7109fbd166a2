"""The learner-facing player page: rendered lesson HTML + our own CSS and JS, nothing else.

The same page is used by the preview, ``tessera render`` and every package. CSS and JS
are inlined and pinned by hash in a Content-Security-Policy, so only code we ship runs,
even if some hostile markup slipped past the sanitiser.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from editor.paths import PLAYER
from editor.render import Rendered

TRACKING_MODES = ("none", "preview")


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


def player_page(rendered: Rendered, *, tracking: str = "none", lesson_id: str = "") -> str:
    """A complete, standalone HTML page for one rendered lesson."""
    if tracking not in TRACKING_MODES:
        raise ValueError(f"Unknown tracking mode {tracking!r}")
    player = assets()
    meta = rendered.parsed.meta
    title = html.escape(rendered.parsed.title or "Lesson")
    lang = html.escape(str(meta.get("language") or "en"), quote=True)
    config = json.dumps({"tracking": tracking, "lessonId": lesson_id or str(meta.get("id") or ""),
                         "masteryScore": meta.get("mastery_score")}).replace("</", "<\\/")
    # The config travels in a data attribute, not a script, so the CSP stays hash-only.
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{player.css}</style>\n</head>\n"
        f'<body>\n<main id="ts-player" data-config="{html.escape(config, quote=True)}">\n'
        f"{rendered.html}\n</main>\n<script>{player.js}</script>\n</body>\n</html>\n")


def write_page(rendered: Rendered, out: Path, **options: str) -> None:
    from editor.atomic import atomic_write_text
    atomic_write_text(out, player_page(rendered, **options))
