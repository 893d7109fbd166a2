"""Rendering and sanitising: hostile lesson text never yields executable markup.

The output is parsed with ``html.parser`` and its tags and attributes inspected, as a
browser would see them (entities decoded), rather than searched for strings.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.render import render_lesson, safe_url
from publishing.player import assets, player_page

HEADER = "---\nid: lesson-1\ntitle: Safe\n---\n"

# Tags that run code, load active documents or change how the page is read.
ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "svg",
               "math", "link", "base", "form", "meta", "template", "noscript", "portal"}
URL_ATTRIBUTES = {"href", "src", "poster", "action", "formaction", "background", "data", "cite",
                  "xlink:href", "srcset", "ping", "manifest", "codebase"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Markup(HTMLParser):
    """Every start tag with its decoded attributes, plus the text inside <script>/<style>/<title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw_text: dict[str, list[str]] = {}
        self._open_raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style", "title", "h1"):
            self._open_raw = tag
            self.raw_text.setdefault(tag, []).append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open_raw:
            self._open_raw = None

    def handle_data(self, data: str) -> None:
        if self._open_raw is not None:
            self.raw_text[self._open_raw][-1] += data

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse_html(text: str) -> Markup:
    markup = Markup()
    markup.feed(text)
    markup.close()
    return markup


def url_scheme(value: str) -> str:
    # Browsers drop leading controls/spaces and tabs/newlines anywhere before reading the scheme.
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21)))).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


def assert_attributes_inert(tag: str, attrs: dict[str, str | None]) -> None:
    for name, value in attrs.items():
        assert not name.startswith("on"), f"event handler {name} on <{tag}>"
        assert name not in ("srcdoc", "style"), f"{name} on <{tag}>"
        if name in URL_ATTRIBUTES and value:
            assert url_scheme(value) in SAFE_SCHEMES, f"<{tag} {name}={value!r}>"


def assert_fragment_inert(fragment: str) -> Markup:
    markup = parse_html(fragment)
    for tag, attrs in markup.tags:
        assert tag not in ACTIVE_TAGS, f"<{tag}> survived sanitising"
        assert_attributes_inert(tag, attrs)
    return markup


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def assert_page_inert(page: str) -> Markup:
    """Only the player's own script and style, pinned by the CSP; everything else inert."""
    markup = parse_html(page)
    player = assets()
    assert markup.named("script") == [{}]
    assert markup.raw_text["script"] == [player.js]
    assert markup.named("style") == [{}]
    assert markup.raw_text["style"] == [player.css]
    metas = markup.named("meta")
    assert {"charset", "name", "http-equiv"} >= {key for attrs in metas for key in attrs if key != "content"}
    assert all(str(attrs.get("http-equiv", "")).lower() in ("", "content-security-policy") for attrs in metas)
    csp = next(str(attrs["content"]) for attrs in metas if attrs.get("http-equiv"))
    assert f"script-src {sha256_source(player.js)};" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for tag, attrs in markup.tags:
        if tag not in ("script", "style", "meta", "html", "head", "body", "title"):
            assert tag not in ACTIVE_TAGS, f"<{tag}> in the player page"
        assert_attributes_inert(tag, attrs)
    return markup


HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body { background: url(javascript:alert(1)) }</style>",
    '<p style="background:url(javascript:alert(1))" onmouseover="alert(1)">hover</p>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//"><link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href="javascript:alert(1)">plain</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="&#106;&#97;vascript:alert(1)">entities</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">hex entities</a>',
    '<a href="  javascript:alert(1)">leading spaces</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '<a href="jav&#x09;ascript:alert(1)">entity tab</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="VBScript:msgbox(1)">vb mixed</a>',
    "[md link](javascript:alert(1))",
    "[md mixed](JaVaScRiPt:alert(1))",
    "[md entity](&#106;avascript:alert(1))",
    "[md angle](<javascript:alert(1)>)",
    "[md data](data:text/html,<script>alert(1)</script>)",
    "[md vb](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "![img](javascript:alert(1))",
    '<a href="https://ok.example" onclick="alert(1)">ok link, bad handler</a>',
    "<div onclick=\"alert(1)\"><span onmouseenter='alert(1)'>x</span></div>",
]


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_hostile_markdown_is_inert_in_fragment_and_page(hostile: str) -> None:
    rendered = render_lesson(HEADER + hostile + "\n")
    assert_fragment_inert(rendered.html)
    assert_page_inert(player_page(rendered))


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_hostile_markup_is_inert_inside_every_container(hostile: str) -> None:
    inline = hostile.replace("\n", " ")
    text = (HEADER + f"::: callout tip title='{inline}'\n{hostile}\n:::\n"
            f"::: takeaways\n- {inline}\n:::\n"
            f"::: quiz single\n? {inline}\n- [x] {inline}\n  : {inline}\n- [ ] b\n:::\n"
            f"::: flashcards\n? {inline}\n: {inline}\n:::\n"
            f"::: apply\naction: {inline}\nreflect: {inline}\n:::\n"
            f"::: video src=\"media/v.mp4\"\n{hostile}\n:::\n::: audio src=\"media/a.m4a\"\n{hostile}\n:::\n"
            f"::: mystery\n{hostile}\n:::\n")
    rendered = render_lesson(text)
    assert_fragment_inert(rendered.html)
    assert_page_inert(player_page(rendered))


