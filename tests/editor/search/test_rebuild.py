"""An unusable index is refused, never trusted: missing, damaged, old, or left half-written by a crash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from editor.progress import Cancelled, CancelToken
from editor.search.build import build_index, open_or_build
from editor.search.index import MARKER, IndexProblem, SearchIndex, index_folder
from editor.search.lock import IndexLock
from editor.workspace import Workspace
from tests.editor.search.library import make_library

ROOT = Path(__file__).resolve().parents[3]


pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def library(tmp_path: Path) -> Workspace:
    return make_library(tmp_path / "library")


def test_a_missing_index_is_refused_and_built(library: Workspace) -> None:
    with pytest.raises(IndexProblem, match="no search index"):
        SearchIndex.open(library)
    steps: list[float] = []
    index = open_or_build(library, lambda fraction, _message: steps.append(fraction))
    assert index.doc_count == 4 and steps[-1] == 1.0 and steps == sorted(steps)
    index.close()
    SearchIndex.open(library).close()


def test_an_index_of_an_older_schema_is_refused(library: Workspace) -> None:
    build_index(library).close()
    marker = index_folder(library) / MARKER
    marker.write_text(json.dumps({"schema": 0, "build": "x"}), encoding="utf-8")
    with pytest.raises(IndexProblem, match="another version"):
        SearchIndex.open(library)
    assert open_or_build(library).search("zeppelin").total == 1


def test_a_damaged_index_is_refused_and_replaced(library: Workspace) -> None:
    build_index(library).close()
    for path in index_folder(library).iterdir():
        if path.name != MARKER and path.is_file():
            # Damage as a sync tool or a crash would: a new file in its place. Truncating a file in place
            # kills every process that still has it memory-mapped (SIGBUS), which both engines do.
            damaged = path.with_name(path.name + ".damaged")
            damaged.write_bytes(b"\0garbage" * 10)
            damaged.replace(path)
    with pytest.raises(IndexProblem, match="damaged"):
        SearchIndex.open(library)
    rebuilt = open_or_build(library)
    assert rebuilt.search("quokka").total == 1
    rebuilt.close()


def test_a_cancelled_build_leaves_the_old_index_in_place(library: Workspace) -> None:
    build_index(library).close()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_index(library, cancel=token)
    assert [p.name for p in library.cache_dir.iterdir() if p.name.startswith("index-")] == []
    SearchIndex.open(library).close()


CRASH_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    if sys.argv[3] == "whoosh":
        sys.modules["tantivy"] = None
    from editor.search.index import SearchIndex
    from editor.workspace import Workspace
    workspace = Workspace.open(Path(sys.argv[1]))
    index = SearchIndex.open(workspace)

    def die(*_args):
        os.kill(os.getpid(), signal.SIGKILL)     # dies holding the lock, mid-change

    index._store.write = die                     # the engine's write, called with the lock held
    index.sync([workspace.root / "lessons" / "giving-feedback" / "lesson.md"])
""")


def test_a_writer_that_died_mid_change_forces_a_rebuild(library: Workspace, engine: str) -> None:
    build_index(library).close()
    source = library.root / "lessons" / "giving-feedback" / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    crashed = subprocess.run([sys.executable, "-c", CRASH_WHILE_WRITING, str(library.root), str(ROOT),
                              engine], capture_output=True, text=True, timeout=60)
    assert crashed.returncode == -9, crashed.stderr
    assert IndexLock(library.cache_dir).interrupted_writer() is not None
    with pytest.raises(IndexProblem, match="did not finish"):
        SearchIndex.open(library)
    rebuilt = open_or_build(library)       # the dead process's lock does not block the rebuild
    assert rebuilt.search("zeppelin").total == 1
    rebuilt.close()
    assert IndexLock(library.cache_dir).interrupted_writer() is None
    SearchIndex.open(library).close()


def test_a_live_writer_is_not_mistaken_for_a_crash(library: Workspace) -> None:
    build_index(library).close()
    lock = IndexLock(library.cache_dir)
    with lock.hold():
        assert IndexLock(library.cache_dir).interrupted_writer() is None
        owner = lock.owner()
        assert owner is not None and "process" in owner.describe()
    assert lock.owner() is None
