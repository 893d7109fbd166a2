"""Lesson text → sanitised HTML fragment, the one renderer behind preview and packages.

Markdown goes through markdown-it-py and then nh3 (a real HTML sanitiser), so no
script, event handler or ``javascript:`` URL from user content reaches a learner.
Structural HTML for container blocks is built here with every value escaped.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3

from editor import content
from editor.blocks import Block
from editor.labels import labels_for
from editor.lesson_parse import ParsedLesson, parse_lesson

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

Labels = dict[str, str]

RENDER_SECONDS = 2.0    # for all the Markdown of one lesson; the rest is then shown as plain text

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"center", "strike", "acronym", "tt", "map", "area"}
_ALLOWED_ATTRIBUTES = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
_ALLOWED_ATTRIBUTES["img"] = _ALLOWED_ATTRIBUTES.get("img", set()) | {"title", "loading"}
_ALLOWED_ATTRIBUTES["a"] = _ALLOWED_ATTRIBUTES.get("a", set()) | {"title"}
_ALLOWED_ATTRIBUTES["code"] = {"class"}  # language-xyz from fenced code
_URL_SCHEMES = {"http", "https", "mailto"}

_local = threading.local()


@dataclass
class Rendered:
    html: str
    parsed: ParsedLesson


def markdown_parser() -> MarkdownIt:
    # One parser per thread: previews render on a worker thread while the CLI renders on main.
    md = getattr(_local, "md", None)
    if md is None:
        # markdown-it (~20 ms to import) loads with the first parse, not with the window.
        from editor.markdown_budget import BudgetedMarkdown

        md = BudgetedMarkdown("commonmark", {"html": True, "typographer": True})
        md.enable(["table", "strikethrough", "replacements", "smartquotes"])
        _local.md = md
    return md


def sanitize(fragment: str) -> str:
    return str(nh3.clean(fragment, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                         url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer"))


def markdown_html(text: str) -> str:
    return sanitize(markdown_parser().render(text))


def inline_html(text: str) -> str:
    return sanitize(markdown_parser().renderInline(text))


def safe_url(url: str) -> str:
    """``url`` if it is relative or http(s), else "" — used for media attributes we build."""
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return ""
    return url


def render_lesson(text: str) -> Rendered:
    parsed = parse_lesson(text)
    return Rendered(render_parsed(parsed), parsed)


def lesson_language(parsed: ParsedLesson) -> str:
    return str(parsed.meta.get("language") or "en")


def render_parsed(parsed: ParsedLesson) -> str:
    """The lesson's <article>; when its Markdown takes too long, an error joins ``parsed.diagnostics``."""
    from editor.markdown_budget import markdown_budget, too_slow

    language = lesson_language(parsed)
    words = labels_for(language)
    parts = [_header(parsed, words)]
    quiz_number = 0
    slow_line = 0
    with markdown_budget(RENDER_SECONDS) as budget:
        for block in parsed.blocks:
            if block.kind == "quiz":
                quiz_number += 1
                parts.append(_quiz(block, words, quiz_number))
            elif block.kind == "video":
                parts.append(_video(block, words, language))
            else:
                parts.append(_RENDERERS.get(block.kind, _unknown)(block, words))
            if budget.overran and not slow_line:
                slow_line = block.line
    if slow_line and not any(d.code == "markdown-too-slow" for d in parsed.diagnostics):
        parsed.diagnostics.append(too_slow(slow_line))
    # A curated link has nothing to complete: the player leaves out its "Lesson complete" panel.
    kind = ' data-kind="link"' if parsed.meta.get("kind") == "link" else ""
    return (f'<article class="ts-lesson" lang="{_attr(language)}"{kind}>\n' + "\n".join(parts)
            + "\n</article>")


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _open(block: Block, tag: str, cls: str, extra: str = "") -> str:
    return f'<{tag} class="ts-block {cls}" data-line="{block.line}"{extra}>'


def _header(parsed: ParsedLesson, words: Labels) -> str:
    title = parsed.title or words["untitled"]
    summary = str(parsed.meta.get("summary") or "").strip()
    out = [f'<header class="ts-header"><h1 class="ts-title">{html.escape(title)}</h1>']
    if summary:
        out.append(f'<p class="ts-summary">{inline_html(summary)}</p>')
    url = safe_url(str(parsed.meta.get("url") or "")) if parsed.meta.get("kind") == "link" else ""
    if url:
        source = html.escape(str(parsed.meta.get("source") or words["resource"]))
        out.append(f'<p class="ts-source"><a href="{_attr(url)}" rel="noopener noreferrer">'
                   f"{words['open']} {source}</a></p>")
    out.append("</header>")
    return "".join(out)


def _markdown_block(block: Block, _words: Labels) -> str:
    return _open(block, "div", "ts-md") + markdown_html(block.body) + "</div>"


