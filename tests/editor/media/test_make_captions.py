"""*Make captions* end to end with the real engine (faster-whisper) and the real tiny.en model on real speech.

espeak-ng reads a known script; the tests check the words (word error rate), the cue layout and timing,
the file written beside the video, the link in lesson.md, the transcript of an audio block, the glossary,
Cancel, and every kind of unusable input.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

import pytest

from editor.checks import check_text
from editor.lesson_file import ConflictError
from editor.lesson_parse import parse_lesson
from editor.media import whisper
from editor.media.captions import read_captions
from editor.media.cue_layout import MAX_CUE_MS, MAX_LINE_CHARS, MAX_LINES, MIN_CUE_MS
from editor.media.glossary import add_glossary_term
from editor.media.jobs import Job, JobQueue, JobState
from editor.media.make_captions import CaptionOptions, MadeCaptions, captions_job, make_captions
from editor.media.transcribe import TranscriptionError, TranscriptionFailure
from editor.media_probe import duration_seconds
from editor.render import render_lesson
from editor.workspace import Workspace
from tests.editor.media.conftest import H264, PICTURE, lavfi, make
from tests.editor.media.speech import SCRIPT, speak, with_video, word_error_rate, words_of

GLOSSARY_LINE = "Tessera makes captions on your own computer. Ask Kowalczyk about the rollout."


def new_lesson(root: Path, body: str, language: str = "en") -> Path:
    workspace = Workspace.create(root / "ws", "Captions")
    lesson = Path(workspace.new_lesson("Lifting safely"))
    (lesson / "media").mkdir(exist_ok=True)
    text = (lesson / "lesson.md").read_text(encoding="utf-8")
    front, _, _ = text.partition("\n---\n")
    (lesson / "lesson.md").write_text(f"{front.replace('language: en', f'language: {language}')}\n---\n\n"
                                      f"# Lifting\n\n{body}", encoding="utf-8")
    return lesson


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(SCRIPT, tmp_path_factory.mktemp("speech") / "script.wav")


@pytest.fixture(scope="module")
def video_lesson(tmp_path_factory: pytest.TempPathFactory, speech: Path) -> tuple[Path, MadeCaptions]:
    """A lesson whose video block plays the spoken script, captioned once for all the checks below."""
    lesson = new_lesson(tmp_path_factory.mktemp("video"), '::: video src="media/lifting.mp4"\n:::\n')
    with_video(speech, lesson / "media" / "lifting.mp4")
    return lesson, make_captions("media/lifting.mp4", lesson)


def test_the_words_are_recognised(video_lesson: tuple[Path, MadeCaptions]) -> None:
    _, made = video_lesson
    heard = " ".join(cue.text for cue in made.captions.cues)
    assert word_error_rate(words_of(SCRIPT), words_of(heard)) <= 0.35
    assert made.kind == "captions" and made.language == "en"


def test_cues_are_readable_and_inside_the_clip(video_lesson: tuple[Path, MadeCaptions]) -> None:
    lesson, made = video_lesson
    cues = made.captions.cues
    clip_ms = round(duration_seconds(lesson / "media" / "lifting.mp4") * 1000)
    assert len(cues) >= 4
    for cue, following in zip(cues, (*cues[1:], None), strict=True):
        lines = cue.text.split("\n")
        assert 1 <= len(lines) <= MAX_LINES and all(0 < len(line) <= MAX_LINE_CHARS for line in lines)
        assert MIN_CUE_MS <= cue.end - cue.start <= MAX_CUE_MS
        assert 0 <= cue.start < cue.end <= clip_ms
        if following is not None:
            assert cue.end <= following.start
    # Each of the script's sentences fits one cue, so every cue ends at a sentence (or clause) end.
    assert all(cue.text.endswith((".", ",", "?", "!")) for cue in cues)
    assert made.problems == []


def test_webvtt_is_saved_beside_the_video_and_linked(video_lesson: tuple[Path, MadeCaptions]) -> None:
    lesson, made = video_lesson
    assert made.vtt == "media/lifting.vtt" and made.linked_lines
    assert read_captions(lesson / made.vtt) == made.captions
    text = (lesson / "lesson.md").read_text(encoding="utf-8")
    assert '::: video src="media/lifting.mp4" captions="media/lifting.vtt"' in text
    found = check_text(text, lesson)
    assert not [d for d in found if d.code == "video-no-captions" or d.severity.value == "error"]
    assert sorted(p.name for p in (lesson / "media").iterdir()) == ["lifting.mp4", "lifting.vtt"]


def test_existing_captions_are_replaced_only_when_asked(video_lesson: tuple[Path, MadeCaptions]) -> None:
    lesson, _ = video_lesson
    before = (lesson / "media" / "lifting.vtt").read_bytes()
    with pytest.raises(TranscriptionError) as refused:
        make_captions("media/lifting.mp4", lesson)
    assert refused.value.reason is TranscriptionFailure.ALREADY_DONE
    assert (lesson / "media" / "lifting.vtt").read_bytes() == before


def test_search_index_reads_the_new_captions(video_lesson: tuple[Path, MadeCaptions]) -> None:
    from editor.search.extract import extract

    lesson, _ = video_lesson
    document = extract(Workspace.containing(lesson), lesson / "lesson.md")  # type: ignore[arg-type]
    assert "trolley" in document.text["captions"].lower()
    assert "lifting.vtt" in document.stamp     # a later edit of the captions makes the entry stale


def test_audio_block_gets_a_transcript_shown_under_the_player(tmp_path: Path) -> None:
    lesson = new_lesson(tmp_path, '::: audio src="media/tip.wav" title="A tip"\n:::\n\nAfter the clip.\n')
    speak(GLOSSARY_LINE, lesson / "media" / "tip.wav")
    add_glossary_term(Workspace.containing(lesson).root, "Tessera")   # type: ignore[union-attr]
    add_glossary_term(Workspace.containing(lesson).root, "Kowalczyk")   # type: ignore[union-attr]
    made = make_captions(lesson / "media" / "tip.wav", lesson)
    assert made.kind == "transcript" and made.vtt is None
    # The glossary is what makes the tiny model spell these names (without it: "Tasker", "how I'll").
    assert "Tessera" in made.transcript and "Kowalczyk" in made.transcript
    text = (lesson / "lesson.md").read_text(encoding="utf-8")
    block = next(b for b in parse_lesson(text).blocks if b.kind == "audio")
    assert block.body.strip() == made.transcript and "After the clip." in text
    page = render_lesson(text).html
    assert '<details class="ts-transcript">' in page and "Tessera" in page
    assert sorted(p.name for p in (lesson / "media").iterdir()) == ["tip.wav"]


def test_without_the_glossary_the_names_are_misheard(tmp_path: Path) -> None:
    lesson = new_lesson(tmp_path, "")
    speak(GLOSSARY_LINE, lesson / "media" / "tip.wav")
    made = make_captions("media/tip.wav", lesson, CaptionOptions(link=False))
    assert "Tessera" not in made.transcript   # so the test above shows the glossary at work


def test_cancel_stops_and_leaves_nothing(tmp_path: Path, speech: Path) -> None:
    lesson = new_lesson(tmp_path, '::: video src="media/talk.mp4"\n:::\n')
    with_video(speech, lesson / "media" / "talk.mp4")
    lesson_before = (lesson / "lesson.md").read_bytes()
    temporary_before = set(Path(tempfile.gettempdir()).glob("tessera-speech-*"))
    recognising = threading.Event()

    def watch(job: Job[object]) -> None:   # the queue's update hook, as the GUI's job indicator uses it
        if job.message == "Recognising speech":
            recognising.set()

    queue = JobQueue(watch)
    job = queue.submit("Make captions", captions_job("media/talk.mp4", lesson))
    assert recognising.wait(60)
    job.cancel()
    assert job.wait(60)
    queue.close(10)
    assert job.state is JobState.CANCELLED and job.result is None
    assert sorted(p.name for p in (lesson / "media").iterdir()) == ["talk.mp4"]
    assert (lesson / "lesson.md").read_bytes() == lesson_before
    assert set(Path(tempfile.gettempdir()).glob("tessera-speech-*")) == temporary_before


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    files = {"silent-video": folder / "silent.mp4", "silence": folder / "silence.m4a",
             "two-hours": folder / "meeting.flac", "corrupt": folder / "broken.m4a"}
    make(*lavfi(PICTURE), *H264, str(files["silent-video"]))
    make(*lavfi("anullsrc=r=16000:cl=mono"), "-t", "4", "-c:a", "aac", str(files["silence"]))
    # Two hours of near-silence compress to almost nothing in FLAC; the length is what matters.
    make(*lavfi("anullsrc=r=8000:cl=mono"), "-t", "7200", "-c:a", "flac", str(files["two-hours"]))
    good = folder / "good.m4a"
    make(*lavfi("sine=frequency=440:duration=3"), "-c:a", "aac", str(good))
    files["corrupt"].write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    return files


@pytest.mark.parametrize(("case", "reason", "words"), [
    ("silent-video", TranscriptionFailure.NO_AUDIO, "no sound track"),
    ("silence", TranscriptionFailure.NO_SPEECH, "No speech was heard"),
    ("two-hours", TranscriptionFailure.TOO_LONG, "02:00:00 long; captions are made for clips up to 30 min"),
    ("corrupt", TranscriptionFailure.UNREADABLE_MEDIA, "damaged"),
])
def test_unusable_media_gets_a_clear_reason(tmp_path: Path, bad_inputs: dict[str, Path], case: str,
                                            reason: TranscriptionFailure, words: str) -> None:
    lesson = new_lesson(tmp_path, "")
    target = lesson / "media" / bad_inputs[case].name
    target.write_bytes(bad_inputs[case].read_bytes())
    lesson_before = (lesson / "lesson.md").read_bytes()
    with pytest.raises(TranscriptionError) as failed:
        make_captions(target, lesson)
    assert failed.value.reason is reason and words in str(failed.value)
    assert sorted(p.name for p in (lesson / "media").iterdir()) == [target.name]
    assert (lesson / "lesson.md").read_bytes() == lesson_before


def test_media_outside_the_lesson_is_refused(tmp_path: Path, speech: Path) -> None:
    lesson = new_lesson(tmp_path, "")
    for outside in (speech, "../../../outside.wav"):
        with pytest.raises(TranscriptionError) as refused:
            make_captions(outside, lesson)
        assert refused.value.reason is TranscriptionFailure.NOT_IN_LESSON


def test_missing_engine_or_model_says_how_to_enable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lesson = new_lesson(tmp_path, "")
    speak("Hello.", lesson / "media" / "hello.wav")
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "faster_whisper", None)    # as if the extra were not installed
        status = whisper.engine_status()
        assert status.reason is TranscriptionFailure.ENGINE_MISSING and not status.ready
        assert "pip install 'tessera[captions]'" in status.message
        with pytest.raises(TranscriptionError) as failed:
            make_captions("media/hello.wav", lesson)
        assert failed.value.reason is TranscriptionFailure.ENGINE_MISSING
    with monkeypatch.context() as patched:
        patched.setattr(whisper, "PACKAGED_MODELS", ())
        assert whisper.engine_status().reason is TranscriptionFailure.MODEL_MISSING
        assert "Preferences → Captions" in whisper.engine_status().message
    status = whisper.engine_status(tmp_path)
    assert status.reason is TranscriptionFailure.MODEL_UNREADABLE and "model.bin" in status.message
    assert whisper.engine_status().ready and whisper.engine_status().model_dir == whisper.packaged_model()


def test_a_language_the_model_does_not_know_is_refused(tmp_path: Path) -> None:
    lesson = new_lesson(tmp_path, "", language="de-CH")
    speak("Hello.", lesson / "media" / "hello.wav")
    with pytest.raises(TranscriptionError) as refused:
        make_captions("media/hello.wav", lesson)
    assert refused.value.reason is TranscriptionFailure.LANGUAGE_UNSUPPORTED
    assert "does not understand 'de'" in str(refused.value)


def test_a_lesson_edited_meanwhile_is_not_overwritten_and_no_captions_are_left(tmp_path: Path) -> None:
    lesson = new_lesson(tmp_path, '::: video src="media/hello.mp4"\n:::\n')
    with_video(speak(GLOSSARY_LINE, tmp_path / "hello.wav"), lesson / "media" / "hello.mp4")
    someone_else = (lesson / "lesson.md").read_text(encoding="utf-8") + "\nA colleague's new paragraph.\n"

    def edit_meanwhile(fraction: float, message: str) -> None:
        if message == "Recognising speech":
            (lesson / "lesson.md").write_text(someone_else, encoding="utf-8")

    with pytest.raises(ConflictError):
        make_captions("media/hello.mp4", lesson, progress=edit_meanwhile)
    assert (lesson / "lesson.md").read_text(encoding="utf-8") == someone_else
    assert sorted(p.name for p in (lesson / "media").iterdir()) == ["hello.mp4"]
