"""Picture, video and audio cards. Files come in through the window's media import (``MediaRequest``).

The cards never copy or convert files themselves: choosing, dropping or pasting a file asks the
window to run the same import a drop on the source editor runs (with progress and Cancel), and the
reply sets the block's fields as one undoable edit.
"""

from __future__ import annotations

import tempfile
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from app.editing.card_base import BlockCard, show_line
from app.kit.media_request import MediaAction, MediaRequest
from app.kit.qt import (
    QApplication,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPixmap,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.kit.theme import Role, set_role
from editor.block_edits import SetField
from editor.block_fields import BlockKind
from editor.confine import confined

PICTURE_FILTER = "Pictures (*.png *.jpg *.jpeg *.gif *.webp *.svg *.heic *.tif *.tiff *.bmp)"
VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.webm *.mkv *.avi)"
AUDIO_FILTER = "Sound (*.mp3 *.m4a *.wav *.ogg *.aac *.flac)"
ALT_HINT = ("Required: describe what the picture shows for people who cannot see it "
            "(e.g. “Two hands lifting a box with a straight back”).")


def choose_file(parent: QWidget, title: str, filter_text: str) -> Path | None:
    """The native open dialog; None when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, "", filter_text)
    return Path(chosen) if chosen else None


def clipboard_picture() -> Path | None:
    """A picture on the clipboard saved as a PNG in a temporary folder (the import copies it from there)."""
    image = QApplication.clipboard().image()
    if image.isNull():
        return None
    target = Path(tempfile.mkdtemp(prefix="tessera-paste-")) / "pasted-picture.png"
    return target if image.save(str(target)) else None     # the .png suffix picks the format


def media_path(base: Path | None, src: str) -> Path | None:
    """The lesson file ``src`` names, when it is inside the lesson folder and exists."""
    if base is None or not src or "://" in src:
        return None
    try:
        path = confined(base, src, "media file")
    except ValueError:
        return None
    return path if path.is_file() else None


def picture_of(path: Path) -> QPixmap:
    """The picture at ``path``; through Pillow's thumbnail when Qt cannot read the file itself (HEIC,
    or the tiny lossless WebP files the import makes of small pictures)."""
    picture = QPixmap(str(path))
    if picture.isNull():
        from editor.media.errors import MediaError
        from editor.media.images import thumbnail_of

        # When Pillow cannot read it either, the card says so and `check` reports the file.
        with suppress(MediaError):
            picture.loadFromData(thumbnail_of(path))
    return picture


class _MediaCard(BlockCard):
    """A card whose block points at a file in media/: choose, drop or paste one."""

    file_title = "Choose a file"
    file_filter = ""

    def make_file_row(self, button_text: str) -> QHBoxLayout:
        """The row of file buttons; the file's name goes in ``file_label``, on a line of its own."""
        self.file_label = QLabel(wordWrap=True)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_role(self.file_label, Role.HINT)
        self.choose_button = QPushButton(button_text)
        self.choose_button.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        self.setAcceptDrops(True)
        return row

    def choose(self) -> None:
        path = choose_file(self, self.file_title, self.file_filter)
        if path is not None:
            self.import_files([path])

    def import_files(self, paths: list[Path]) -> None:
        self.file_label.setText("Adding the file…")
        self.media_wanted.emit(MediaRequest(MediaAction.IMPORT, tuple(paths), reply=self.set_fields))

    def set_fields(self, fields: dict[str, str]) -> None:
        """Fields the window's media work produced (a new file, captions): one undoable edit."""
        wanted = {name: value for name, value in fields.items() if name in self.block.fields and value}
        if wanted:
            self.edited.emit([SetField(self.index, name, value) for name, value in wanted.items()])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths[:1])


class ImageCard(_MediaCard):
    kind = BlockKind.IMAGE
    file_title = "Choose a picture"
    file_filter = PICTURE_FILTER

    def build(self) -> None:
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(140, 100)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setAccessibleName("Picture preview")
        file_row = self.make_file_row("Replace…")
        self.choose_button.setToolTip("Choose another picture file")
        self.choose_button.setAccessibleName("Replace picture")
        paste = QPushButton("Paste")
        paste.setToolTip("Use the picture on the clipboard")
        paste.setAccessibleName("Paste picture")
        paste.clicked.connect(self.paste_picture)
        file_row.insertWidget(1, paste)
        self.alt = self.guard(QLineEdit(placeholderText="What does the picture show?"))
        self.alt.setAccessibleName("Picture description (alt text)")
        self.alt_hint = QLabel(ALT_HINT, wordWrap=True)
        set_role(self.alt_hint, Role.HINT)
        self.caption = self.guard(QLineEdit(placeholderText="Shown when pointing at the picture (optional)"))
        self.caption.setAccessibleName("Picture caption")
        form = QFormLayout()
        form.addRow("Description", self.alt)
        form.addRow("", self.alt_hint)
        form.addRow("Caption", self.caption)
        picture = QVBoxLayout()
        picture.addWidget(self.thumbnail)
        picture.addLayout(file_row)
        picture.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(form)
        column.addWidget(self.file_label)
        row = QHBoxLayout()
        row.addLayout(picture)
        row.addLayout(column, 1)
        self.fields.addLayout(row)
        self.alt.textEdited.connect(self._alt_edited)
        self.caption.textEdited.connect(lambda text: self.write("title", text.strip()))

    def _alt_edited(self, text: str) -> None:
        self.write("alt", text.strip())
        self._show_alt_state(text.strip())

    def _show_alt_state(self, alt: str) -> None:
        set_role(self.alt_hint, Role.HINT if alt else Role.ERROR)

    def paste_picture(self) -> None:
        path = clipboard_picture()
        if path is None:
            self.show_problem("The clipboard holds no picture. Copy one first, or choose a file.")
            return
        self.show_problem("")
        self.import_files([path])

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("alt", fields["alt"], partial(show_line, self.alt))
        self.sync("title", fields["title"], partial(show_line, self.caption))
        self.sync("src", fields["src"], self._show_picture)
        self._show_alt_state(fields["alt"])

    def _show_picture(self, src: str) -> None:
        self.file_label.setText(src)
        path = media_path(self.base, src)
        picture = picture_of(path) if path is not None else QPixmap()
        if picture.isNull():
            self.thumbnail.setText("No picture yet" if not src else "Picture not found")
        else:
            self.thumbnail.setPixmap(picture.scaled(self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation))

    def first_field(self) -> QWidget:
        return self.alt


