"""Captions: read SRT or WebVTT, edit cues, check them, save WebVTT beside the video.

``Captions`` is immutable: every edit returns a new value, which is what an editor's undo stack
wants. Times are whole milliseconds (what both formats store) so edits never drift. Parsing is done
by ``webvtt-py``; files from the wild come in many encodings, so bytes are decoded here first.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from editor.atomic import atomic_write_text
from editor.diagnostics import Severity
from editor.media.errors import MediaError
from editor.media.timecode import to_milliseconds, vtt_timestamp
from editor.media_probe import duration_seconds

CAPTION_SUFFIXES = {".vtt", ".srt"}
MAX_CAPTION_BYTES = 5 * 1024 ** 2     # hours of dialogue; anything bigger is not a caption file
_TIMING_LINE = re.compile(r"-->")


@dataclass(frozen=True)
class Cue:
    start: int              # milliseconds
    end: int
    text: str
    identifier: str = ""
    settings: str = ""      # WebVTT cue settings, e.g. "line:0 align:start"


@dataclass(frozen=True)
class CaptionProblem:
    cue: int                # 1-based cue number
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.value}: cue {self.cue}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Captions:
    cues: tuple[Cue, ...] = ()

    def add(self, cue: Cue) -> Captions:
        """``cue`` inserted in time order (after cues starting at the same time)."""
        position = sum(1 for existing in self.cues if existing.start <= cue.start)
        return Captions((*self.cues[:position], cue, *self.cues[position:]))

    def replace(self, index: int, cue: Cue) -> Captions:
        self._check(index)
        return Captions(self.cues[:index] + self.cues[index + 1:]).add(cue)

    def remove(self, index: int) -> Captions:
        self._check(index)
        return Captions(self.cues[:index] + self.cues[index + 1:])

    def split(self, index: int, at: int) -> Captions:
        """Cue ``index`` cut in two at ``at`` ms; its words are shared in proportion to the time."""
        cue = self._check(index)
        if not cue.start < at < cue.end:
            raise MediaError(f"Cue {index + 1} runs from {vtt_timestamp(cue.start)} to "
                             f"{vtt_timestamp(cue.end)}; split it at a time in between.")
        words = cue.text.split()
        cut = round(len(words) * (at - cue.start) / (cue.end - cue.start))
        cut = min(max(cut, 1), max(len(words) - 1, 1))
        first = replace(cue, end=at, text=" ".join(words[:cut]))
        second = Cue(at, cue.end, " ".join(words[cut:]), settings=cue.settings)
        return Captions((*self.cues[:index], first, second, *self.cues[index + 1:]))

    def merge(self, index: int) -> Captions:
        """Cue ``index`` joined with the next one into a single cue."""
        first = self._check(index)
        second = self._check(index + 1)
        merged = replace(first, end=max(first.end, second.end), text=f"{first.text}\n{second.text}".strip())
        return Captions((*self.cues[:index], merged, *self.cues[index + 2:]))

    def shift(self, delta: int, index: int | None = None) -> Captions:
        """Every cue (or only cue ``index``) moved by ``delta`` ms; times stop at zero."""
        if index is not None:
            self._check(index)
        return Captions(tuple(
            replace(cue, start=max(0, cue.start + delta), end=max(0, cue.end + delta))
            if index is None or number == index else cue
            for number, cue in enumerate(self.cues)))

    def problems(self, duration: int | None = None) -> list[CaptionProblem]:
        """What is wrong with the cues; ``duration`` (ms) of the video enables the "after the end" check."""
        found: list[CaptionProblem] = []
        for number, cue in enumerate(self.cues, start=1):
            found += _cue_problems(number, cue, duration)
            if number < len(self.cues) and self.cues[number].start < cue.end:
                found.append(CaptionProblem(
                    number, Severity.WARNING, "caption-overlap", f"It is still showing when cue {number + 1} "
                    "starts; two captions at once are hard to read. Shorten it or move the next."))
        return found

    def to_vtt(self) -> str:
        blocks = ["WEBVTT"]
        for cue in self.cues:
            timing = f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}"
            head = ([cue.identifier] if cue.identifier else []) + [f"{timing} {cue.settings}".rstrip()]
            # A blank line would end the cue early: drop empty lines inside the text.
            lines = [line for line in cue.text.splitlines() if line.strip()]
            blocks.append("\n".join(head + lines))
        return "\n\n".join(blocks) + "\n"

    def _check(self, index: int) -> Cue:
        if not 0 <= index < len(self.cues):
            raise MediaError(f"There is no cue {index + 1}; the captions have {len(self.cues)}.")
        return self.cues[index]


def _cue_problems(number: int, cue: Cue, duration: int | None) -> list[CaptionProblem]:
    found = []
    if cue.end <= cue.start:
        found.append(CaptionProblem(number, Severity.ERROR, "caption-timing",
                                    f"It ends ({vtt_timestamp(cue.end)}) before it starts "
                                    f"({vtt_timestamp(cue.start)}), so it never shows. Fix its times."))
    if not cue.text.strip():
        found.append(CaptionProblem(number, Severity.WARNING, "caption-empty",
                                    "It has no text. Type what is said, or delete the cue."))
    if "-->" in cue.text:
        found.append(CaptionProblem(number, Severity.ERROR, "caption-arrow",
                                    "Its text contains '-->', which caption files reserve for times. "
                                    "Reword it."))
    if duration is not None and cue.start >= duration:
        found.append(CaptionProblem(number, Severity.WARNING, "caption-after-end",
                                    f"It starts at {vtt_timestamp(cue.start)}, after the video ends "
                                    f"({vtt_timestamp(duration)}). Shift or delete it."))
    return found


def read_captions(path: Path) -> Captions:
    """The cues of an SRT or WebVTT file; MediaError when it is neither or a cue cannot be read."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CAPTION_BYTES:
            raise MediaError(f"{path.name} is too big to be a caption file.")
        data = path.read_bytes()
    except OSError as exc:
        raise MediaError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    return parse_captions(_decode(data), path.name)


