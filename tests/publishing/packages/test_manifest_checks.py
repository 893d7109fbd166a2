"""Manifest checks inside every build and ``check --for``: the official XSD and cmi5 id uniqueness."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from publishing.packages import PreflightFailed, build_package, check_for_format
from publishing.packages.cmi5 import CMI5
from publishing.packages.manifest_checks import cmi5_id_problems, manifest_problems
from publishing.packages.zipwriter import PackageContents
from tests.publishing.packages.conftest import DEMO_LESSONS, read_zip


def test_a_single_lesson_cmi5_course_has_its_own_id(tmp_path: Path) -> None:
    files = read_zip(build_package([DEMO_LESSONS[0]], "cmi5", tmp_path / "c.zip").path)
    root = etree.fromstring(files["cmi5.xml"])
    course_id = root.find(f"{{{CMI5}}}course").get("id")
    au_id = root.find(f"{{{CMI5}}}au").get("id")
    assert course_id.startswith("urn:tessera:course:") and au_id.startswith("urn:tessera:lesson:")
    assert cmi5_id_problems(files["cmi5.xml"]) == []


def test_an_au_with_the_course_id_is_an_error(tmp_path: Path) -> None:
    files = read_zip(build_package([DEMO_LESSONS[0]], "cmi5", tmp_path / "c.zip").path)
    root = etree.fromstring(files["cmi5.xml"])
    root.find(f"{{{CMI5}}}course").set("id", root.find(f"{{{CMI5}}}au").get("id"))
    clashing = etree.tostring(root)
    (problem,) = cmi5_id_problems(clashing)
    assert problem.code == "cmi5-id-clash" and "§13.1.4" in problem.message
    contents = PackageContents()
    contents.add_bytes("cmi5.xml", clashing)
    assert [d.code for d in manifest_problems("cmi5", contents)] == ["cmi5-id-clash"]


def test_a_manifest_breaking_the_schema_stops_the_build(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from publishing.packages import scorm12
    real = scorm12.manifest

    def broken(course):  # type: ignore[no-untyped-def]
        return real(course).replace(b"<organizations", b"<organizations bogus=\"1\"", 1)

    monkeypatch.setattr(scorm12, "manifest", broken)
    with pytest.raises(PreflightFailed) as failed:
        build_package([DEMO_LESSONS[0]], "scorm12", tmp_path / "p.zip")
    assert [f.diagnostic.code for f in failed.value.findings if f.is_error] == ["manifest-schema"]
    assert "bogus" in str(failed.value.findings[-1])
    assert not (tmp_path / "p.zip").exists()
    found = check_for_format(DEMO_LESSONS[0], "scorm12")
    codes = [d.code for diagnostics in found.values() for d in diagnostics]
    assert "manifest-schema" in codes


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004", "cmi5"])
def test_check_for_a_format_validates_the_manifest(fmt: str) -> None:
    found = check_for_format(DEMO_LESSONS[0], fmt)
    codes = {d.code for diagnostics in found.values() for d in diagnostics}
    assert not codes & {"manifest-schema", "cmi5-id-clash"}
