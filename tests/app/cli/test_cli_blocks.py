"""`tessera blocks`: list a lesson's blocks as JSON and apply block edits, all or nothing (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from editor.block_model import read_blocks
from editor.lesson_parse import parse_lesson

LESSON = """\
---
id: cli1
title: Blocks on the command line
---
## Start

![](media/a.png)

::: quiz single
? Which?
- [x] This
- [ ] That
:::

Last words.
"""


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "lesson.md").write_bytes(LESSON.replace("\n", "\r\n").encode("utf-8"))
    return folder


def edits_file(tmp_path: Path, edits: object) -> str:
    path = tmp_path / "edits.json"
    path.write_text(json.dumps(edits), encoding="utf-8")
    return str(path)


def test_json_lists_index_kind_fields_and_lines(lesson: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["blocks", str(lesson), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["index"], b["kind"], b["line"], b["end_line"]) for b in listed] == [
        (0, "heading", 5, 5), (1, "image", 7, 7), (2, "quiz", 9, 13), (3, "text", 15, 15)]
    assert listed[1]["fields"] == {"src": "media/a.png", "alt": "", "title": ""}
    assert listed[2]["fields"]["answers"][0] == {"text": "This", "correct": True, "feedback": ""}


def test_plain_listing_names_each_block(lesson: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["blocks", str(lesson)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "quiz" in lines[2] and "Which?" in lines[2] and "lines 9-13" in lines[2]


def test_apply_makes_every_edit_and_keeps_the_rest_of_the_file(lesson: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    edits = [
        {"op": "insert", "at": 3, "kind": "quiz", "fields": {"mode": "multiple", "question": "Pick two",
         "answers": [{"text": "A", "correct": True, "feedback": "Yes"},
                     {"text": "B", "correct": True}, {"text": "C", "correct": False, "feedback": "No"}]}},
        {"op": "set", "block": 1, "field": "alt", "value": "A chart of sales by month"},
        {"op": "move", "block": 4, "to": 1},
        {"op": "duplicate", "block": 0},
        {"op": "delete", "block": 0},
    ]
    assert main(["blocks", str(lesson), "--apply", edits_file(tmp_path, edits)]) == 0
    assert "5 edit(s) applied" in capsys.readouterr().out
    data = (lesson / "lesson.md").read_bytes()
    text = data.decode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b"")                      # the file's CRLF is kept
    assert text.startswith("---\r\nid: cli1\r\ntitle: Blocks on the command line\r\n---\r\n")
    blocks = read_blocks(text)
    assert [b.kind.value for b in blocks.blocks] == ["heading", "text", "image", "quiz", "quiz"]
    assert blocks[2].fields["alt"] == "A chart of sales by month"
    assert blocks[4].fields["answers"][2] == {"text": "C", "correct": False, "feedback": "No"}
    assert "::: quiz single\r\n? Which?\r\n- [x] This\r\n- [ ] That\r\n:::" in text   # untouched, as written


@pytest.mark.parametrize(("edits", "message"), [
    ([{"op": "delete", "block": 0}, {"op": "set", "block": 7, "field": "alt", "value": "x"}],
     "edit 2 (set 'alt' of block 7): there is no block 7"),
    ([{"op": "set", "block": 2, "field": "mode", "value": "essay"}],
     "edit 1 (set 'mode' of block 2): 'mode' must be one of: single, multiple, truefalse"),
    ([{"op": "insert", "at": 0, "kind": "poll"}], "edit 1 (insert): unknown kind 'poll'"),
    ([{"op": "move", "block": "2", "to": 0}], "edit 1 (move): 'block' must be a block number"),
    ([{"op": "rename", "block": 1}], "edit 1: 'op' must be one of"),
    ([{"op": "delete", "block": 1, "force": True}], "edit 1 (delete): unknown key(s) force"),
    ({"op": "delete", "block": 1}, "must hold a JSON list"),
])
def test_invalid_edits_exit_1_name_the_edit_and_change_nothing(
        lesson: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], edits: object,
        message: str) -> None:
    before = (lesson / "lesson.md").read_bytes()
    assert main(["blocks", str(lesson), "--apply", edits_file(tmp_path, edits)]) == 1
    assert message in capsys.readouterr().err
    assert (lesson / "lesson.md").read_bytes() == before


def test_a_file_that_is_not_json_is_a_problem_not_a_crash(lesson: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "edits.json"
    broken.write_text("[{", encoding="utf-8")
    assert main(["blocks", str(lesson), "--apply", str(broken)]) == 1
    assert "is not a JSON file" in capsys.readouterr().err


def test_a_folder_without_a_lesson_is_a_usage_error(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["blocks", str(tmp_path)]) == 2
    assert "is not a lesson folder" in capsys.readouterr().err


def test_a_change_on_disk_during_the_edit_is_not_overwritten(lesson: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import app.cli.blocks as cli_blocks

    real = cli_blocks.apply_edits

    def colleague_saves_first(text: str, edits: list[object]) -> object:
        (lesson / "lesson.md").write_text(LESSON.replace("Last words.", "Their words."), encoding="utf-8")
        return real(text, edits)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_blocks, "apply_edits", colleague_saves_first)
    assert main(["blocks", str(lesson), "--apply", edits_file(tmp_path, [{"op": "delete", "block": 3}])]) == 1
    assert "changed by someone else" in capsys.readouterr().err
    assert "Their words." in parse_lesson((lesson / "lesson.md").read_text(encoding="utf-8")).blocks[-1].body
