"""Hostile sizes: alias bombs, huge lessons, huge lines and slow Markdown end in a clear error, not a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor import checks, frontmatter, render
from editor.lesson_parse import MAX_LESSON_CHARS, MAX_LINE_CHARS, parse_lesson
from editor.markdown_budget import markdown_budget
from editor.render import markdown_parser, render_lesson
from editor.workspace import LESSON_FILE, Workspace
from publishing.packages import PreflightFailed, build_package


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    lines.append(f"skills: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_alias_expansion_beyond_the_limit_is_refused() -> None:
    found = frontmatter.parse(f"---\ntitle: T\n{billion_laughs()}---\nBody\n")
    assert [d.code for d in found.diagnostics] == ["front-matter-aliases"]
    assert found.meta == {}
    assert "aliases" in found.diagnostics[0].message


def test_a_few_aliases_are_fine() -> None:
    found = frontmatter.parse("---\ntitle: T\nskills: &s [Excel, Data]\ntags: *s\n---\nBody\n")
    assert found.diagnostics == [] and found.meta["tags"] == ["Excel", "Data"]


def test_deep_nesting_is_refused() -> None:
    nested = "x:\n" + "".join("  " * depth + "- \n" for depth in range(1, 60)) + "  " * 60 + "- deep\n"
    found = frontmatter.parse(f"---\ntitle: T\n{nested}---\nBody\n")
    assert [d.code for d in found.diagnostics] == ["front-matter-nesting"]


def test_a_lesson_over_the_size_limit_shows_nothing_and_says_why() -> None:
    parsed = parse_lesson("---\ntitle: Big\nid: b\n---\n" + "[a](http://x.org/a) " * (MAX_LESSON_CHARS // 20))
    assert parsed.title == "Big"
    assert parsed.blocks == []
    assert [(d.line, d.code) for d in parsed.diagnostics] == [(5, "lesson-too-large")]


def test_an_over_long_line_is_left_out_and_the_rest_is_kept() -> None:
    text = "---\ntitle: T\nid: a\n---\nFirst paragraph.\n\n" + "[" * (MAX_LINE_CHARS + 1) + "\n\nLast one.\n"
    parsed = parse_lesson(text)
    assert [(d.line, d.code) for d in parsed.diagnostics] == [(7, "line-too-long")]
    html = render_lesson(text).html
    assert "First paragraph." in html and "Last one." in html and "[[[" not in html


def test_markdown_over_its_budget_is_shown_verbatim_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.0)     # every parse is over budget at once
    text = "---\ntitle: T\nid: a\n---\nSome *emphasis* and <b>bold</b>\n"
    rendered = render_lesson(text)
    assert "<pre><code>" in rendered.html and "*emphasis*" in rendered.html
    assert "<em>" not in rendered.html and "<b>" not in rendered.html      # escaped, never active
    assert [(d.line, d.code) for d in rendered.parsed.diagnostics] == [(5, "markdown-too-slow")]


def test_inline_markdown_over_its_budget_is_plain_text() -> None:
    with markdown_budget(0.0) as budget:
        tokens = markdown_parser().parseInline("a *b* [c](http://x)")
    assert budget.overran
    assert [child.type for child in tokens[0].children or []] == ["text"]


def test_markdown_within_its_budget_is_formatted() -> None:
    with markdown_budget(60.0) as budget:
        html = markdown_parser().render("Some *emphasis*")
    assert not budget.overran and "<em>emphasis</em>" in html


def test_check_over_its_budget_reports_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(checks, "CHECK_SECONDS", 0.0)
    found = checks.check_text("---\ntitle: T\nid: a\n---\n![x](media/x.png)\n", tmp_path)
    assert "markdown-too-slow" in [d.code for d in found]


def test_export_of_quadratic_markdown_stops_with_an_error(workspace: Workspace, tmp_path: Path) -> None:
    # 15 lines of 19,000 '[' in one paragraph: within the size limits, but markdown-it needs minutes.
    folder = workspace.new_lesson("Brackets")
    body = "\n".join(["[" * 19_000] * 15)
    (folder / LESSON_FILE).write_text(f"---\ntitle: Brackets\nid: b\n---\n{body}\n", encoding="utf-8")
    with pytest.raises(PreflightFailed) as failed:
        build_package([folder], "scorm12", tmp_path / "out.zip")
    assert "markdown-too-slow" in [finding.diagnostic.code for finding in failed.value.findings]
    assert not (tmp_path / "out.zip").exists()
