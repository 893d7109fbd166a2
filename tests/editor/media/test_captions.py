"""Captions: SRT/VTT in, a cue model with editing operations and checks, WebVTT out beside the video."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.diagnostics import Severity
from editor.media.captions import Captions, Cue, attach_captions, parse_captions, read_captions, save_vtt
from editor.media.errors import MediaError
from editor.media.timecode import parse_time, vtt_timestamp

SRT = """\
1
00:00:00,500 --> 00:00:01,800
Welcome to <i>feedback</i>
that lands.

2
00:00:02,000 --> 00:00:03,250
Three steps.
"""

VTT = """\
WEBVTT - lesson captions

NOTE written by hand

intro
00:00.500 --> 00:00:01.800 align:start line:0
Welcome

00:00:02.000 --> 00:00:03.250
Three steps.
"""


def test_srt_becomes_cues_in_milliseconds_with_tags_kept() -> None:
    captions = parse_captions(SRT)
    assert captions.cues == (Cue(500, 1800, "Welcome to <i>feedback</i>\nthat lands."),
                             Cue(2000, 3250, "Three steps."))


def test_vtt_keeps_identifiers_and_cue_settings_through_a_round_trip() -> None:
    captions = parse_captions(VTT)
    assert captions.cues[0] == Cue(500, 1800, "Welcome", "intro", "align:start line:0")
    written = captions.to_vtt()
    assert written.startswith("WEBVTT\n\nintro\n00:00:00.500 --> 00:00:01.800 align:start line:0\nWelcome\n")
    assert parse_captions(written) == captions


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_files_in_common_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "talk.srt"
    text = SRT.replace("Three steps.", "Três passos — café.").replace("\n", "\r\n")
    path.write_bytes(text.encode(encoding))
    assert read_captions(path).cues[1].text == "Três passos — café."


@pytest.mark.parametrize("text, says", [
    ("just some notes\nwithout any times\n", "not a caption file"),
    ("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:0x,000 --> 00:00:04,000\nbroken\n",
     "1 of 2 cues have times"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\nbad --> times\ntext\n", "not a caption file"),
    ("WEBVTT\n\nNOTE nothing else\n", "contains no captions"),
])
def test_broken_caption_files_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(MediaError, match=says):
        parse_captions(text, "talk.srt")


def test_add_keeps_time_order_and_replace_moves_a_retimed_cue() -> None:
    captions = Captions().add(Cue(2000, 3000, "two")).add(Cue(0, 1000, "one")).add(Cue(4000, 5000, "three"))
    assert [cue.text for cue in captions.cues] == ["one", "two", "three"]
    moved = captions.replace(0, Cue(6000, 7000, "one, later"))
    assert [cue.text for cue in moved.cues] == ["two", "three", "one, later"]
    assert [cue.text for cue in moved.remove(0).cues] == ["three", "one, later"]
    assert captions.cues[0].text == "one"            # the original value is unchanged (undo-friendly)


def test_split_shares_words_in_proportion_and_merge_joins_back() -> None:
    captions = Captions((Cue(0, 4000, "one two three four", "id", "align:start"),))
    split = captions.split(0, 1000)
    assert split.cues == (Cue(0, 1000, "one", "id", "align:start"),
                          Cue(1000, 4000, "two three four", "", "align:start"))
    merged = split.merge(0)
    assert merged.cues == (Cue(0, 4000, "one\ntwo three four", "id", "align:start"),)
    with pytest.raises(MediaError, match="split it at a time in between"):
        captions.split(0, 4000)
    with pytest.raises(MediaError, match="There is no cue 2"):
        captions.merge(0)


def test_shift_moves_all_or_one_and_stops_at_zero() -> None:
    captions = Captions((Cue(500, 1500, "a"), Cue(2000, 3000, "b")))
    assert captions.shift(1000).cues == (Cue(1500, 2500, "a"), Cue(3000, 4000, "b"))
    assert captions.shift(-1000).cues == (Cue(0, 500, "a"), Cue(1000, 2000, "b"))
    assert captions.shift(250, index=1).cues == (Cue(500, 1500, "a"), Cue(2250, 3250, "b"))


def test_problems_name_the_cue_and_the_fix() -> None:
    captions = Captions((Cue(0, 2000, "overlaps the next"), Cue(1500, 1500, "no time at all"),
                         Cue(3000, 4000, "  "), Cue(5000, 6000, "an --> arrow"), Cue(9000, 9500, "late")))
    found = {(problem.cue, problem.code, problem.severity) for problem in captions.problems(duration=8000)}
    assert found == {(1, "caption-overlap", Severity.WARNING), (2, "caption-timing", Severity.ERROR),
                     (3, "caption-empty", Severity.WARNING), (4, "caption-arrow", Severity.ERROR),
                     (5, "caption-after-end", Severity.WARNING)}
    assert str(captions.problems()[0]).startswith("warning: cue 1: It is still showing when cue 2 starts")
    assert Captions((Cue(0, 1000, "fine"),)).problems(duration=1000) == []


def test_blank_lines_in_text_cannot_end_a_cue_early(tmp_path: Path) -> None:
    path = tmp_path / "x.vtt"
    save_vtt(Captions((Cue(0, 1000, "first line\n\nsecond line"),)), path)
    assert read_captions(path).cues == (Cue(0, 1000, "first line\nsecond line"),)


def test_attach_saves_webvtt_beside_the_video(tmp_path: Path, clips: dict[str, Path]) -> None:
    lesson = tmp_path / "lesson"
    (lesson / "media").mkdir(parents=True)
    (lesson / "media" / "intro.mp4").write_bytes(clips["plain"].read_bytes())
    source = tmp_path / "intro.srt"
    source.write_text(SRT + "\n3\n00:00:05,000 --> 00:00:06,000\nAfter the end.\n", encoding="utf-8")
    attached = attach_captions(source, "media/intro.mp4", lesson)
    assert attached.path == lesson / "media" / "intro.vtt" and attached.relative == "media/intro.vtt"
    assert not attached.replaced and len(attached.captions.cues) == 3
    # The clip is 2 s long: cues 2 (at 2.0 s) and 3 (at 5 s) start when nothing is showing any more.
    assert [(problem.cue, problem.code) for problem in attached.problems] == [(2, "caption-after-end"),
                                                                               (3, "caption-after-end")]
    assert attached.path.read_text(encoding="utf-8").startswith("WEBVTT\n\n00:00:00.500 --> 00:00:01.800")
    assert attach_captions(source, "media/intro.mp4", lesson).replaced


def test_attach_refuses_missing_videos_and_captions_with_errors(tmp_path: Path,
                                                                clips: dict[str, Path]) -> None:
    lesson = tmp_path / "lesson"
    (lesson / "media").mkdir(parents=True)
    source = tmp_path / "x.srt"
    source.write_text(SRT, encoding="utf-8")
    for video in ("media/none.mp4", "../outside.mp4"):
        with pytest.raises(MediaError, match="There is no video"):
            attach_captions(source, video, lesson)
    (lesson / "media" / "v.mp4").write_bytes(clips["plain"].read_bytes())
    source.write_text("1\n00:00:02,000 --> 00:00:01,000\nbackwards\n", encoding="utf-8")
    with pytest.raises(MediaError, match="cue 1: It ends"):
        attach_captions(source, "media/v.mp4", lesson)
    assert not (lesson / "media" / "v.vtt").exists()


@pytest.mark.parametrize("text, seconds", [("75", 75.0), ("75.5", 75.5), ("1:15.5", 75.5),
                                           ("01:02:03,250", 3723.25), ("0:59", 59.0)])
def test_times_are_read_as_people_write_them(text: str, seconds: float) -> None:
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "soon", "1:75", "-3", "1::2"])
def test_unreadable_times_say_how_to_write_them(text: str) -> None:
    with pytest.raises(MediaError):
        parse_time(text)


def test_vtt_timestamps() -> None:
    assert vtt_timestamp(3_723_250) == "01:02:03.250" and vtt_timestamp(-5) == "00:00:00.000"
