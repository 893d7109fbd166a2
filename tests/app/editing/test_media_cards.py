"""Picture and video cards: files come in through the window's media actions and land in the block."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.editing.media_cards import ImageCard, VideoCard
from app.kit.qt import QApplication, QColor, QImage, QPushButton, QWidget, Signal
from app.kit.settings import Settings
from app.media import caption_editor
from app.shell.main_window import MainWindow
from editor.block_model import read_blocks
from editor.workspace import Workspace
from tests.app.editing.blocks_helpers import WAIT_MS, cards_shown, view

LESSON = """---
id: 5ec0ffee0001
title: Media
---

![A chart](media/chart.png)

::: video src="media/talk.mp4"
What to notice.
:::
"""


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace):  # type: ignore[no-untyped-def]
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_workspace(workspace)
    win.show()
    # The stand-in video is no video: the preview's playable copy of it is not what these tests are about.
    win.preview_media.playable = lambda rendered, base, cache: rendered  # type: ignore[method-assign]
    yield win
    win.editor.close_item()


def open_media_lesson(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> Path:
    folder = workspace.new_lesson("Media")
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "talk.mp4").write_bytes(b"not really a video")
    (folder / "lesson.md").write_text(LESSON, encoding="utf-8")
    window.library.reload(folder)
    window.library.select_path(folder)
    qtbot.waitUntil(lambda: window.editor.item is not None and window.editor.item.path == folder)
    qtbot.waitUntil(lambda: cards_shown(window))
    return folder


def test_a_pasted_picture_is_imported_and_replaces_the_missing_one(
        qtbot: QtBot, window: MainWindow, workspace: Workspace) -> None:
    folder = open_media_lesson(qtbot, window, workspace)
    card = view(window).cards[0]
    assert isinstance(card, ImageCard)
    assert card.thumbnail.text() == "Picture not found"
    picture = QImage(30, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor("purple"))
    QApplication.clipboard().setImage(picture)
    paste = next(b for b in card.findChildren(QPushButton) if b.accessibleName() == "Paste picture")
    paste.click()
    qtbot.waitUntil(lambda: read_blocks(window.editor.source.text())[0].fields["src"] != "media/chart.png",
                    timeout=WAIT_MS)
    fields = read_blocks(window.editor.source.text())[0].fields
    assert fields["alt"] == "A chart"                               # the description is kept
    assert (folder / fields["src"]).is_file()
    assert not card.thumbnail.pixmap().isNull()


def test_saved_captions_are_linked_to_the_video_block_as_one_undo_step(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[FakeCaptionEditor] = []

    class FakeCaptionEditor(QWidget):
        """Stands in for the caption window (tested on its own): records how it was opened."""

        captions_saved = Signal(str, str)

        def __init__(self, lesson_dir: Path, video: str, captions: str, parent: QWidget) -> None:
            super().__init__()
            self.video = video
            opened.append(self)

    monkeypatch.setattr(caption_editor, "CaptionEditor", FakeCaptionEditor)
    open_media_lesson(qtbot, window, workspace)
    card = view(window).cards[1]
    assert isinstance(card, VideoCard)
    assert "no captions yet" in card.status.text()
    before = window.editor.source.text()
    next(b for b in card.findChildren(QPushButton) if b.accessibleName() == "Captions").click()
    assert [editor.video for editor in opened] == ["media/talk.mp4"]
    opened[0].captions_saved.emit("media/talk.mp4", "media/talk.vtt")
    assert '::: video src="media/talk.mp4" captions="media/talk.vtt"\n' in window.editor.source.text()
    window.editor.source.undo()
    assert window.editor.source.text() == before
