"""Template and snippet text nobody replaced: reported by check, with the block named."""

from __future__ import annotations

import pytest

from editor.checks import check_text
from editor.lesson_parse import parse_lesson
from editor.placeholders import placeholder_problems, placeholder_texts
from editor.snippets import Snippet, block_insertion
from editor.workspace import Workspace, template_names

HEADER = "---\nid: x1\ntitle: Placeholders\n---\n"


def codes(text: str) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in placeholder_problems(parse_lesson(text))]


def test_snippet_text_left_in_a_block_is_reported_with_the_block_and_field() -> None:
    text = HEADER + "Real intro.\n\n" + block_insertion(Snippet.FLASHCARDS, "", "")
    assert codes(text) == [(7, "This flashcards block still has the example cards 'Term or question'. "
                                "Replace it with your own content or delete the block.")]
    quiz = HEADER + block_insertion(Snippet.QUIZ_SINGLE, "", "").replace("Which answer is right?", "Mine?")
    assert [message.split("'")[1] for _, message in codes(quiz)] == ["The correct answer"]


def test_replaced_text_and_fixed_words_are_not_placeholders() -> None:
    own = HEADER + ("## Steps\n\n::: quiz truefalse\n? The sky is green.\n- [ ] True\n  : No.\n"
                    "- [x] False\n  : Right.\n:::\n")
    assert codes(own) == []
    assert "true" not in placeholder_texts() and "steps" not in placeholder_texts()
    assert "heading" in placeholder_texts()        # an inserted '## Heading' is a placeholder


@pytest.mark.parametrize("template", template_names())
def test_every_template_lesson_reports_its_example_text_in_check(workspace: Workspace, template: str) -> None:
    text = (workspace.new_lesson("Fresh", template) / "lesson.md").read_text(encoding="utf-8")
    found = [d for d in check_text(text, None) if d.code == "placeholder-text"]
    assert found and all(d.severity.value == "warning" for d in found)
    assert check_text(text, None, kind="link") == [d for d in check_text(text, None, kind="link")
                                                   if d.code != "placeholder-text"]
