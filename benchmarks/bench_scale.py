"""A 20,000-lesson library: Tessera's search index, with raw tantivy and SQLite FTS5 in the same run.

``scale_corpus`` writes the library (unique ~300-word lessons, Zipf-distributed words, varied
metadata). Each engine then runs in its own child process, so each peak-memory figure is its own,
on the same files, with the same extraction (``editor.search.extract``, inside every build time)
and the same queries:

* Tessera: ``build_index`` and ``SearchIndex.search`` — the real thing: typo and prefix variants,
  the total and facet counts of every match, snippets for the 20 hits shown.
* tantivy raw: the same text through tantivy's own ``en_stem`` analyser, conjunctive queries, fuzzy
  terms (one edit, a swap counting one) for typos, a regex on the last word while typing; top 20
  and the count, nothing else.
* SQLite FTS5: ``porter unicode61``; prefix queries while typing; no typo tolerance (it has none).

Then the cold ``tessera search`` (a fresh process each time, index already built) against a bare
``python -c pass`` in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_scale [--items 20000] [--queries 100]`` (about 6 minutes
for 20,000 items on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import isolated_home, machine_summary, peak_rss_mb, summarise
from benchmarks.scale_corpus import Queries, make_corpus, make_queries
from editor.search.extract import IndexDoc, extract, workspace_sources
from editor.search.schema import TEXT_FIELDS
from editor.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
UPDATES = 40
COLD_RUNS = 7
CLASSES = ("common", "broad", "typing", "typo")
ADDED = "An extra sentence about the quarterly wombat review."


def timed_ms(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return (time.perf_counter() - start) * 1000


def saved_sources(workspace: Workspace, count: int) -> list[Path]:
    """``count`` lessons spread over the library, each saved with one more sentence."""
    lessons = workspace.lesson_sources()
    picked = lessons[:: max(1, len(lessons) // count)][:count]
    for source in picked:
        with source.open("a", encoding="utf-8") as handle:
            handle.write(f"\n{ADDED}\n")
    return picked


def hit_at_3(found: Callable[[str], list[str]], cases: list[tuple[str, str]]) -> float:
    """Share of ``cases`` (query, lesson folder) whose lesson is among the first three results."""
    return sum(slug in found(text)[:3] for text, slug in cases) / len(cases)


def folder_of(path: str) -> str:
    return path.split("/")[1] if path.startswith("lessons/") else path


# -- engines, each in a child process ----------------------------------------------------------------
def run_tessera(workspace: Workspace, queries: Queries) -> dict[str, Any]:
    from editor.search.build import build_index

    start = time.perf_counter()
    index = build_index(workspace)
    figures: dict[str, Any] = {"build_s": time.perf_counter() - start, "build_peak_mb": peak_rss_mb(),
                               "engine": index.engine}
    for name in CLASSES:
        typing = name == "typing"
        samples = [timed_ms(lambda q=text, t=typing: index.search(q, typing=t))
                   for text in getattr(queries, name)]
        figures[name] = summarise(samples).__dict__
    figures["misspelt"] = hit_at_3(lambda q: [h.path.name for h in index.search(q, limit=3).hits],
                                   queries.misspelt)
    figures["phrases"] = hit_at_3(lambda q: [h.path.name for h in index.search(q, limit=3).hits],
                                  queries.phrases)
    samples = [timed_ms(lambda s=source: index.sync([s])) for source in saved_sources(workspace, UPDATES)]
    figures["update"] = summarise(samples).__dict__
    figures["found_after_update"] = index.search("wombat").total
    figures["peak_mb"] = peak_rss_mb()
    index.close()
    return figures


def run_tantivy(workspace: Workspace, queries: Queries, folder: Path) -> dict[str, Any]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    for name in ("status", "skill"):
        builder.add_text_field(name, tokenizer_name="raw")
    schema = builder.build()
    folder.mkdir(parents=True)
    fields = list(TEXT_FIELDS)

    def document(doc: IndexDoc) -> Any:
        return tantivy.Document(path=doc.path, status=doc.status, skill=list(doc.skills),
                                **{name: doc.text.get(name, "") for name in TEXT_FIELDS})

    start = time.perf_counter()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer()
    for source in workspace_sources(workspace):
        writer.add_document(document(extract(workspace, source)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    figures: dict[str, Any] = {"build_s": time.perf_counter() - start, "build_peak_mb": peak_rss_mb()}
    occur, query_type = tantivy.Occur, tantivy.Query

    def fuzzy(word: str) -> Any:
        return query_type.boolean_query([(occur.Should, query_type.fuzzy_term_query(
            schema, name, word.lower(), distance=1, transposition_cost_one=True)) for name in fields])

    def typing(text: str) -> Any:
        done, _space, last = text.rpartition(" ")
        prefix = query_type.boolean_query([
            (occur.Should, query_type.regex_query(schema, name, f"{last.lower()}.*")) for name in fields])
        if not done.strip():
            return prefix
        return query_type.boolean_query([(occur.Must, index.parse_query(done, fields,
                                                                         conjunction_by_default=True)),
                                         (occur.Must, prefix)])

    def query(text: str, kind: str) -> Any:
        if kind == "typo":
            return fuzzy(text)
        if kind == "typing":
            return typing(text)
        return index.parse_query(text, fields, conjunction_by_default=True)

    def top(text: str, kind: str, limit: int = 20) -> list[str]:
        searcher = index.searcher()
        result = searcher.search(query(text, kind), limit, count=True)
        return [folder_of(str(searcher.doc(address)["path"][0])) for _score, address in result.hits]

    for name in CLASSES:
        samples = [timed_ms(lambda q=text, k=name: top(q, k)) for text in getattr(queries, name)]
        figures[name] = summarise(samples).__dict__
    figures["misspelt"] = hit_at_3(lambda q: top(q, "typo", 3), queries.misspelt)
    figures["phrases"] = hit_at_3(lambda q: top(q, "broad", 3), queries.phrases)
    writer = index.writer(heap_size=15_000_000, num_threads=1)

    def update(source: Path) -> None:
        doc = extract(workspace, source)
        writer.delete_documents_by_term("path", doc.path)
        writer.add_document(document(doc))
        writer.commit()
        index.reload()

    samples = [timed_ms(lambda s=source: update(s)) for source in saved_sources(workspace, UPDATES)]
    figures["update"] = summarise(samples).__dict__
    figures["peak_mb"] = peak_rss_mb()
    return figures


def run_fts5(workspace: Workspace, queries: Queries, database: Path) -> dict[str, Any]:
    columns = ", ".join(TEXT_FIELDS)
    marks = ", ".join("?" for _ in range(len(TEXT_FIELDS) + 2))

    def row(doc: IndexDoc) -> tuple[str, ...]:
        return (doc.path, doc.status, *(doc.text.get(name, "") for name in TEXT_FIELDS))

    start = time.perf_counter()
    db = sqlite3.connect(database)
    db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, status UNINDEXED, {columns}, "
               "tokenize='porter unicode61')")
    db.executemany(f"INSERT INTO docs VALUES ({marks})",
                   (row(extract(workspace, source)) for source in workspace_sources(workspace)))
    db.commit()
    figures: dict[str, Any] = {"build_s": time.perf_counter() - start, "build_peak_mb": peak_rss_mb()}

    def top(text: str, kind: str, limit: int = 20) -> list[str]:
        # Each word quoted (FTS5 reads "cross-functional" unquoted as a column filter); while typing,
        # the last word is a prefix. A misspelt word is searched as written: FTS5 has no typo tolerance.
        words = [f'"{word}"' for word in text.split()]
        if kind == "typing" and words:
            words[-1] += "*"
        match = " AND ".join(words)
        found = db.execute("SELECT path FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
                           (match, limit)).fetchall()
        db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        return [folder_of(path) for (path,) in found]

    for name in CLASSES:
        samples = [timed_ms(lambda q=text, k=name: top(q, k)) for text in getattr(queries, name)]
        figures[name] = summarise(samples).__dict__
    figures["misspelt"] = hit_at_3(lambda q: top(q, "typo", 3), queries.misspelt)
    figures["phrases"] = hit_at_3(lambda q: top(q, "broad", 3), queries.phrases)

    def update(source: Path) -> None:
        doc = extract(workspace, source)
        db.execute("DELETE FROM docs WHERE path = ?", (doc.path,))
        db.execute(f"INSERT INTO docs VALUES ({marks})", row(doc))
        db.commit()

    samples = [timed_ms(lambda s=source: update(s)) for source in saved_sources(workspace, UPDATES)]
    figures["update"] = summarise(samples).__dict__
    figures["peak_mb"] = peak_rss_mb()
    return figures


def child(engine: str, root: Path, queries_file: Path) -> None:
    data = json.loads(queries_file.read_text(encoding="utf-8"))
    queries = Queries(**{name: [tuple(v) if isinstance(v, list) else v for v in values]
                         for name, values in data.items()})
    workspace = Workspace.open(root)
    if engine == "tessera":
        figures = run_tessera(workspace, queries)
    elif engine == "tantivy":
        figures = run_tantivy(workspace, queries, root.parent / "tantivy-index")
    else:
        figures = run_fts5(workspace, queries, root.parent / "fts5.sqlite")
    print(json.dumps(figures))


# -- the cold command line ------------------------------------------------------------------------------
def cold_runs(command: list[str]) -> float:
    """Median wall time in ms of ``COLD_RUNS`` fresh processes running ``command``."""
    samples = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def cold_search(root: Path, queries: Queries) -> dict[str, float]:
    query = queries.broad[0]
    return {"tessera_ms": cold_runs([sys.executable, str(ROOT / "main.py"), "search", "--workspace",
                                     str(root), query]),
            "python_ms": cold_runs([sys.executable, "-c", "pass"])}


# -- report ---------------------------------------------------------------------------------------------
def report(items: int, figures: dict[str, dict[str, Any]], cold: dict[str, float]) -> None:
    names = {"tessera": f"Tessera ({figures['tessera']['engine']})", "tantivy": "tantivy raw",
             "fts5": "SQLite FTS5"}
    print(f"\n{items:,} lessons; each engine in its own process on the same files\n")
    print(f"{'':40}" + "".join(f"{names[e]:>22}" for e in names))

    def line(label: str, value: Callable[[dict[str, Any]], str]) -> None:
        print(f"{label:40}" + "".join(f"{value(figures[e]):>22}" for e in names))

    line("full build, s (peak RSS, MB)", lambda f: f"{f['build_s']:.1f} ({f['build_peak_mb']:.0f})")
    for name, label in (("common", "common word"), ("broad", "two broad words"),
                        ("typing", "every keystroke while typing"), ("typo", "one typo")):
        line(f"query p95 (p50), ms: {label}", lambda f, n=name: f"{f[n]['p95']:.1f} ({f[n]['p50']:.1f})")
    line("update after a save, p95 (p50), ms",
         lambda f: f"{f['update']['p95']:.1f} ({f['update']['p50']:.1f})")
    line("misspelt query hit@3 (of 30)", lambda f: f"{round(f['misspelt'] * 30)}")
    line("rare two-word phrase hit@3 (200)", lambda f: f"{f['phrases']:.3f}")
    line("peak RSS after queries and updates, MB", lambda f: f"{f['peak_mb']:.0f}")
    print(f"\ncold `tessera search`, median of {COLD_RUNS}: {cold['tessera_ms']:.0f} ms "
          f"(a bare `python -c pass`: {cold['python_ms']:.0f} ms, same run)")
    print(f"Tessera found the word added by each save in {figures['tessera']['found_after_update']} "
          f"of {min(UPDATES, items)} saved lessons")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20_000, help="lessons to generate (default 20,000)")
    parser.add_argument("--queries", type=int, default=100, help="queries of each class (default 100)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.root, args.queries_file)
        return 0
    if args.items < 30:
        parser.error("--items must be 30 or more (the misspelt-query figure needs 30 lessons)")
    print(machine_summary())
    with isolated_home("tessera-bench-scale-") as home:
        start = time.perf_counter()
        corpus = make_corpus(home / "workspace", args.items)
        queries = make_queries(corpus, args.queries)
        print(f"Generated {args.items:,} lessons in {time.perf_counter() - start:.1f} s")
        queries_file = home / "queries.json"
        queries_file.write_text(json.dumps(queries.__dict__), encoding="utf-8")
        figures: dict[str, dict[str, Any]] = {}
        cold: dict[str, float] = {}
        for engine in ("tessera", "tantivy", "fts5"):
            done = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", "--child", engine,
                                   "--root", str(corpus.root), "--queries-file", str(queries_file)],
                                  cwd=ROOT, capture_output=True, text=True, check=False)
            if done.returncode:
                print(f"{engine} failed:\n{done.stderr}", file=sys.stderr)
                return 1
            figures[engine] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"  {engine} done")
            if engine == "tessera":   # before the other engines' saves change files behind the index
                cold = cold_search(corpus.root, queries)
        shutil.rmtree(corpus.root, ignore_errors=True)
    report(args.items, figures, cold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
