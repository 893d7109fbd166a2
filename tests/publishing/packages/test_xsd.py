"""The offline validator itself: it uses the schemas shipped in resources/schemas, accepts the
official examples, rejects broken manifests with a line number, and fails loudly (never skips)
when the schema folder is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.paths import SCHEMAS
from publishing.packages import build_package
from publishing.packages.xsd import SCHEMAS_ENV, SchemasMissing, schemas_dir, validation_errors
from tests.publishing.packages.conftest import DEMO_LESSONS, read_zip


def test_the_shipped_schemas_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SCHEMAS_ENV, raising=False)
    folder = schemas_dir()          # raises SchemasMissing (a test failure) when absent
    assert folder == SCHEMAS
    assert (folder / "scorm12" / "imscp_rootv1p1p2.xsd").is_file()
    sources = (folder / "SOURCES.txt").read_text(encoding="utf-8")
    for origin in ("adlnet/SCORM-2004-4ed-Test-Suite", "adaptlearning/adapt-contrib-spoor",
                   "AICC/CMI-5_Spec_Current"):
        assert origin in sources


def test_official_cmi5_examples_are_valid() -> None:
    examples = schemas_dir() / "cmi5" / "examples"
    for name in ("simple-cmi5.xml", "complex-cmi5.xml"):
        assert validation_errors("cmi5", (examples / name).read_bytes()) == [], name


@pytest.mark.parametrize(("fmt", "control"), [
    ("scorm12", "imsmanifest.xml"), ("scorm2004", "imsmanifest.xml"), ("cmi5", "cmi5.xml")])
def test_a_broken_manifest_is_rejected_with_its_line(tmp_path: Path, fmt: str, control: str) -> None:
    files = read_zip(build_package([DEMO_LESSONS[0]], fmt, tmp_path / "p.zip").path)
    good = files[control]
    assert validation_errors(fmt, good) == []
    # An attribute the schema does not allow, then a document that is not XML at all.
    broken = good.replace(b"<title", b"<title bogus=\"1\"", 1)
    assert any(error.startswith("line ") and "bogus" in error for error in validation_errors(fmt, broken))
    (malformed,) = validation_errors(fmt, b"<manifest")
    assert malformed.startswith("not well-formed XML")


def test_a_missing_schema_folder_is_an_error_not_a_skip(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHEMAS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(SchemasMissing, match=SCHEMAS_ENV):
        validation_errors("scorm12", b"<manifest/>")


def test_unknown_schema_sets_are_refused() -> None:
    with pytest.raises(ValueError, match="use one of"):
        validation_errors("imscc", b"<manifest/>")
