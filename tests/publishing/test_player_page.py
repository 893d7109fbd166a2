"""The player page as a document: one script and one style, both pinned by the CSP; sound HTML5
structure; hostile lesson input that stays text; a config the script can read back."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser

import pytest

from editor.render import render_lesson
from publishing.player import (
    assets,
    content_security_policy,
    encode_answers,
    mastery_score,
    player_page,
    split_answers,
)

EVERY_BLOCK = """---
id: every-block
title: Every block
summary: One of each.
language: en
---
## Text

A [link](https://example.com) and ![a picture](media/p.png "Caption").

| a | b |
|---|---|
| 1 | 2 |

::: video src="media/v.mp4" captions="media/v.vtt" poster="media/v.jpg" title="Intro"
Caption.
:::

::: audio src="media/a.m4a"
Transcript.
:::

::: callout warning title="Careful"
Body.
:::

::: takeaways
- One
:::

::: quiz single
? Question one
- [x] Yes
  : Right.
- [ ] No
:::

::: quiz multiple
? Question two
- [x] A
- [x] B
- [ ] C
  : Not C.
:::

::: flashcards
? Front
: Back
:::

::: apply
action: Do it.
reflect: How was it?
:::

::: mystery
Kept as plain content.
:::
"""

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EVENT_ATTRIBUTE = re.compile(r"^on", re.IGNORECASE)


class Document(HTMLParser):
    """Start tags with decoded attributes, raw text of script/style, and nesting problems."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {"script": [], "style": [], "title": []}
        self.problems: list[str] = []
        self.doctype = ""
        self._stack: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        if tag in self.texts:
            self.texts[tag].append("")
        if tag not in VOID:
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"end tag for void element </{tag}>")
        elif not self._stack or self._stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self._stack[-1] if self._stack else 'nothing'}>")
        else:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] in self.texts:
            self.texts[self._stack[-1]][-1] += data

    def close(self) -> None:
        super().close()
        self.problems.extend(f"<{tag}> never closed" for tag in self._stack)

    def named(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(page: str) -> Document:
    document = Document()
    document.feed(page)
    document.close()
    return document


def source_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp_directives(document: Document) -> dict[str, list[str]]:
    policies = [m["content"] for m in document.named("meta")
                if m.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(policies) == 1
    directives: dict[str, list[str]] = {}
    for part in policies[0].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def config_of(document: Document) -> dict[str, object]:
    config: dict[str, object] = json.loads(document.named("main")[0]["data-config"])
    return config


@pytest.fixture(scope="module")
def page() -> str:
    return player_page(render_lesson(EVERY_BLOCK))


def test_only_our_script_and_style_run_and_the_csp_pins_them(page: str) -> None:
    document = parse(page)
    player = assets()
    assert document.named("script") == [{}]                     # inline, no src
    assert document.texts["script"] == [player.js]
    assert document.texts["style"] == [player.css]
    directives = csp_directives(document)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == [source_hash(player.js)]
    assert directives["style-src"] == [source_hash(player.css)]
    assert content_security_policy() in page


def test_extra_script_hash_is_added_for_package_runtimes() -> None:
    policy = content_security_policy(extra_script="x()")
    directives = csp_directives(parse(f'<meta http-equiv="Content-Security-Policy" content="{policy}">'))
    assert directives["script-src"] == [source_hash(assets().js), source_hash("x()")]


def palette(selector: str) -> dict[str, str]:
    """The custom properties declared in the first CSS rule for ``selector``."""
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", assets().css)
    assert match, selector
    return dict(re.findall(r"(--ts-[\w-]+):\s*([^;]+);", match.group(1)))


PALETTES = {"light": ":root", "dark": ':root[data-theme="dark"]'}

# (text, background, minimum ratio): WCAG 2.1 AA, 4.5:1 for text and 3:1 for control outlines.
COLOUR_PAIRS = [("text", "bg", 4.5), ("text", "surface", 4.5), ("text", "surface-2", 4.5),
                ("text", "accent-soft", 4.5), ("muted", "bg", 4.5), ("muted", "surface", 4.5),
                ("accent", "bg", 4.5), ("accent", "surface", 4.5), ("accent", "accent-soft", 4.5),
                ("on-accent", "accent", 4.5), ("control", "surface", 3.0),
                ("ok-ink", "ok-bg", 4.5), ("bad-ink", "bad-bg", 4.5), ("text", "ok-bg", 4.5),
                ("text", "bad-bg", 4.5)] + [
    (f"{kind}-ink", f"{kind}-bg", 4.5) for kind in ("info", "tip", "warning", "example")] + [
    ("text", f"{kind}-bg", 4.5) for kind in ("info", "tip", "warning", "example")]


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("theme", PALETTES)
def test_colour_pairs_meet_wcag_aa(theme: str) -> None:
    colours = palette(PALETTES[theme])
    for foreground, background, minimum in COLOUR_PAIRS:
        lighter, darker = sorted((luminance(colours[f"--ts-{foreground}"]),
                                  luminance(colours[f"--ts-{background}"])), reverse=True)
        ratio = (lighter + 0.05) / (darker + 0.05)
        assert ratio >= minimum, f"{theme}: {foreground} on {background} is {ratio:.2f}:1"


def test_system_dark_and_forced_dark_palettes_are_the_same() -> None:
    # The dark palette is written twice in player.css (system preference, forced theme).
    system_dark = palette(':root:not([data-theme="light"])')
    assert system_dark == palette(':root[data-theme="dark"]')
    not_colours = {"--ts-radius", "--ts-font", "--ts-mono"}
    assert system_dark.keys() == palette(":root").keys() - not_colours


def test_player_sources_cannot_end_their_own_elements() -> None:
    player = assets()
    assert "</script" not in player.js.lower() and "<!--" not in player.js
    assert "</style" not in player.css.lower()
    # No code built from strings and no network (the CSP would block both anyway); no storage
    # the memory adapter could trip over in a sandboxed frame. The one HTML parse is update()'s
    # <template>, fed with markup the app sanitised.
    for forbidden in ("eval(", "new Function", "fetch(", "XMLHttpRequest", "localStorage", "document.write",
                      "outerHTML", "insertAdjacentHTML"):
        assert forbidden not in player.js, forbidden
    assert re.findall(r"\w+\.innerHTML", player.js) == ["template.innerHTML"]


def test_page_is_well_formed_html5(page: str) -> None:
    document = parse(page)
    assert document.problems == []
    assert document.doctype.lower() == "doctype html"
    skeleton = ["html", "head", "title", "style", "body", "main", "script"]
    assert [tag for tag, _ in document.tags if tag in skeleton] == skeleton
    assert document.tags[2] == ("meta", {"charset": "utf-8"})   # first thing in <head>
    assert document.named("html")[0]["lang"] == "en"
    ids = [attrs["id"] for _, attrs in document.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    references = [ref for _, attrs in document.tags for name in ("for", "aria-labelledby", "aria-describedby")
                  for ref in attrs.get(name, "").split()]
    assert references and set(references) <= set(ids)
    progress = next(attrs for tag, attrs in document.tags if attrs.get("role") == "progressbar")
    assert progress["aria-valuenow"] == "0" and progress["aria-label"]


def test_every_block_kind_reaches_the_page(page: str) -> None:
    classes = " ".join(attrs.get("class", "") for _, attrs in parse(page).tags)
    for kind in ("ts-md", "ts-video", "ts-audio", "ts-callout-warning", "ts-takeaways", "ts-quiz",
                 "ts-flashcards", "ts-apply", "ts-unknown"):
        assert kind in classes, kind


HOSTILE_LESSONS = {
    "script in title": "---\ntitle: '</title></script><script>alert(1)</script>'\n---\nBody\n",
    "handler in summary": "---\ntitle: T\nsummary: '<img src=x onerror=alert(1)>'\n---\nBody\n",
    "script in body": "---\ntitle: T\n---\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n",
    "javascript links": ("---\ntitle: T\n---\n[a](javascript:alert(1)) "
                         "<a href=\"JaVaScRiPt:alert(1)\">b</a>\n"),
    "quotes in attributes": ("---\ntitle: T\n---\n::: video src='x\" onerror=\"alert(1)' "
                             "title='\"><script>alert(1)</script>'\n:::\n"),
    "quotes in lang and id": ("---\nid: '\"></main><script>alert(1)</script>'\ntitle: T\n"
                              "language: 'en\" onload=\"alert(1)'\n---\nBody\n"),
    "hostile quiz and cards": ("---\ntitle: T\n---\n::: quiz single\n? <script>alert(1)</script>\n"
                               "- [x] <img src=x onerror=alert(1)>\n  : <a href='javascript:alert(1)'>f</a>\n"
                               "- [ ] b\n:::\n::: flashcards\n? <svg onload=alert(1)>\n"
                               ": </button><script>x</script>\n:::\n"),
}


@pytest.mark.parametrize("text", HOSTILE_LESSONS.values(), ids=HOSTILE_LESSONS.keys())
def test_hostile_lesson_input_never_yields_executable_markup(text: str) -> None:
    page = player_page(render_lesson(text), tracking="preview", lesson_id='x"><script>alert(1)</script>')
    document = parse(page)
    assert document.named("script") == [{}] and document.texts["script"] == [assets().js]
    assert document.problems == []
    for tag, attrs in document.tags:
        assert tag not in ("iframe", "object", "embed", "svg", "math", "base", "form"), tag
        for name, value in attrs.items():
            assert not EVENT_ATTRIBUTE.match(name), f"{name} on <{tag}>"
            if name in ("href", "src", "poster"):
                scheme = re.sub(r"\s", "", value).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:text")), f"{name}={value}"
    assert "alert(1)" not in "".join(document.texts["script"] + document.texts["style"])


def test_config_round_trips_through_the_data_attribute() -> None:
    rendered = render_lesson("---\nid: abc123\ntitle: T\nmastery_score: 0.7\n---\nBody\n")
    assert config_of(parse(player_page(rendered))) == {"tracking": "none", "lessonId": "abc123",
                                                       "masteryScore": 0.7, "text": {}}
    tricky = 'ünïcødé "quotes" & <tags> </script>'
    config = config_of(parse(player_page(rendered, tracking="preview", lesson_id=tricky)))
    assert config == {"tracking": "preview", "lessonId": tricky, "masteryScore": 0.7, "text": {}}


def test_player_words_follow_the_lesson_language() -> None:
    german = render_lesson("---\ntitle: T\nlanguage: de-CH\n---\nBody\n")
    text = config_of(parse(player_page(german)))["text"]
    assert text["retry"] == "Noch einmal"
    assert text["questionOf"] == "Frage {n} von {total}"
    assert "Das Wichtigste" in render_lesson(
        "---\ntitle: T\nlanguage: de\n---\n::: takeaways\n- a\n:::\n").html


@pytest.mark.parametrize(("value", "expected"), [
    ("0.8", 0.8), ("80", 0.8), ("1", 1.0), ("0", 0.0), ("100", 1.0), ("150", None), ("-1", None),
    ("high", None), ("true", None), ("2024-01-01", None), ("[1]", None), (".nan", None),
])
def test_mastery_score_from_front_matter(value: str, expected: float | None) -> None:
    rendered = render_lesson(f"---\ntitle: T\nmastery_score: {value}\n---\nBody\n")
    assert config_of(parse(player_page(rendered)))["masteryScore"] == expected
    assert mastery_score(rendered.parsed.meta.get("mastery_score")) == expected


def test_theme_is_forced_only_when_asked(page: str) -> None:
    rendered = render_lesson(EVERY_BLOCK)
    assert "data-theme" not in parse(page).named("html")[0]
    assert parse(player_page(rendered, theme="dark")).named("html")[0]["data-theme"] == "dark"
    assert parse(player_page(rendered, theme="light")).named("html")[0]["data-theme"] == "light"


@pytest.mark.parametrize("options", [{"tracking": "scorm99"}, {"theme": "sepia"}])
def test_unknown_options_are_refused_with_the_valid_choices(options: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="use one of"):
        player_page(render_lesson(EVERY_BLOCK), **options)


def test_title_in_head_is_text_even_when_hostile() -> None:
    title = "</title><script>alert(1)</script> & more"
    rendered = render_lesson(f"---\ntitle: '{title}'\n---\nBody\n")
    document = parse(player_page(rendered))
    assert document.texts["title"] == [title]
    assert html.escape(title) in player_page(rendered)


def test_right_answers_leave_the_markup_for_the_encoded_config(page: str) -> None:
    document = parse(page)
    inputs = [attrs for attrs in document.named("input") if attrs.get("type") in ("radio", "checkbox")]
    assert len(inputs) == 5 and not any("data-correct" in attrs for attrs in inputs)
    assert "data-correct" not in page[page.index("<main"):page.index("</main>")]
    answers = config_of(document)["answers"]
    assert isinstance(answers, dict) and set(answers) == {"q1", "q2"}
    # Encoded, not in plain sight: q1's "0" and q2's "0,1" do not appear as such.
    assert all(re.fullmatch(r"(?:[0-9a-f]{4})+", value) for value in answers.values())
    assert answers != {"q1": "0", "q2": "0,1"}


def test_split_answers_reads_each_quiz_in_order() -> None:
    article = render_lesson(EVERY_BLOCK).html
    stripped, correct = split_answers(article)
    assert correct == {"q1": [0], "q2": [0, 1]}
    assert "data-correct" not in stripped and stripped.count("data-quiz-id") == 2
    assert encode_answers("L", {"q1": [0]}) != encode_answers("M", {"q1": [0]}), "keyed by lesson id"
