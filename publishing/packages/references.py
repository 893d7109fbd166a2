"""What a rendered lesson page points at: the files a package must carry and the links it must keep.

We read the renderer's output rather than the Markdown, so every reference the learner's browser
will follow is seen (images, video and audio, posters, captions, links), whichever block made it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose value the browser loads or follows.
_URL_ATTRIBUTES = {("img", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
                   ("source", "src"), ("track", "src"), ("a", "href")}


@dataclass(frozen=True)
class Reference:
    tag: str
    attr: str
    url: str                # as written in the page
    line: int               # lesson.md line of the block holding it (0 when unknown)

    @property
    def is_link(self) -> bool:
        return self.tag == "a"

    @property
    def is_remote(self) -> bool:
        parts = urlsplit(self.url)
        return bool(parts.scheme or parts.netloc)

    @property
    def is_anchor(self) -> bool:
        """A jump within the same page (``#section``)."""
        return not self.is_remote and self.url.startswith("#")

    @property
    def local_path(self) -> str | None:
        """The file this points at, relative to the lesson folder (POSIX), or None if it is not a file.

        ``..`` segments are resolved, so a path that leaves the folder starts with ``../``.
        """
        if self.is_remote or self.is_anchor:
            return None
        path = unquote(urlsplit(self.url).path)
        if not path:
            return None
        if path.startswith("/"):
            return "../" + path.lstrip("/")   # absolute paths are outside the lesson by definition
        return posixpath.normpath(path)

    @property
    def leaves_folder(self) -> bool:
        local = self.local_path
        return local is not None and (local == ".." or local.startswith("../"))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []
        self.ids: set[str] = set()
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("data-line", "").isdigit():
            self._line = int(values["data-line"])   # blocks are siblings: the last one seen holds us
        if values.get("id"):
            self.ids.add(values["id"])
        for name, value in values.items():
            if (tag, name) in _URL_ATTRIBUTES and value.strip():
                self.found.append(Reference(tag, name, value.strip(), self._line))

    handle_startendtag = handle_starttag


@dataclass(frozen=True)
class PageReferences:
    references: tuple[Reference, ...]
    ids: frozenset[str]           # element ids on the page, for checking #anchors

    def local_files(self, folder: Path) -> list[str]:
        """Relative paths of the existing files inside ``folder`` that the page uses, sorted."""
        root = folder.resolve()
        found = set()
        for reference in self.references:
            local = reference.local_path
            if local is None or reference.leaves_folder:
                continue
            target = (root / local).resolve()
            if target.is_relative_to(root) and target.is_file():
                found.add(target.relative_to(root).as_posix())
        return sorted(found)


def page_references(article_html: str) -> PageReferences:
    collector = _Collector()
    collector.feed(article_html)
    collector.close()
    return PageReferences(tuple(collector.found), frozenset(collector.ids))