def test_links_that_are_safe_survive() -> None:
    html = render_lesson(HEADER + "[site](https://example.com/a?b=1) [mail](mailto:a@example.com) "
                         "[rel](media/notes.pdf)\n").html
    hrefs = [attrs.get("href") for attrs in parse_html(html).named("a")]
    assert hrefs == ["https://example.com/a?b=1", "mailto:a@example.com", "media/notes.pdf"]


def test_quote_in_block_options_cannot_break_out_of_attributes() -> None:
    text = (HEADER + "::: video src='x\" onerror=\"alert(1)' title='t\" onclick=\"alert(1)' "
            "poster='p\" onload=\"alert(1)' captions='c\" onerror=\"alert(1)' lang='en\" onerror=\"x'\n:::\n"
            "::: audio src='a\" onplay=\"alert(1)'\n:::\n")
    markup = assert_fragment_inert(render_lesson(text).html)
    video = markup.named("video")[0]
    assert set(video) == {"controls", "preload", "playsinline", "src", "aria-label", "poster"}
    assert video["src"] == 'x" onerror="alert(1)'
    assert video["aria-label"] == 't" onclick="alert(1)'
    track = markup.named("track")[0]
    assert track["src"] == 'c" onerror="alert(1)'
    assert markup.named("audio")[0]["src"] == 'a" onplay="alert(1)'


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                                 "\x01javascript:alert(1)", "file:///etc/passwd"])
def test_media_urls_with_other_schemes_are_dropped(url: str) -> None:
    assert safe_url(url) == ""
    text = HEADER + f'::: video src="{url}" poster="{url}" captions="{url}"\n:::\n'
    markup = assert_fragment_inert(render_lesson(text).html)
    assert markup.named("video")[0]["src"] == ""
    assert "poster" not in markup.named("video")[0]
    assert markup.named("track") == []


@pytest.mark.parametrize("url", ["media/clip.mp4", "https://cdn.example/v.mp4", "http://x.example/a"])
def test_relative_and_http_media_urls_are_kept(url: str) -> None:
    assert safe_url(url) == url


def test_hostile_title_and_metadata_stay_text_in_the_page() -> None:
    title = "</script><script>alert(1)</script> & </title><b>"
    text = ("---\nid: '\"></main><script>alert(1)</script>'\ntitle: '" + title.replace("'", "''") + "'\n"
            "summary: '<img src=x onerror=alert(1)> *ok*'\nlanguage: 'en\" onload=\"alert(1)'\n---\nBody\n")
    rendered = render_lesson(text)
    fragment = assert_fragment_inert(rendered.html)
    assert fragment.raw_text["h1"] == [title]
    assert fragment.named("article")[0]["lang"] == 'en" onload="alert(1)'
    page = assert_page_inert(player_page(rendered, tracking="preview"))
    assert page.raw_text["title"] == [title]
    config = json.loads(str(page.named("main")[0]["data-config"]))
    assert config == {"tracking": "preview", "lessonId": '"></main><script>alert(1)</script>',
                      "masteryScore": None, "text": {}}


def test_page_config_survives_metadata_json_cannot_hold() -> None:
    # YAML gives dates and bytes; the page must still be built (bad input never crashes).
    for value in ("2024-01-01", "!!binary aGVsbG8="):
        rendered = render_lesson(f"---\ntitle: T\nmastery_score: {value}\n---\nBody\n")
        page = assert_page_inert(player_page(rendered))
        assert json.loads(str(page.named("main")[0]["data-config"]))["masteryScore"] is None


def test_rendered_structure_follows_the_contract() -> None:
    text = HEADER + (
        "Intro *text*\n\n::: quiz truefalse\n? Sky is blue?\n- [x] True\n  : Right.\n- [ ] False\n:::\n"
        "::: flashcards\n? Front\n: Back\n:::\n::: apply\naction: Try it.\nreflect: How was it?\n:::\n"
        "::: callout warning\nCareful.\n:::\n")
    markup = assert_fragment_inert(render_lesson(text).html)
    blocks = [(tag, attrs.get("class"), attrs.get("data-line")) for tag, attrs in markup.tags
              if "ts-block" in str(attrs.get("class", ""))]
    assert blocks == [("div", "ts-block ts-md", "5"), ("section", "ts-block ts-quiz", "7"),
                      ("section", "ts-block ts-flashcards", "13"), ("section", "ts-block ts-apply", "17"),
                      ("aside", "ts-block ts-callout ts-callout-warning", "21")]
    inputs = markup.named("input")
    assert [(i["type"], i["data-correct"]) for i in inputs] == [("radio", "true"), ("radio", "false")]
    assert markup.named("section")[0]["data-kind"] == "truefalse"
    assert all("hidden" in attrs for attrs in markup.named("div") if attrs.get("class") == "ts-feedback")


_HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE_MARKDOWN), st.sampled_from(
    ["---", "title: x", ":::", "::: quiz", "::: video src='", "::: callout", "? q", "- [x] a", ": f",
     "```", "action: a", "\r"]), st.text(max_size=20)), max_size=25).map("\n".join)


@settings(max_examples=200, deadline=None, database=None)
@given(_HOSTILE_TEXT)
def test_render_never_raises_and_output_is_always_inert(text: str) -> None:
    rendered = render_lesson(text)
    assert rendered.html.startswith('<article class="ts-lesson"')
    assert_fragment_inert(rendered.html)
