"""``tessera search`` and ``tessera similar``: the library search on the command line.

Same query language as the app's search box. The index is opened and caught up with the files
first (or built, the first time); if it cannot be used — for example another Tessera holds it
for a long update — the files are searched directly, which gives the same results, slower.

Exit codes: 0 ok (also when nothing matched), 1 a problem reading the workspace, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from app.cli.common import OK, USAGE, AddCommand
from editor.search.build import open_or_build
from editor.search.fallback import ScanSearch
from editor.search.index import IndexProblem, SearchIndex
from editor.search.lock import IndexBusy
from editor.search.results import RECENT, RELEVANCE, Hit, SearchResults, Snippet
from editor.search.similar import SimilarItem, probe_for, similar_in_index, similar_in_scan
from editor.workspace import LESSON_FILE, Workspace


def register(subparsers: Any, add: AddCommand) -> None:
    """Add ``search`` and ``similar`` to the main parser (``add`` is app.cli.main's command factory)."""
    del subparsers  # ``add`` creates the commands on it, with the handler wiring app.cli.main expects
    sub = add("search", _search, "Search lessons and links, as the app's search box does "
              '(e.g. \'feedback status:review skill:"time management" -retired\').')
    sub.add_argument("--workspace", required=True, help="workspace folder")
    sub.add_argument("query", nargs="?", default="", help="what to look for (empty: recently edited)")
    sub.add_argument("--limit", type=_count, default=20, help="most results to show (default 20)")
    sub.add_argument("--sort", choices=(RELEVANCE, RECENT), default=RELEVANCE,
                     help="best match first (default) or most recently edited first")
    sub.add_argument("--json", action="store_true", help="machine-readable output")

    sub = add("similar", _similar, "List items on the same topic as a lesson or curated link.")
    sub.add_argument("item", help="lesson folder (or its lesson.md) or curated item file")
    sub.add_argument("--limit", type=_count, default=5, help="most items to show (default 5)")
    sub.add_argument("--json", action="store_true", help="machine-readable output")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give 1 or more")
    return value


# -- search -------------------------------------------------------------------------------------------
def _search(args: argparse.Namespace) -> int:
    # Searching writes nothing, so it leaves the sweep for stale temp files (a visit to every folder,
    # 0.4 s at 20,000 items) to the commands that write and to the app.
    workspace = Workspace.open(Path(args.workspace), tidy=False)
    index = _index(workspace)
    if index is None:
        results = ScanSearch(workspace).search(args.query, sort=args.sort, limit=args.limit)
    else:
        with closing(index):
            results = index.search(args.query, sort=args.sort, limit=args.limit)
    if args.json:
        print(json.dumps(results.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_results(results, workspace)
    return OK


def _print_results(results: SearchResults, workspace: Workspace) -> None:
    for problem in results.problems:
        print(f"note: {problem}", file=sys.stderr)
    shown = len(results.hits)
    if not results.total:
        what = f"for “{results.query.strip()}”" if results.query.strip() else "in this workspace"
        print(f"No items {what}.")
        return
    print(f"{results.total} item(s)" + (f", showing the first {shown}" if shown < results.total else "")
          + (" (files searched directly; the index is not ready)" if results.engine == "scan" else ""))
    for hit in results.hits:
        print()
        _print_hit(hit, workspace)


def _print_hit(hit: Hit, workspace: Workspace, note: str = "") -> None:
    meta = " · ".join(part for part in (hit.kind, hit.status, ", ".join(hit.skills)) if part)
    print(f"{_marked(hit.title_marks) if hit.title_marks.matched else hit.title}   [{meta}]")
    print(f"  {hit.path.relative_to(workspace.root)}")
    if note:
        print(f"  {note}")
    if hit.snippet.text:
        print(f"  {_marked(hit.snippet)}")


def _marked(snippet: Snippet) -> str:
    # Bold matches on a terminal; plain text when piped, so scripts get clean words.
    if not sys.stdout.isatty():
        return snippet.text
    return "".join(f"\033[1m{text}\033[0m" if match else text for text, match in snippet.segments)


# -- similar ------------------------------------------------------------------------------------------
def _similar(args: argparse.Namespace) -> int:
    path = Path(args.item)
    source = path / LESSON_FILE if path.is_dir() else path
    workspace = Workspace.containing(path) if path.exists() else None
    if not source.is_file() or workspace is None:
        print(f"tessera similar: {path} is not a lesson folder or curated item inside a Tessera workspace.",
              file=sys.stderr)
        return USAGE
    probe = probe_for(workspace, source)
    index = _index(workspace)
    if index is None:
        found = similar_in_scan(ScanSearch(workspace), probe, args.limit)
    else:
        with closing(index):
            found = similar_in_index(index, probe, args.limit)
    if args.json:
        print(json.dumps([_similar_dict(item) for item in found], indent=2, ensure_ascii=False))
    elif not found:
        print(f"Nothing in the library looks like “{probe.title}”.")
    else:
        print(f"Items like “{probe.title}”:")
        for item in found:
            print()
            _print_hit(item.hit, workspace, f"{round(item.similarity * 100)}% similar · {item.reason}")
    return OK


def _similar_dict(item: SimilarItem) -> dict[str, object]:
    return {**item.hit.as_dict(), "similarity": round(item.similarity, 3), "shared": list(item.shared),
            "same_url": item.same_url, "same_title": item.same_title, "reason": item.reason}


# -- the index ------------------------------------------------------------------------------------------
def _index(workspace: Workspace) -> SearchIndex | None:
    """The caught-up index, built if needed; None when it cannot be had (search the files instead)."""
    announced = False

    def progress(fraction: float, _message: str) -> None:
        nonlocal announced
        if not announced and fraction < 1.0:
            print("Building the search index for this workspace (first search only)…", file=sys.stderr)
            announced = True

    try:
        return open_or_build(workspace, progress)
    except (IndexProblem, IndexBusy, OSError) as exc:
        print(f"note: searching the files directly ({exc})", file=sys.stderr)
        return None
