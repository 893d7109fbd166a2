"""``tessera media …``: probe, import and trim media, import or make captions — the core the GUI drives.

Exit codes follow app/cli/main.py: 0 ok, 1 the file could not be used (the message says why), 2 usage
(a folder that is not a lesson, a missing file). Ctrl-C cancels cleanly: nothing is left behind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.common import OK, PROBLEMS, USAGE, AddCommand, Handler, fail, guarded
from editor.atomic import WriteError
from editor.lesson_file import ConflictError, LoadError
from editor.media.captions import attach_captions
from editor.media.errors import MediaError
from editor.media.importer import MISSING_ALT_NOTE, ImportOptions, import_media
from editor.media.make_captions import CaptionOptions, made_as_dict, make_captions
from editor.media.probe import probe
from editor.media.timecode import parse_time
from editor.media.video import trim
from editor.progress import Cancelled
from editor.slugs import unique_path
from editor.workspace import LESSON_FILE


class _Usage(Exception):
    """A bad argument: reported with exit code 2."""


def register(commands: Any, add: AddCommand) -> None:
    """Add ``media`` and its actions to the main parser (``add`` is build_parser's helper).

    ``commands`` (the main subparsers object) is not needed: ``add`` already creates sub-commands there.
    """
    media = add("media", _missing_action, "Import pictures, video and sound into a lesson; probe and trim "
                "media; import captions.")
    actions = media.add_subparsers(dest="media_action", metavar="ACTION")

    def action(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=_guarded(f"media {name}", handler))
        return sub

    sub = action("probe", _probe, "Show what is inside a video or sound file.")
    sub.add_argument("file")
    sub.add_argument("--json", action="store_true", help="machine-readable output")

    sub = action("import", _import, "Make a file web-ready in a lesson's media/ folder and print the "
                 "Markdown to paste.")
    sub.add_argument("file")
    sub.add_argument("--lesson", required=True, help="lesson folder (contains lesson.md)")
    sub.add_argument("--alt", default="", help="alt text: what a picture shows, for people who cannot see it")
    sub.add_argument("--json", action="store_true", help="machine-readable output")

    sub = action("trim", _trim, "Keep only part of a video or sound file (written as a new file).")
    sub.add_argument("file")
    sub.add_argument("--start", default="0", help="where to start: seconds or m:ss (default 0)")
    sub.add_argument("--end", help="where to stop: seconds or m:ss (default: the end)")
    sub.add_argument("--accurate", action="store_true",
                     help="cut on the exact frame (re-encodes; slower) instead of the nearest keyframe")
    sub.add_argument("-o", "--output", help="file to write (default: NAME-trimmed beside the input)")

    captions = action("captions", _missing_action, "Work with captions (subtitles).")
    caption_actions = captions.add_subparsers(dest="captions_action", metavar="ACTION")
    sub = caption_actions.add_parser("import", help="Save SRT or WebVTT captions beside a lesson's video.",
                                     description="Save SRT or WebVTT captions beside a lesson's video.")
    sub.set_defaults(handler=_guarded("media captions import", _captions_import))
    sub.add_argument("file", help="the .srt or .vtt file")
    sub.add_argument("--video", required=True, help="the video as written in lesson.md, e.g. media/intro.mp4")
    sub.add_argument("--lesson", required=True, help="lesson folder (contains lesson.md)")
    sub = caption_actions.add_parser("make", help=_MAKE_HELP, description=_MAKE_HELP)
    sub.set_defaults(handler=_guarded("media captions make", _captions_make))
    sub.add_argument("file", help="the video or sound file in the lesson, e.g. media/intro.mp4")
    sub.add_argument("--lesson", required=True, help="lesson folder (contains lesson.md)")
    sub.add_argument("--language", help="language spoken, e.g. de (default: the lesson's language)")
    sub.add_argument("--model", help="folder of a Whisper model for faster-whisper (default: a model an "
                     "installed package ships)")
    sub.add_argument("--replace", action="store_true", help="replace captions or a transcript that exist")
    sub.add_argument("--json", action="store_true", help="machine-readable output")


_MAKE_HELP = ("Transcribe speech on this computer: a video gets WebVTT captions, an audio block a "
              "transcript, linked in lesson.md.")


def _guarded(name: str, handler: Handler) -> Handler:
    """Unusable media exits 1, bad arguments 2 (see ``guarded``); Ctrl-C or a cancel exits 1 too."""
    def cancellable(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (Cancelled, KeyboardInterrupt):
            return fail(name, "cancelled; nothing was written.", PROBLEMS)
    return guarded(name, cancellable, problems=(MediaError,), usage=(_Usage,))


def _missing_action(args: argparse.Namespace) -> int:
    return fail("media", "say what to do, e.g. 'tessera media import FILE --lesson DIR' (see --help).", USAGE)


def _probe(args: argparse.Namespace) -> int:
    info = probe(_existing_file(args.file))
    if args.json:
        print(json.dumps(info.as_dict(), indent=2))
        return OK
    duration = f"{info.duration:.2f} s" if info.duration is not None else "unknown length"
    print(f"{info.kind}, {duration}, container {info.container}, {info.stream_count} stream(s)")
    if info.video:
        width, height = info.video.display_size
        print(f"video: {info.video.codec} {info.video.profile}".rstrip() + f", {width}×{height}, "
              f"{info.video.pixel_format} ({info.video.bit_depth}-bit), {info.video.fps or '?'} fps, "
              f"rotation {info.video.rotation}°")
    if info.audio:
        print(f"audio: {info.audio.codec}, {info.audio.sample_rate or '?'} Hz, "
              f"{info.audio.channels or '?'} channel(s)")
    return OK


def _import(args: argparse.Namespace) -> int:
    lesson = _lesson_dir(args.lesson)
    result = import_media(_existing_file(args.file), lesson, ImportOptions(alt=args.alt),
                          progress=_progress_printer())
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return OK
    print(f"{result.action}: {args.file} → {result.path}")
    if result.poster:
        print(f"poster: {lesson / result.poster}")
    print("Markdown to paste into lesson.md:\n")
    print(result.markdown)
    for note in result.notes:
        where = " Or import again with --alt TEXT." if note == MISSING_ALT_NOTE else ""
        print(f"note: {note}{where}", file=sys.stderr)
    return OK


def _trim(args: argparse.Namespace) -> int:
    source = _existing_file(args.file)
    start = parse_time(args.start)
    end = parse_time(args.end) if args.end else None
    target = Path(args.output) if args.output else unique_path(source.parent, f"{source.stem}-trimmed",
                                                                source.suffix)
    if target.resolve() == source.resolve():
        raise _Usage("the output would overwrite the input; choose another --output.")
    info = trim(source, target, start, end, accurate=args.accurate, progress=_progress_printer())
    length = f"{info.duration:.2f} s" if info.duration is not None else "unknown length"
    print(f"{target} ({length})")
    return OK


def _captions_import(args: argparse.Namespace) -> int:
    attached = attach_captions(_existing_file(args.file), args.video, _lesson_dir(args.lesson))
    for problem in attached.problems:
        print(f"note: {problem}", file=sys.stderr)
    verb = "replaced" if attached.replaced else "saved"
    print(f"{verb} {attached.path} ({len(attached.captions.cues)} cues)")
    print(f'Add to the video block in lesson.md:  captions="{attached.relative}"')
    return OK


def _captions_make(args: argparse.Namespace) -> int:
    lesson = _lesson_dir(args.lesson)
    options = CaptionOptions(language=args.language, model_dir=args.model, replace=args.replace)
    try:
        made = make_captions(args.file, lesson, options, progress=_progress_printer())
    except (LoadError, ConflictError, WriteError) as exc:
        raise MediaError(str(exc)) from exc
    for problem in made.problems:
        print(f"note: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(made_as_dict(made), indent=2, ensure_ascii=False))
        return OK
    if made.vtt:
        print(f"saved {lesson / made.vtt} ({len(made.captions.cues)} cues, language {made.language})")
    else:
        print(made.transcript)
    if made.linked_lines:
        print(f"linked in {lesson / LESSON_FILE}, line {', '.join(map(str, made.linked_lines))}")
    elif made.vtt:
        print(f'No video block plays {made.media}; add to its block:  captions="{made.vtt}"')
    return OK


def _existing_file(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise _Usage(f"{name} is not a file.")
    return path


def _lesson_dir(name: str) -> Path:
    lesson = Path(name)
    if not (lesson / LESSON_FILE).is_file():
        raise _Usage(f"{name} is not a lesson folder (no {LESSON_FILE}). Create one with 'tessera new'.")
    return lesson


def _progress_printer() -> Callable[[float, str], None]:
    """Progress on stderr for people at a terminal; silent when piped (scripts read stdout only)."""
    if not sys.stderr.isatty():
        return lambda fraction, message: None

    def show(fraction: float, message: str) -> None:
        print(f"\r{message}… {fraction:4.0%}", end="", file=sys.stderr, flush=True)
        if fraction >= 1.0:
            print(file=sys.stderr)
    return show
