"""``tessera translate export|import|status`` and ``export``/``render``/``check`` per language."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.cli.main import main
from editor.workspace import Workspace
from tests.editor.translation.helpers import make_lesson, translate_file


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_import_status_and_a_package_per_language(workspace: Workspace, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    lesson = make_lesson(workspace)
    code, out, _ = run(capsys, "translate", "export", str(lesson), "--to", "de,fr", "-o", str(tmp_path / "x"))
    assert code == 0 and "de: " in out and "fr: " in out
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["sharing.de.xlf", "sharing.fr.xlf"]

    filled = translate_file(tmp_path / "x" / "sharing.de.xlf", tmp_path / "de.xlf")
    code, out, _ = run(capsys, "translate", "import", str(filled), "--workspace", str(workspace.root))
    assert code == 0 and "updated" in out
    code, out, _ = run(capsys, "translate", "import", str(filled), "--workspace", str(workspace.root))
    assert code == 0 and "nothing changed" in out

    code, out, _ = run(capsys, "translate", "status", str(workspace.root), "--json")
    [status] = json.loads(out)
    assert code == 0
    assert {key: status[key] for key in ("source", "language", "state")} == {
        "source": "7c1e5a90b2d4", "language": "de", "state": "up-to-date"}
    assert len(status["source_version"]) == 64
    assert status["source_version"] == status["current_source_version"]

    package = tmp_path / "de.zip"
    code, _, err = run(capsys, "export", str(lesson), "--lang", "de", "--format", "scorm12",
                       "-o", str(package))
    assert code == 0, err
    with zipfile.ZipFile(package) as archive:
        page = next(archive.read(name).decode() for name in archive.namelist() if name.endswith("index.html"))
    assert 'lang="de"' in page and "SHARE A WINDOW, NOT THE WHOLE SCREEN" in page
    code, _, err = run(capsys, "export", str(lesson), "--lang", "fr", "--format", "html",
                       "-o", str(tmp_path / "fr"))
    assert code == 2 and "has no fr translation" in err

    code, _, _ = run(capsys, "render", str(lesson), "--lang", "de", "-o", str(tmp_path / "de.html"))
    assert code == 0 and "SHARING YOUR SCREEN" in (tmp_path / "de.html").read_text(encoding="utf-8")


def test_check_and_status_report_a_stale_translation(workspace: Workspace, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    lesson = make_lesson(workspace)
    run(capsys, "translate", "export", str(lesson), "--to", "de", "-o", str(tmp_path / "x"))
    filled = translate_file(tmp_path / "x" / "sharing.de.xlf", tmp_path / "de.xlf")
    run(capsys, "translate", "import", str(filled), "--workspace", str(workspace.root))
    source = lesson / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8").replace("## Share a window", "## Share one window"),
                      encoding="utf-8")

    code, out, _ = run(capsys, "check", str(workspace.root), "--json")
    problems = json.loads(out)[str(lesson / "lesson.de.md")]
    assert code == 0 and [p["code"] for p in problems] == ["translation-stale"]
    code, out, _ = run(capsys, "translate", "status", str(workspace.root), "--json")
    [status] = json.loads(out)
    assert status["state"] == "stale"
    assert [(c["kind"], c["before"], c["after"]) for c in status["changes"]] == [
        ("changed", "Share a window, not the whole screen", "Share one window, not the whole screen")]
    assert run(capsys, "translate", "status", str(workspace.root), "--check")[0] == 1

    code, out, _ = run(capsys, "translate", "export", str(lesson), "--to", "de", "-o", str(tmp_path / "y"))
    assert code == 0 and "de: 1 segment(s) (1 with the previous translation)" in out


def test_a_refused_import_exits_1_with_the_reason(workspace: Workspace, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    make_lesson(workspace)
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff/>", encoding="utf-8")
    code, _, err = run(capsys, "translate", "import", str(bad), "--workspace", str(workspace.root))
    assert code == 1 and "not an XLIFF 2 file" in err
    lesson = workspace.root / "lessons" / "sharing"
    code, _, err = run(capsys, "translate", "export", str(lesson), "--to", "e!", "-o", str(tmp_path / "z"))
    assert code == 1 and "not a language code" in err
