"""Library search at scale: Tessera's whoosh index, with tantivy and SQLite FTS5 as reference points.

One generated workspace (``make_workspace``: ~300-word lessons with front matter, quizzes, cards,
callouts) is indexed by each engine in its own child process, so every engine's peak memory is its
own. All three index the same extracted text (``editor.search.extract``) and answer the same
queries; extraction is part of every build time.

* whoosh (Tessera): ``build_index`` with ``procs`` 1 and 2, then ``SearchIndex.search`` — which
  also counts every match, computes facets and cuts snippets for the hits — and raw whoosh top-20
  retrieval of the same queries for comparison with the reference engines.
* tantivy: same fields, ``en_stem`` tokenizer, conjunctive queries, fuzzy terms (distance 1).
* SQLite FTS5: ``porter unicode61`` tokenizer; no typo tolerance (it has none).

Run: ``.venv/bin/python -m benchmarks.bench_search [--lessons 20000] [--queries 100]``
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.make_workspace import ADJECTIVES, NOUNS, SKILLS, make_workspace
from benchmarks.measure import isolated_home, machine_summary, peak_rss_mb, summarise
from editor.search.extract import IndexDoc, extract, workspace_sources
from editor.search.schema import TEXT_FIELDS
from editor.workspace import Workspace

UPDATES = 60
QueryKinds = dict[str, list[str]]


def queries(count: int, seed: int = 7) -> QueryKinds:
    """Query texts in Tessera's syntax; the reference engines translate them."""
    rng = random.Random(seed)
    # The generator writes every lesson from one small vocabulary, so its everyday words are in most
    # lessons ("broad"); skill names are topic words, each in a few percent of them ("selective").
    two = [f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}" for _ in range(count)]
    topics = [skill.split()[0].lower() for skill in SKILLS]
    selective = [" ".join(rng.sample(topics, 2)) for _ in range(count)]
    fuzzy = []
    for _ in range(count):
        word = rng.choice([n for n in NOUNS if len(n) >= 6])
        cut = rng.randrange(1, len(word))
        fuzzy.append(word[:cut] + word[cut + 1:])        # one letter missing: "dashbord"
    prefix = [rng.choice(NOUNS)[:4] for _ in range(count)]
    filtered = [f"{rng.choice(NOUNS)} status:published skill:\"{rng.choice(SKILLS)}\"" for _ in range(count)]
    return {"two-term broad": two, "two-term topic": selective, "fuzzy": fuzzy, "prefix (typing)": prefix,
            "filtered": filtered}


def timed(job: Callable[[], object], samples: list[float]) -> None:
    start = time.perf_counter()
    job()
    samples.append((time.perf_counter() - start) * 1000)


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 2**20


def all_docs(workspace: Workspace) -> list[IndexDoc]:
    return [extract(workspace, source) for source in workspace_sources(workspace)]


def touch_lessons(workspace: Workspace, count: int, seed: int = 11) -> list[Path]:
    """Append a sentence to ``count`` lessons, as a save would, and return their sources."""
    lessons = workspace.lesson_sources()
    sources = random.Random(seed).sample(lessons, min(count, len(lessons)))
    for source in sources:
        with source.open("a", encoding="utf-8") as handle:
            handle.write("\nAn extra sentence about the quarterly wombat review.\n")
    return sources


# -- engines (each runs in a child process) -----------------------------------------------------------
def run_whoosh(workspace: Workspace, kinds: QueryKinds, procs: int) -> dict[str, Any]:
    from editor.search.build import build_index
    from editor.search.query import resolve, to_whoosh
    from editor.search.syntax import parse

    start = time.perf_counter()
    index = build_index(workspace, procs=procs)
    build = time.perf_counter() - start
    result: dict[str, Any] = {"build_s": build, "docs": index.doc_count,
                              "size_mb": folder_mb(workspace.cache_dir / "index")}
    if procs > 1:
        result["peak_mb"] = peak_rss_mb()
        return result
    for kind, texts in kinds.items():
        typing = kind.startswith("prefix")
        full: list[float] = []
        raw: list[float] = []
        matches = 0
        for text in texts:
            timed(partial(index.search, text, typing=typing, limit=20), full)
            matches += index.search(text, typing=typing, limit=1).total
            resolved = resolve(parse(text, typing=typing), index.vocabulary)
            scored, only = to_whoosh(resolved)
            searcher = index.searcher()
            timed(partial(searcher.search, scored, filter=only, limit=20), raw)
        result[kind] = {"full": summarise(full).__dict__, "raw": summarise(raw).__dict__,
                        "matches": matches / len(texts)}
    samples: list[float] = []
    for source in touch_lessons(workspace, UPDATES):
        timed(partial(index.sync, [source]), samples)
    result["update"] = summarise(samples).__dict__
    result["found_after_update"] = index.search("wombat").total
    result["peak_mb"] = peak_rss_mb()
    index.close()
    return result


