"""A library item as the search index sees it: plain text per field, metadata and a freshness stamp.

The same extraction feeds the whoosh index and the scan fallback, so both search exactly the
same words. Text is read through the parsers the renderer uses (front matter, blocks, quizzes,
flashcards), so what is searchable is what learners see.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from editor import content
from editor.lesson_file import LoadError, read_text
from editor.lesson_parse import parse_lesson
from editor.search.schema import TEXT_FIELDS
from editor.workspace import CURATED, LESSONS, Workspace, is_lesson_source, stat_stamp

MAX_CAPTION_BYTES = 2_000_000    # a caption file larger than this is not a caption file
_ENTRY, _PART = "\x1e", "\x1f"   # separators in stamps: characters no file name contains

# Markdown syntax that is not text: link targets (a title in quotes is kept), reference
# definitions, HTML tags and autolinks, list and heading markers, emphasis and table pipes.
_LINK_TARGET = re.compile(r"\]\(\s*<?[^\s)>]*>?(?:\s+[\"'(]([^\"')]*)[\"')])?\s*\)")
_REFERENCE = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_TAG = re.compile(r"<[^>\n]*>")
_LINE_MARKER = re.compile(r"^[ \t]*(?:#{1,6}|[-+*]|\d{1,3}[.)]|>)[ \t]+", re.MULTILINE)
_MARKUP = re.compile(r"!?\[|\]|[*_`~|\\]+|:?-{3,}:?")
_SPACES = re.compile(r"[ \t]+")
_NOT_WORD = re.compile(r"[\W_]+")
_CUE_TIMING = "-->"
_MARKDOWN_FIELDS = ("body", "quiz", "cards", "captions")


@dataclass(frozen=True)
class IndexDoc:
    """Everything the index stores about one item."""

    path: str                       # source file relative to the workspace root, "/" separated
    stamp: str                      # see ``stamp()``
    kind: str                       # "lesson" | "link"
    id: str = ""
    status: str = "draft"
    language: str = ""
    owner: str = ""
    url: str = ""
    modified: float = 0.0
    skills: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    text: dict[str, str] = field(default_factory=dict)   # TEXT_FIELDS name → plain text

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for whoosh's ``add_document``."""
        return {
            "path": self.path, "stamp": self.stamp, "id": self.id, "kind": self.kind,
            "status": self.status, "language": self.language, "owner": self.owner,
            "url": normalized_url(self.url), "modified": self.modified,
            "recency": int(self.modified * 1000), "skill": keywords(self.skills), "tag": keywords(self.tags),
            **{name: self.text.get(name, "") for name in TEXT_FIELDS},
        }


def keywords(values: tuple[str, ...]) -> str:
    """Values for a comma-separated keyword field (see ``_keyword_values``)."""
    return ",".join(values)


def _keyword_values(values: list[str]) -> tuple[str, ...]:
    # A comma inside a value would split it in the index's comma-separated keyword field.
    return tuple(cleaned for value in values if (cleaned := " ".join(value.replace(",", " ").split())))