def parse_captions(text: str, name: str = "captions") -> Captions:
    text = text.lstrip("\ufeff")
    kind = "vtt" if text.lstrip().startswith("WEBVTT") else "srt"
    try:
        # strict: a malformed WebVTT cue is an error, not silently dropped (the SRT reader ignores it).
        parsed = webvtt.WebVTT.from_buffer(io.StringIO(text), format=kind, strict=True)
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise MediaError(f"{name} is not a caption file Tessera can read ({exc}). Use SubRip (.srt) or "
                         "WebVTT (.vtt).") from exc
    cues = tuple(Cue(caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds(),
                     caption.raw_text, caption.identifier or "", str(caption.settings))
                 for caption in parsed.captions)
    timing_lines = sum(1 for line in text.splitlines() if _TIMING_LINE.search(line))
    if len(cues) < timing_lines:
        # The SRT reader skips cues whose times it cannot read; losing captions silently is worse.
        raise MediaError(f"{name}: {timing_lines - len(cues)} of {timing_lines} cues have times Tessera "
                         "cannot read (write them as 00:01:02,500 --> 00:01:04,000). Fix them and retry.")
    if not cues:
        raise MediaError(f"{name} contains no captions.")
    return Captions(tuple(sorted(cues, key=lambda cue: cue.start)))


def save_vtt(captions: Captions, path: Path) -> None:
    atomic_write_text(Path(path), captions.to_vtt())


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older subtitle tools on Windows save in the ANSI code page.
        return data.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class AttachedCaptions:
    path: Path              # the saved .vtt, beside the video
    relative: str           # lesson-relative, for the video block's captions="…"
    captions: Captions
    problems: list[CaptionProblem]     # warnings only: errors stop the import
    replaced: bool          # an earlier captions file for this video was overwritten


def attach_captions(source: Path, video: str, lesson_dir: Path) -> AttachedCaptions:
    """Read SRT/VTT ``source`` and save it as WebVTT beside the lesson's ``video`` (same name, .vtt)."""
    root = Path(lesson_dir).resolve()
    target_video = (root / video).resolve()
    if not target_video.is_relative_to(root) or not target_video.is_file():
        raise MediaError(f"There is no video '{video}' in {root}. Give its path as written in lesson.md, "
                         "e.g. media/intro.mp4.")
    parsed = read_captions(source)
    seconds = duration_seconds(target_video)
    problems = parsed.problems(to_milliseconds(seconds) if seconds else None)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        listed = "\n".join(f"  {problem}" for problem in errors[:10])
        raise MediaError(f"{Path(source).name} has cues to fix before it can be used:\n{listed}")
    target = target_video.with_suffix(".vtt")
    replaced = target.exists()
    save_vtt(parsed, target)
    return AttachedCaptions(target, target.relative_to(root).as_posix(), parsed, problems, replaced)
