"""The command line contract: `python main.py init|new|list|render|check`, exit codes 0/1/2."""

from __future__ import annotations

import base64
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from app.cli.main import main
from editor.workspace import template_names
from tests.app.cli.runner import run_in_process as run
from tests.app.cli.runner import run_process

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = ("init", "new", "list", "render", "check")




def assert_usage_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    for phrase in phrases:
        assert phrase in result.stderr


class ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


@pytest.fixture
def lesson_with_image(tmp_path: Path) -> tuple[Path, bytes]:
    """A workspace lesson showing a real PNG from its media folder."""
    assert main(["init", str(tmp_path / "ws")]) == 0
    folder = tmp_path / "ws" / "lessons" / "charts"
    (folder / "media").mkdir(parents=True)
    Image.new("RGB", (4, 3), (200, 30, 30)).save(folder / "media" / "chart.png")
    (tmp_path / "secret.png").write_bytes(b"not for the page")
    (folder / "lesson.md").write_text(
        "---\nid: abc123def456\ntitle: Reading charts\nstatus: draft\n---\n"
        "Intro paragraph.\n\n![A red chart](media/chart.png)\n\n![Secret](../../../secret.png)\n",
        encoding="utf-8")
    return folder, (folder / "media" / "chart.png").read_bytes()


# -- subprocess: the real entry point ------------------------------------------------

def test_init_new_list_round_trip(tmp_path: Path, tessera_home: Path) -> None:
    ws = tmp_path / "ws"
    created = run("init", str(ws), home=tessera_home)
    assert created.returncode == 0, created.stderr
    assert Path(created.stdout.strip()) == ws.resolve()

    new = run("new", "--workspace", str(ws), "--title", "First steps", "--template", template_names()[0],
              home=tessera_home)
    assert new.returncode == 0, new.stderr
    folder = Path(new.stdout.strip())
    assert folder.is_dir() and (folder / "lesson.md").is_file()
    assert folder.parent == ws.resolve() / "lessons"

    listed = run("list", "--workspace", str(ws), "--json", home=tessera_home)
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert len(items) == 1
    assert items[0]["title"] == "First steps" and items[0]["status"] == "draft"
    assert items[0]["path"] == str(folder) and items[0]["kind"] == "lesson"
    assert len(items[0]["id"]) >= 8

    plain = run("list", "--workspace", str(ws), home=tessera_home)
    assert plain.returncode == 0
    assert items[0]["id"] in plain.stdout and "First steps" in plain.stdout and str(folder) in plain.stdout


def test_render_writes_a_standalone_page(lesson_with_image: tuple[Path, bytes], tmp_path: Path,
                                         tessera_home: Path) -> None:
    folder, png = lesson_with_image
    out = tmp_path / "out" / "page.html"
    result = run("render", str(folder), "-o", str(out), home=tessera_home)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<article class="ts-lesson"' in page and "Reading charts" in page
    images = ImageSources()
    images.feed(page)
    assert len(images.sources) == 2
    prefix = "data:image/png;base64,"
    assert images.sources[0].startswith(prefix)
    assert base64.b64decode(images.sources[0][len(prefix):]) == png
    # A file outside the lesson folder is never pulled into the page.
    assert images.sources[1] == "../../../secret.png"


def test_render_embeds_media_whose_names_need_escaping(tmp_path: Path) -> None:
    folder = tmp_path / "lesson"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "q&a.png").write_bytes(b"ampersand")
    (folder / "media" / "my clip.mp4").write_bytes(b"space")
    (folder / "lesson.md").write_text("---\nid: x1\ntitle: Names\n---\n![Q and A](media/q&a.png)\n\n"
                                      '::: video src="media/my clip.mp4" captions="media/missing.vtt"\n:::\n',
                                      encoding="utf-8")
    assert main(["render", str(folder), "-o", str(tmp_path / "page.html")]) == 0
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    images = ImageSources()
    images.feed(page)
    assert images.sources == ["data:image/png;base64," + base64.b64encode(b"ampersand").decode()]
    assert 'src="data:video/mp4;base64,' + base64.b64encode(b"space").decode() + '"' in page


def test_check_exit_codes_and_json(tmp_path: Path, tessera_home: Path) -> None:
    ws = tmp_path / "ws"
    assert run("init", str(ws), home=tessera_home).returncode == 0
    folder = Path(run("new", "--workspace", str(ws), "--title", "Clean", home=tessera_home).stdout.strip())
    clean = run("check", str(folder), home=tessera_home)
    assert clean.returncode == 0, clean.stdout
    assert "0 error(s)" in clean.stdout

    source = folder / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n::: quiz single\n? Q\n- [ ] a\n- [ ] b\n:::\n",
                      encoding="utf-8")
    broken = run("check", str(ws), "--json", home=tessera_home)
    assert broken.returncode == 1
    report = json.loads(broken.stdout)
    assert list(report) == [str(source)]
    found = [d for d in report[str(source)] if d["code"] != "placeholder-text"]   # the template's text
    assert [d["code"] for d in found] == ["quiz-no-correct-answer"]
    assert found[0]["severity"] == "error"
    assert found[0]["line"] > 1

    text = run("check", str(source), home=tessera_home)
    assert text.returncode == 1
    assert f"{source}:" in text.stdout and "[quiz-no-correct-answer]" in text.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_for_every_command(command: str, tessera_home: Path) -> None:
    result = run(command, "--help", home=tessera_home)
    assert result.returncode == 0
    assert f"usage: tessera {command}" in result.stdout


