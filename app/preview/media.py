"""Swap lesson media for playable preview copies, making missing copies in the background."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import TYPE_CHECKING

from app.kit.qt import QObject, Signal
from app.kit.tasks import TaskRunner
from editor.preview_proxy import local_media, make_proxy, needs_proxy, proxy_path
from editor.progress import CancelToken

if TYPE_CHECKING:
    from editor.render import Rendered


class PreviewMedia(QObject):
    ready = Signal()          # a preview copy was made: render again to use it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self._making: set[Path] = set()
        self.failures: dict[Path, str] = {}

    def playable(self, rendered: Rendered, lesson_dir: Path, cache_dir: Path) -> Rendered:
        """``rendered`` with each local video/audio pointing at a copy the preview can play."""
        page = rendered.html
        for src, source in local_media(rendered.parsed, lesson_dir):
            if not needs_proxy(source):
                continue
            proxy = proxy_path(cache_dir, source)
            if proxy.is_file():
                written = f'src="{html.escape(src, quote=True)}"'
                page = page.replace(written, f'src="{proxy.as_uri()}"')
            else:
                self._make(source, proxy)
        return dataclasses.replace(rendered, html=page)

    def _make(self, source: Path, proxy: Path) -> None:
        if proxy in self._making or source in self.failures:
            return
        self._making.add(proxy)

        def job(_progress: object, cancel: CancelToken) -> Path:
            return make_proxy(source, proxy, cancel)

        def done(_path: object) -> None:
            self._making.discard(proxy)
            self.ready.emit()

        def failed(message: str) -> None:
            self._making.discard(proxy)
            self.failures[source] = message   # not retried for this session: the file is the problem

        self.runner.start(job, done, failed)
