"""``check``: metadata, media and workspace-wide problems, each with its line and code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from editor.checks import check_path, check_source, check_text
from editor.diagnostics import Diagnostic, Severity
from editor.workspace import Workspace

TODAY = dt.date(2026, 1, 15)

CLEAN = """---
id: 3f9a1c2b7d4e
title: Giving feedback that lands
summary: A three-step way to give feedback.
language: pt-BR
status: in_review
review_by: 2099-06-01
estimated_minutes: 6
---
## Why

![A feedback loop diagram](media/loop.png "The loop")

::: video src="media/intro.mp4" captions="media/intro.vtt" poster="media/intro.jpg" title="Intro"
Caption.
:::

::: audio src="media/tip.m4a"
Transcript.
:::

::: quiz single
? Which comes first?
- [x] The situation
- [ ] The judgement
:::

::: flashcards
? SBI
: Situation, behaviour, impact
:::

::: apply
action: Give one piece of SBI feedback this week.
reflect: What did the person do next?
:::
"""


def lesson_text(meta: str, body: str = "Body.\n") -> str:
    return f"---\n{meta}---\n{body}"


def codes(found: list[Diagnostic]) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in found]


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lesson"
    (folder / "media").mkdir(parents=True)
    for name in ("loop.png", "intro.mp4", "intro.vtt", "intro.jpg", "tip.m4a"):
        (folder / "media" / name).write_bytes(b"stand-in media")
    (folder / "lesson.md").write_text(CLEAN, encoding="utf-8")
    return folder


def test_clean_lesson_has_no_diagnostics(lesson_dir: Path) -> None:
    assert check_text(CLEAN, lesson_dir, today=TODAY) == []
    assert check_source(lesson_dir / "lesson.md") == []
    assert check_path(lesson_dir) == {lesson_dir / "lesson.md": []}
    assert check_path(lesson_dir / "lesson.md") == {lesson_dir / "lesson.md": []}


def test_empty_title_and_missing_id() -> None:
    found = check_text(lesson_text("title: '  '\n"), None, today=TODAY)
    assert sorted(codes(found)) == [(2, "id-missing"), (2, "title-empty")]
    assert all(d.severity is Severity.ERROR for d in found)


def test_missing_image_and_image_without_alt(lesson_dir: Path) -> None:
    body = "Intro\n\n![](media/loop.png)\n\n![A chart](media/nope.png)\n"
    found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
    assert codes(found) == [(7, "image-no-alt"), (9, "media-missing")]
    assert found[0].severity is Severity.WARNING and found[1].severity is Severity.ERROR


def test_problems_on_consecutive_lines_of_one_paragraph_keep_their_own_lines(lesson_dir: Path) -> None:
    # Lines 5 and 6 form one paragraph; each image is reported on the line it is on.
    body = "Intro\n\n![](media/loop.png)\n![A chart](media/nope.png) and text\nmore ![](media/x.png)\n"
    found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
    assert codes(found) == [(7, "image-no-alt"), (8, "media-missing"), (9, "media-missing"),
                            (9, "image-no-alt")]


def test_an_image_split_by_enter_is_reported_as_broken(lesson_dir: Path) -> None:
    whole = "![A wide photo of the loading bay](media/loop.png)"
    for cut in (len("![A wide photo"), len("![A wide photo of the loading bay](media/lo")):
        body = f"Intro\n\n{whole[:cut]}\n{whole[cut:]}\n\nLast line.\n"
        found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
        if cut == len("![A wide photo"):
            assert found == []          # alt text may wrap onto a second line: still a picture
        else:
            assert codes(found) == [(7, "image-broken")]
            assert found[0].severity is Severity.ERROR
    literal = "Type \\![alt](file) to add a picture.\n"
    assert check_text(lesson_text("id: a\ntitle: T\n", literal), lesson_dir, today=TODAY) == []


def test_images_inside_containers_are_checked_too(lesson_dir: Path) -> None:
    body = "::: callout tip\n![](media/nope.png)\n:::\n::: takeaways\n- ![x](../../secret.png)\n:::\n"
    found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
    assert sorted(codes(found)) == [(6, "image-no-alt"), (6, "media-missing"), (9, "media-outside")]


def test_video_without_captions_and_missing_media(lesson_dir: Path) -> None:
    body = ('::: video src="media/intro.mp4"\n:::\n::: video src="media/gone.mp4" captions="media/gone.vtt" '
            'poster="media/gone.jpg"\n:::\n::: audio\n:::\n')
    found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
    assert sorted(codes(found)) == [(5, "video-no-captions"), (7, "media-missing"), (7, "media-missing"),
                                    (7, "media-missing"), (9, "media-no-src")]


@pytest.mark.parametrize("src", ["../../secret.png", "media/../../secret.png", "/etc/passwd",
                                 "%2e%2e/%2e%2e/secret.png"])
def test_media_outside_the_lesson_folder(lesson_dir: Path, src: str) -> None:
    (lesson_dir.parent.parent / "secret.png").write_bytes(b"private")
    body = f"![secret]({src})\n\n::: video src=\"{src}\" captions=\"media/intro.vtt\"\n:::\n"
    found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
    assert codes(found) == [(5, "media-outside"), (7, "media-outside")]


def test_remote_media_is_not_looked_up(lesson_dir: Path) -> None:
    body = '![Logo](https://cdn.example/logo.png)\n\n::: video src="https://cdn.example/v.mp4"\n:::\n'
    found = check_text(lesson_text("id: a\ntitle: T\n", body), lesson_dir, today=TODAY)
    assert codes(found) == [(7, "video-no-captions")]


def test_unknown_status_and_bad_language() -> None:
    found = check_text(lesson_text("id: a\ntitle: T\nstatus: finished\nlanguage: English!\n"), None,
                       today=TODAY)
    assert sorted(codes(found)) == [(2, "language-code"), (2, "status-unknown")]
    assert all(d.severity is Severity.WARNING for d in found)


@pytest.mark.parametrize("language", ["en", "de", "pt-BR", "zh-Hant-TW", "fil"])
def test_good_language_codes(language: str) -> None:
    assert check_text(lesson_text(f"id: a\ntitle: T\nlanguage: {language}\n"), None, today=TODAY) == []


def test_review_date_in_the_past_warns_and_future_does_not() -> None:
    past = check_text(lesson_text("id: a\ntitle: T\nreview_by: 2026-01-14\n"), None, today=TODAY)
    assert codes(past) == [(2, "review-overdue")]
    assert check_text(lesson_text("id: a\ntitle: T\nreview_by: 2026-01-15\n"), None, today=TODAY) == []
    not_a_date = check_text(lesson_text("id: a\ntitle: T\nreview_by: next spring\n"), None, today=TODAY)
    assert codes(not_a_date) == [(4, "review-date")]


def test_bad_estimated_minutes() -> None:
    found = check_text(lesson_text("id: a\ntitle: T\nestimated_minutes: -3\n"), None, today=TODAY)
    assert codes(found) == [(2, "minutes")]


def test_parse_problems_are_included_and_sorted_by_line() -> None:
    body = "::: quiz single\n? Q\n- [ ] a\n- [ ] b\n:::\n::: apply\n:::\n"
    found = check_text(lesson_text("title: T\n", body), None, today=TODAY)
    assert codes(found) == [(2, "id-missing"), (4, "quiz-no-correct-answer"), (9, "apply-no-action"),
                            (9, "apply-no-reflection")]


def test_unreadable_front_matter_skips_metadata_checks() -> None:
    found = check_text("---\ntitle: [broken\n---\nBody\n", None, today=TODAY)
    assert [d.code for d in found] == ["front-matter-yaml"]


@pytest.mark.parametrize("url", ["", "ftp://files.example/a", "www.example.com", "javascript:alert(1)"])
def test_curated_link_needs_an_http_url(url: str) -> None:
    text = lesson_text(f"id: l1\nkind: link\ntitle: A link\nurl: '{url}'\n", "Notes.\n")
    assert codes(check_text(text, None, kind="link", today=TODAY)) == [(2, "link-url")]


def test_curated_link_with_https_url_is_clean() -> None:
    text = lesson_text("id: l1\nkind: link\ntitle: A link\nurl: https://example.com/x\n", "Notes.\n")
    assert check_text(text, None, kind="link", today=TODAY) == []


def test_duplicate_ids_across_a_workspace(workspace: Workspace) -> None:
    first = workspace.new_lesson("First")
    second = workspace.new_lesson("Second")
    first_text = (first / "lesson.md").read_text(encoding="utf-8")
    lesson_id = next(line.split(": ")[1] for line in first_text.splitlines() if line.startswith("id: "))
    second_text = (second / "lesson.md").read_text(encoding="utf-8")
    second_id = next(line for line in second_text.splitlines() if line.startswith("id: "))
    (second / "lesson.md").write_text(second_text.replace(second_id, f"id: {lesson_id}"), encoding="utf-8")
    link = workspace.new_link("https://example.com", "Elsewhere")
    results = check_path(workspace.root)
    assert set(results) == {first / "lesson.md", second / "lesson.md", link}
    duplicates = [(source, d) for source, found in results.items() for d in found if d.code == "duplicate-id"]
    assert len(duplicates) == 1
    source, diagnostic = duplicates[0]
    assert source == second / "lesson.md"
    assert diagnostic.severity is Severity.ERROR
    assert str(first / "lesson.md") in diagnostic.message
    # A fresh lesson still holds its template's example text; nothing else is wrong with it.
    assert {d.code for d in results[first / "lesson.md"]} == {"placeholder-text"} and results[link] == []


def test_unreadable_file_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "lesson.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    found = check_path(folder)[folder / "lesson.md"]
    assert codes(found) == [(0, "unreadable")]
    assert "UTF-8" in found[0].message
