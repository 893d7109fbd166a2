"""``tessera export`` and ``check --for``: packages through the CLI's main(), exit codes
0 (built; warnings on stderr), 1 (preflight errors, nothing written), 2 (unusable arguments)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from editor.paths import DEMO_WORKSPACE
from tests.app.cli.runner import run_in_process as run

ROOT = Path(__file__).resolve().parents[3]
LESSONS = DEMO_WORKSPACE / "lessons"
LINK = DEMO_WORKSPACE / "curated" / "scrum-guide.md"



def test_export_a_course_and_a_single_lesson(tmp_path: Path, tessera_home: Path) -> None:
    out = tmp_path / "course.zip"
    result = run("export", str(LESSONS / "first-week"), str(LESSONS / "spotting-phishing"), str(LINK),
                 "--format", "scorm2004", "-o", str(out), "--title", "Starter pack", home=tessera_home)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == out
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
    assert {"imsmanifest.xml", "lessons/first-week/index.html", "links/scrum-guide/index.html"} <= names

    single = run("export", str(LESSONS / "xlookup-basics"), "--format", "html", "-o", str(tmp_path / "site"),
                 home=tessera_home)
    assert single.returncode == 0, single.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert "quiz-not-recorded" in single.stderr            # warnings are printed, not fatal


def test_preflight_errors_exit_1_and_write_nothing(tmp_path: Path, tessera_home: Path) -> None:
    lesson = tmp_path / "broken"
    lesson.mkdir()
    (lesson / "lesson.md").write_text("---\nid: b1\ntitle: Broken\n---\n![Chart](media/gone.png)\n",
                                      encoding="utf-8")
    result = run("export", str(lesson), "--format", "cmi5", "-o", str(tmp_path / "p.zip"), home=tessera_home)
    assert result.returncode == 1
    assert "media-missing" in result.stderr and "lesson.md:5" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "p.zip").exists()


def test_unusable_arguments_exit_2_with_a_message(tmp_path: Path, tessera_home: Path) -> None:
    missing = run("export", str(tmp_path / "nope"), "--format", "xapi", "-o", str(tmp_path / "p.zip"),
                  home=tessera_home)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad_format = run("export", str(LESSONS / "first-week"), "--format", "scorm3",
                     "-o", str(tmp_path / "p.zip"), home=tessera_home)
    assert bad_format.returncode == 2 and "scorm12" in bad_format.stderr


def test_check_for_a_format_adds_its_findings(tmp_path: Path, tessera_home: Path) -> None:
    lesson = tmp_path / "l"
    lesson.mkdir()
    quiz = "::: quiz single\n? Q\n- [x] A\n- [ ] B\n:::\n"
    (lesson / "lesson.md").write_text(f"---\nid: l1\ntitle: L\n---\n{quiz}", encoding="utf-8")
    plain = run("check", str(lesson), home=tessera_home)
    for_html = run("check", str(lesson), "--for", "html", home=tessera_home)
    for_scorm = run("check", str(lesson), "--for", "scorm12", home=tessera_home)
    assert plain.returncode == for_html.returncode == for_scorm.returncode == 0
    assert "quiz-not-recorded" in for_html.stdout
    assert "quiz-not-recorded" not in for_scorm.stdout + plain.stdout

    (lesson / "lesson.md").write_text("---\nid: l1\ntitle: L\n---\n[Slides](media/slides.pdf)\n",
                                      encoding="utf-8")
    assert run("check", str(lesson), home=tessera_home).returncode == 0          # the editor sees no problem
    broken = run("check", str(lesson), "--for", "imscc", home=tessera_home)
    assert broken.returncode == 1 and "link-broken" in broken.stdout