def run_tantivy(workspace: Workspace, kinds: QueryKinds, folder: Path) -> dict[str, Any]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=name in ("title", "summary"), tokenizer_name="en_stem")
    for name in ("status", "skill"):
        builder.add_text_field(name, tokenizer_name="raw")
    schema = builder.build()
    folder.mkdir(parents=True)
    start = time.perf_counter()
    index = tantivy.Index(schema, path=str(folder))
    writers = [index.writer(heap_size=128_000_000)]

    def add(doc: IndexDoc) -> None:
        writers[-1].add_document(tantivy.Document(
            path=doc.path, status=doc.status, skill=list(doc.skills),
            **{name: doc.text.get(name, "") for name in TEXT_FIELDS}))

    for doc in all_docs(workspace):
        add(doc)
    writers[-1].commit()
    writers[-1].wait_merging_threads()      # consumes the writer; updates get a new one
    build = time.perf_counter() - start
    writers.append(index.writer(heap_size=50_000_000))
    index.reload()
    result: dict[str, Any] = {"build_s": build, "size_mb": folder_mb(folder)}
    fields = list(TEXT_FIELDS)

    def search(text: str, kind: str) -> None:
        searcher = index.searcher()
        if kind == "fuzzy":
            query = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(
                schema, name, text.lower(), distance=1, prefix=False)) for name in fields])
        elif kind.startswith("prefix"):
            query = index.parse_query(f"{text}*", fields)
        elif kind == "filtered":
            word, _status, skill = text.split(" ", 2)
            skill = skill.split(":", 1)[1].strip('"')
            query = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, index.parse_query(word, fields)),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "status", "published")),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "skill", skill))])
        else:
            query = index.parse_query(text, fields, conjunction_by_default=True)
        searcher.search(query, 20, count=True)

    for kind, texts in kinds.items():
        samples: list[float] = []
        for text in texts:
            timed(partial(search, text, kind), samples)
        result[kind] = summarise(samples).__dict__
    samples = []
    for source in touch_lessons(workspace, UPDATES):
        def update(s: Path = source) -> None:
            doc = extract(workspace, s)
            writers[-1].delete_documents_by_term("path", doc.path)
            add(doc)
            writers[-1].commit()
            index.reload()
        timed(update, samples)
    result["update"] = summarise(samples).__dict__
    result["peak_mb"] = peak_rss_mb()
    return result


def run_fts5(workspace: Workspace, kinds: QueryKinds, database: Path) -> dict[str, Any]:
    columns = ", ".join(TEXT_FIELDS)
    start = time.perf_counter()
    db = sqlite3.connect(database)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, status UNINDEXED, "
               f"skill_list UNINDEXED, {columns}, tokenize='porter unicode61')")

    def row(doc: IndexDoc) -> tuple[str, ...]:
        return (doc.path, doc.status, "," + ",".join(doc.skills) + ",",
                *(doc.text.get(name, "") for name in TEXT_FIELDS))

    marks = ", ".join("?" for _ in range(len(TEXT_FIELDS) + 3))
    db.executemany(f"INSERT INTO docs VALUES ({marks})", [row(doc) for doc in all_docs(workspace)])
    db.commit()
    build = time.perf_counter() - start
    result: dict[str, Any] = {"build_s": build, "size_mb": database.stat().st_size / 2**20}

    def search(text: str, kind: str) -> None:
        # Words in quotes: FTS5 reads "cross-functional" unquoted as a column filter.
        where, extra = "docs MATCH ?", tuple[str, ...]()
        if kind.startswith("prefix"):
            match = f'"{text}"*'
        elif kind == "filtered":
            word, _status, skill = text.split(" ", 2)
            match = f'"{word}"'
            where += " AND status = 'published' AND skill_list LIKE ?"
            extra = (f"%,{skill.split(':', 1)[1].strip(chr(34))},%",)
        else:   # FTS5 has no typo tolerance: a misspelt word is searched as written
            match = " AND ".join(f'"{word}"' for word in text.split())
        db.execute(f"SELECT path FROM docs WHERE {where} ORDER BY rank LIMIT 20", (match, *extra)).fetchall()
        db.execute(f"SELECT count(*) FROM docs WHERE {where}", (match, *extra)).fetchone()

    for kind, texts in kinds.items():
        samples: list[float] = []
        for text in texts:
            timed(partial(search, text, kind), samples)
        result[kind] = summarise(samples).__dict__
    samples = []
    for source in touch_lessons(workspace, UPDATES):
        def update(s: Path = source) -> None:
            doc = extract(workspace, s)
            db.execute("DELETE FROM docs WHERE path = ?", (doc.path,))
            db.execute(f"INSERT INTO docs VALUES ({marks})", row(doc))
            db.commit()
        timed(update, samples)
    result["update"] = summarise(samples).__dict__
    result["peak_mb"] = peak_rss_mb()
    return result


