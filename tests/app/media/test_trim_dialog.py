"""The trim dialog on a real generated clip: in/out points by playhead, keys and drag, and real cuts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.kit.qt import QMessageBox, QPoint, Qt
from app.kit.qt_media import QMediaPlayer
from app.media.trim_dialog import TrimDialog
from editor.media.probe import probe
from tests.editor.media.conftest import H264, lavfi, make

FOUR_SECONDS = ("testsrc2=size=320x240:rate=25:duration=4", "sine=frequency=440:sample_rate=44100:duration=4")


@pytest.fixture
def lesson(workspace) -> Path:  # type: ignore[no-untyped-def]
    folder = Path(workspace.new_lesson("Trimmed lesson"))
    (folder / "media").mkdir(exist_ok=True)
    # A keyframe every second, so a fast cut at a whole second lands exactly there.
    every_second = [*H264[:-1], "25"]
    make(*lavfi(*FOUR_SECONDS), *every_second, "-c:a", "aac", "-shortest", str(folder / "media" / "talk.mp4"))
    return folder


def open_dialog(qtbot, lesson: Path, video: str = "media/talk.mp4") -> TrimDialog:  # type: ignore[no-untyped-def]
    dialog = TrimDialog(lesson, video)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def ready(qtbot, dialog: TrimDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.timeline.duration > 3900, timeout=10000)
    qtbot.waitUntil(lambda: dialog.player.view.has_frame, timeout=10000)   # the first picture is shown


def seek(qtbot, dialog: TrimDialog, milliseconds: int) -> None:  # type: ignore[no-untyped-def]
    dialog.player.seek(milliseconds)
    qtbot.waitUntil(lambda: dialog.player.position == milliseconds, timeout=5000)


def test_points_set_at_the_playhead_and_by_keys(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, lesson)
    ready(qtbot, dialog)
    assert not dialog.trim_button.isEnabled()                 # nothing to cut yet
    seek(qtbot, dialog, 1000)
    dialog.set_in_button.click()
    seek(qtbot, dialog, 2500)
    qtbot.keyClick(dialog, Qt.Key.Key_O)
    assert (dialog.timeline.in_ms, dialog.timeline.out_ms) == (1000, 2500)
    assert "In 0:01.0 · Out 0:02.5 · keeps 1.5 s of 4.0 s" in dialog.range_label.text()
    assert dialog.trim_button.isEnabled()
    seek(qtbot, dialog, 500)
    qtbot.keyClick(dialog, Qt.Key.Key_I)
    assert dialog.timeline.in_ms == 500
    dialog.timeline.set_in(3000)                               # never past the out point
    assert dialog.timeline.in_ms == 2400
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.player.playing, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.player.playing, timeout=5000)


def test_dragging_the_out_handle_and_clicking_to_seek(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, lesson)
    ready(qtbot, dialog)
    timeline = dialog.timeline
    y = timeline.height() // 2
    out_x = round(timeline.x_of(timeline.out_ms))
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(out_x, y))
    qtbot.mouseMove(timeline, QPoint(round(timeline.x_of(2000)), y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(2000)), y))
    assert abs(timeline.out_ms - 2000) < 60
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(1000)), y))
    qtbot.waitUntil(lambda: abs(dialog.player.position - 1000) < 60, timeout=5000)
    assert timeline.in_ms == 0                                  # a click away from the handles only seeks


@pytest.mark.parametrize("accurate", [False, True])
def test_trim_to_a_new_file_reports_old_and_new_paths(qtbot, lesson: Path, accurate: bool) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, lesson)
    ready(qtbot, dialog)
    dialog.timeline.set_in(1000)
    dialog.timeline.set_out(2500)
    dialog.accurate.setChecked(accurate)
    with qtbot.waitSignal(dialog.trimmed, timeout=30000) as trimmed:
        dialog.start_trim(replace=False)
    assert trimmed.args == ["media/talk.mp4", "media/talk-trimmed.mp4"]
    info = probe(lesson / "media" / "talk-trimmed.mp4")
    assert info.duration is not None and 1.3 <= info.duration <= 1.7
    assert info.video is not None and info.audio is not None
    assert probe(lesson / "media" / "talk.mp4").duration == pytest.approx(4.0, abs=0.1)   # original kept


def test_replace_asks_first_then_overwrites_the_original(qtbot, lesson: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_dialog(qtbot, lesson)
    ready(qtbot, dialog)
    dialog.timeline.set_out(2000)
    asked: list[str] = []
    chosen = {}

    def answer(box: QMessageBox) -> int:   # the user reads the question and picks "Replace original"
        asked.append(box.text())
        chosen["button"] = next(button for button in box.buttons() if button.text() == "Replace original")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda _box: chosen["button"])
    with qtbot.waitSignal(dialog.trimmed, timeout=30000) as trimmed:
        dialog.trim_button.click()
    assert "cannot be undone" in asked[0]
    assert trimmed.args == ["media/talk.mp4", "media/talk.mp4"]
    info = probe(lesson / "media" / "talk.mp4")
    assert info.duration is not None and 1.8 <= info.duration <= 2.2
    assert sorted(path.name for path in (lesson / "media").iterdir()) == ["talk.mp4"]   # no temp file left


def test_a_missing_video_is_reported_not_crashed(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, lesson, "media/gone.mp4")
    assert "There is no video 'media/gone.mp4'" in dialog.message.text()
    assert not dialog.trim_button.isEnabled()
    outside = open_dialog(qtbot, lesson, "../../secret.mp4")
    assert "There is no video" in outside.message.text()


def replace_while_playing(qtbot, lesson: Path, round_number: int) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, lesson)
    qtbot.waitUntil(lambda: dialog.timeline.duration > 0, timeout=10000)
    dialog.player.toggle()
    qtbot.waitUntil(lambda: dialog.player.playing, timeout=5000)
    dialog.timeline.set_out(dialog.timeline.duration - 400)
    with qtbot.waitSignal(dialog.trimmed, timeout=30000) as trimmed:
        dialog.start_trim(replace=True)          # while the video plays
    assert trimmed.args == ["media/talk.mp4", "media/talk.mp4"], round_number
    dialog.close()


@pytest.mark.timeout(240)
def test_replace_original_again_and_again_while_playing(qtbot, lesson: Path) -> None:  # type: ignore[no-untyped-def]
    """Releasing the file while frames are flowing used to deadlock the UI thread with a media thread."""
    video = lesson / "media" / "talk.mp4"
    for round_number in range(6):
        replace_while_playing(qtbot, lesson, round_number)
        assert probe(video).duration == pytest.approx(4.0 - 0.4 * (round_number + 1), abs=0.25)
    assert sorted(path.name for path in (lesson / "media").iterdir()) == ["talk.mp4"]


def test_release_leaves_the_waiting_calls_to_the_event_loop(qtbot, lesson: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """stop() and setSource() wait for Qt's media threads. Called from Python they wait holding the GIL,
    and a media thread waiting for the GIL froze the app; from the event loop they run without it."""
    dialog = open_dialog(qtbot, lesson)
    ready(qtbot, dialog)
    dialog.player.toggle()
    qtbot.waitUntil(lambda: dialog.player.playing, timeout=5000)
    from_python: list[str] = []
    for name in ("stop", "setSource"):
        original = getattr(QMediaPlayer, name)

        def spy(player: QMediaPlayer, *args: object, _name: str = name, _original=original) -> None:  # type: ignore[no-untyped-def]
            from_python.append(_name)
            _original(player, *args)

        monkeypatch.setattr(QMediaPlayer, name, spy)
    with qtbot.waitSignal(dialog.player.released, timeout=10000):
        dialog.player.release()
        assert dialog.player.playing                  # nothing was waited for inside release()
    assert from_python == []
    assert dialog.player.player.source().isEmpty()
    assert dialog.player.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
