"""The recorder window, driven without hardware: generated picture and sound go through the same capture
session and recorder as a camera would, into a real MP4 that "Use this take" normalises into the lesson."""

from __future__ import annotations

import array
from pathlib import Path

import pytest

from app.kit.qt import (
    QGuiApplication,
    QImage,
    QMessageBox,
)
from app.kit.qt_media import (
    QAudioFormat,
    QMediaRecorder,
)
from app.media.recorder import RecorderWindow
from app.media.recorder_feeds import (
    Catalog,
    FeedChoice,
    ScreenFeed,
    availability_message,
    device_catalog,
    peak_level,
)
from app.media.recorder_generated import PatternFeed, ToneFeed
from app.media.recorder_prompter import Teleprompter, script_text
from editor.media.importer import ImportResult
from editor.media.probe import probe

State = QMediaRecorder.RecorderState
LESSON = """---
id: abc123
title: Giving feedback
---
## Why feedback matters

People improve when they hear what worked.

::: callout tip
Be specific, **kindly**.
:::

::: quiz single
? What comes first?
- [x] Listen and thank them
  : Why this is right.
- [ ] Argue
:::
"""


def generated() -> Catalog:
    return Catalog([FeedChoice("Test picture", PatternFeed, "generated")],
                   [FeedChoice("Test tone", ToneFeed, "generated")])


def screen_only() -> Catalog:
    screen = QGuiApplication.primaryScreen()
    return Catalog([FeedChoice("Screen: main", lambda: ScreenFeed(screen), "screen")], [])


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows closed at teardown with a take still there discard it instead of waiting for an answer."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Discard)


@pytest.fixture
def lesson(workspace) -> Path:  # type: ignore[no-untyped-def]
    return Path(workspace.new_lesson("Recorded lesson"))


def open_recorder(qtbot, lesson: Path, catalog=generated, **options) -> RecorderWindow:  # type: ignore[no-untyped-def]
    window = RecorderWindow(lesson, script_text(LESSON), catalog=catalog, **options)
    qtbot.addWidget(window)
    window.show()
    return window


def record(qtbot, window: RecorderWindow, *spans_ms: int) -> Path:  # type: ignore[no-untyped-def]
    """Record for the given spans of real time, pausing between them; returns the finished take."""
    window.start_take()
    for _ in range(window.countdown_seconds):
        window.countdown.step()
    qtbot.waitUntil(lambda: window.mode == "recording", timeout=5000)
    for number, span in enumerate(spans_ms):
        if number:
            window.toggle_pause()        # resume
            qtbot.waitUntil(lambda: window.mode == "recording", timeout=5000)
        qtbot.wait(span)
        if number < len(spans_ms) - 1:
            window.toggle_pause()
            qtbot.waitUntil(lambda: window.mode == "paused", timeout=5000)
            assert not window.prompter.running
            qtbot.wait(600)              # paused time must not end up in the take
    window.stop()
    qtbot.waitUntil(lambda: window.mode == "review", timeout=10000)
    assert window.core.take is not None
    return window.core.take


