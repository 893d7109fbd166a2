"""``tessera check PATH --for FORMAT --run``: play the package in the headless LMS test bench.

The engine is ``publishing.testbench`` (Qt-free); this module only prints its live log and
verdict. Exit codes: 0 no rule broken, 1 violations (listed), 2 the bench cannot run here
(a format it does not play, Playwright or Chromium missing).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from app.cli.common import OK, PROBLEMS, USAGE, fail
from publishing.testbench import Record
from publishing.testbench.engine import BENCH_FORMATS, BenchUnavailable, run_test_bench


def run_bench(path: Path, fmt: str, *, as_json: bool) -> int:
    """Plays the lesson or item at ``path`` as ``fmt``; prints the log (or JSON) and the verdict."""
    if fmt not in BENCH_FORMATS:
        return fail("check", f"--run plays {', '.join(BENCH_FORMATS)} packages, not {fmt}.", USAGE)

    def show(record: Record) -> None:
        if not as_json:
            print(f"  {record}", flush=True)

    if not as_json:
        print(f"Playing {path} as {fmt} in the test bench (scripted learner: answers, reloads, exits)…")
    try:
        report = run_test_bench([path], fmt, on_record=show)
    except BenchUnavailable as exc:
        return fail("check", f"the test bench cannot run here: {exc}", USAGE)
    if as_json:
        violations = [{"rule": v.rule.value, "message": v.message} for v in report.violations]
        records = [{"type": type(r).__name__, **asdict(r)} for r in report.records]
        print(json.dumps({"format": report.format, "passed": report.passed, "violations": violations,
                          "records": records}, indent=2, ensure_ascii=False))
    else:
        for violation in report.violations:
            print(f"violation {violation}", file=sys.stderr)
        print("Test bench: " + ("no rule broken." if report.passed else
                                f"{len(report.violations)} violation(s)."))
    return OK if report.passed else PROBLEMS
