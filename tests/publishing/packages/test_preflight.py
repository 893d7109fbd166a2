"""Preflight: errors stop a build (and say where and what to do), warnings inform and let it through;
the editor's checks run unchanged and packaging adds only what it alone can know."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.checks import check_path
from editor.diagnostics import Severity
from publishing.packages import FORMATS, PackageError, PreflightFailed, build_package, check_for_format
from publishing.packages.course import load_course
from publishing.preflight import LARGE_FILE_BYTES, MAX_FILE_BYTES, Finding, preflight
from tests.publishing.packages.conftest import LessonFactory, lesson_text, png_bytes

QUIZ_WITHOUT_ANSWER = "::: quiz single\n? Which?\n- [ ] One\n- [ ] Two\n:::\n"
QUIZ = "::: quiz single\n? Which?\n- [x] One\n- [ ] Two\n:::\n"


def findings_for(lesson: Path, fmt: str = "scorm12") -> list[Finding]:
    package_format = FORMATS[fmt]
    return preflight(load_course([lesson]), package_format.rules, package_format.title)


def codes(findings: list[Finding], severity: Severity) -> set[str]:
    return {f.diagnostic.code for f in findings if f.diagnostic.severity is severity}


BLOCKING = {
    "media-missing": "![A chart](media/missing.png)\n",
    "link-broken": "See [the handout](media/handout.pdf).\n",
    "link-outside": "See [the other lesson](../other/lesson.md).\n",
    "quiz-no-correct-answer": QUIZ_WITHOUT_ANSWER,
}


@pytest.mark.parametrize("code", BLOCKING)
def test_errors_block_the_build_and_write_nothing(tmp_path: Path, make_lesson: LessonFactory,
                                                  code: str) -> None:
    lesson = make_lesson("l", lesson_text("L", BLOCKING[code]))
    with pytest.raises(PreflightFailed) as failure:
        build_package([lesson], "scorm12", tmp_path / "p.zip")
    errors = [f for f in failure.value.findings if f.is_error]
    assert code in {f.diagnostic.code for f in errors}
    assert all(f.source == lesson / "lesson.md" and f.diagnostic.line > 0 for f in errors)
    assert not (tmp_path / "p.zip").exists()


def test_media_written_as_raw_html_is_checked_once(make_lesson: LessonFactory) -> None:
    body = '<img src="media/gone.png" alt="x">\n\n![Gone](media/gone2.png)\n'
    lesson = make_lesson("l", lesson_text("L", body))
    missing = [f for f in findings_for(lesson) if f.diagnostic.code == "media-missing"]
    # One finding per file: the editor reports the Markdown image, preflight the raw HTML one.
    assert sorted("gone2.png" in f.diagnostic.message for f in missing) == [False, True]


def test_warnings_inform_but_do_not_block(tmp_path: Path, make_lesson: LessonFactory) -> None:
    body = ("![](media/pic.png)\n\n"                                      # no alt text (editor)
            '::: video src="media/clip.mov"\n:::\n\n'                     # no captions (editor), .mov
            "![Logo](http://example.com/logo.png)\n\n"                   # needs the internet, http
            "Jump to [the end](#nowhere).\n")
    files = {"media/pic.png": png_bytes(), "media/clip.mov": b"\0" * 64}
    lesson = make_lesson("l", lesson_text("L", body), files)
    result = build_package([lesson], "scorm12", tmp_path / "p.zip")
    assert {f.diagnostic.code for f in result.warnings} == {
        "image-no-alt", "video-no-captions", "media-format", "media-remote", "link-anchor"}
    remote = next(f for f in result.warnings if f.diagnostic.code == "media-remote")
    assert "http://" in remote.diagnostic.message and remote.diagnostic.line > 0


def test_file_size_limits(make_lesson: LessonFactory) -> None:
    body = '::: video src="media/big.mp4" captions="media/big.vtt"\n:::\n\n[Slides](media/huge.pdf)\n'
    lesson = make_lesson("l", lesson_text("L", body), {"media/big.vtt": b"WEBVTT\n"})
    with (lesson / "media" / "big.mp4").open("wb") as handle:       # sparse files: no real disk use
        handle.truncate(LARGE_FILE_BYTES + 1)
    with (lesson / "media" / "huge.pdf").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    found = findings_for(lesson)
    assert "media-large" in codes(found, Severity.WARNING)
    assert "media-too-large" in codes(found, Severity.ERROR)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_what_each_format_cannot_record_is_a_warning(make_lesson: LessonFactory, fmt: str) -> None:
    answers = "".join(f"- [{'x' if n == 0 else ' '}] Answer {n}\n" for n in range(40))
    lesson = make_lesson("l", lesson_text("L", f"::: quiz single\n? Many?\n{answers}:::\n",
                                          extra="mastery_score: most\n"))
    found = codes(findings_for(lesson, fmt), Severity.WARNING)
    assert ("quiz-not-recorded" in found) == (fmt in ("html", "imscc"))
    assert ("quiz-too-many-answers" in found) == (fmt == "scorm12")
    assert ("mastery-score" in found) == (fmt not in ("html", "imscc"))
    assert codes(findings_for(lesson, fmt), Severity.ERROR) == set()


def test_course_level_findings(make_lesson: LessonFactory, tmp_path: Path) -> None:
    one = make_lesson("one", lesson_text("One", lesson_id="same"))
    two = make_lesson("two", lesson_text("Two", lesson_id="same"))
    with pytest.raises(PreflightFailed) as failure:
        build_package([one, two], "cmi5", tmp_path / "p.zip", title="Course")
    duplicate = [f for f in failure.value.findings if f.diagnostic.code == "duplicate-id"]
    assert len(duplicate) == 1 and duplicate[0].source is None and "package: error" in str(duplicate[0])

    (two / "lesson.md").write_text(lesson_text("Two"), encoding="utf-8")
    untitled = build_package([one, two], "cmi5", tmp_path / "p.zip")
    assert [f.diagnostic.code for f in untitled.warnings] == ["course-title"]
    assert "'One'" in untitled.warnings[0].diagnostic.message     # not in a workspace: the first title


def test_a_package_of_links_only_warns_that_nothing_is_tracked(tmp_path: Path) -> None:
    link = tmp_path / "guide.md"
    link.write_text("---\nid: l1\nkind: link\ntitle: Guide\nurl: https://example.com/guide\n---\nNotes.\n",
                    encoding="utf-8")
    result = build_package([link], "scorm2004", tmp_path / "p.zip")
    assert [f.diagnostic.code for f in result.warnings] == ["no-lesson"]
    link.write_text("---\nid: l1\nkind: link\ntitle: Guide\nurl: ftp://example.com\n---\n", encoding="utf-8")
    with pytest.raises(PreflightFailed, match="must be fixed"):
        build_package([link], "imscc", tmp_path / "p.imscc")


def test_check_for_format_adds_format_findings_to_the_editor_checks(make_lesson: LessonFactory) -> None:
    lesson = make_lesson("l", lesson_text("L", QUIZ + "\n[Handout](media/gone.pdf)\n"))
    base = check_path(lesson)
    for fmt in ("scorm12", "html"):
        results = check_for_format(lesson, fmt)
        assert results.keys() == base.keys()
        found = {d.code for d in results[lesson / "lesson.md"]}
        assert {d.code for d in base[lesson / "lesson.md"]} <= found
        assert "link-broken" in found
        assert ("quiz-not-recorded" in found) == (fmt == "html")
    with pytest.raises(PackageError, match="use one of"):
        check_for_format(lesson, "scorm3000")


def test_check_for_format_covers_a_whole_workspace(workspace) -> None:  # type: ignore[no-untyped-def]
    first = workspace.new_lesson("First lesson")
    workspace.new_link("https://example.com", "A link")
    results = check_for_format(workspace.root, "html")
    assert set(results) == {item.source for item in workspace.items()}
    assert (first / "lesson.md") in results