def test_record_with_countdown_pause_retake_and_use_the_take(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_recorder(qtbot, lesson)
    assert not window.notice.isVisible()                      # generated picture and sound count as devices
    qtbot.waitUntil(lambda: window.preview.has_frame, timeout=5000)
    qtbot.waitUntil(lambda: window.meter.level > 0.05, timeout=5000)   # the tone reaches the meter

    window.start_take()
    assert window.mode == "countdown" and window.preview.overlay == "3"
    window.countdown.step()
    window.countdown.step()
    assert window.preview.overlay == "1" and window.core.state == State.StoppedState
    window.countdown.step()
    qtbot.waitUntil(lambda: window.mode == "recording", timeout=5000)
    assert window.preview.overlay == "" and window.prompter.running
    qtbot.wait(400)
    window.stop()
    qtbot.waitUntil(lambda: window.mode == "review", timeout=10000)
    first = window.core.take
    assert first is not None and first.is_file()

    window.retake()                                            # discard and start again
    assert not first.exists() and window.mode == "countdown"
    window.stop()                                              # stopping the countdown records nothing
    assert window.mode == "setup" and window.core.take is None

    take = record(qtbot, window, 1000, 1000)
    info = probe(take)
    assert info.video is not None and info.audio is not None
    assert info.duration is not None and 1.6 <= info.duration <= 2.6   # ~2 s recorded, the pause left out
    shown = window.time_label.text()
    assert shown.startswith("Take length 0:0") and shown != "Take length 0:00.0"

    with qtbot.waitSignal(window.take_used, timeout=60000) as used:
        window.use_take()
    result = used.args[0]
    assert isinstance(result, ImportResult) and result.kind == "video"
    assert result.path.parent == lesson / "media" and result.relative in result.markdown
    stored = probe(result.path)
    assert stored.video is not None and stored.video.codec == "h264"
    assert stored.audio is not None and stored.audio.codec == "aac"
    assert stored.duration is not None and abs(stored.duration - info.duration) < 0.3
    assert not take.exists()                                   # the temporary take is gone
    assert not window.isVisible()


def test_cancelled_import_keeps_the_take_and_closing_asks_first(qtbot, lesson: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_recorder(qtbot, lesson, countdown_seconds=0)
    take = record(qtbot, window, 600)
    window.use_take()
    assert window.mode == "importing" and not window.use_button.isEnabled()
    window.progress.cancel_button.click()
    qtbot.waitUntil(lambda: window.mode == "review", timeout=30000)
    assert "Cancelled" in window.message.text() and take.is_file()
    assert not [path for path in (lesson / "media").glob("*") if path.suffix == ".mp4"]

    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    window.close()
    assert window.isVisible() and take.is_file()               # "Cancel" keeps the take
    window.close()
    assert not window.isVisible() and not take.exists()


def test_screen_recording_without_camera_or_microphone(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_recorder(qtbot, lesson, catalog=screen_only, countdown_seconds=0)
    assert window.notice.isVisible()
    assert "No camera or microphone was found" in window.notice.text()
    assert "record your screen without sound" in window.notice.text()
    assert window.record_button.isEnabled() and window.audio_choice.currentText() == "No sound"
    take = record(qtbot, window, 800)
    info = probe(take)
    assert info.video is not None and info.audio is None


def test_nothing_to_record_from_says_so_and_disables_record(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_recorder(qtbot, lesson, catalog=Catalog)
    assert window.notice.isVisible() and "nothing to record from" in window.notice.text()
    assert not window.record_button.isEnabled()
    window.start_take()
    assert window.mode == "setup" and "Choose a camera" in window.message.text()


def test_availability_messages_name_what_is_missing() -> None:
    def catalog(*kinds: str, denied: tuple[str, ...] = ()) -> Catalog:
        video = [FeedChoice(kind, PatternFeed, kind) for kind in kinds if kind in ("camera", "screen")]
        audio = [FeedChoice(kind, ToneFeed, kind) for kind in kinds if kind == "microphone"]
        return Catalog(video, audio, denied)

    assert availability_message(catalog("camera", "microphone", "screen")) == ""
    assert "No microphone was found: a recording will have no sound" in availability_message(
        catalog("camera", "screen"))
    assert "record your screen with your voice" in availability_message(catalog("microphone", "screen"))
    assert "No camera was found" in availability_message(catalog("microphone"))
    denied = availability_message(catalog("screen", denied=("camera", "microphone")))
    assert "not allowed to use the camera and microphone" in denied and "privacy settings" in denied


def test_device_catalog_lists_every_screen_and_each_choice_makes_its_feed(qapp) -> None:  # type: ignore[no-untyped-def]
    catalog = device_catalog()
    screens = [choice for choice in catalog.video if choice.kind == "screen"]
    assert len(screens) == len(QGuiApplication.screens())
    assert all(choice.label.startswith("Screen: ") for choice in screens)
    assert isinstance(screens[0].make(), ScreenFeed)
    assert all(choice.kind == "microphone" for choice in catalog.audio)


def test_peak_level_reads_the_sample_formats_microphones_deliver() -> None:
    formats = QAudioFormat.SampleFormat
    assert peak_level(array.array("h", [0, 16384, -32768]).tobytes(), formats.Int16) == 1.0
    assert peak_level(array.array("h", [100, -8192]).tobytes(), formats.Int16) == 0.25
    assert peak_level(array.array("i", [2 ** 30]).tobytes(), formats.Int32) == 0.5
    assert peak_level(array.array("f", [0.1, -0.4]).tobytes(), formats.Float) == pytest.approx(0.4)
    assert peak_level(bytes([128, 192, 128]), formats.UInt8) == 0.5    # 8-bit sound is centred on 128
    assert peak_level(b"", formats.Int16) == 0.0
    assert peak_level(b"\x01", formats.Int16) == 0.0                   # half a sample is ignored


def test_script_is_the_spoken_text_only_headings_and_prose() -> None:
    script = script_text(LESSON)
    assert script == ("Why feedback matters\n\nPeople improve when they hear what worked.\n\n"
                      "Be specific, kindly.")
    # No quiz question or answer key, no markup, nothing from the front matter.
    for never in ("title:", ":::", "Listen and thank", "Why this is right", "What comes first", "**", "##"):
        assert never not in script
    assert script_text(LESSON, selection="Only *this* part.") == "Only this part."


def test_teleprompter_scrolls_at_the_chosen_words_per_minute(qtbot) -> None:  # type: ignore[no-untyped-def]
    prompter = Teleprompter()
    qtbot.addWidget(prompter)
    prompter.resize(600, 400)
    prompter.set_script(" ".join(["word"] * 400))
    prompter.set_speed(120)
    height = prompter.document.size().height()
    prompter.advance(1000)
    # 120 words a minute = 2 words a second = 2/400 of the text each second.
    assert prompter.offset == pytest.approx(height * 2 / 400, rel=0.01)
    prompter.set_speed(240)
    prompter.advance(1000)
    assert prompter.offset == pytest.approx(height * 6 / 400, rel=0.01)
    prompter.advance(10 ** 7)
    assert prompter.offset == prompter.end_offset              # stops at the end, never past it
    prompter.reset()
    assert prompter.offset == 0


def _bright_columns(image: QImage) -> tuple[int, int]:
    columns = [x for x in range(image.width())
               if any(image.pixelColor(x, y).lightness() > 200 for y in range(0, image.height(), 3))]
    return columns[0], columns[-1]


def test_window_controls_set_teleprompter_mirror_speed_and_size(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_recorder(qtbot, lesson, catalog=Catalog)
    prompter = window.prompter
    prompter.resize(600, 400)
    prompter.set_script("Short line")
    plain_left, plain_right = _bright_columns(prompter.grab().toImage())
    window.prompter_panel.mirror.setChecked(True)
    assert prompter.mirrored
    mirrored_left, mirrored_right = _bright_columns(prompter.grab().toImage())
    assert plain_left < 60 and plain_right < prompter.width() / 2       # text reads from the left…
    assert mirrored_right > prompter.width() - 60 and mirrored_left > prompter.width() / 2   # …or reversed
    window.prompter_panel.speed.setValue(200)
    assert prompter.words_per_minute == 200
    window.prompter_panel.font_size.setValue(40)
    assert prompter.document.defaultFont().pointSize() == 40
    panel = window.prompter_panel
    panel.scroll_button.click()
    assert prompter.running and panel.scroll_button.text() == "Pause scrolling"
    panel.scroll_button.click()
    assert not prompter.running and panel.scroll_button.text() == "Start scrolling"


def test_soft_time_limit_warns_once_when_the_take_passes_it(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_recorder(qtbot, lesson, catalog=Catalog)
    window.core.duration_changed.emit(179_000)
    assert window.time_label.text() == "● 2:59" and window.limit_label.text() == "of 3:00"
    with qtbot.waitSignal(window.soft_limit.reached, timeout=1000):
        window.core.duration_changed.emit(180_400)
    assert "Past 3:00" in window.limit_label.text()
    with qtbot.assertNotEmitted(window.soft_limit.reached):
        window.core.duration_changed.emit(200_000)
    window.limit_minutes.setValue(5)
    window.soft_limit.reset()
    with qtbot.assertNotEmitted(window.soft_limit.reached):
        window.core.duration_changed.emit(280_000)
    assert window.limit_label.text() == "of 5:00"
    with qtbot.waitSignal(window.soft_limit.reached, timeout=1000):
        window.core.duration_changed.emit(300_000)
