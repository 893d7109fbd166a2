"""*Make captions* in the main window: the speech of a lesson's video becomes WebVTT captions (an audio
clip's a transcript) on this computer, in the background, then the caption editor opens to correct them.

The core (``editor/media/make_captions.py``) writes the captions file; the link (``captions="…"`` or the
transcript) is applied here to the open editor as one undoable edit, so nothing is saved behind the
author's back. Every failure reason gets its own way out: replace captions that exist, open
Preferences → Captions when the engine or model is missing, trim a clip that is too long.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.qt import QMessageBox, QObject, Qt, QThreadPool, Signal
from app.kit.tasks import TaskRunner
from editor.blocks import Block
from editor.lesson_parse import parse_lesson

if TYPE_CHECKING:
    from app.kit.context import WindowContext
    from app.kit.tasks import Task
    from editor.media.make_captions import MadeCaptions

MEDIA_KINDS = ("video", "audio")


class CaptionFlow(QObject):
    """Runs *Make captions* for one media file of the open lesson at a time."""

    made = Signal(object)               # MadeCaptions, once linked in the editor
    open_caption_editor = Signal(int, str, str)     # (block line, video, captions) to correct them
    trim_requested = Signal(int)        # the line of the video block to trim (it was too long)

    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        # A pool of its own: recognition runs for minutes and must not wait behind preview copies and
        # imports in the shared pool (nor hold them up).
        self.runner = TaskRunner(self, pool=QThreadPool(self))
        self.task: Task | None = None
        self.notice: QMessageBox | None = None      # the open explanation of a failure, if any

    # -- entry points -----------------------------------------------------------------------------
    def make_at_cursor(self) -> None:
        """The action: the video or audio block holding the cursor, or the lesson's only one."""
        source = self.window.document()
        block = media_block(source.text(), source.textCursor().blockNumber() + 1)
        if block is None:
            self.window.show_error(
                "Which video or audio?", "Use the Make captions button on the video's card (Make transcript "
                "on a sound file's card), or put the cursor in the video in the Source view, then choose "
                "Make captions again.")
            return
        self.make(block.attrs["src"])

    def make_for_line(self, line: int) -> None:
        """The one-click fix of a "no captions" problem on the block starting at ``line``."""
        block = media_block(self.window.document().text(), line)
        if block is not None:
            self.make(block.attrs["src"])

    def offer_for_new_video(self, media: str) -> None:
        """A take or an imported video was added: offer captions at once when the engine can make them."""
        from editor.media.whisper import engine_status

        if not engine_status(self.window.prefs.captions_model_dir or None).ready:
            return          # the lesson's "no captions" problem offers them once it is set up
        answer = QMessageBox.question(
            self.window.dialog_parent(), "Make captions?",
            "Make captions for the new video now? They are made on this "
            "computer from what you said; you can correct them afterwards.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.make(media)

    def make(self, media: str, *, replace: bool = False) -> None:
        from editor.media.make_captions import CaptionOptions, captions_job
        from editor.media.whisper import engine_status

        window = self.window
        item = window.open_item_now()
        if item is None or item.kind != "lesson":
            window.show_error("Open a lesson first", "Captions are made for the video or audio of a lesson.")
            return
        if self.task is not None:
            window.show_status("Captions are being made already; wait for them or cancel.", 8000)
            return
        status = engine_status(window.prefs.captions_model_dir or None)
        if not status.ready:
            self._explain_setup(status.message)
            return
        window.save_open_item()        # the core reads the lesson's blocks and language from the file
        lesson_dir = item.folder
        options = CaptionOptions(model_dir=window.prefs.captions_model_dir or None, link=False,
                                 replace=replace)
        # The failure handler is given to start(): connected after it, a quick refusal (captions that
        # exist) could be reported before anyone listened, and the flow waited forever. Handlers run on
        # this thread, after this method has stored the task.
        task = self.runner.start(captions_job(media, lesson_dir, options),
                                 lambda made: self._made(lesson_dir, made),
                                 lambda message: self._failed(media, message))
        self.task = task
        task.signals.cancelled.connect(self._cancelled)     # only the user cancels, after this
        window.track_job(task, f"Making captions for {Path(media).name}")

    # -- outcomes ---------------------------------------------------------------------------------
    def _made(self, lesson_dir: Path, made: MadeCaptions) -> None:
        from editor.media.make_captions import linked_text

        self.task = None
        item, document = self.window.open_item_now(), self.window.document()
        if item is None or item.folder != lesson_dir:
            self.window.show_status(
                f"Captions were saved as {made.vtt}; add captions=\"{made.vtt}\" to the video block."
                if made.vtt else "The transcript was made, but its lesson is no longer open.", 12000)
            return
        document.replace_all_text(linked_text(document.text(), made))
        self.made.emit(made)
        if made.kind == "captions" and made.vtt:
            block = next((b for b in parse_lesson(document.text()).blocks
                          if b.kind == "video" and b.attrs.get("captions") == made.vtt), None)
            self.window.show_status(f"Captions made: {len(made.captions.cues)} cues. Check them "
                                    "while the video plays.", 10000)
            self.open_caption_editor.emit(block.line if block else 0, made.media, made.vtt)
        else:
            self.window.show_status("Transcript added to the audio block: read it through once.",
                                    10000)

    def _cancelled(self) -> None:
        self.task = None
        self.window.show_status("Making captions was cancelled; nothing was changed.", 8000)

    def _failed(self, media: str, message: str) -> None:
        # Imported here, not with the window (~20 ms with ffmpeg and webvtt): the job has loaded it.
        from editor.media.transcribe import TranscriptionError, TranscriptionFailure

        setup_reasons = (TranscriptionFailure.ENGINE_MISSING, TranscriptionFailure.MODEL_MISSING,
                         TranscriptionFailure.MODEL_UNREADABLE)
        task, self.task = self.task, None
        error = task.error if task is not None else None
        reason = error.reason if isinstance(error, TranscriptionError) else None
        if reason is TranscriptionFailure.ALREADY_DONE:
            answer = QMessageBox.question(
                self.window.dialog_parent(), "Replace the captions?",
                f"{Path(media).name} already has captions, perhaps corrected by hand. "
                "Make new ones and replace them?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.make(media, replace=True)
        elif reason in setup_reasons:
            self._explain_setup(message)
        elif reason is TranscriptionFailure.TOO_LONG:
            self._offer(message, "Trim…", lambda: self._trim(media))
        else:
            self.window.show_error("Captions could not be made", message)

    def _explain_setup(self, message: str) -> None:
        self._offer(message, "Open Preferences…",
                    lambda: self.window.edit_preferences(focus="captions"), title="Captions are not set up")

    def _trim(self, media: str) -> None:
        block = next((b for b in parse_lesson(self.window.document().text()).blocks
                      if b.kind == "video" and b.attrs.get("src") == media), None)
        if block is not None:
            self.trim_requested.emit(block.line)

    def _offer(self, message: str, button: str, act: Callable[[], object],
               title: str = "Captions could not be made") -> None:
        """Say what went wrong, with a button for the way out; the window stays usable meanwhile."""
        if self.notice is not None:
            self.notice.close()
        box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Close,
                          self.window.dialog_parent())
        action = box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda clicked: act() if clicked is action else None)
        box.finished.connect(lambda _result: setattr(self, "notice", None) if self.notice is box else None)
        self.notice = box
        box.open()


def media_block(text: str, line: int) -> Block | None:
    """The video or audio block (with a file) holding ``line``, or the lesson's only one."""
    blocks = [b for b in parse_lesson(text).blocks if b.kind in MEDIA_KINDS and b.attrs.get("src")]
    here = next((b for b in blocks if b.line <= line <= b.end_line), None)
    return here if here is not None or len(blocks) != 1 else blocks[0]
