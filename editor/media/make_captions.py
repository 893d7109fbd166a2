"""*Make captions*: a lesson's video gets a WebVTT file, an audio clip a transcript, made on this computer.

One call does the whole user action: find the media in the lesson, check the engine, read the lesson's
language and the workspace glossary, transcribe, write the result, and link it into ``lesson.md``. The
GUI, which holds the open lesson text itself, passes ``link=False`` and applies ``linked_text`` to its
editor as one undoable edit; the CLI lets the call save ``lesson.md`` (refusing if it changed meanwhile).

Nothing is overwritten unasked: captions or a transcript that exist (perhaps corrected by hand) are
replaced only with ``replace=True``. Cancel leaves the lesson exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from pathlib import Path
from urllib.parse import unquote

from editor.blocks import Block, with_block_option
from editor.lesson_file import SourceFile
from editor.lesson_parse import parse_lesson
from editor.media.captions import CaptionProblem, Captions, save_vtt
from editor.media.cue_layout import HARD_PAUSE_MS
from editor.media.glossary import read_glossary
from editor.media.importer import kind_of_suffix
from editor.media.timecode import to_milliseconds
from editor.media.transcribe import (
    MAX_SPEECH_SECONDS,
    Transcriber,
    TranscriptionError,
    TranscriptionFailure,
    transcribe_media,
)
from editor.media.whisper import WhisperTranscriber, engine_status
from editor.media_probe import duration_seconds
from editor.progress import CancelToken, ProgressCallback, no_progress, scaled
from editor.workspace import LESSON_FILE, Workspace

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_LINE_START_MARKER = re.compile(r"^(\s*)([-+:>=]|\d+[.)])", re.MULTILINE)


@dataclass(frozen=True)
class CaptionOptions:
    language: str | None = None         # None: the lesson's language
    model_dir: Path | str | None = None     # the Preferences choice; None: a model an installed package ships
    replace: bool = False               # replace captions or a transcript that exist
    link: bool = True                   # save the link into lesson.md (the GUI edits its open text instead)
    max_seconds: float = MAX_SPEECH_SECONDS
    ffmpeg_path: str | None = None


@dataclass(frozen=True)
class MadeCaptions:
    media: str                  # lesson-relative, as lesson.md names it
    kind: str                   # "captions" (a WebVTT file, for video) or "transcript" (audio block text)
    captions: Captions
    language: str | None
    vtt: str | None             # lesson-relative WebVTT path, for captions
    transcript: str             # Markdown-safe plain text, for audio
    problems: list[CaptionProblem] = field(default_factory=list)
    linked_lines: tuple[int, ...] = ()      # lesson.md lines of the blocks changed (when link=True)


def captions_job(media: Path | str, lesson_dir: Path, options: CaptionOptions = CaptionOptions(),
                 ) -> Callable[[ProgressCallback, CancelToken], MadeCaptions]:
    """``make_captions`` packaged as a ``job(progress, cancel)`` for a JobQueue or the GUI task runner."""
    return lambda progress, cancel: make_captions(media, lesson_dir, options, progress, cancel)


def make_captions(media: Path | str, lesson_dir: Path, options: CaptionOptions = CaptionOptions(),
                  progress: ProgressCallback = no_progress, cancel: CancelToken | None = None, *,
                  engine: Transcriber | None = None) -> MadeCaptions:
    """Transcribe ``media`` (a file in the lesson folder) and write and link captions or a transcript.

    ``engine`` replaces the built-in one (e.g. a plug-in from ``transcribe.transcribers()``). Raises
    TranscriptionError (with a reason), MediaError, or Cancelled; then the lesson is unchanged.
    """
    cancel = cancel or CancelToken()
    root = Path(lesson_dir).resolve()
    path, relative = _lesson_media(media, root)
    source = SourceFile.load(root / LESSON_FILE)
    parsed = parse_lesson(source.text)
    blocks = _blocks_of(parsed.blocks, path, root)
    # Audio blocks show a transcript; video (and a file no block plays yet, unless it is sound) gets captions.
    if blocks:
        kind = "transcript" if all(block.kind == "audio" for block in blocks) else "captions"
    else:
        kind = "transcript" if kind_of_suffix(path.suffix) == "audio" else "captions"
    vtt_path = path.with_suffix(".vtt")
    if not options.replace:
        _refuse_to_overwrite(kind, blocks, vtt_path, relative)
    language = _primary_language(options.language or str(parsed.meta.get("language") or "en"))
    if engine is None:
        status = engine_status(options.model_dir)
        if status.reason is not None or status.model_dir is None:
            raise TranscriptionError(status.reason or TranscriptionFailure.MODEL_MISSING, status.message)
        workspace = Workspace.containing(root)
        engine = WhisperTranscriber(status.model_dir, read_glossary(workspace.root) if workspace else ())
    captions = transcribe_media(path, engine, language, ffmpeg_path=options.ffmpeg_path,
                                max_seconds=options.max_seconds, progress=scaled(progress, 0, 0.98),
                                cancel=cancel)
    cancel.raise_if_cancelled()     # last moment to stop: from here on the result is written whole
    seconds = duration_seconds(path)
    problems = captions.problems(to_milliseconds(seconds) if seconds else None)
    new_vtt = kind == "captions" and not vtt_path.exists()
    if kind == "captions":
        save_vtt(captions, vtt_path)
        made = MadeCaptions(relative, kind, captions, language, vtt_path.relative_to(root).as_posix(), "",
                            problems)
    else:
        made = MadeCaptions(relative, kind, captions, language, None, transcript_text(captions), problems)
    if options.link and blocks:
        text = source.text.replace("\r\n", "\n")
        try:
            source.save(source.to_disk_form(linked_text(text, made)))   # ConflictError if edited meanwhile
        except BaseException:
            if new_vtt:
                vtt_path.unlink(missing_ok=True)    # all or nothing: no captions file the lesson never got
            raise
        made = replace_fields(made, linked_lines=tuple(block.line for block in blocks))
    progress(1.0, "Captions made" if kind == "captions" else "Transcript made")
    return made


def made_as_dict(made: MadeCaptions) -> dict[str, object]:
    """``made`` as JSON-ready data (times in milliseconds), for the CLI and scripts."""
    return {"media": made.media, "kind": made.kind, "language": made.language, "vtt": made.vtt,
            "transcript": made.transcript, "linked_lines": list(made.linked_lines),
            "cues": [{"start": cue.start, "end": cue.end, "text": cue.text} for cue in made.captions.cues],
            "problems": [{"cue": p.cue, "severity": p.severity.value, "code": p.code, "message": p.message}
                         for p in made.problems]}


def linked_text(text: str, made: MadeCaptions) -> str:
    """``text`` (a lesson, "\\n" newlines) with ``made`` linked: captions="…" on each video block playing
    the media, or the transcript as the body of each audio block playing it."""
    lines = text.split("\n")
    blocks = [block for block in parse_lesson(text).blocks if _plays(block, made.media)]
    for block in sorted(blocks, key=lambda b: b.line, reverse=True):   # bottom up: line numbers hold
        opening = block.line - 1
        if block.kind == "video" and made.vtt:
            lines[opening] = with_block_option(lines[opening], "captions", made.vtt)
        elif block.kind == "audio" and made.transcript and _closed(lines, block):
            lines[opening + 1:block.end_line - 1] = made.transcript.split("\n")
    return "\n".join(lines)


def transcript_text(captions: Captions) -> str:
    """What is said, as paragraphs (a new one after a long silence), safe to put in a Markdown block."""
    paragraphs: list[list[str]] = []
    previous_end: int | None = None
    for cue in captions.cues:
        if previous_end is None or cue.start - previous_end >= HARD_PAUSE_MS:
            paragraphs.append([])
        paragraphs[-1].append(" ".join(cue.text.split()))
        previous_end = cue.end
    return "\n\n".join(_markdown_safe(" ".join(words)) for words in paragraphs)


def _markdown_safe(text: str) -> str:
    """Speech as literal text: no emphasis, links, HTML or list/heading/block markers by accident."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START_MARKER.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", escaped)