def test_top_level_help_lists_every_command(tessera_home: Path) -> None:
    result = run_process("--help", home=tessera_home)      # the real entry point: python main.py
    assert result.returncode == 0
    assert all(command in result.stdout for command in COMMANDS)


@pytest.mark.parametrize("args", [
    ("new", "--title", "No workspace given"),
    ("new", "--workspace", "somewhere"),
    ("render",),
    ("render", "lesson-dir"),
    ("check",),
    ("init",),
    ("no-such-command",),
])
def test_missing_arguments_are_usage_errors(args: tuple[str, ...], tessera_home: Path) -> None:
    assert_usage_error(run(*args, home=tessera_home), "usage:")


def test_not_a_workspace_is_a_usage_error(tmp_path: Path, tessera_home: Path) -> None:
    for args in (("list", "--workspace", str(tmp_path)),
                 ("new", "--workspace", str(tmp_path), "--title", "T"),
                 ("check", str(tmp_path))):
        assert_usage_error(run(*args, home=tessera_home), "not a Tessera workspace")


def test_missing_paths_are_usage_errors(tmp_path: Path, tessera_home: Path) -> None:
    missing = tmp_path / "missing"
    assert_usage_error(run("check", str(missing), home=tessera_home), "does not exist")
    assert_usage_error(run("render", str(missing), "-o", str(tmp_path / "o.html"), home=tessera_home),
                       "not a lesson folder")
    assert not (tmp_path / "o.html").exists()


# -- in process: the same contract through app.cli.main.main -------------------------------------

def test_init_refuses_an_existing_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "ws"), "--name", "Team"]) == 0
    capsys.readouterr()
    assert main(["init", str(tmp_path / "ws")]) == 2
    captured = capsys.readouterr()
    assert "already a Tessera workspace" in captured.err and captured.out == ""


def test_new_with_unknown_template_lists_the_templates(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", str(tmp_path / "ws")])
    assert main(["new", "--workspace", str(tmp_path / "ws"), "--title", "T", "--template", "nope"]) == 2
    err = capsys.readouterr().err
    assert all(name in err for name in template_names())
    assert list((tmp_path / "ws" / "lessons").iterdir()) == []


def test_list_of_an_empty_workspace_says_what_to_do(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", str(tmp_path / "ws")])
    capsys.readouterr()
    assert main(["list", "--workspace", str(tmp_path / "ws")]) == 0
    assert "tessera new" in capsys.readouterr().out


def test_list_flags_unreadable_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", str(tmp_path / "ws")])
    bad = tmp_path / "ws" / "lessons" / "bad"
    bad.mkdir()
    (bad / "lesson.md").write_bytes(b"\xff\xfe not utf-8")
    capsys.readouterr()
    assert main(["list", "--workspace", str(tmp_path / "ws"), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(item["path"], "UTF-8" in item["problem"]) for item in items] == [(str(bad.resolve()), True)]


def test_render_reports_lesson_errors_with_exit_1(lesson_with_image: tuple[Path, bytes], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = lesson_with_image
    source = folder / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8") + "::: apply\n", encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["render", str(folder), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "block-unclosed" in captured.err and "apply-no-action" in captured.err
    assert out.is_file()  # the page is still written, so the author can look at it


def test_render_of_an_unreadable_lesson_is_a_usage_error(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lesson.md").write_bytes(b"---\ntitle: \xe9\n---\n")
    assert main(["render", str(tmp_path), "-o", str(tmp_path / "x.html")]) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_check_of_a_clean_link_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", str(tmp_path / "ws")])
    link = tmp_path / "ws" / "curated" / "guide.md"
    link.write_text("---\nid: l1\nkind: link\ntitle: Guide\nurl: https://example.com\n---\nNotes\n",
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(link), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {str(link): []}


def test_new_refuses_an_exact_duplicate_title_unless_allowed(tmp_path: Path, tessera_home: Path) -> None:
    root = tmp_path / "ws"
    run("init", str(root), home=tessera_home)
    first = run("new", "--workspace", str(root), "--title", "Giving feedback", home=tessera_home)
    assert first.returncode == 0
    twin = run("new", "--workspace", str(root), "--title", "giving  FEEDBACK!", home=tessera_home)
    assert twin.returncode == 1 and "already in the library" in twin.stderr
    assert "--allow-duplicate" in twin.stderr and len(list((root / "lessons").iterdir())) == 1
    forced = run("new", "--workspace", str(root), "--title", "Giving feedback", "--allow-duplicate",
                 home=tessera_home)
    assert forced.returncode == 0 and len(list((root / "lessons").iterdir())) == 2
