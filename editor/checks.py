"""``check``: everything wrong with a lesson, a curated item or a whole workspace.

Parse problems come from the parser; this adds what needs the metadata as a whole
or the file system: empty titles, missing media, missing alt text, duplicate ids.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from editor.diagnostics import Diagnostic, error, warning
from editor.lesson_file import LoadError, read_text
from editor.lesson_parse import ParsedLesson, parse_lesson
from editor.markdown_budget import markdown_budget, too_slow
from editor.media_refs import broken_images, markdown_images
from editor.placeholders import placeholder_problems
from editor.translation.variants import stale_problems
from editor.workspace import (
    LESSON_FILE,
    STATUSES,
    Workspace,
    is_lesson_source,
    outside_workspace_problem,
    variant_language,
)

CHECK_SECONDS = 2.0     # for reading the images out of all the Markdown of one lesson
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def check_text(text: str, lesson_dir: Path | None, *, kind: str = "lesson",
               today: dt.date | None = None) -> list[Diagnostic]:
    """All problems of one source text; ``lesson_dir`` enables media checks."""
    return check_parsed(parse_lesson(text), lesson_dir, kind=kind, today=today)


def check_parsed(parsed: ParsedLesson, lesson_dir: Path | None, *, kind: str = "lesson",
                 today: dt.date | None = None) -> list[Diagnostic]:
    found = list(parsed.diagnostics)
    if parsed.front_matter_ok:
        found += _meta_problems(parsed, kind, today or dt.date.today())
    if kind == "lesson":
        found += placeholder_problems(parsed)
    if kind == "lesson" and lesson_dir is not None:
        with markdown_budget(CHECK_SECONDS) as budget:
            found += _media_problems(parsed, lesson_dir)
        if budget.overran and not any(d.code == "markdown-too-slow" for d in found):
            found.append(too_slow(parsed.body_line))
    return sorted(found, key=lambda d: (d.line, d.severity.value))


def check_source(source: Path) -> list[Diagnostic]:
    kind = "lesson" if is_lesson_source(source) else "link"
    outside = outside_workspace_problem(source)
    if outside:
        return [error(0, "outside-workspace", outside)]
    try:
        text, _ = read_text(source)
    except LoadError as exc:
        return [error(0, "unreadable", str(exc))]
    return check_text(text, source.parent if kind == "lesson" else None, kind=kind)


def check_path(path: Path) -> dict[Path, list[Diagnostic]]:
    """Check a lesson folder, an item file, or every item of a workspace."""
    path = Path(path)
    if path.is_dir() and (path / LESSON_FILE).is_file():
        # A lesson folder: the lesson and its translations, which say when they are out of date.
        sources = [path / LESSON_FILE, *sorted(p for p in path.glob("lesson.*.md") if variant_language(p))]
        return _with_stale({source: check_source(source) for source in sources}, path)
    if path.is_file():
        return _with_stale({path: check_source(path)}, path.parent) if variant_language(path) \
            else {path: check_source(path)}
    workspace = Workspace.open(path)
    results = {item.source: check_source(item.source) for item in workspace.items()}
    seen: dict[str, Path] = {}
    for item in workspace.items():
        if item.id and item.id in seen:
            results[item.source].append(error(
                0, "duplicate-id", f"The id '{item.id}' is also used by {seen[item.id]}. Ids must be "
                "unique: give one of them a new id (duplicate the item instead of copying folders)."))
        seen.setdefault(item.id, item.source)
    for source, problems in stale_problems(workspace).items():
        results.setdefault(source, []).extend(problems)
    return results


def _with_stale(results: dict[Path, list[Diagnostic]], folder: Path) -> dict[Path, list[Diagnostic]]:
    workspace = Workspace.containing(folder)
    if workspace is not None:
        stale = {source.resolve(): problems for source, problems in stale_problems(workspace, folder).items()}
        for checked, problems in results.items():
            problems.extend(stale.get(checked.resolve(), []))
    return results


def _meta_problems(parsed: ParsedLesson, kind: str, today: dt.date) -> Iterator[Diagnostic]:
    meta = parsed.meta
    if not parsed.title:
        yield error(2, "title-empty", "The title is empty. Give the item a short, specific title.")
    if not str(meta.get("id") or "").strip():
        yield error(2, "id-missing", "The item has no 'id'. Add one (any short unique text), or "
                    "create items through Tessera, which assigns ids.")
    status = str(meta.get("status") or "draft")
    if status not in STATUSES:
        yield warning(2, "status-unknown", f"Unknown status '{status}'. Use one of: "
                      f"{', '.join(STATUSES)}.")
    language = str(meta.get("language") or "")
    if language and not _LANGUAGE.match(language):
        yield warning(2, "language-code", f"'{language}' is not a language code; use e.g. 'en', "
                      "'de' or 'pt-BR'.")
    # Wrong types (text where a date or a number belongs) are reported by the parser, on their line.
    review_by = meta.get("review_by")
    if isinstance(review_by, dt.date) and review_by < today:
        yield warning(2, "review-overdue", f"The review-by date {review_by.isoformat()} has "
                      "passed. Check the content is still right, then set a new date.")
    minutes = meta.get("estimated_minutes")
    if isinstance(minutes, int | float) and not isinstance(minutes, bool) and minutes <= 0:
        yield warning(2, "minutes", "'estimated_minutes' should be a positive number; remove it "
                      "to let Tessera compute it.")
    if kind == "link":
        url = str(meta.get("url") or "")
        if urlsplit(url).scheme not in ("http", "https"):
            yield error(2, "link-url", "A curated link needs a 'url' starting with http:// or "
                        "https://.")


def _media_problems(parsed: ParsedLesson, lesson_dir: Path) -> Iterator[Diagnostic]:
    for block in parsed.blocks:
        # Every block body is rendered as Markdown somewhere (captions, callouts, transcripts…).
        yield from _image_problems(block.body, block.body_line, lesson_dir)
        if block.kind in ("video", "audio"):
            src = block.attrs.get("src", "")
            if not src:
                how = ("choose, drop or record a video" if block.kind == "video"
                       else "choose or drop a sound file")
                yield error(block.line, "media-no-src", f"The {block.kind} block has no file: {how} for it, "
                            "or delete the block.")
                continue
            yield from _missing(src, block.line, lesson_dir, block.kind)
            if block.kind == "video":
                captions = block.attrs.get("captions", "")
                if not captions:
                    yield warning(block.line, "video-no-captions", "This video has no captions. Make them "
                                  "from the speech (Make captions) or write them (Captions…) so everyone "
                                  "can follow it.")
                else:
                    yield from _missing(captions, block.line, lesson_dir, "captions file")
            if block.attrs.get("poster"):
                yield from _missing(block.attrs["poster"], block.line, lesson_dir, "poster image")


def _image_problems(markdown: str, first_line: int, lesson_dir: Path) -> Iterator[Diagnostic]:
    for image in markdown_images(markdown, first_line):
        if not image.alt.strip():
            yield warning(image.line, "image-no-alt", f"The image '{image.src}' has no alt text. "
                          "Describe it inside the brackets: ![what it shows](...).")
        yield from _missing(image.src, image.line, lesson_dir, "image")
    for line in broken_images(markdown, first_line):
        yield error(line, "image-broken", "This image reference is broken, so learners see its raw text "
                    "instead of the picture. Keep ![what it shows](media/file) together: join this line "
                    "with the next if Enter split it.")


def _missing(src: str, line: int, lesson_dir: Path, what: str) -> Iterator[Diagnostic]:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return
    target = (lesson_dir / unquote(parts.path)).resolve()
    if not target.is_relative_to(lesson_dir.resolve()):
        yield error(line, "media-outside", f"The {what} '{src}' points outside the lesson folder. "
                    "Copy the file into the lesson's media/ folder.")
    elif not target.is_file():
        yield error(line, "media-missing", f"The {what} '{src}' is missing. Add the file to the "
                    "lesson's media/ folder or fix the path.")
