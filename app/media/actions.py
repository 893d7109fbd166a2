"""The main window's media features: dropped files, recording, trimming and captions.

Imports run off the UI thread with progress and Cancel; Qt Multimedia loads only when the
recorder, trim or caption window first opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.qt import QObject, Qt, QTimer
from app.media.caption_flow import CaptionFlow
from editor.blocks import Block, with_block_option
from editor.lesson_parse import parse_lesson
from editor.progress import CancelToken, ProgressCallback, scaled

if TYPE_CHECKING:
    from app.editing.panel import EditorPanel
    from app.kit.qt import QTextCursor
    from app.shell.main_window import MainWindow
    from editor.media.importer import ImportResult


class MediaActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.captions = CaptionFlow(window)
        self.captions.open_caption_editor.connect(self._open_caption_editor)
        self.captions.trim_requested.connect(self._trim_at)

    @property
    def editor(self) -> EditorPanel:
        return self.window.editor

    def add_files(self, paths: list[Path]) -> None:
        """Files dropped on the editor: converted into the lesson's media/ off the UI thread."""
        item = self.editor.item
        if item is None or item.kind != "lesson":
            self.window.show_error("Cannot add files here",
                                   "Open a lesson first: files are added to its media folder.")
            return
        lesson_dir = item.path
        anchor = self.editor.source.insertion_cursor()   # moves with later edits, so we insert here

        def job(progress: ProgressCallback, cancel: CancelToken) -> tuple[list[ImportResult], list[str]]:
            from editor.media.errors import MediaError
            from editor.media.importer import ImportOptions, import_media

            results, problems = [], []
            for index, path in enumerate(paths):
                step = scaled(progress, index / len(paths), (index + 1) / len(paths))
                try:
                    results.append(import_media(path, lesson_dir, ImportOptions(keep_other_files=True),
                                                step, cancel))
                except MediaError as exc:
                    problems.append(f"{path.name}: {exc}")
            return results, problems

        def done(outcome: tuple[list[ImportResult], list[str]]) -> None:
            results, problems = outcome
            still_open = self.editor.item is not None and self.editor.item.path == lesson_dir
            if still_open and results:
                self.editor.source.insert_block_text("\n".join(r.markdown for r in results), anchor)
            notes = [note for result in results for note in result.notes]
            if problems:
                self.window.show_error("Some files were not added", "\n".join(problems))
            elif notes:
                self.window.statusBar().showMessage(" ".join(notes), 10000)
            videos = [result for result in results if result.kind == "video" and result.action != "reused"]
            if still_open and len(videos) == 1 and not problems:
                self.captions.offer_for_new_video(videos[0].relative)

        task = self.window.runner.start(
            job, done, lambda message: self.window.show_error("Adding files failed", message))
        self.window.jobs.track(task, f"Adding {len(paths)} file{'s' if len(paths) > 1 else ''}")

    def record_video(self) -> None:
        from app.media.recorder import RecorderWindow
        from app.media.recorder_prompter import script_text

        item, source = self.editor.item, self.editor.source
        if item is None or item.kind != "lesson":
            self.window.show_error("Open a lesson first", "Recordings are added to the open lesson.")
            return
        selected = source.textCursor().selectedText().replace("\u2029", "\n")
        anchor = source.insertion_cursor()
        window = RecorderWindow(item.path, script_text(source.text(), selected), runner=self.window.runner,
                                parent=self.window)
        window.take_used.connect(lambda result: self._take_used(result, anchor))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()

    def _take_used(self, result: ImportResult, anchor: QTextCursor) -> None:
        self.editor.source.insert_block_text(result.markdown, anchor)
        if result.kind == "video":      # asked once the recorder has closed
            QTimer.singleShot(0, self, lambda: self.captions.offer_for_new_video(result.relative))

    def _video_block_at_cursor(self) -> Block | None:
        """The video block holding the cursor, or the lesson's only video."""
        line = self.editor.source.textCursor().blockNumber() + 1
        videos = [b for b in parse_lesson(self.editor.source.text()).blocks
                  if b.kind == "video" and b.attrs.get("src")]
        here = next((b for b in videos if b.line <= line <= b.end_line), None)
        if here is None and len(videos) == 1:
            here = videos[0]
        if here is None:
            self.window.show_error("Which video?", "Put the cursor inside a '::: video' block first.")
        return here

    def trim_video(self) -> None:
        block = self._video_block_at_cursor()
        if block is not None:
            self._trim_at(block.line)

    def _trim_at(self, line: int) -> None:
        from app.media.trim_dialog import TrimDialog

        block = next((b for b in parse_lesson(self.editor.source.text()).blocks if b.line == line), None)
        if block is None or self.editor.item is None:
            return
        dialog = TrimDialog(self.editor.item.path, block.attrs["src"], runner=self.window.runner,
                            parent=self.window)
        dialog.trimmed.connect(lambda _old, new: self._set_video_attr(line, "src", new))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def edit_captions(self) -> None:
        block = self._video_block_at_cursor()
        if block is not None:
            self._open_caption_editor(block.line, block.attrs["src"], block.attrs.get("captions", ""))

    def _open_caption_editor(self, line: int, video: str, captions: str) -> None:
        from app.media.caption_editor import CaptionEditor

        if self.editor.item is None:
            return
        dialog = CaptionEditor(self.editor.item.path, video, captions, self.window)
        if line:
            dialog.captions_saved.connect(lambda _video, vtt: self._set_video_attr(line, "captions", vtt))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _set_video_attr(self, line: int, name: str, value: str) -> None:
        """Set ``name="value"`` on the '::: video' line ``line`` as one undoable edit."""
        line_block = self.editor.source.document().findBlockByNumber(line - 1)
        self.editor.source.replace_range(line_block.position(),
                                         line_block.position() + len(line_block.text()),
                                         with_block_option(line_block.text(), name, value))
