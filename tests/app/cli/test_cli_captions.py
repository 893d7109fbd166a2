"""``tessera media captions make`` through the CLI's own dispatch, with the real engine and tiny.en model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.editor.media.speech import speak, with_video

LINE = "Welcome to the lesson. Please watch the short video before the quiz."


@pytest.fixture
def lesson(workspace) -> Path:  # type: ignore[no-untyped-def]
    folder = Path(workspace.new_lesson("CLI captions"))
    (folder / "media").mkdir(exist_ok=True)
    with (folder / "lesson.md").open("a", encoding="utf-8") as text:
        text.write('\n::: video src="media/welcome.mp4"\n:::\n\n::: audio src="media/welcome.wav"\n:::\n')
    speak(LINE, folder / "media" / "welcome.wav")
    with_video(folder / "media" / "welcome.wav", folder / "media" / "welcome.mp4")
    return folder


def test_make_writes_links_and_reports(run, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("media", "captions", "make", "media/welcome.mp4", "--lesson", str(lesson))
    assert code == 0, err
    assert f"saved {lesson / 'media' / 'welcome.vtt'}" in out and "language en" in out and "linked in" in out
    assert 'captions="media/welcome.vtt"' in (lesson / "lesson.md").read_text(encoding="utf-8")
    assert "video" in (lesson / "media" / "welcome.vtt").read_text(encoding="utf-8").lower()

    code, _, err = run("media", "captions", "make", "media/welcome.mp4", "--lesson", str(lesson))
    assert code == 1 and "already has captions" in err

    code, out, err = run("media", "captions", "make", str(lesson / "media" / "welcome.wav"), "--lesson",
                         str(lesson), "--json")
    found = json.loads(out)
    assert code == 0 and found["kind"] == "transcript" and found["vtt"] is None
    assert "quiz" in found["transcript"].lower() and found["linked_lines"]
    assert all(cue["start"] < cue["end"] for cue in found["cues"])


def test_unusable_requests_exit_with_the_reason(run, lesson: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = (lesson / "lesson.md").read_bytes()
    code, _, err = run("media", "captions", "make", "media/welcome.mp4", "--lesson", str(lesson),
                       "--language", "de")
    assert code == 1 and "does not understand 'de'" in err
    code, _, err = run("media", "captions", "make", "media/welcome.mp4", "--lesson", str(tmp_path))
    assert code == 2 and "not a lesson folder" in err
    code, _, err = run("media", "captions", "make", "media/other.mp4", "--lesson", str(lesson))
    assert code == 1 and "not a file in the lesson folder" in err
    code, _, err = run("media", "captions", "make", "media/welcome.mp4", "--lesson", str(lesson),
                       "--model", str(tmp_path))
    assert code == 1 and "not a speech model folder" in err
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    code, _, err = run("media", "captions", "make", "media/welcome.mp4", "--lesson", str(lesson))
    assert code == 1 and "pip install 'tessera[captions]'" in err
    assert (lesson / "lesson.md").read_bytes() == before
    assert sorted(p.name for p in (lesson / "media").iterdir()) == ["welcome.mp4", "welcome.wav"]
