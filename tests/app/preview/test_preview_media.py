"""Lesson videos play in the preview through open-format copies (the web engine has no H.264)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.kit.settings import Settings
from app.shell.main_window import MainWindow
from editor.media_probe import ffmpeg_exe
from editor.preview_proxy import PREVIEW_DIR
from editor.workspace import Workspace


def make_mp4(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25:duration=1", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", str(path)], check=True)


def js(qtbot, window: MainWindow, script: str) -> object:  # type: ignore[no-untyped-def]
    found: list[object] = []
    qtbot.waitUntil(lambda: window.preview.ready, timeout=10000)   # a script sent while it loads is lost
    window.preview.run_js(script, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10000)
    return found[0]


def test_preview_plays_an_h264_lesson_video_through_a_webm_copy(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    folder = workspace.new_lesson("Video lesson")
    make_mp4(folder / "media" / "clip.mp4")
    lesson = folder / "lesson.md"
    lesson.write_text(lesson.read_text() + '\n::: video src="media/clip.mp4"\n:::\n')
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(workspace)
    window.show()
    window.library.reload(folder)       # read on a worker; selected once it is in
    qtbot.waitUntil(lambda: any((workspace.cache_dir / PREVIEW_DIR).glob("*.webm")), timeout=60000)
    qtbot.waitUntil(lambda: str(js(qtbot, window, "document.querySelector('video').src")).endswith(".webm"),
                    timeout=20000)
    # The copy really decodes: metadata loads and no media error is raised.
    qtbot.waitUntil(lambda: js(qtbot, window, "document.querySelector('video').readyState") >= 1,  # type: ignore[operator]
                    timeout=20000)
    assert js(qtbot, window, "document.querySelector('video').error === null") is True
    duration = js(qtbot, window, "document.querySelector('video').duration")
    assert isinstance(duration, float) and 0.8 < duration < 1.3
    assert (folder / "lesson.md").read_text().count("media/clip.mp4") == 1   # the lesson itself is untouched
    window.editor.close_item()

