"""The exported files are XLIFF 2.0 that other tools read, with inline codes that pair up."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.storage import xliff2

from editor.translation.roundtrip import export_translations, import_translation, source_lesson
from editor.translation.xliff import XLIFF_NS
from editor.workspace import Workspace
from tests.editor.translation.helpers import make_lesson, translate_file

X = f"{{{XLIFF_NS}}}"


def _export(workspace: Workspace, tmp_path: Path, languages: list[str]) -> list[Path]:
    lesson = make_lesson(workspace)
    item = source_lesson(workspace, str(lesson))
    exported = export_translations(workspace, item, languages, tmp_path / "out")
    return [file.path for file in exported if file.path is not None]


def test_one_well_formed_xliff_2_file_per_language(workspace: Workspace, tmp_path: Path) -> None:
    files = _export(workspace, tmp_path, ["de", "fr", "pt-BR"])
    assert [path.name for path in files] == ["sharing.de.xlf", "sharing.fr.xlf", "sharing.pt-BR.xlf"]
    for path, language in zip(files, ["de", "fr", "pt-BR"], strict=True):
        root = etree.parse(str(path)).getroot()
        assert root.tag == f"{X}xliff"
        assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", language)
        units = root.findall(f"{X}file/{X}unit")
        ids = [unit.get("id") for unit in units]
        assert len(ids) == len(set(ids)) > 30
        for unit in units:
            data_ids = [data.get("id") for data in unit.iter(f"{X}data")]
            assert len(data_ids) == len(set(data_ids))
            source = unit.find(f"{X}segment/{X}source")
            code_ids = [code.get("id") for code in source.iter(f"{X}pc", f"{X}ph")]
            assert len(code_ids) == len(set(code_ids)), unit.get("id")
            assert not list(source.iter(f"{X}sc", f"{X}ec"))        # every pair is one <pc>, so it nests
            for code in source.iter(f"{X}pc", f"{X}ph"):
                names = ("dataRef", "dataRefStart", "dataRefEnd")
                refs = [code.get(name) for name in names if code.get(name)]
                assert refs and set(refs) <= set(data_ids)
            assert unit.find(f"{X}notes/{X}note").text


def test_notes_tell_the_translator_what_each_segment_is(workspace: Workspace, tmp_path: Path) -> None:
    [path] = _export(workspace, tmp_path, ["de"])
    root = etree.parse(str(path)).getroot()
    notes = {unit.get("id"): unit.find(f"{X}notes/{X}note").text for unit in root.iter(f"{X}unit")}
    quiz = next(unit_id.split(".")[0] for unit_id in notes if unit_id.endswith(".question"))
    assert notes[f"{quiz}.answers.0.text"] == "quiz answer, correct"
    assert notes[f"{quiz}.answers.1.text"] == "quiz answer, wrong"
    assert notes[f"{quiz}.answers.1.feedback"] == "feedback on a wrong quiz answer"
    assert "image alt text" in notes[next(u for u in notes if u.endswith(".alt"))]
    assert any(note.startswith("video caption cue 0:02.000") for note in notes.values())
    assert any(note == "text: table cell" for note in notes.values())


def test_bold_links_and_code_are_inline_codes(workspace: Workspace, tmp_path: Path) -> None:
    [path] = _export(workspace, tmp_path, ["de"])
    root = etree.parse(str(path)).getroot()
    first = root.find(f"{X}file/{X}unit[@id='b0.text.0']")
    source = first.find(f"{X}segment/{X}source")
    pairs = {code.get("subType") or code.get("type") for code in source.iter(f"{X}pc")}
    assert pairs == {"xlf:b", "link"}
    assert [code.get("type") for code in source.iter(f"{X}ph")] == ["other"]
    data = {d.get("id"): d.text for d in first.iter(f"{X}data")}
    assert '](<https://example.org/tabs> "Tabs")' in data.values() and "`Win+Alt`" in data.values()
    assert "https://example.org" not in "".join(source.itertext())   # the link target is not translatable


def test_translate_toolkit_reads_the_exported_and_the_translated_files(workspace: Workspace,
                                                                       tmp_path: Path) -> None:
    [path] = _export(workspace, tmp_path, ["de"])
    ours = etree.parse(str(path)).getroot()
    store = xliff2.Xliff2File.parsefile(str(path))
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "de"
    assert len(store.units) == len(ours.findall(f"{X}file/{X}unit"))
    assert store.units[0].source == "Sharing your screen without surprises"

    filled = translate_file(path, tmp_path / "filled.xlf")
    translated = xliff2.Xliff2File.parsefile(str(filled))
    by_id = {unit.getid().split("::")[0]: unit for unit in translated.units}
    assert by_id["meta.title"].target == "SHARING YOUR SCREEN WITHOUT SURPRISES"
    assert "MOST MISHAPS ARE SMALL" in str(by_id["b0.text.0"].target)      # a segment with inline codes
    assert all(unit.target for unit in translated.units)


def test_a_file_translated_in_translate_toolkit_imports(workspace: Workspace, tmp_path: Path) -> None:
    """A CAT pipeline step: translate-toolkit writes targets for the plain segments, and saves."""
    [path] = _export(workspace, tmp_path, ["de"])
    store = xliff2.Xliff2File.parsefile(str(path))
    for unit in store.units:
        if unit.getid().startswith("meta.title"):
            unit.target = "Bildschirm teilen ohne Überraschungen"
    saved = tmp_path / "toolkit.xlf"
    store.savefile(str(saved))

    result = import_translation(workspace, saved)
    assert result.translated == 1
    assert workspace.read_item(result.variant).title == "Bildschirm teilen ohne Überraschungen"
