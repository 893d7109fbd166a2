"""Fuzzing front matter and Markdown: no exception escapes parse, check, render or export, none hangs.

Each example is a whole lesson.md: YAML built from random values (dates real and impossible, huge
integers, inf/NaN, nesting, anchors) or from raw hostile YAML text, and a body mixing Markdown,
blocks and long lines. Hypothesis' deadline fails any example that takes over 10 s.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.analysis import analyse
from editor.checks import check_text
from editor.diagnostics import Diagnostic
from editor.lesson_parse import MAX_LINE_CHARS, parse_lesson
from editor.render import render_lesson
from publishing.packages import PreflightFailed, build_package

FIELDS = ["title", "id", "status", "language", "summary", "skills", "tags", "review_by", "created",
          "estimated_minutes", "duration_minutes", "mastery_score", "url", "kind", "owner", "x-custom"]
RAW_VALUES = [
    "2027-02-30", "2027-13-01", "0000-00-00", "9" * 5000, "-" + "9" * 400, "0x" + "f" * 300, "1e999", ".inf",
    "-.inf", ".nan", "~", "yes", "0o777", "1_000", "190:20:30", "!!binary aGVsbG8=", "!!float abc",
    "!!int 3.5", "!!timestamp nope", "!!timestamp 2027-02-30", "!!float .inf", "? [a]\n: b",
    "!!python/object/apply:os.system ['true']", "'unterminated",
    '"\\u0000\\ud800"', "[[[[[[[[]]]]]]]]", "{a: {b: {c: [1, {d: 2}]}}}", "&x [1, 2]", "*nowhere",
    "[" * 200 + "]" * 200, "- a\n- b", ": :", "|\n  block text", ">-\n  folded", "@reserved", "`tick",
]
ALIAS_BOMB = ("a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
              + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9))
              + "skills: *a8\n")
BODY_PIECES = [
    "Plain text with *emphasis* and a [link](http://example.org).",
    "::: quiz single\n? Question\n- [x] yes\n  > right\n- [ ] no\n:::",
    "::: flashcards\nfront | back\n:::", "::: apply\nDo it.\n:::", "::: video src=\"media/x.mp4\"\n:::",
    "::: callout kind=warning\nCareful\n:::", ":::", "::: unknown-kind a=\"b\"\ntext\n:::",
    "```\n::: quiz\n```", "![](media/missing.png)", "<script>alert(1)</script>", "> " * 50 + "deep quote",
    "- " * 100 + "deep list", "| a | b |\n|---|---|\n| 1 | 2 |", "[" * 3000, "*a " * 2000,
    "[a](b) " * 1500, "x" * (MAX_LINE_CHARS + 10), "\u202e\u0000\ufeff", "---\ntitle: again\n---",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.text(max_size=30),
    st.integers(min_value=-(10 ** 50), max_value=10 ** 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner,
                                                                       max_size=3)),
                      max_leaves=12)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=8, unique=True)):
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(st.sampled_from(RAW_VALUES))}")
        else:
            dumped = yaml.safe_dump({key: draw(values)}, default_flow_style=draw(st.booleans()),
                                    allow_unicode=True, width=10 ** 6)
            lines.append(dumped.rstrip("\n"))
    if draw(st.integers(0, 9)) == 0:
        lines.append(ALIAS_BOMB.rstrip("\n"))
    if draw(st.integers(0, 9)) == 0:
        depth = draw(st.integers(20, 200))
        lines.append("deep: " + "[" * depth + "]" * depth)
    return "\n".join(lines) + "\n"


@st.composite
def lessons(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(BODY_PIECES), st.text(max_size=200)), max_size=8))
    if draw(st.integers(0, 29)) == 0:
        # Within the size limits but quadratic for markdown-it (the budgets are tested on their own).
        pieces.append("\n".join(["[" * 15_000] * 2))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n"]))
    return f"---\n{draw(front_matter())}---\n" + separator.join(pieces) + "\n"


FUZZ = settings(max_examples=40, deadline=dt.timedelta(seconds=10), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def lines_are_in_the_file(text: str, diagnostics: list[Diagnostic]) -> bool:
    last = text.count("\n") + 1
    return all(0 <= d.line <= last for d in diagnostics)


@FUZZ
@given(lessons())
def test_parse_check_render_and_analyse_never_raise(text: str) -> None:
    parsed = parse_lesson(text)
    assert lines_are_in_the_file(text, parsed.diagnostics)
    assert lines_are_in_the_file(text, check_text(text, None))
    assert render_lesson(text).html.startswith("<article")


@FUZZ
@given(text=lessons())
def test_analysis_with_media_checks_never_raises(tmp_path: Path, text: str) -> None:
    analysis = analyse(text, tmp_path, "lesson")
    assert analysis.minutes >= 1
    assert lines_are_in_the_file(text, analysis.diagnostics)


@settings(FUZZ, max_examples=10)
@given(text=lessons())
def test_export_builds_or_refuses_with_findings(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("lesson")
    (folder / "lesson.md").write_text(text, encoding="utf-8", newline="")
    try:
        result = build_package([folder], "scorm12", folder / "out.zip")
    except PreflightFailed as refused:
        assert any(finding.is_error for finding in refused.findings)
    else:
        assert result.path.stat().st_size > 0
