"""Cue layout from timed words: line and time limits, where cues are cut, timing kept inside the media."""

from __future__ import annotations

from editor.media.captions import Captions, Cue
from editor.media.cue_layout import (
    MAX_CUE_MS,
    MAX_LINE_CHARS,
    MIN_CUE_MS,
    Word,
    layout_cues,
    wrap_lines,
)
from editor.media.make_captions import transcript_text
from editor.render import render_lesson


def spoken(text: str, start: int = 0, word_ms: int = 300, gap_ms: int = 0) -> list[Word]:
    """Words of ``text`` one after another, ``word_ms`` each with ``gap_ms`` between them."""
    words, at = [], start
    for token in text.split():
        words.append(Word(at, at + word_ms, token))
        at += word_ms + gap_ms
    return words


def assert_readable(captions: Captions, duration: int) -> None:
    previous_end = 0
    for cue in captions.cues:
        lines = cue.text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= MAX_LINE_CHARS for line in lines), cue
        assert cue.end - cue.start <= MAX_CUE_MS and previous_end <= cue.start < cue.end <= duration
        previous_end = cue.end


def test_lines_are_balanced_and_never_longer_than_42() -> None:
    assert wrap_lines(["Bend", "your", "knees", "and", "keep", "the", "load", "close", "to", "your",
                       "body"]) == [
        "Bend your knees and keep", "the load close to your body"]
    assert wrap_lines(["short", "line"]) == ["short line"]
    assert wrap_lines(("word " * 30).split()) is None
    assert wrap_lines(["https://example.com/" + "x" * 60]) == ["https://example.com/" + "x" * 60]


def test_cues_end_at_sentence_ends_rather_than_filling_up() -> None:
    words = spoken("Lift with your legs. Keep the load close and your back straight. Ask for help.")
    captions = layout_cues(words, 30_000)
    assert [cue.text.replace("\n", " ") for cue in captions.cues] == [
        "Lift with your legs.", "Keep the load close and your back straight.", "Ask for help."]
    assert_readable(captions, 30_000)


def test_a_long_unpunctuated_monologue_is_cut_within_the_limits_at_pauses() -> None:
    words = spoken("so what we do here is " * 12, word_ms=250)
    # A breath after word 20: the cut prefers it to cutting anywhere else.
    words = [Word(w.start + (600 if index >= 20 else 0), w.end + (600 if index >= 20 else 0), w.text)
             for index, w in enumerate(words)]
    captions = layout_cues(words, 60_000)
    assert_readable(captions, 60_000)
    assert " ".join(cue.text.replace("\n", " ") for cue in captions.cues) == " ".join(w.text for w in words)
    ends = {cue.end for cue in captions.cues}
    assert words[19].end in ends


def test_a_long_silence_always_ends_a_cue() -> None:
    words = spoken("One two", 0) + spoken("three four.", 5000)
    captions = layout_cues(words, 10_000)
    assert [cue.text for cue in captions.cues] == ["One two", "three four."]


def test_short_cues_are_held_for_a_second_when_there_is_room_and_stay_inside_the_media() -> None:
    captions = layout_cues([Word(1000, 1200, "Yes."), Word(5000, 5300, "No.")], 5600)
    assert [(cue.start, cue.end) for cue in captions.cues] == [(1000, 1000 + MIN_CUE_MS), (4600, 5600)]


def test_messy_engine_times_still_give_ordered_cues() -> None:
    words = [Word(2000, 1900, "backwards"), Word(1500, 2500, "overlap."), Word(9000, 9000, "late"),
             Word(9000, 9500, " "), Word(9600, 12000, "beyond.")]
    captions = layout_cues(words, 10_000)
    assert_readable(captions, 10_000)
    assert "beyond." in captions.cues[-1].text


def test_transcript_is_literal_text_in_markdown() -> None:
    captions = Captions((Cue(0, 2000, "1. Press *start* <b>now</b>"), Cue(2000, 3000, "then # wait"),
                         Cue(9000, 10000, "::: video\nlater")))
    text = transcript_text(captions)
    assert text.count("\n\n") == 1     # a new paragraph after the long silence
    page = render_lesson(f'::: audio src="a.m4a"\n{text}\n:::\n').html
    page = page[page.index('<details class="ts-transcript">'):]
    assert "<ol" not in page and "<em>" not in page and "<b>" not in page and "<h1" not in page
    assert "*start*" in page and "&lt;b&gt;now&lt;/b&gt;" in page and "::: video later" in page
