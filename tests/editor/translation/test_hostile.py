"""Translations are untrusted: markup is shown as text, broken or foreign codes are refused by segment,
and a refused import leaves the variant exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from editor.block_model import read_blocks
from editor.render import render_lesson
from editor.translation.roundtrip import export_translations, import_translation, source_lesson
from editor.translation.segments import TranslationError
from editor.translation.xliff import XLIFF_NS
from editor.workspace import Workspace
from tests.editor.translation.helpers import make_lesson, translate_file

X = f"{{{XLIFF_NS}}}"


@pytest.fixture
def translated(workspace: Workspace, tmp_path: Path) -> tuple[Path, Path]:
    """A lesson with a German variant already imported, and the filled file that made it."""
    lesson = make_lesson(workspace)
    [exported] = export_translations(workspace, source_lesson(workspace, str(lesson)), ["de"], tmp_path / "o")
    assert exported.path is not None
    filled = translate_file(exported.path, tmp_path / "filled.xlf")
    import_translation(workspace, filled)
    return lesson, filled


def _edited(filled: Path, unit_id: str, change: Callable[[etree._Element], None], out: Path) -> Path:
    tree = etree.parse(str(filled))
    target = tree.getroot().find(f"{X}file/{X}unit[@id='{unit_id}']/{X}segment/{X}target")
    change(target)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def _text(value: str) -> Callable[[etree._Element], None]:
    def change(target: etree._Element) -> None:
        for child in list(target):
            target.remove(child)
        target.text = value
    return change


def _snapshot(lesson: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in sorted(lesson.rglob("*")) if path.is_file()}


def test_markup_and_scripts_in_a_translation_are_shown_as_text(workspace: Workspace,
                                                               translated: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    lesson, filled = translated
    hostile = _edited(filled, "b2.text", _text('<script>alert(1)</script> <img src=x onerror=alert(2)>'),
                      tmp_path / "a.xlf")
    hostile = _edited(hostile, "b10.items.1",
                      _text('[click](javascript:alert(3)) **bold** ::: quiz\n::: video src="/etc/passwd"'),
                      tmp_path / "a.xlf")
    hostile = _edited(hostile, "b6.title", _text('Say "hi" \\ now'), tmp_path / "a.xlf")

    import_translation(workspace, hostile)
    variant = (lesson / "lesson.de.md").read_text(encoding="utf-8")
    page = render_lesson(variant).html
    assert "<script" not in page and "<img src=\"x\"" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</h2>" in page
    assert "[click](javascript:alert(3)) **bold** ::: quiz ::: video src=" in page     # shown, not followed
    assert 'href="javascript' not in page
    assert '::: callout tip title="Say “hi” now"' in variant
    blocks = read_blocks(variant).blocks
    assert [b.kind for b in blocks] == [b.kind for b in read_blocks(
        (lesson / "lesson.md").read_text(encoding="utf-8")).blocks]
    assert "/etc/passwd" not in [b.fields.get("src") for b in blocks]


@pytest.mark.parametrize(("unit_id", "change", "message"), [
    ("b0.text.0", lambda t: t.remove(t.find(f"{X}pc")), "lacks the inline code"),
    ("b0.text.0", lambda t: t.append(etree.fromstring(f'<ph xmlns="{XLIFF_NS}" id="99"/>')),
     "source does not have"),
    ("b0.text.0", lambda t: t.append(etree.fromstring(f'<ph xmlns="{XLIFF_NS}" id="3"/>')), "appears twice"),
    ("b0.text.0", lambda t: t.append(etree.fromstring(
        '<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>')), "<script>"),
    ("meta.title", lambda t: t.append(etree.fromstring(f'<ph xmlns="{XLIFF_NS}" id="1"/>')), "no formatting"),
])
def test_broken_or_foreign_codes_are_refused_naming_the_segment(
        workspace: Workspace, translated: tuple[Path, Path], tmp_path: Path,
        unit_id: str, change: Callable[[etree._Element], None], message: str) -> None:
    lesson, filled = translated
    before = _snapshot(lesson)
    bad = _edited(filled, unit_id, change, tmp_path / "bad.xlf")
    with pytest.raises(TranslationError) as refused:
        import_translation(workspace, bad)
    assert unit_id in str(refused.value) and message in str(refused.value)
    assert _snapshot(lesson) == before


def test_crossed_pairs_are_refused(workspace: Workspace, translated: tuple[Path, Path],
                                   tmp_path: Path) -> None:
    lesson, filled = translated
    before = _snapshot(lesson)

    def cross(target: etree._Element) -> None:
        for child in list(target):
            target.remove(child)
        target.text = "A "
        pieces = ('<sc id="1"/>', 'B ', '<sc id="2"/>', 'C', '<ec startRef="1"/>', 'D', '<ec startRef="2"/>',
                  '<ph id="3"/>')
        for xml in pieces:
            if xml.startswith("<"):
                qualified = xml.replace("<", "<x:", 1).replace("/>", f' xmlns:x="{XLIFF_NS}"/>')
                target.append(etree.fromstring(qualified))
            else:
                target[-1].tail = xml
    with pytest.raises(TranslationError, match=r"b0\.text\.0"):
        import_translation(workspace, _edited(filled, "b0.text.0", cross, tmp_path / "cross.xlf"))
    assert _snapshot(lesson) == before


def test_entities_and_doctypes_are_refused(workspace: Workspace, translated: tuple[Path, Path],
                                           tmp_path: Path) -> None:
    lesson, filled = translated
    before = _snapshot(lesson)
    text = filled.read_text(encoding="utf-8").replace(
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY leak SYSTEM "file:///etc/passwd">]>')
    text = text.replace("SHARING YOUR SCREEN WITHOUT SURPRISES", "&leak;", 1)
    bad = tmp_path / "xxe.xlf"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TranslationError, match="DOCTYPE"):
        import_translation(workspace, bad)
    assert _snapshot(lesson) == before


@pytest.mark.parametrize(("content", "message"), [
    (b"not xml", "not well-formed"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "not an XLIFF 2"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
     b'<file id="f"><unit id="u"><segment><source>x</source></segment></unit></file></xliff>',
     "does not say which lesson"),
])
def test_files_that_are_not_our_translations_are_refused(workspace: Workspace, tmp_path: Path,
                                                         content: bytes, message: str) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(content)
    with pytest.raises(TranslationError, match=message):
        import_translation(workspace, bad)


def test_a_planted_link_cannot_lead_the_import_out_of_the_lesson(workspace: Workspace,
                                                                 tmp_path: Path) -> None:
    lesson = make_lesson(workspace)
    [exported] = export_translations(workspace, source_lesson(workspace, str(lesson)), ["de"], tmp_path / "o")
    assert exported.path is not None
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (lesson / "translations").symlink_to(outside, target_is_directory=True)
    with pytest.raises(TranslationError, match="leads outside"):
        import_translation(workspace, translate_file(exported.path, tmp_path / "filled.xlf"))
    assert not any(outside.iterdir()) and not (lesson / "lesson.de.md").exists()