def _video(block: Block, words: Labels, language: str) -> str:
    src = safe_url(block.attrs.get("src", ""))
    poster = safe_url(block.attrs.get("poster", ""))
    captions = safe_url(block.attrs.get("captions", ""))
    title = block.attrs.get("title", "")
    label = _attr(title or words["video"])
    out = [_open(block, "figure", "ts-video"),
           f'<video controls preload="metadata" playsinline src="{_attr(src)}" aria-label="{label}"']
    if poster:
        out.append(f' poster="{_attr(poster)}"')
    out.append(">")
    if captions:
        lang = _attr(block.attrs.get("lang", language))
        out.append(f'<track kind="captions" src="{_attr(captions)}" srclang="{lang}" '
                   f'label="{_attr(words["captions"])}" default>')
    out.append(f"{html.escape(words['no_video'])}</video>")
    if block.body.strip():
        out.append(f'<figcaption>{markdown_html(block.body)}</figcaption>')
    out.append("</figure>")
    return "".join(out)


def _audio(block: Block, words: Labels) -> str:
    src = safe_url(block.attrs.get("src", ""))
    label = _attr(block.attrs.get("title", "") or words["audio"])
    out = [_open(block, "figure", "ts-audio"),
           f'<audio controls preload="metadata" src="{_attr(src)}" aria-label="{label}">'
           f"{html.escape(words['no_audio'])}</audio>"]
    if block.body.strip():
        out.append(f'<details class="ts-transcript"><summary>{html.escape(words["transcript"])}</summary>'
                   f"{markdown_html(block.body)}</details>")
    out.append("</figure>")
    return "".join(out)


_CALLOUT_LABELS = {"info": "note", "tip": "tip", "warning": "warning", "example": "example"}


def _callout(block: Block, words: Labels) -> str:
    kind = content.callout_kind(block)
    label = block.attrs.get("title") or words[_CALLOUT_LABELS[kind]]
    return (_open(block, "aside", f"ts-callout ts-callout-{kind}", ' role="note"')
            + f'<p class="ts-callout-label">{html.escape(label)}</p>'
            + markdown_html(block.body) + "</aside>")


def _takeaways(block: Block, words: Labels) -> str:
    title = html.escape(words["takeaways"])
    return (_open(block, "section", "ts-takeaways", f' aria-label="{title}"')
            + f"<h2>{title}</h2>" + markdown_html(block.body) + "</section>")


def _quiz(block: Block, words: Labels, number: int) -> str:
    quiz, _ = content.read_quiz(block)
    qid = f"q{number}"
    input_type = "checkbox" if quiz.kind == "multiple" else "radio"
    hint = f" {html.escape(words['choose_all'])}" if quiz.kind == "multiple" else ""
    out = [_open(block, "section", "ts-quiz",
                 f' data-quiz-id="{qid}" data-kind="{quiz.kind}" aria-labelledby="{qid}-q"'),
           f'<fieldset><legend id="{qid}-q" class="ts-question">{inline_html(quiz.question)}'
           f'<span class="ts-hint">{hint}</span></legend>']
    for index, option in enumerate(quiz.options):
        oid = f"{qid}-o{index}"
        out.append(
            f'<div class="ts-option"><input type="{input_type}" id="{oid}" name="{qid}" '
            f'value="{index}" data-correct="{"true" if option.correct else "false"}">'
            f'<label for="{oid}">{inline_html(option.text)}</label>'
            f'<div class="ts-feedback" id="{oid}-fb" hidden>{inline_html(option.feedback)}</div></div>')
    out.append(f'</fieldset><button type="button" class="ts-check">{html.escape(words["check"])}</button>'
               '<p class="ts-result" role="status" aria-live="polite"></p></section>')
    return "".join(out)


def _flashcards(block: Block, words: Labels) -> str:
    cards, _ = content.read_cards(block)
    title = html.escape(words["flashcards"])
    out = [_open(block, "section", "ts-flashcards", f' aria-label="{title}"'),
           f'<h2>{title}</h2><p class="ts-hint">{html.escape(words["flip_hint"])}</p>'
           '<ul class="ts-cards">']
    for card in cards:
        out.append('<li><button type="button" class="ts-card" aria-pressed="false">'
                   f'<span class="ts-card-front">{inline_html(card.front)}</span>'
                   f'<span class="ts-card-back" hidden>{inline_html(card.back)}</span></button></li>')
    out.append("</ul></section>")
    return "".join(out)


def _apply(block: Block, words: Labels) -> str:
    prompt, _ = content.read_apply(block)
    rid = f"apply-{block.line}"
    title = html.escape(words["apply"])
    out = [_open(block, "section", "ts-apply", f' aria-label="{title}"'),
           f"<h2>{title}</h2>",
           f'<p class="ts-apply-action">{inline_html(prompt.action)}</p>']
    if prompt.reflect:
        out.append(f'<label class="ts-reflect-label" for="{rid}">{inline_html(prompt.reflect)}</label>'
                   f'<textarea id="{rid}" class="ts-reflect" rows="3"></textarea>')
    out.append("</section>")
    return "".join(out)


def _unknown(block: Block, _words: Labels) -> str:
    return (_open(block, "div", "ts-unknown", f' data-kind="{_attr(block.kind)}"')
            + markdown_html(block.body) + "</div>")


_RENDERERS: dict[str, Callable[[Block, Labels], str]] = {
    "markdown": _markdown_block,
    "audio": _audio,
    "callout": _callout,
    "takeaways": _takeaways,
    "flashcards": _flashcards,
    "apply": _apply,
}
