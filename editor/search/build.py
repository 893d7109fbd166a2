"""Building a workspace's search index from scratch, beside the current one, and swapping it in."""

from __future__ import annotations

import json
import shutil
import time
import uuid
from pathlib import Path

from editor.atomic import atomic_write_text
from editor.progress import CancelToken, ProgressCallback, no_progress
from editor.search.engine import Builder, engine_name, new_builder
from editor.search.extract import extract, workspace_sources
from editor.search.index import (
    INDEX_FOLDER,
    MARKER,
    Extractor,
    IndexProblem,
    SearchIndex,
    index_folder,
)
from editor.search.lock import IndexLock
from editor.search.schema import SCHEMA_VERSION
from editor.workspace import Workspace

LEFTOVER_AGE = 6 * 3600     # a build folder untouched this long belongs to a process that died


def build_index(workspace: Workspace, progress: ProgressCallback = no_progress,
                cancel: CancelToken | None = None, *,
                extract_doc: Extractor | None = None) -> SearchIndex:
    """Index every item into a new folder with this installation's engine, then swap it in for
    the current index. ``extract_doc`` lets the scan fallback share the extraction work."""
    cancel = cancel or CancelToken()
    cache = workspace.cache_dir
    cache.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(cache)
    target = cache / f"{INDEX_FOLDER}-build-{uuid.uuid4().hex[:8]}"
    target.mkdir()
    engine = engine_name()
    writer: Builder | None = None
    try:
        writer = new_builder(engine, target)
        sources = workspace_sources(workspace)
        total = max(1, len(sources))
        step = max(1, total // 100)
        for number, source in enumerate(sources):
            cancel.raise_if_cancelled()
            doc = extract_doc(source) if extract_doc else extract(workspace, source)
            writer.add(doc)
            if number % step == 0:
                progress(0.9 * number / total, f"Indexing {number + 1:,} of {len(sources):,} items…")
        cancel.raise_if_cancelled()
        progress(0.9, "Saving the search index…")
        writer.commit()
        writer = None
        atomic_write_text(target / MARKER, json.dumps({"schema": SCHEMA_VERSION, "build": uuid.uuid4().hex,
                                                       "engine": engine, "built": time.time()}))
        _swap_in(workspace, target)
    except BaseException:
        if writer is not None:
            writer.cancel()
        shutil.rmtree(target, ignore_errors=True)
        raise
    progress(1.0, "Search index ready.")
    return SearchIndex.open(workspace)


def _swap_in(workspace: Workspace, built: Path) -> None:
    lock = IndexLock(workspace.cache_dir)
    current = index_folder(workspace)
    with lock.hold(timeout=60.0):
        if current.exists():
            retired = current.with_name(f"{INDEX_FOLDER}-old-{uuid.uuid4().hex[:8]}")
            current.rename(retired)
            shutil.rmtree(retired, ignore_errors=True)   # readers elsewhere keep their open files
        built.rename(current)


def _remove_leftovers(cache: Path) -> None:
    now = time.time()
    for folder in cache.glob(f"{INDEX_FOLDER}-*"):
        old = folder.name.startswith(f"{INDEX_FOLDER}-old-")
        try:
            if old or now - folder.stat().st_mtime > LEFTOVER_AGE:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def open_or_build(workspace: Workspace, progress: ProgressCallback = no_progress,
                  cancel: CancelToken | None = None) -> SearchIndex:
    """An up-to-date index: the existing one caught up with the files, or a new one."""
    try:
        index = SearchIndex.open(workspace)
    except IndexProblem:
        return build_index(workspace, progress, cancel)
    index.sync(cancel=cancel)
    return index
