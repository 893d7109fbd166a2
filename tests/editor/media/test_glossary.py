"""The workspace glossary (glossary.txt): read it, add to it, give it to the engine as a prompt."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.media.errors import MediaError
from editor.media.glossary import add_glossary_term, read_glossary
from editor.media.whisper import glossary_prompt


def test_terms_are_read_without_comments_blanks_or_repeats(tmp_path: Path) -> None:
    text = "# product names\nTessera\n\n  SBI   model \ntessera\nKPI # metric\n"
    (tmp_path / "glossary.txt").write_text(text, encoding="utf-8")
    assert read_glossary(tmp_path) == ("Tessera", "SBI model", "KPI")
    assert read_glossary(tmp_path / "nowhere") == ()


def test_adding_keeps_the_file_and_skips_known_terms(tmp_path: Path) -> None:
    change = add_glossary_term(tmp_path, "  Kowalczyk ")
    assert change.added and change.term == "Kowalczyk" and change.path == tmp_path / "glossary.txt"
    (tmp_path / "glossary.txt").write_bytes(b"# names\r\nKowalczyk")
    assert not add_glossary_term(tmp_path, "KOWALCZYK").added
    assert add_glossary_term(tmp_path, "Zephyrine").added
    assert (tmp_path / "glossary.txt").read_bytes() == b"# names\r\nKowalczyk\r\nZephyrine\r\n"
    assert read_glossary(tmp_path) == ("Kowalczyk", "Zephyrine")


@pytest.mark.parametrize("term", ["", "   ", "C# tips", "x" * 61])
def test_unusable_terms_are_refused_with_a_reason(tmp_path: Path, term: str) -> None:
    with pytest.raises(MediaError):
        add_glossary_term(tmp_path, term)
    assert not (tmp_path / "glossary.txt").exists()


def test_the_prompt_lists_terms_up_to_what_the_engine_reads() -> None:
    assert glossary_prompt(["Tessera", "SBI"]) == "Tessera, SBI."
    assert glossary_prompt([]) is None
    long = glossary_prompt([f"term{number:04d}" for number in range(500)])
    assert long is not None and len(long) <= 601 and long.startswith("term0000, term0001")
