"""``python main.py search`` and ``similar`` as a user or a script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.search.index import index_folder
from editor.search.similar import MIN_SIMILARITY
from editor.workspace import Workspace
from tests.app.cli.runner import run_process
from tests.editor.search.library import make_library

ROOT = Path(__file__).resolve().parents[3]


def tessera(*args: str) -> subprocess.CompletedProcess[str]:
    return run_process(*args, home=Path(os.environ["TESSERA_HOME"]), timeout=120)


@pytest.fixture
def library(tmp_path: Path) -> Workspace:
    return make_library(tmp_path / "library")


def test_search_json_lists_hits_with_snippets(library: Workspace) -> None:
    done = tessera("search", "--workspace", str(library.root), "feedbak -status:approved", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["total"] == 1 and data["engine"] == "index"
    hit = data["hits"][0]
    assert hit["title"] == "Giving feedback that lands"
    assert hit["id"] == "aaa111"
    assert hit["path"] == str(library.root / "lessons" / "giving-feedback")
    assert "feedback" in hit["snippet"] and hit["score"] > 0
    assert data["facets"]["status"] == {"published": 1}
    assert index_folder(library).is_dir()       # built on first use, reused afterwards


def test_search_text_output_limit_and_sort(library: Workspace) -> None:
    done = tessera("search", "--workspace", str(library.root), "", "--sort", "recent", "--limit", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "4 item(s), showing the first 2"
    assert lines[2].startswith("Giving feedback that lands") and "lessons/giving-feedback" in done.stdout
    assert "XLOOKUP" in done.stdout and "Klare" not in done.stdout


def test_no_hits_is_not_an_error(library: Workspace) -> None:
    done = tessera("search", "--workspace", str(library.root), "status:nonsense")
    assert done.returncode == 0
    assert done.stdout.strip() == "No items for “status:nonsense”."
    assert "There is no status" in done.stderr


def test_search_sees_files_changed_since_the_index_was_built(library: Workspace) -> None:
    assert tessera("search", "--workspace", str(library.root), "x").returncode == 0
    source = library.root / "curated" / "sbi-model.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nAlso: a tapir.\n", encoding="utf-8")
    done = tessera("search", "--workspace", str(library.root), "tapir", "--json")
    assert [hit["title"] for hit in json.loads(done.stdout)["hits"]] == ["The SBI feedback model"]


@pytest.mark.parametrize("args", [["search", "--workspace", "/nonexistent/place", "x"],
                                  ["search", "--workspace", ".", "x", "--limit", "0"],
                                  ["similar", "/nonexistent/lesson"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    done = tessera(*args)
    assert done.returncode == 2
    assert done.stderr.strip()


def test_similar_lists_items_on_the_same_topic(library: Workspace) -> None:
    done = tessera("similar", str(library.root / "curated" / "sbi-model.md"), "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [item["title"] for item in found] == ["Giving feedback that lands"]
    assert found[0]["similarity"] >= MIN_SIMILARITY and "feedback" in found[0]["shared"]
    text = tessera("similar", str(library.root / "lessons" / "klare-e-mails"))
    assert text.returncode == 0
    assert text.stdout.strip() == "Nothing in the library looks like “Klare E-Mails schreiben”."


WITHOUT_TANTIVY = ("import sys; sys.modules['tantivy'] = None; sys.path.insert(0, sys.argv[1]); "
                   "from app.cli.main import main; sys.exit(main(sys.argv[2:]))")


def test_without_tantivy_the_same_search_runs_on_whoosh(library: Workspace) -> None:
    query = ["search", "--workspace", str(library.root), "feedbak -status:approved", "--json"]
    with_tantivy = tessera(*query)
    assert with_tantivy.returncode == 0, with_tantivy.stderr
    # The index on disk was built by tantivy: a machine without it rebuilds rather than misreads it.
    done = subprocess.run([sys.executable, "-c", WITHOUT_TANTIVY, str(ROOT), *query], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    marker = json.loads((index_folder(library) / "tessera-index.json").read_text(encoding="utf-8"))
    assert marker["engine"] == "whoosh"
    found, expected = json.loads(done.stdout), json.loads(with_tantivy.stdout)
    assert found["engine"] == "index"
    assert [hit["id"] for hit in found["hits"]] == [hit["id"] for hit in expected["hits"]]
    assert (found["total"], found["facets"]) == (expected["total"], expected["facets"])
