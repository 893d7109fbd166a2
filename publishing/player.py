"""The learner-facing player page: rendered lesson HTML + our own CSS and JS, nothing else.

The same page is used by the preview, ``tessera render`` and every package. CSS and JS
are inlined and pinned by hash in a Content-Security-Policy, so only code we ship runs,
even if some hostile markup slipped past the sanitiser. docs/player.md describes the
script's state, tracking adapters and preview API; package pages add the adapter scripts
of their standard (``resources/player/adapters/``), each pinned the same way.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from editor.labels import player_text
from editor.paths import PLAYER
from editor.render import Rendered, lesson_language

THEMES = ("system", "light", "dark")
DEFAULT_MASTERY = 0.8        # the player script's own default (DEFAULT_MASTERY in player.js)

# Adapter scripts a package page carries after player.js, in load order (resources/player/adapters/).
ADAPTER_SCRIPTS: dict[str, tuple[str, ...]] = {
    "scorm12": ("common.js", "scorm12.js"),
    "scorm2004": ("common.js", "scorm2004.js"),
    "cmi5": ("common.js", "lrs.js", "cmi5.js"),
    "xapi": ("common.js", "lrs.js", "xapi.js"),
}
TRACKING_MODES = ("none", "preview", *ADAPTER_SCRIPTS)

# cmi5 and xAPI pages send statements to a learning record store whose address arrives only in
# the launch URL, so any web origin must be reachable; every other page talks to nobody.
NETWORK_TRACKING = frozenset({"cmi5", "xapi"})
LRS_CONNECT_SRC = "'self' https: http:"

# What editor/render.py writes on each quiz and on each of its answers, in document order.
_QUIZ_OR_ANSWER = re.compile(r'data-quiz-id="(q\d+)"| data-correct="(true|false)"')


@dataclass(frozen=True)
class PlayerAssets:
    css: str
    js: str


@cache
def assets() -> PlayerAssets:
    return PlayerAssets((PLAYER / "player.css").read_text(encoding="utf-8"),
                        (PLAYER / "player.js").read_text(encoding="utf-8"))


@cache
def adapter_script(tracking: str) -> str:
    """The adapter scripts of a package tracking mode as one script ("" for none/preview).

    Each file is a self-contained function expression, so joining them keeps them apart.
    """
    names = ADAPTER_SCRIPTS.get(tracking, ())
    return "\n".join((PLAYER / "adapters" / name).read_text(encoding="utf-8") for name in names)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def content_security_policy(*, extra_script: str = "", connect_src: str = "'self'",
                            scripts: tuple[str, ...] | None = None) -> str:
    """The page policy: only our inline style and scripts, pinned by hash.

    ``scripts`` replaces the player script (pages without the player, e.g. a course index);
    ``extra_script`` adds one after it (a package's tracking adapters).
    """
    player = assets()
    allowed = (player.js,) if scripts is None else scripts
    sources = " ".join(f"'{_sha256(s)}'" for s in (*allowed, extra_script) if s) or "'none'"
    return ("default-src 'none'; "
            f"script-src {sources}; style-src '{_sha256(player.css)}'; "
            "img-src 'self' data: blob: file: http: https:; "
            "media-src 'self' data: blob: file: http: https:; "
            f"connect-src {connect_src}; font-src 'self'; base-uri 'self'; form-action 'none'")


def mastery_score(value: object) -> float | None:
    """The pass mark as a fraction 0–1, or None (the player's default) when absent or unusable.

    Authors may write 0.8 or 80; anything else front matter can hold (dates, text) is ignored
    rather than breaking the page.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < 0:
        return None
    fraction = value / 100 if value > 1 else value
    return float(fraction) if fraction <= 1 else None


def encode_answers(lesson_id: str, correct: Mapping[str, list[int]]) -> dict[str, str]:
    """Each quiz's right answers, hidden from a glance at the page source (not encrypted).

    "0,1,3" with every character XOR-ed with the key "<lesson id>/<quiz id>", as hex, four digits
    per character; player.js ``decodeAnswers`` reverses it. docs/packages.md says what a
    determined learner can still see.
    """
    encoded = {}
    for quiz_id, indexes in correct.items():
        key = f"{lesson_id}/{quiz_id}"
        text = ",".join(str(index) for index in indexes)
        encoded[quiz_id] = "".join(f"{ord(char) ^ ord(key[at % len(key)]):04x}"
                                   for at, char in enumerate(text))
    return encoded


def split_answers(article: str) -> tuple[str, dict[str, list[int]]]:
    """The article without ``data-correct`` attributes, and the right answers' indexes per quiz."""
    correct: dict[str, list[int]] = {}
    quiz_id = ""
    position = 0
    for match in _QUIZ_OR_ANSWER.finditer(article):
        if match.group(1):
            quiz_id, position = match.group(1), 0
            correct[quiz_id] = []
            continue
        if quiz_id and match.group(2) == "true":
            correct[quiz_id].append(position)
        position += 1
    return _QUIZ_OR_ANSWER.sub(lambda m: m.group(0) if m.group(1) else "", article), correct


def player_config(rendered: Rendered, *, tracking: str = "none", lesson_id: str = "",
                  activity: Mapping[str, str] | None = None,
                  answers: Mapping[str, list[int]] | None = None) -> str:
    """The JSON the script reads from ``#ts-player[data-config]``.

    ``activity`` (xAPI pages) names the lesson's activity IRI (``id``) and, for a lesson inside
    a course, the course's (``parent``); see resources/player/adapters/xapi.js.
    """
    meta = rendered.parsed.meta
    config_lesson_id = lesson_id or str(meta.get("id") or "")
    config: dict[str, object] = {
        "tracking": tracking, "lessonId": config_lesson_id,
        "masteryScore": mastery_score(meta.get("mastery_score")),
        "text": player_text(lesson_language(rendered.parsed))}
    if answers:
        config["answers"] = encode_answers(config_lesson_id, answers)
    if activity:
        config["activity"] = dict(activity)
    return json.dumps(config, ensure_ascii=False)


def player_page(rendered: Rendered, *, tracking: str = "none", lesson_id: str = "",
                theme: str = "system", activity: Mapping[str, str] | None = None) -> str:
    """A complete, standalone HTML page for one rendered lesson.

    ``theme`` "light" or "dark" forces a colour scheme; "system" follows the learner's device.
    ``tracking`` "scorm12", "scorm2004", "cmi5" or "xapi" adds that standard's adapter script.
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
    # The right answers leave the markup for the config (see encode_answers).
    article, answers = split_answers(rendered.html)
    config = html.escape(player_config(rendered, tracking=tracking, lesson_id=lesson_id,
                                       activity=activity, answers=answers), quote=True)
    adapters = adapter_script(tracking)
    policy = content_security_policy(
        extra_script=adapters, connect_src=LRS_CONNECT_SRC if tracking in NETWORK_TRACKING else "'self'")
    # The config travels in a data attribute, not a script, so the CSP stays hash-only.
    # Adapter scripts come after player.js: they register before the player starts (DOMContentLoaded).
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"{theme_attr}>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{player.css}</style>\n</head>\n<body>\n"
        '<div class="ts-progress" role="progressbar" aria-label="Lesson progress" '
        'aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="ts-progress-fill"></div></div>\n'
        f'<main id="ts-player" data-config="{config}">\n'
        f"{article}\n</main>\n<script>{player.js}</script>\n"
        + (f"<script>{adapters}</script>\n" if adapters else "")
        + "</body>\n</html>\n")