def normalized_url(url: str) -> str:
    """The address with the parts that do not change what it points to made uniform, so the same
    link added twice is recognised: scheme and host in lower case, no fragment, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    if not parts.scheme or not parts.netloc:
        return url.strip()
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"


def relative_key(root: Path, source: Path) -> str:
    return source.relative_to(root).as_posix()


def extract(workspace: Workspace, source: Path) -> IndexDoc:
    """Read ``source`` (a lesson.md or curated item) into an ``IndexDoc``; never raises on bad content."""
    try:
        text, _ = read_text(source)
        modified = source.stat().st_mtime
    except (LoadError, OSError):
        text, modified = "", 0.0   # unreadable: still findable by its title (the folder name)
    parsed = parse_lesson(text)
    item = workspace.item_from_meta(source, parsed.meta, modified)
    parts: dict[str, list[str]] = {name: [] for name in TEXT_FIELDS}
    deps: list[str] = []
    for block in parsed.blocks:
        if block.kind == "quiz":
            quiz = content.read_quiz(block)[0]
            parts["quiz"] += [quiz.question, *(f"{o.text} {o.feedback}" for o in quiz.options)]
        elif block.kind == "flashcards":
            parts["cards"] += [f"{card.front} {card.back}" for card in content.read_cards(block)[0]]
        elif block.kind == "apply":
            prompt = content.read_apply(block)[0]
            parts["body"] += [prompt.action, prompt.reflect]
        elif block.kind in ("video", "audio"):
            parts["captions"] += [block.attrs.get("title", ""), block.body]
            caption = _caption_file(source.parent, block.attrs.get("captions", ""))
            if caption is not None:
                deps.append(relative_key(workspace.root, caption))
                parts["captions"].append(caption_text(caption))
        else:   # Markdown, callouts, takeaways and kinds this version does not know
            parts["body"].append(block.body)
    parts["title"] = [item.title]
    parts["summary"] = [item.summary]
    parts["skills"] = list(item.skills)
    parts["tags"] = list(item.tags)
    if item.kind == "link":
        parts["link"] = [url_words(item.url), str(parsed.meta.get("source") or "")]
    key = relative_key(workspace.root, source)
    return IndexDoc(
        path=key, stamp=stamp(workspace.root, key, deps), kind=item.kind, id=item.id,
        status=item.status.lower(), language=item.language.lower(), owner=item.owner, url=item.url,
        modified=item.modified, skills=_keyword_values(item.skills), tags=_keyword_values(item.tags),
        text={name: _plain(name, found) for name, found in parts.items()})


def _plain(name: str, parts: list[str]) -> str:
    joined = "\n".join(part for part in parts if part.strip())
    return markdown_text(joined) if name in _MARKDOWN_FIELDS else joined


def markdown_text(markdown: str) -> str:
    """Readable plain text of Markdown: the words learners see, none of the syntax or link targets."""
    text = _REFERENCE.sub("", markdown)
    text = _LINK_TARGET.sub(lambda match: "] " + (match.group(1) or ""), text)
    text = _TAG.sub(" ", text)
    text = _LINE_MARKER.sub("", text)
    text = _MARKUP.sub(" ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in html.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)


def url_words(url: str) -> str:
    """An address as searchable words: "ccl" and "ccl.org" both find https://www.ccl.org/articles/."""
    try:
        host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    return f"{host} {_NOT_WORD.sub(' ', url)}".strip()


def _caption_file(lesson_dir: Path, reference: str) -> Path | None:
    """The caption file a video names, if it is a local file inside the lesson folder."""
    if not reference or "://" in reference:
        return None
    folder = lesson_dir.resolve()
    candidate = (folder / reference).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        return None
    return candidate


def caption_text(path: Path) -> str:
    """The spoken words of a WebVTT file: cue text without timings, ids, notes or styling tags."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CAPTION_BYTES)
    except OSError:
        return ""
    lines: list[str] = []
    for cue in raw.decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n\n"):
        cue_lines = cue.strip("\n").split("\n")
        timing = next((n for n, line in enumerate(cue_lines) if _CUE_TIMING in line), None)
        if timing is None:     # the header, NOTE, STYLE and REGION blocks have no timing line
            continue
        lines += [html.unescape(_TAG.sub("", line)).strip() for line in cue_lines[timing + 1:]]
    return "\n".join(line for line in lines if line)


# -- freshness ------------------------------------------------------------------------------------
def file_stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return stat_stamp(info)


def stamp(root: Path, key: str, deps: list[str] | tuple[str, ...]) -> str:
    """Modification time and size of a source and of the files it includes.

    The included files' paths are part of the stamp, so checking whether an indexed item is
    still fresh needs only the stamp itself — no need to parse the lesson again.
    """
    entries = [file_stamp(root / key)] + [f"{dep}{_PART}{file_stamp(root / dep)}" for dep in deps]
    return _ENTRY.join(entries)


def current_stamp(root: Path, key: str, indexed_stamp: str) -> str:
    """The stamp ``key`` has now, given the stamp it was indexed with."""
    deps = [entry.split(_PART, 1)[0] for entry in indexed_stamp.split(_ENTRY)[1:]]
    return stamp(root, key, deps)


def current_stamps(workspace: Workspace, indexed: Mapping[str, str]) -> dict[str, str]:
    """The stamp of every item source there is now, by key — given the stamps they were indexed
    with, for the files they include. One status read per item (``Workspace.source_stamps``), no
    text: this is what every search from the command line pays before answering."""
    return {key: current_stamp(workspace.root, key, indexed[key]) if _ENTRY in indexed.get(key, "") else own
            for key, own in workspace.source_stamps().items()}


def workspace_sources(workspace: Workspace) -> list[Path]:
    """Every file the library shows, lessons first (the order ``Workspace.items()`` uses)."""
    return [*workspace.lesson_sources(), *workspace.curated_sources()]


def is_item_source(workspace: Workspace, path: Path) -> bool:
    """Whether ``path`` is where a lesson or curated item lives (whether or not it exists now)."""
    try:
        parts = path.relative_to(workspace.root).parts
    except ValueError:
        return False
    lesson = len(parts) == 3 and parts[0] == LESSONS and is_lesson_source(Path(parts[2]))
    return lesson or (len(parts) == 2 and parts[0] == CURATED and parts[1].endswith(".md"))