def _lesson_media(media: Path | str, root: Path) -> tuple[Path, str]:
    """The media file (a path, or a name relative to the lesson as lesson.md writes it) inside ``root``."""
    candidate = Path(media)
    if not (candidate.is_absolute() or candidate.exists()):
        candidate = root / unquote(str(media))
    path = candidate.resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise TranscriptionError(TranscriptionFailure.NOT_IN_LESSON, (
            f"{media} is not a file in the lesson folder {root}. Import it first (tessera media import), "
            "then make captions for the imported file, e.g. media/intro.mp4."))
    return path, path.relative_to(root).as_posix()


def _blocks_of(blocks: list[Block], path: Path, root: Path) -> list[Block]:
    relative = path.relative_to(root).as_posix()
    return [block for block in blocks if _plays(block, relative)]


def _plays(block: Block, relative: str) -> bool:
    src = unquote(block.attrs.get("src", "")).removeprefix("./")
    return block.kind in ("video", "audio") and src == relative


def _closed(lines: list[str], block: Block) -> bool:
    return block.end_line > block.line and lines[block.end_line - 1].strip() == ":::"


def _refuse_to_overwrite(kind: str, blocks: list[Block], vtt_path: Path, relative: str) -> None:
    if kind == "captions" and vtt_path.exists():
        raise TranscriptionError(TranscriptionFailure.ALREADY_DONE, (
            f"{relative} already has captions ({vtt_path.name}), perhaps corrected by hand. Make new ones "
            "only if you mean to replace them (the 'replace' option)."))
    if kind == "transcript" and any(block.body.strip() for block in blocks):
        raise TranscriptionError(TranscriptionFailure.ALREADY_DONE, (
            f"The audio block for {relative} already has a transcript. Make a new one only if you mean to "
            "replace it (the 'replace' option)."))


def _primary_language(tag: str) -> str:
    """The language part of a tag ("de-CH" → "de"), which is what speech engines take."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
