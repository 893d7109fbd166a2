"""Courses: several lessons and curated links in order, each in its own folder, and what every
format makes of a curated link; plus the inputs an export refuses, with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from publishing.packages import PackageError, build_package
from publishing.packages.course import load_course
from publishing.player import adapter_script
from tests.publishing.packages.conftest import DEMO_LINK, LessonFactory, lesson_text, read_zip
from tests.publishing.packages.package_checks import named
from tests.publishing.test_player_page import config_of, parse

QUIZ = "::: quiz single\n? Which?\n- [x] One\n- [ ] Two\n:::\n"
NOTES = "Waiting for the agile coaches to confirm before we publish."


@pytest.fixture
def course_inputs(make_lesson: LessonFactory) -> list[Path]:
    quizzed = make_lesson("quizzed", lesson_text("Quizzed", QUIZ, extra="mastery_score: 70\n"))
    reading = make_lesson("reading", lesson_text("Reading"))
    return [quizzed, DEMO_LINK, reading]


def manifest(files: dict[str, bytes], name: str = "imsmanifest.xml") -> etree._Element:
    return etree.fromstring(files[name])


def test_units_keep_their_order_and_get_their_own_folders(course_inputs: list[Path]) -> None:
    course = load_course(course_inputs, title="Pathway")
    assert [(u.kind, u.prefix) for u in course.units] == [
        ("lesson", "lessons/quizzed/"), ("link", "links/scrum-guide/"), ("lesson", "lessons/reading/")]
    assert course.title == "Pathway" and course.iri.startswith("urn:tessera:course:")


def test_folder_names_that_clash_are_numbered(make_lesson: LessonFactory, tmp_path: Path) -> None:
    first = make_lesson("intro", lesson_text("First", lesson_id="a"))
    second_folder = tmp_path / "other" / "intro"
    second_folder.mkdir(parents=True)
    (second_folder / "lesson.md").write_text(lesson_text("Second", lesson_id="b"), encoding="utf-8")
    course = load_course([first, second_folder], title="T")
    assert [u.prefix for u in course.units] == ["lessons/intro/", "lessons/intro-2/"]


def test_scorm_links_are_assets_and_pass_marks_reach_the_manifest(tmp_path: Path,
                                                                  course_inputs: list[Path]) -> None:
    files12 = read_zip(build_package(course_inputs, "scorm12", tmp_path / "a.zip", title="P").path)
    scormtype = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype"
    types = [r.get(scormtype) for r in named(manifest(files12), "resource")]
    assert types == ["sco", "asset", "sco"]
    assert [m.text for m in named(manifest(files12), "masteryscore")] == ["70"]
    # The course's metadata, then each part's own (title, summary, length, keywords).
    titles = [lom.findtext(".//{*}title/{*}langstring") for lom in named(manifest(files12), "lom")]
    assert titles == ["P", "Quizzed", "The Scrum Guide", "Reading"]
    assert config_of(parse(files12["links/scrum-guide/index.html"].decode()))["tracking"] == "none"

    files04 = read_zip(build_package(course_inputs, "scorm2004", tmp_path / "b.zip", title="P").path)
    root = manifest(files04)
    types = [r.get("{http://www.adlnet.org/xsd/adlcp_v1p3}scormType") for r in named(root, "resource")]
    assert types == ["sco", "asset", "sco"]
    assert [m.text for m in named(root, "minNormalizedMeasure")] == ["0.7"]
    (rollup,) = named(root, "rollupRules")                       # only the link leaves the rollup
    assert rollup.get("rollupObjectiveSatisfied") == rollup.get("rollupProgressCompletion") == "false"
    assert rollup.getparent().getparent().get("identifierref").startswith("RES-2-")


def test_cmi5_move_on_follows_what_each_unit_asks(tmp_path: Path, course_inputs: list[Path]) -> None:
    files = read_zip(build_package(course_inputs, "cmi5", tmp_path / "c.zip", title="P").path)
    aus = named(manifest(files, "cmi5.xml"), "au")
    assert [(au.get("moveOn"), au.get("masteryScore")) for au in aus] == [
        ("CompletedAndPassed", "0.7"), ("NotApplicable", None), ("Completed", None)]
    pages = [name for name in files if name.endswith(".html")]
    assert all(config_of(parse(files[page].decode()))["tracking"] == "cmi5" for page in pages)


def test_xapi_course_page_forwards_the_launch_and_lessons_name_their_course(
        tmp_path: Path, course_inputs: list[Path]) -> None:
    files = read_zip(build_package(course_inputs, "xapi", tmp_path / "x.zip", title="P").path)
    course_page = parse(files["index.html"].decode())
    assert [a["href"] for a in course_page.named("a") if "data-ts-unit" in a] == [
        "lessons/quizzed/index.html", "links/scrum-guide/index.html", "lessons/reading/index.html"]
    assert len(course_page.texts["script"]) == 1 and "data-ts-unit" in course_page.texts["script"][0]
    launch = named(manifest(files, "tincan.xml"), "launch")[0]
    course_iri = launch.getparent().get("id")
    assert launch.text == "index.html" and course_iri.startswith("urn:tessera:course:")
    config = config_of(parse(files["lessons/quizzed/index.html"].decode()))
    assert config["activity"] == {"id": "urn:tessera:lesson:quizzed", "parent": course_iri}


def test_html_course_page_lists_every_unit_and_runs_no_script(tmp_path: Path,
                                                              course_inputs: list[Path]) -> None:
    files = read_zip(build_package(course_inputs, "html", tmp_path / "h.zip", title="P").path)
    page = parse(files["index.html"].decode())
    assert page.texts["script"] == []
    assert [a["href"] for a in page.named("a")] == [
        "lessons/quizzed/index.html", "links/scrum-guide/index.html", "lessons/reading/index.html"]
    assert adapter_script("none") == ""


def test_a_link_page_opens_the_resource_in_a_new_tab_and_hides_curator_notes(tmp_path: Path) -> None:
    files = read_zip(build_package([DEMO_LINK], "html", tmp_path / "h.zip").path)
    page = files["index.html"].decode()
    (outbound,) = [a for a in parse(page).named("a") if a.get("href", "").startswith("https://")]
    assert outbound == {"href": "https://scrumguides.org/scrum-guide.html", "target": "_blank",
                        "rel": "noopener noreferrer"}
    assert "The Scrum Guide" in page and "25 min" in page
    assert NOTES[:30] in DEMO_LINK.read_text(encoding="utf-8") and NOTES[:30] not in page


def test_common_cartridge_links_are_web_links(tmp_path: Path, course_inputs: list[Path]) -> None:
    files = read_zip(build_package(course_inputs, "imscc", tmp_path / "c.imscc", title="P").path)
    resources = named(manifest(files), "resource")
    assert [r.get("type") for r in resources] == ["webcontent", "imswl_xmlv1p3", "webcontent"]
    weblink = etree.fromstring(files["links/scrum-guide/weblink.xml"])
    assert named(weblink, "url")[0].get("href") == "https://scrumguides.org/scrum-guide.html"
    assert not any(name.startswith("links/") and name.endswith(".html") for name in files)
    module = named(manifest(files), "item")[1]
    assert named(module, "title")[0].text == "P"


@pytest.mark.parametrize(("inputs", "message"), [
    (["missing-folder"], "does not exist"),
    (["empty-folder"], "is not a lesson folder"),
    ([], "Nothing to export"),
])
def test_unusable_inputs_are_refused_with_a_reason(tmp_path: Path, inputs: list[str], message: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(PackageError, match=message):
        build_package([tmp_path / name for name in inputs], "scorm12", tmp_path / "p.zip")


def test_the_same_lesson_twice_or_a_folder_as_zip_output_is_refused(tmp_path: Path,
                                                                    make_lesson: LessonFactory) -> None:
    lesson = make_lesson("l", lesson_text("L"))
    with pytest.raises(PackageError, match="more than once"):
        build_package([lesson, lesson / "lesson.md"], "scorm12", tmp_path / "p.zip")
    with pytest.raises(PackageError, match="is a folder"):
        build_package([lesson], "scorm12", tmp_path)
    with pytest.raises(PackageError, match="Unknown package format"):
        build_package([lesson], "scorm3", tmp_path / "p.zip")
