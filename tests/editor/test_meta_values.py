"""Unusable front matter values: reported on their own line and kept as written; nothing else breaks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from editor import frontmatter
from editor.checks import check_path
from editor.diagnostics import Severity
from editor.lesson_parse import parse_lesson
from editor.render import render_lesson
from editor.workspace import LESSON_FILE, Workspace
from publishing.packages import build_package

HUGE = "9" * 5000


def fm(lines: str) -> str:
    return f"---\ntitle: T\nid: a\n{lines}---\nBody text.\n"


@pytest.mark.parametrize(("lines", "key", "kept", "code"), [
    ("review_by: 2027-02-30\n", "review_by", "2027-02-30", "review-date"),
    (f"estimated_minutes: {HUGE}\n", "estimated_minutes", HUGE, "minutes"),
    ("estimated_minutes: .inf\n", "estimated_minutes", ".inf", "minutes"),
    ("estimated_minutes: .nan\n", "estimated_minutes", ".nan", "minutes"),
    ("estimated_minutes: 1e999\n", "estimated_minutes", "1e999", "minutes"),
    ("estimated_minutes: [3]\n", "estimated_minutes", "[3]", "minutes"),
    ("estimated_minutes: 1e300\n", "estimated_minutes", "1e300", "minutes"),
    (f"duration_minutes: {'9' * 25}\n", "duration_minutes", "9" * 25, "minutes"),
    ("title: [a, b]\n", "title", "[a, b]", "front-matter-type"),
    ("skills: {a: [1, {b: 2}]}\n", "skills", "{a: [1, {b: 2}]}", "front-matter-type"),
    ("tags: [[1, 2], x]\n", "tags", "[[1, 2], x]", "front-matter-type"),
    ("review_by: [2027-01-01]\n", "review_by", "[2027-01-01]", "review-date"),
])
def test_unusable_value_is_kept_as_text_and_reported_on_its_line(lines: str, key: str, kept: str,
                                                                  code: str) -> None:
    found = frontmatter.parse(fm(lines))
    assert found.diagnostics == []                     # the rest of the metadata stays usable
    assert found.meta[key] == kept
    assert found.meta["id"] == "a"
    assert [(d.line, d.code, d.severity) for d in found.value_problems] == [(4, code, Severity.WARNING)]


def test_unusable_values_nested_in_unknown_keys_are_text_without_warnings() -> None:
    found = frontmatter.parse(fm(f"extra: [2027-02-30, {HUGE}, .inf, 2027-03-01]\n"))
    assert found.meta["extra"] == ["2027-02-30", HUGE, ".inf", dt.date(2027, 3, 1)]
    assert found.value_problems == [] and found.diagnostics == []


def test_good_values_keep_their_types() -> None:
    found = frontmatter.parse(fm("review_by: 2027-02-28\nestimated_minutes: 7.5\nskills: [Excel, 3]\n"
                                 "mastery_score: 80\n"))
    assert found.meta["review_by"] == dt.date(2027, 2, 28)
    assert found.meta["estimated_minutes"] == 7.5
    assert found.meta["skills"] == ["Excel", 3]
    assert found.meta["mastery_score"] == 80
    assert found.value_problems == []


def test_a_value_kept_as_text_survives_a_metadata_edit() -> None:
    text = fm("review_by: 2027-02-30\n")
    meta = dict(frontmatter.parse(text).meta, title="New")
    again = frontmatter.parse(frontmatter.replace(text, meta))
    assert again.meta["review_by"] == "2027-02-30" and again.meta["title"] == "New"


def test_python_tags_are_still_refused_as_a_whole() -> None:
    found = frontmatter.parse(fm("x: !!python/object/apply:os.system ['true']\n"))
    assert [d.code for d in found.diagnostics] == ["front-matter-yaml"]
    assert found.meta == {}


BAD_LESSONS = {
    "bad-date": "review_by: 2027-02-30\n",
    "huge-int": f"estimated_minutes: {HUGE}\n",
    "infinite": "estimated_minutes: .inf\nduration_minutes: .nan\nmastery_score: .inf\n",
    "wrong-types": "skills: {a: [1, {b: 2}]}\ntags: [[1, 2], {x: y}]\nsummary: [a, {b: c}]\n"
                   "language: {x: 1}\nstatus: [draft]\nowner: [1]\nmastery_score: [1]\n",
}


@pytest.fixture
def bad_workspace(workspace: Workspace) -> Workspace:
    good = workspace.new_lesson("Good lesson") / LESSON_FILE     # real text: no template example left
    good.write_text("---\nid: good-lesson\ntitle: Good lesson\n---\nSome text.\n", encoding="utf-8")
    for name, lines in BAD_LESSONS.items():
        source = workspace.new_lesson(name) / LESSON_FILE
        source.write_text(f"---\nid: {name}\ntitle: {name}\n{lines}---\nSome text.\n", encoding="utf-8")
    return workspace


def test_one_bad_lesson_does_not_break_the_workspace(bad_workspace: Workspace, tmp_path: Path) -> None:
    items = {item.path.name: item for item in bad_workspace.items()}
    assert set(items) == {"good-lesson", *BAD_LESSONS}
    results = check_path(bad_workspace.root)            # includes the duplicate-id check
    for name in BAD_LESSONS:
        problems = results[items[name].source]
        assert problems and all(d.severity is Severity.WARNING and d.line > 1 for d in problems), problems
    assert results[items["good-lesson"].source] == []
    for name, item in items.items():
        text = item.source.read_text(encoding="utf-8")
        assert "<article" in render_lesson(text).html
        for fmt in ("scorm12", "html", "cmi5"):
            result = build_package([item.path], fmt, tmp_path / f"{name}-{fmt}.zip")
            assert result.path.stat().st_size > 0


def test_bad_lesson_values_reach_everyone_as_plain_text(bad_workspace: Workspace) -> None:
    item = next(item for item in bad_workspace.items() if item.path.name == "wrong-types")
    parsed = parse_lesson(item.source.read_text(encoding="utf-8"))
    assert parsed.meta["status"] == "[draft]" and parsed.meta["skills"] == "{a: [1, {b: 2}]}"
    assert item.skills == ["{a: [1", "{b: 2}]}"]        # the comma-separated reading of the text


@pytest.mark.parametrize(("line", "key", "kept"), [
    ("status: !!timestamp soon\n", "status", "soon"),
    ("extra: !!int 3.5\n", "extra", "3.5"),
    ("extra: !!float abc\n", "extra", "abc"),
])
def test_explicit_tags_that_cannot_be_honoured_keep_the_text(line: str, key: str, kept: str) -> None:
    found = frontmatter.parse(fm(line))
    assert found.diagnostics == [] and found.meta[key] == kept
