"""Every format builds from every demo lesson, from the whole demo course and from hostile content,
and each package passes its format's checks (official XSD for SCORM 1.2, SCORM 2004 and cmi5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from publishing.packages import FORMATS, build_package
from publishing.packages.course import load_course
from tests.publishing.packages.conftest import DEMO_LESSONS, DEMO_LINK, read_zip
from tests.publishing.packages.package_checks import CONTROL_FILES, check_package, named
from tests.publishing.test_player_page import EVENT_ATTRIBUTE, parse


def output(tmp_path: Path, fmt: str, name: str = "package") -> Path:
    return tmp_path / f"{name}{FORMATS[fmt].suffix}"


def test_all_six_formats_are_registered() -> None:
    assert set(FORMATS) == {"scorm12", "scorm2004", "cmi5", "xapi", "html", "imscc"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("lesson", DEMO_LESSONS, ids=[path.name for path in DEMO_LESSONS])
def test_every_demo_lesson_builds_a_valid_package(tmp_path: Path, fmt: str, lesson: Path) -> None:
    result = build_package([lesson], fmt, output(tmp_path, fmt))
    files = read_zip(result.path)
    check_package(fmt, files)
    assert "index.html" in files                 # one lesson sits at the package root
    # Tracked formats take the demo lessons as they are; the others say what they cannot record.
    codes = {finding.diagnostic.code for finding in result.warnings}
    assert codes == (set() if fmt not in ("html", "imscc") else {"quiz-not-recorded"})


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_demo_course_builds_with_every_lesson_and_a_link(tmp_path: Path, fmt: str) -> None:
    result = build_package([*DEMO_LESSONS, DEMO_LINK], fmt, output(tmp_path, fmt), title="Demo course")
    files = read_zip(result.path)
    check_package(fmt, files)
    for lesson in DEMO_LESSONS:
        assert f"lessons/{lesson.name}/index.html" in files
        for media in (lesson / "media").iterdir():
            assert files[f"lessons/{lesson.name}/media/{media.name}"] == media.read_bytes()
    control = CONTROL_FILES.get(fmt)
    if control:
        root = etree.fromstring(files[control])
        titles = [t.text or "" for t in named(root, "title") + named(root, "name")]
        langstrings = [s.text or "" for s in named(root, "langstring")]
        assert "Demo course" in titles + langstrings


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_content_yields_valid_manifests_and_inert_pages(tmp_path: Path, fmt: str,
                                                                 hostile_lesson: Path) -> None:
    result = build_package([hostile_lesson], fmt, output(tmp_path, fmt))
    files = read_zip(result.path)
    check_package(fmt, files)
    page = files["index.html"].decode("utf-8")
    document = parse(page)
    for tag, attrs in document.tags:
        assert tag not in ("iframe", "object", "embed", "base", "form")
        for name, value in attrs.items():
            assert not EVENT_ATTRIBUTE.match(name), f"{name} on <{tag}>"
            assert not re.sub(r"\s", "", value).lower().startswith("javascript:")
    assert "alert(1)" not in "".join(document.texts["script"])
    assert files["media/pic one.png"].startswith(b"\x89PNG")
    codes = {finding.diagnostic.code for finding in result.warnings}
    assert {"language-code"} <= codes                   # reported, not fatal
    if fmt not in ("html", "imscc"):
        assert "mastery-score" in codes


def test_hostile_ids_become_valid_iris_and_xml_identifiers(hostile_lesson: Path) -> None:
    course = load_course([hostile_lesson])
    iri = course.units[0].iri
    assert iri.startswith("urn:tessera:lesson:") and re.fullmatch(r"[A-Za-z0-9:%._~-]+", iri)
