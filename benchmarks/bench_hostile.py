"""Hostile lessons against check, render and export: how long each takes, next to a normal lesson.

Every case comes from the trust review (issue 17): a 1 MB line of links, a 5 MB line of brackets,
quadratic Markdown within the size limits, a YAML "billion laughs" in the front matter and broken
metadata values. Each runs once per step (they are slow by nature; repeating adds nothing), in this
process, core functions only — the CLI adds about 0.5 s of start-up. The long generated lesson is the
reference measured in the same run. A case that used to hang now ends within its budget with an
error (``refused``) or a package.

Run: ``.venv/bin/python -m benchmarks.bench_hostile``
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.make_workspace import long_lesson_path, make_workspace
from benchmarks.measure import isolated_home, machine_summary
from editor.checks import check_text
from editor.diagnostics import has_errors
from editor.render import render_lesson
from publishing.packages import PreflightFailed, build_package

LAUGHS = ("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
          + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9))
          + "skills: *a8\n")


def hostile_cases() -> dict[str, tuple[str, str]]:
    """name → (extra front matter lines, body)."""
    return {
        "1 MB line of links": ("", "[a](http://x.org/a) " * 50_000),
        "5 MB line of brackets": ("", "[" * 5_000_000),
        "quadratic paragraph (285 kB)": ("", "\n".join(["[" * 19_000] * 15)),
        "270 kB of link paragraphs": ("", "\n\n".join(["[a](http://x.org/a) " * 900] * 15)),
        "billion laughs in skills": (LAUGHS, "Hi"),
        "broken values": ("review_by: 2027-02-30\nestimated_minutes: .inf\ntags: [[1], {a: b}]\n", "Hi"),
    }


def timed(job: Callable[[], str]) -> str:
    start = time.perf_counter()
    outcome = job()
    return f"{time.perf_counter() - start:7.2f} s  {outcome}"


def export(folder: Path, fmt: str) -> str:
    try:
        build_package([folder], fmt, folder.parent / f"{folder.name}-{fmt}.zip")
    except PreflightFailed as failed:
        codes = sorted({finding.diagnostic.code for finding in failed.findings if finding.is_error})
        return "refused: " + ", ".join(codes)
    return "built"


def run() -> None:
    print(machine_summary())
    with isolated_home("tessera-bench-hostile-") as home:
        workspace = make_workspace(home / "workspace", lessons=1, links=0)
        lessons = {"reference: long generated lesson": long_lesson_path(workspace).parent}
        for number, (name, (front, body)) in enumerate(hostile_cases().items()):
            folder = workspace.root / "lessons" / f"hostile-{number}"
            folder.mkdir(parents=True)
            text = f"---\nid: h{number}\ntitle: Hostile {number}\n{front}---\n{body}\n"
            (folder / "lesson.md").write_text(text, encoding="utf-8")
            lessons[name] = folder
        for name, folder in lessons.items():
            measure(name, folder)


def measure(name: str, folder: Path) -> None:
    text = (folder / "lesson.md").read_text(encoding="utf-8")
    print(f"{name} ({len(text):,} characters)")
    print(f"  check           {timed(lambda: 'errors' if has_errors(check_text(text, folder)) else 'ok')}")
    print(f"  render          {timed(lambda: f'{len(render_lesson(text).html):,} characters')}")
    for fmt in ("scorm12", "html"):
        print(f"  export {fmt:<8} {timed(partial(export, folder, fmt))}")

if __name__ == "__main__":
    run()