class VideoCard(_MediaCard):
    kind = BlockKind.VIDEO
    file_title = "Choose a video"
    file_filter = VIDEO_FILTER

    def build(self) -> None:
        row = self.make_file_row("Choose video…")
        for text, action in (("Record…", MediaAction.RECORD), ("Trim…", MediaAction.TRIM),
                             ("Make captions", MediaAction.MAKE_CAPTIONS),
                             ("Captions…", MediaAction.CAPTIONS)):
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(lambda _c=False, a=action: self._ask(a))
            row.insertWidget(row.count() - 1, button)   # before the stretch
        self.status = QLabel(wordWrap=True)
        set_role(self.status, Role.HINT)
        self.heading = self.guard(QLineEdit(placeholderText="Title shown with the video (optional)"))
        self.heading.setAccessibleName("Video title")
        self.caption = self.guard(QLineEdit(placeholderText="A line of text under the video (optional)"))
        self.caption.setAccessibleName("Text under the video")
        form = QFormLayout()
        form.addRow(row)
        form.addRow(self.file_label)
        form.addRow(self.status)
        form.addRow("Title", self.heading)
        form.addRow("Text below", self.caption)
        self.fields.addLayout(form)
        self.heading.textEdited.connect(lambda text: self.write("title", text.strip()))
        self.caption.textEdited.connect(lambda text: self.write("caption", text.strip()))

    def _ask(self, action: MediaAction) -> None:
        src = str(self.block.fields["src"])
        if action is not MediaAction.RECORD and media_path(self.base, src) is None:
            self.show_problem("Choose or record a video first.")
            return
        self.show_problem("")
        self.media_wanted.emit(MediaRequest(action, src=src, captions=str(self.block.fields["captions"]),
                                            reply=self.set_fields))

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("title", fields["title"], partial(show_line, self.heading))
        self.sync("caption", fields["caption"], partial(show_line, self.caption))
        self.file_label.setText(fields["src"] or "No video yet: choose a file or record one.")
        # Probed once per file and captions, not on every refresh of the cards.
        self.sync("status", (fields["src"], fields["captions"]),
                  lambda files: self.status.setText(media_status(self.base, *files)))

    def first_field(self) -> QWidget:
        return self.choose_button if not self.block.fields["src"] else self.heading


def media_status(base: Path | None, src: str, captions: str) -> str:
    """Duration and caption state of a video, as one line for the card."""
    if not src:
        return ""
    path = media_path(base, src)
    if path is None:
        return "The file is missing from the lesson's media folder."
    from editor.media_probe import duration_seconds

    seconds = duration_seconds(path)
    length = f"{int(seconds // 60)}:{int(seconds % 60):02d}" if seconds else "length unknown"
    if captions and media_path(base, captions) is not None:
        return f"{length} · captions: {captions}"
    return (f"{length} · no captions yet: make them from the speech (Make captions) or write them "
            "(Captions…) so everyone can follow")


class AudioCard(_MediaCard):
    kind = BlockKind.AUDIO
    file_title = "Choose a sound file"
    file_filter = AUDIO_FILTER

    def build(self) -> None:
        row = self.make_file_row("Choose sound file…")
        make = QPushButton("Make transcript")
        make.setAccessibleName("Make transcript")
        make.setToolTip("Write down what is said in the sound file, on this computer")
        make.clicked.connect(self._make_transcript)
        row.insertWidget(row.count() - 1, make)     # before the stretch
        self.heading = self.guard(QLineEdit(placeholderText="Title (optional)"))
        self.heading.setAccessibleName("Audio title")
        self.transcript = QPlainTextEdit(placeholderText="What is said, for people who cannot listen")
        self.transcript.setAccessibleName("Transcript")
        self.transcript.setTabChangesFocus(True)
        self.transcript.setUndoRedoEnabled(False)
        self.transcript.setFixedHeight(70)
        self.guard(self.transcript)
        form = QFormLayout()
        form.addRow(row)
        form.addRow(self.file_label)
        form.addRow("Title", self.heading)
        form.addRow("Transcript", self.transcript)
        self.fields.addLayout(form)
        self.heading.textEdited.connect(lambda text: self.write("title", text.strip()))
        self.transcript.textChanged.connect(self._transcript_changed)

    def _make_transcript(self) -> None:
        src = str(self.block.fields["src"])
        if media_path(self.base, src) is None:
            self.show_problem("Choose a sound file first.")
            return
        self.show_problem("")
        self.media_wanted.emit(MediaRequest(MediaAction.MAKE_CAPTIONS, src=src))

    def _transcript_changed(self) -> None:
        self.write("transcript", self.transcript.toPlainText().strip())

    def show_fields(self, fields: dict[str, Any]) -> None:
        self.sync("title", fields["title"], partial(show_line, self.heading))
        self.sync("transcript", fields["transcript"], self.transcript.setPlainText)
        self.file_label.setText(fields["src"] or "No sound file yet.")

    def first_field(self) -> QWidget:
        return self.choose_button if not self.block.fields["src"] else self.heading
