"""Export → translate → import: the variant holds every translated string in the source's structure."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from editor.block_fields import BlockKind
from editor.block_model import read_blocks
from editor.lesson_file import read_text
from editor.render import render_lesson
from editor.translation.inline import plain_text
from editor.translation.roundtrip import export_translations, import_translation, source_lesson
from editor.translation.segments import lesson_segments
from editor.translation.variants import VariantState, translation_statuses
from editor.workspace import Workspace
from tests.editor.translation.helpers import make_lesson, translate_file

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _page_text(markdown: str) -> str:
    """The words of the rendered page, as a learner reads them (tags gone, typographic quotes plain)."""
    page = render_lesson(markdown).html
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).translate(_QUOTES).split())


@pytest.fixture
def lesson(workspace: Workspace) -> Path:
    return make_lesson(workspace)


def _round_trip(workspace: Workspace, lesson: Path, tmp_path: Path, language: str = "de") -> Path:
    item = source_lesson(workspace, str(lesson))
    exported = export_translations(workspace, item, [language], tmp_path / "out")
    assert exported[0].path is not None
    filled = translate_file(exported[0].path, tmp_path / f"filled.{language}.xlf")
    import_translation(workspace, filled)
    return lesson / f"lesson.{language}.md"


def test_the_variant_renders_every_translated_string_in_the_same_structure(
        workspace: Workspace, lesson: Path, tmp_path: Path) -> None:
    variant = _round_trip(workspace, lesson, tmp_path)
    source_text, _ = read_text(lesson / "lesson.md")
    variant_text, _ = read_text(variant)

    source_segments = lesson_segments(source_text, lesson).segments
    variant_segments = lesson_segments(variant_text, lesson).by_id()
    assert len(source_segments) > 30
    page = _page_text(variant_text)
    for segment in source_segments:
        translated = variant_segments[segment.id]
        assert plain_text(translated.content) == plain_text(segment.content).upper(), segment.id
        if ".cue." not in segment.id and segment.id.split(".")[1] not in ("alt", "title", "audience"):
            for words in (part for part in segment.content if isinstance(part, str) and part.strip()):
                assert " ".join(words.upper().split()) in page, segment.id

    before, after = read_blocks(source_text).blocks, read_blocks(variant_text).blocks
    assert [b.kind for b in after] == [b.kind for b in before]
    for old, new in zip(before, after, strict=True):
        if old.kind is BlockKind.QUIZ:
            correct = [answer["correct"] for answer in old.fields["answers"]]
            assert [answer["correct"] for answer in new.fields["answers"]] == correct
            assert new.fields["mode"] == old.fields["mode"]
        for media in ("src", "poster"):
            if media in old.fields:
                assert new.fields[media] == old.fields[media]
    video = next(b for b in after if b.kind is BlockKind.VIDEO)
    assert (video.fields["captions"], video.fields["lang"]) == ("media/intro.de.vtt", "de")
    cues = (lesson / "media" / "intro.de.vtt").read_text(encoding="utf-8")
    assert "SHARE ONE WINDOW &amp; RELAX" in cues and "00:00:02.000 --> 00:00:04.500" in cues
    # Links and inline code are the source's, untouched by the translation.
    assert "](<https://example.org/tabs> \"Tabs\")" in variant_text and "`Win+Alt`" in variant_text
    assert "<strong>CHAT</strong>" in render_lesson(variant_text).html
    assert render_lesson(variant_text).parsed.meta["language"] == "de"

    item = workspace.read_item(variant)
    assert item.translation_of == "7c1e5a90b2d4" and item.language == "de"
    assert item.title == "SHARING YOUR SCREEN WITHOUT SURPRISES"
    status = translation_statuses(workspace)
    assert [(s.language, s.state) for s in status] == [("de", VariantState.UP_TO_DATE)]


def test_a_second_round_trip_without_changes_is_a_no_op(workspace: Workspace, lesson: Path,
                                                        tmp_path: Path) -> None:
    variant = _round_trip(workspace, lesson, tmp_path)
    item = source_lesson(workspace, str(lesson))
    files = [variant, lesson / "translations" / "de.json", lesson / "media" / "intro.de.vtt"]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}

    assert export_translations(workspace, item, ["de"], tmp_path / "again")[0].path is None   # up to date
    everything = export_translations(workspace, item, ["de"], tmp_path / "all", everything=True)[0]
    assert everything.path is not None and everything.suggestions == everything.units
    result = import_translation(workspace, translate_file(everything.path, tmp_path / "again.xlf"))

    assert not result.changed
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files} == before


def test_a_source_edit_makes_the_variant_stale_and_re_export_sends_only_the_change(
        workspace: Workspace, lesson: Path, tmp_path: Path) -> None:
    variant = _round_trip(workspace, lesson, tmp_path)
    source = lesson / "lesson.md"
    source.write_text(source.read_text(encoding="utf-8").replace("- Share one window.",
                                                                 "- Share exactly one window."),
                      encoding="utf-8")

    [status] = translation_statuses(workspace)
    assert status.state is VariantState.STALE
    assert [(c.kind.value, c.before, c.after) for c in status.changes] == [
        ("changed", "Share one window.", "Share exactly one window.")]
    assert status.source_version != status.current_version

    item = source_lesson(workspace, str(lesson))
    [exported] = export_translations(workspace, item, ["de"], tmp_path / "delta")
    assert exported.path is not None and (exported.units, exported.suggestions) == (1, 1)
    sent = exported.path.read_text(encoding="utf-8")
    assert "Share exactly one window." in sent and "SHARE ONE WINDOW." in sent   # the previous translation

    result = import_translation(workspace, translate_file(exported.path, tmp_path / "delta.xlf"))
    assert (result.translated, result.untranslated) == (1, ())
    assert result.kept == len(lesson_segments(source.read_text(encoding="utf-8"), lesson).segments) - 1
    assert "- SHARE EXACTLY ONE WINDOW." in variant.read_text(encoding="utf-8")
    assert "PREPARE BEFORE THE MEETING." in variant.read_text(encoding="utf-8")
    assert translation_statuses(workspace)[0].state is VariantState.UP_TO_DATE


def test_untranslated_segments_stay_in_the_source_language_and_the_variant_is_stale(
        workspace: Workspace, lesson: Path, tmp_path: Path) -> None:
    item = source_lesson(workspace, str(lesson))
    [exported] = export_translations(workspace, item, ["fr"], tmp_path / "out")
    assert exported.path is not None
    only_title = translate_file(exported.path, tmp_path / "part.xlf",
                                lambda content: tuple(p.upper() if isinstance(p, str) else p for p in content)
                                if content == ("Sharing your screen without surprises",) else ())
    result = import_translation(workspace, only_title)
    assert result.translated == 1 and "meta.summary" in result.untranslated
    [status] = translation_statuses(workspace)
    assert status.state is VariantState.STALE and len(status.changes) == len(result.untranslated)


def test_a_crlf_lesson_gets_a_crlf_variant(workspace: Workspace, tmp_path: Path) -> None:
    from tests.editor.translation.helpers import LESSON
    lesson = make_lesson(workspace, LESSON.replace("\n", "\r\n"))
    variant = _round_trip(workspace, lesson, tmp_path, "nl")
    data = variant.read_bytes().decode("utf-8")
    assert data.count("\r\n") == data.count("\n")
    assert "- [x] CLOSE TABS YOU DO NOT NEED\r\n  : YES: FEWER SURPRISES.\r\n" in data
