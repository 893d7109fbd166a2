"""``tessera media …`` end to end through the CLI's own dispatch (exit codes, messages, files written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from tests.editor.media.conftest import H264, PICTURE, TONE, lavfi, make


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "phone clip.mp4"
    plain = path.with_name("plain.mp4")
    make(*lavfi(PICTURE, TONE), *H264, "-c:a", "aac", "-shortest", str(plain))
    make("-display_rotation", "90", "-i", str(plain), "-c", "copy", str(path))
    return path


@pytest.fixture
def lesson(workspace) -> Path:  # type: ignore[no-untyped-def]
    return Path(workspace.new_lesson("CLI lesson"))


def test_probe_prints_streams_and_json(run, clip: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("media", "probe", str(clip))
    assert code == 0 and "video, 2.00 s" in out and "240×320" in out and "rotation 90°" in out
    code, out, _ = run("media", "probe", str(clip), "--json")
    found = json.loads(out)
    assert code == 0 and found["kind"] == "video" and found["duration"] == pytest.approx(2, abs=0.1)
    assert found["video"]["rotation"] == 90 and found["video"]["display_width"] == 240
    assert found["audio"]["codec"] == "aac"


def test_probe_of_something_else_exits_1_with_the_reason(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.mp4"
    notes.write_text("minutes of the meeting")
    code, out, err = run("media", "probe", str(notes))
    assert (code, out) == (1, "") and "not a video or sound file" in err
    code, _, err = run("media", "probe", str(tmp_path / "missing.mp4"))
    assert code == 2 and "is not a file" in err


def test_import_prints_where_it_landed_and_the_markdown(run, lesson: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        clip: Path) -> None:
    photo = tmp_path / "Whiteboard.png"
    Image.new("RGB", (300, 200), "white").save(photo)
    code, out, err = run("media", "import", str(photo), "--lesson", str(lesson), "--alt", "The whiteboard")
    assert code == 0 and err == ""
    [stored] = (lesson / "media").iterdir()
    assert str(stored) in out and f"![The whiteboard](media/{stored.name})" in out
    code, out, _ = run("media", "import", str(clip), "--lesson", str(lesson), "--json")
    result = json.loads(out)
    assert code == 0 and result["kind"] == "video" and result["action"] == "re-encoded"
    assert (lesson / result["relative"]).is_file() and (lesson / result["poster"]).is_file()
    assert result["markdown"].startswith(f'::: video src="{result["relative"]}" poster=')


def test_import_without_alt_text_says_so_on_stderr(run, lesson: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "p.png"
    Image.new("RGB", (30, 20), "red").save(photo)
    code, _, err = run("media", "import", str(photo), "--lesson", str(lesson))
    assert code == 0 and "note: Describe the picture" in err


def test_import_of_bad_input_exits_1_and_adds_nothing(run, lesson: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    code, out, err = run("media", "import", str(broken), "--lesson", str(lesson))
    assert (code, out) == (1, "") and err.startswith("tessera media import: broken.jpg")
    assert not (lesson / "media").exists() or list((lesson / "media").iterdir()) == []
    code, _, err = run("media", "import", str(broken), "--lesson", str(tmp_path))
    assert code == 2 and "not a lesson folder" in err


def test_trim_writes_a_new_file_and_rejects_bad_times(run, clip: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "short.mp4"
    code, out, _ = run("media", "trim", str(clip), "--start", "0.5", "--end", "0:01.5", "--accurate",
                       "-o", str(output))
    assert code == 0 and out.startswith(f"{output} (1.0")     # 1.0x s: the sound ends on an AAC frame
    code, _, err = run("media", "trim", str(clip), "--start", "later")
    assert code == 1 and "is not a time" in err
    code, _, err = run("media", "trim", str(clip), "--start", "3", "-o", str(tmp_path / "x.mp4"))
    assert code == 1 and "only 2 s long" in err and not (tmp_path / "x.mp4").exists()
    code, _, err = run("media", "trim", str(clip), "-o", str(clip))
    assert code == 2 and "overwrite the input" in err


def test_captions_import_saves_vtt_beside_the_video(run, lesson: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    clip: Path) -> None:
    video = lesson / "media" / "intro.mp4"
    video.parent.mkdir(parents=True, exist_ok=True)
    video.write_bytes(clip.read_bytes())
    srt = tmp_path / "intro.srt"
    srt.write_text("1\n00:00:00,500 --> 00:00:01,500\nHello\n", encoding="utf-8")
    code, out, _ = run("media", "captions", "import", str(srt), "--video", "media/intro.mp4",
                       "--lesson", str(lesson))
    assert code == 0 and 'captions="media/intro.vtt"' in out and "(1 cues)" in out
    assert (lesson / "media" / "intro.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    code, _, err = run("media", "captions", "import", str(srt), "--video", "media/other.mp4",
                       "--lesson", str(lesson))
    assert code == 1 and "There is no video 'media/other.mp4'" in err


def test_media_without_an_action_explains_itself(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("media")
    assert code == 2 and "say what to do" in err
    code, _, err = run("media", "captions")
    assert code == 2 and "say what to do" in err
