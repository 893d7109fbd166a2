"""The main window's media features: dropped files, recording, trimming and captions.

Imports run off the UI thread with progress and Cancel; Qt Multimedia loads only when the
recorder, trim or caption window first opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.actions import ActionId
from app.kit.media_request import MediaAction, MediaRequest
from app.kit.qt import QObject, Qt, QTimer, QWidget
from app.media.caption_flow import CaptionFlow
from editor.blocks import Block, with_block_option
from editor.lesson_parse import parse_lesson
from editor.progress import CancelToken, ProgressCallback, scaled

if TYPE_CHECKING:
    from app.kit.context import WindowContext
    from app.kit.qt import QTextCursor
    from editor.media.importer import ImportResult


class MediaActions(QObject):
    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        window.registry.bind(ActionId.RECORD_VIDEO, self.record_video)
        window.registry.bind(ActionId.TRIM_VIDEO, self.trim_video)
        window.registry.bind(ActionId.EDIT_CAPTIONS, self.edit_captions)
        self.captions = CaptionFlow(window, self)
        self.captions.open_caption_editor.connect(self._open_caption_editor)
        self.captions.trim_requested.connect(self._trim_at)
        window.registry.bind(ActionId.MAKE_CAPTIONS, self.captions.make_at_cursor)

    def add_files(self, paths: list[Path]) -> None:
        """Files dropped on the editor: converted into the lesson's media/ off the UI thread."""
        document = self.window.document()
        anchor = document.insertion_cursor()   # moves with later edits, so we insert here
        self._import(paths, lambda results: document.insert_block_text(
            "\n".join(r.markdown for r in results), anchor))

    def _import(self, paths: list[Path], use: Callable[[list[ImportResult]], None]) -> None:
        """Import ``paths`` into the open lesson with progress and Cancel; ``use`` gets what came in."""
        item = self.window.open_item_now()
        if item is None or item.kind != "lesson":
            self.window.show_error("Cannot add files here",
                                   "Open a lesson first: files are added to its media folder.")
            return
        lesson_dir = item.folder

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
            open_now = self.window.open_item_now()
            still_open = open_now is not None and open_now.folder == lesson_dir
            if still_open and results:
                use(results)
            notes = [note for result in results for note in result.notes]
            if problems:
                self.window.show_error("Some files were not added", "\n".join(problems))
            elif notes:
                self.window.show_status(" ".join(notes), 10000)
            videos = [result for result in results if result.kind == "video" and result.action != "reused"]
            if still_open and len(videos) == 1 and not problems:
                self.captions.offer_for_new_video(videos[0].relative)

        task = self.window.runner.start(
            job, done, lambda message: self.window.show_error("Adding files failed", message))
        self.window.track_job(task, f"Adding {len(paths)} file{'s' if len(paths) > 1 else ''}")

    def handle_request(self, request: MediaRequest) -> None:
        """What a card of the Blocks view asks for; the reply sets the block's fields."""
        lesson = self.window.open_item_now()
        parent = self.window.dialog_parent()
        if request.action is MediaAction.IMPORT:
            self._import(list(request.paths), lambda results: request.reply(
                {"src": results[0].relative, "poster": results[0].poster}))
        elif lesson is None or lesson.kind != "lesson":
            self.window.show_error("Open a lesson first", "Media belong to the open lesson.")
        elif request.action is MediaAction.RECORD:
            from app.media.recorder import RecorderWindow

            recorder = RecorderWindow(lesson.folder, runner=self.window.runner, parent=parent)
            recorder.take_used.connect(lambda result: request.reply(
                {"src": result.relative, "poster": result.poster}))
            self._show(recorder)
        elif request.action is MediaAction.MAKE_CAPTIONS:
            self.captions.make(request.src)     # links the result in the open text itself (one undo step)
        elif request.action is MediaAction.TRIM:
            from app.media.trim_dialog import TrimDialog

            dialog = TrimDialog(lesson.folder, request.src, runner=self.window.runner, parent=parent)
            dialog.trimmed.connect(lambda _old, new: request.reply({"src": new}))
            self._show(dialog)
        else:
            from app.media.caption_editor import CaptionEditor

            editor = CaptionEditor(lesson.folder, request.src, request.captions, parent)
            editor.captions_saved.connect(lambda _video, vtt: request.reply({"captions": vtt}))
            self._show(editor)

    @staticmethod
    def _show(window: QWidget) -> None:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()

    def record_video(self) -> None:
        from app.media.recorder import RecorderWindow
        from app.media.recorder_prompter import script_text

        item, source = self.window.open_item_now(), self.window.document()
        if item is None or item.kind != "lesson":
            self.window.show_error("Open a lesson first", "Recordings are added to the open lesson.")
            return
        selected = source.textCursor().selectedText().replace("\u2029", "\n")
        anchor = source.insertion_cursor()
        window = RecorderWindow(item.folder, script_text(source.text(), selected), runner=self.window.runner,
                                parent=self.window.dialog_parent())
        window.take_used.connect(lambda result: self._take_used(result, anchor))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()

    def _take_used(self, result: ImportResult, anchor: QTextCursor) -> None:
        self.window.document().insert_block_text(result.markdown, anchor)
        if result.kind == "video":      # asked once the recorder has closed
            QTimer.singleShot(0, self, lambda: self.captions.offer_for_new_video(result.relative))

    def _video_block_at_cursor(self) -> Block | None:
        """The video block holding the cursor, or the lesson's only video."""
        document = self.window.document()
        line = document.textCursor().blockNumber() + 1
        videos = [b for b in parse_lesson(document.text()).blocks
                  if b.kind == "video" and b.attrs.get("src")]
        here = next((b for b in videos if b.line <= line <= b.end_line), None)
        if here is None and len(videos) == 1:
            here = videos[0]
        if here is None:
            self.window.show_error("Which video?", "Use the buttons on the video's card in the Blocks view, "
                                   "or put the cursor in the video in the Source view and try again.")
        return here

    def trim_video(self) -> None:
        block = self._video_block_at_cursor()
        if block is not None:
            self._trim_at(block.line)

    def _trim_at(self, line: int) -> None:
        from app.media.trim_dialog import TrimDialog

        item = self.window.open_item_now()
        block = next((b for b in parse_lesson(self.window.document().text()).blocks if b.line == line), None)
        if block is None or item is None:
            return
        dialog = TrimDialog(item.folder, block.attrs["src"], runner=self.window.runner,
                            parent=self.window.dialog_parent())
        dialog.trimmed.connect(lambda _old, new: self._set_video_attr(line, "src", new))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def edit_captions(self) -> None:
        block = self._video_block_at_cursor()
        if block is not None:
            self._open_caption_editor(block.line, block.attrs["src"], block.attrs.get("captions", ""))

    def _open_caption_editor(self, line: int, video: str, captions: str) -> None:
        from app.media.caption_editor import CaptionEditor

        item = self.window.open_item_now()
        if item is None:
            return
        dialog = CaptionEditor(item.folder, video, captions, self.window.dialog_parent())
        if line:
            dialog.captions_saved.connect(lambda _video, vtt: self._set_video_attr(line, "captions", vtt))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _set_video_attr(self, line: int, name: str, value: str) -> None:
        """Set ``name="value"`` on the '::: video' line ``line`` as one undoable edit."""
        document = self.window.document()
        line_block = document.document().findBlockByNumber(line - 1)
        document.replace_range(line_block.position(),
                                         line_block.position() + len(line_block.text()),
                                         with_block_option(line_block.text(), name, value))
