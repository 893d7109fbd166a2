"""The hash an approval is bound to: exactly what learners get, nothing else.

Included: the body text, the learner-facing metadata (``LEARNER_META``; plus ``LINK_META`` for
curated links) and the bytes of every local file the rendered lesson points at (images, video,
captions, posters, audio, downloads). Excluded: workflow and internal metadata (status, owner,
review_by, id, unknown keys), line endings and a byte-order mark, and files in ``media/`` that the
lesson does not use. Remote URLs are part of the text, but what they serve is not ours to hash.

A referenced file that is missing counts as "missing" in the hash, so adding it later changes the hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from editor import frontmatter
from editor.lesson_file import LoadError, read_text
from editor.render import render_lesson
from editor.review.storage import ReviewError, canonical_json, sha256_hex
from editor.workspace import LESSON_FILE, Item

HASH_FORMAT = 1
LEARNER_META = ("title", "summary", "language", "audience", "skills", "tags", "estimated_minutes")
LINK_META = ("url", "source", "duration_minutes")
_URL_ATTRIBUTES = ("src", "href", "poster")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ContentVersion:
    """One state of an item's learner-visible content."""

    hash: str
    kind: str                          # "lesson" or "link"
    text: str                          # the source file exactly as on disk (for snapshots)
    media: dict[str, str | None]       # path relative to the lesson folder -> sha256, None if missing
    folder: Path | None                # the lesson folder the media paths are relative to


def learner_view(text: str, kind: str) -> dict[str, Any]:
    """The parts of a source text that learners see, in a form independent of line endings."""
    clean = text.removeprefix(frontmatter.BOM).replace("\r\n", "\n")
    front = frontmatter.parse(clean)
    if front.diagnostics:
        # Unreadable metadata: hash the whole text, so any change still shows as a change.
        return {"meta": {}, "body": clean}
    keys = LEARNER_META + (LINK_META if kind == "link" else ())
    meta = {key: front.meta[key] for key in keys if front.meta.get(key) not in (None, "", [])}
    return {"meta": meta, "body": clean[front.body_start:]}


def content_hash(text: str, kind: str, media: Mapping[str, str | None]) -> str:
    """sha256 over the learner view of ``text`` and the media manifest (path -> file sha256)."""
    payload = {"format": HASH_FORMAT, "kind": kind, **learner_view(text, kind), "media": dict(media)}
    return sha256_hex(canonical_json(payload))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in _URL_ATTRIBUTES and value)


def media_references(text: str, lesson_dir: Path) -> list[str]:
    """Local files inside ``lesson_dir`` that the rendered lesson uses, as sorted relative paths.

    The rendered page is what learners get, so reading its URLs catches every way a lesson can
    point at a file (Markdown images and links, block attributes) without a second parser.
    """
    collector = _UrlCollector()
    collector.feed(render_lesson(text).html)
    root = lesson_dir.resolve()
    found: set[str] = set()
    for url in collector.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (root / unquote(parts.path)).resolve()
        # Files outside the lesson are not shipped with it (the checker reports such references).
        if target.is_relative_to(root) and target != root / LESSON_FILE and not target.is_dir():
            found.add(target.relative_to(root).as_posix())
    return sorted(found)


def media_manifest(text: str, lesson_dir: Path) -> dict[str, str | None]:
    manifest: dict[str, str | None] = {}
    for relative in media_references(text, lesson_dir):
        try:
            manifest[relative] = file_sha256(lesson_dir / relative)
        except FileNotFoundError:
            manifest[relative] = None
        except OSError as exc:
            raise ReviewError(f"{lesson_dir / relative} cannot be read ({exc.strerror or exc}); "
                              "its content cannot be checked for review.") from exc
    return manifest


def current_version(item: Item) -> ContentVersion:
    """The item's content as it is on disk now."""
    try:
        text, _ = read_text(item.source)
    except LoadError as exc:
        raise ReviewError(str(exc)) from exc
    folder = item.folder if item.kind == "lesson" else None
    media = media_manifest(text, folder) if folder is not None else {}
    return ContentVersion(content_hash(text, item.kind, media), item.kind, text, media, folder)