# -- driver -------------------------------------------------------------------------------------------
def child(engine: str, root: Path, count: int) -> None:
    """Run one engine on a private copy of the workspace and print its figures as JSON."""
    copy = root.parent / f"{root.name}-{engine}"
    shutil.copytree(root, copy)
    workspace = Workspace.open(copy)
    kinds = queries(count)
    if engine.startswith("whoosh"):
        figures = run_whoosh(workspace, kinds, procs=int(engine.split("-")[1]))
    elif engine == "tantivy":
        figures = run_tantivy(workspace, kinds, copy.parent / f"{copy.name}-tantivy-index")
    else:
        figures = run_fts5(workspace, kinds, copy.parent / f"{copy.name}.sqlite")
    shutil.rmtree(copy, ignore_errors=True)
    print(json.dumps(figures))


def report(lessons: int, figures: dict[str, dict[str, Any]]) -> None:
    whoosh, tantivy, fts5 = figures["whoosh-1"], figures["tantivy"], figures["fts5"]
    docs = whoosh["docs"]
    print(f"\nBuild ({docs:,} items, extraction included)")
    for name, data in (("whoosh, 1 process", whoosh), ("whoosh, procs=2", figures["whoosh-2"]),
                       ("tantivy", tantivy), ("SQLite FTS5", fts5)):
        print(f"  {name:<20} {data['build_s']:7.1f} s  {docs / data['build_s']:7.0f} docs/s  "
              f"index {data['size_mb']:6.1f} MB  peak RSS {data['peak_mb']:6.0f} MB")
    print("  (peak RSS of the indexing process; with procs=2 whoosh's two worker processes come on top)")
    print("\nQueries, ms (p50 / p95); whoosh 'full' = Tessera's search: total, facets, snippets")
    for kind in queries(1):
        w = whoosh[kind]
        print(f"  {kind:<16} whoosh full {w['full']['p50']:6.1f} / {w['full']['p95']:6.1f}   "
              f"raw top-20 {w['raw']['p50']:6.1f} / {w['raw']['p95']:6.1f}   "
              f"tantivy {tantivy[kind]['p50']:5.2f} / {tantivy[kind]['p95']:5.2f}   "
              f"FTS5 {fts5[kind]['p50']:5.2f} / {fts5[kind]['p95']:5.2f}   "
              f"(ratio p95 whoosh/tantivy {w['full']['p95'] / tantivy[kind]['p95']:.0f}×, "
              f"/FTS5 {w['full']['p95'] / fts5[kind]['p95']:.0f}×; {w['matches']:,.0f} matches on average)")
    print("\nIncremental update of one saved lesson, ms (p50 / p95)")
    for name, data in (("whoosh", whoosh), ("tantivy", tantivy), ("SQLite FTS5", fts5)):
        print(f"  {name:<12} {data['update']['p50']:6.1f} / {data['update']['p95']:6.1f}")
    print(f"  (whoosh then found the added word in {whoosh['found_after_update']} of "
          f"{min(UPDATES, lessons + 1)} changed lessons)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=100, help="queries of each kind")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.root, args.queries)
        return 0
    print(machine_summary())
    with isolated_home("tessera-bench-search-") as home:
        start = time.perf_counter()
        root = make_workspace(home / "workspace", lessons=args.lessons, links=max(1, args.lessons // 50)).root
        print(f"Generated {args.lessons:,} lessons in {time.perf_counter() - start:.0f} s")
        figures = {}
        for engine in ("whoosh-1", "whoosh-2", "tantivy", "fts5"):
            done = subprocess.run([sys.executable, "-m", "benchmarks.bench_search", "--child", engine,
                                   "--root", str(root), "--queries", str(args.queries)],
                                  capture_output=True, text=True, check=False)
            if done.returncode:
                print(f"{engine} failed:\n{done.stderr}", file=sys.stderr)
                return 1
            figures[engine] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"  {engine} done")
    report(args.lessons, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
