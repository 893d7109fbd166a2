"""The search box language, and what text an item contributes."""

from __future__ import annotations

from pathlib import Path

from editor.search.extract import caption_text, current_stamp, extract, markdown_text, url_words
from editor.search.syntax import Filter, Phrase, Word, parse, toggle_filter
from tests.editor.search.library import make_library, source_of


def test_parse_understands_every_part() -> None:
    parsed = parse('feedbak "exact phrase" status:review skill:"time management" type:lesson|link '
                   "-retired -lang:de https://x.org/a", typing=False)
    assert parsed.words == (Word("feedbak"), Word("retired", negated=True), Word("https://x.org/a"))
    assert parsed.phrases == (Phrase("exact phrase"),)
    assert parsed.filters == (Filter("status", ("review",)), Filter("skill", ("time management",)),
                              Filter("kind", ("lesson", "link")), Filter("language", ("de",), negated=True))


def test_while_typing_only_the_unfinished_last_word_is_a_prefix() -> None:
    assert parse("giving feedb", typing=True).words[-1] == Word("feedb", prefix=True)
    assert parse("giving feedb ", typing=True).words[-1] == Word("feedb")
    assert parse('feedb "a phrase', typing=True).words == (Word("feedb"),)
    assert parse("status:", typing=True).is_empty            # a filter still being typed


def test_toggle_filter_adds_replaces_and_removes() -> None:
    text = toggle_filter("excel status:draft", "status", "published")
    assert text == "excel status:published "
    text = toggle_filter(text, "skill", "Time management")
    assert text == 'excel status:published skill:"Time management" '
    assert toggle_filter(text, "skill", "time management") == "excel status:published "
    assert toggle_filter("a skill:x", "skill", "y") == "a skill:x skill:y "


def test_markdown_text_keeps_words_and_drops_syntax() -> None:
    text = markdown_text('## Head\n- **bold** [link](http://x.y/z "Tip") ![alt](media/a.png)\n'
                         "| a | b |\n|---|---|\n[ref]: http://x\n<b>x</b> &amp; more")
    assert text == "Head\nbold link Tip alt\na b\nx & more"


def test_caption_text_is_the_spoken_words_only(tmp_path: Path) -> None:
    vtt = tmp_path / "c.vtt"
    vtt.write_text("WEBVTT\n\nNOTE a comment\n\ncue-1\n00:00.000 --> 00:01.000 align:start\n"
                   "<v Ana>Hello</v> <c.loud>there</c>\nsecond line\n", encoding="utf-8")
    assert caption_text(vtt) == "Hello there\nsecond line"


def test_url_words() -> None:
    assert url_words("https://www.ccl.org/articles/x_y") == "ccl.org https www ccl org articles x y"


def test_extract_reads_captions_outside_the_lesson_never(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    source = source_of(library, "giving-feedback")
    (tmp_path / "secret.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nsecret\n", encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace("media/intro.vtt", "../../../secret.vtt"),
                      encoding="utf-8")
    doc = extract(library, source)
    assert "secret" not in doc.text["captions"]


def test_the_stamp_follows_the_caption_file(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    doc = extract(library, source_of(library, "giving-feedback"))
    assert current_stamp(library.root, doc.path, doc.stamp) == doc.stamp
    (library.root / "lessons" / "giving-feedback" / "media" / "intro.vtt").write_text("WEBVTT\n\n",
                                                                                     encoding="utf-8")
    assert current_stamp(library.root, doc.path, doc.stamp) != doc.stamp
