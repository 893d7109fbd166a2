"""Make a player page self-contained: local media referenced by the lesson becomes data URIs."""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Larger files stay as links: a page of several hundred MB helps nobody.
MAX_EMBED_BYTES = 25 * 1024 * 1024

# Only attributes our renderer and sanitiser emit, always double-quoted by them.
_MEDIA_ATTR = re.compile(r'\b(src|poster)="([^"]*)"')


def embed_local_media(page: str, lesson_dir: Path) -> tuple[str, list[str]]:
    """Return the page with local media inlined, and notes about files left as links."""
    notes: list[str] = []
    root = lesson_dir.resolve()

    def inline(match: re.Match[str]) -> str:
        attr, url = match.groups()
        parts = urlsplit(html.unescape(url))
        if parts.scheme or parts.netloc or not parts.path:
            return match.group(0)
        target = (root / unquote(parts.path)).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return match.group(0)
        size = target.stat().st_size
        if size > MAX_EMBED_BYTES:
            notes.append(f"{parts.path} ({size // 1_048_576} MB) is too large to embed; it is "
                         "linked instead, so keep it next to the page.")
            return f'{attr}="{target.as_uri()}"'
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix.lower() == ".vtt":
            mime = "text/vtt"
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f'{attr}="data:{mime};base64,{data}"'

    return _MEDIA_ATTR.sub(inline, page), notes
