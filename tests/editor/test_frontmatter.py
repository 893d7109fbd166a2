"""Front matter: parsing, diagnostics for broken metadata, and rewriting only the metadata."""

from __future__ import annotations

import datetime as dt

import pytest

from editor import frontmatter

BODY = "Body line with trailing spaces   \n\n::: mystery kind=x\nkept as written\n:::\nno final newline"


def codes(found: frontmatter.FrontMatter) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in found.diagnostics]


def test_parse_splits_meta_and_body() -> None:
    text = ("---\ntitle: Giving feedback\nskills: [Feedback, Communication]\nreview_by: 2027-05-01\n---\n"
            + BODY)
    found = frontmatter.parse(text)
    assert found.present
    assert found.diagnostics == []
    assert found.meta == {"title": "Giving feedback", "skills": ["Feedback", "Communication"],
                          "review_by": dt.date(2027, 5, 1)}
    assert text[found.body_start:] == BODY
    assert found.body_line == 6


def test_parse_crlf_front_matter() -> None:
    text = "---\r\ntitle: Olá\r\n---\r\nFirst body line\r\n"
    found = frontmatter.parse(text)
    assert found.meta == {"title": "Olá"}
    assert text[found.body_start:] == "First body line\r\n"
    assert found.body_line == 4


def test_empty_front_matter_is_an_empty_mapping() -> None:
    found = frontmatter.parse("---\n---\nbody")
    assert found.present and found.meta == {} and found.diagnostics == []
    assert found.body_line == 3


def test_missing_front_matter_is_reported_on_line_1() -> None:
    found = frontmatter.parse("# Just a heading\n")
    assert not found.present
    assert codes(found) == [(1, "front-matter-missing")]
    assert found.body_start == 0


@pytest.mark.parametrize(("text", "line"), [
    ("---\ntitle: Fine\nsummary: a: b\nowner: Ana\n---\nbody\n", 3),
    ("---\ntitle: Fine\nowner: Ana\nsummary: 'unterminated\n---\nbody\n", 5),
    ("---\ntitle: Fine\n  bad indent: here\n---\nbody\n", 3),
])
def test_bad_yaml_points_at_the_problem_line(text: str, line: int) -> None:
    found = frontmatter.parse(text)
    assert found.present
    assert codes(found) == [(line, "front-matter-yaml")]
    assert found.meta == {}
    assert "YAML" in found.diagnostics[0].message


def test_yaml_tags_that_construct_objects_are_refused_not_executed() -> None:
    found = frontmatter.parse("---\ntitle: !!python/object/apply:os.system ['true']\n---\n")
    assert codes(found) == [(2, "front-matter-yaml")]
    assert found.meta == {}


def test_unclosed_front_matter() -> None:
    found = frontmatter.parse("---\ntitle: Never closed\nbody text\n")
    assert found.present
    assert codes(found) == [(1, "front-matter-unclosed")]


@pytest.mark.parametrize("yaml_text", ["- a\n- b\n", "just a sentence\n", "42\n"])
def test_front_matter_that_is_not_a_mapping(yaml_text: str) -> None:
    found = frontmatter.parse(f"---\n{yaml_text}---\nbody\n")
    assert codes(found) == [(2, "front-matter-not-mapping")]
    assert found.meta == {}


def test_utf8_bom_before_front_matter_is_understood() -> None:
    found = frontmatter.parse("\ufeff---\ntitle: Saved by Notepad\n---\nbody\n")
    assert found.present
    assert found.diagnostics == []
    assert found.meta == {"title": "Saved by Notepad"}
    assert found.body_line == 4


def test_dump_keeps_key_order_and_writes_short_lists_inline() -> None:
    text = frontmatter.dump({"zeta": 1, "title": "Ünïcode ✓", "skills": ["Excel", "Data"],
                             "review_by": dt.date(2027, 5, 1), "tags": ("a", "b")})
    assert text.splitlines() == ["zeta: 1", "title: Ünïcode ✓", "skills: [Excel, Data]",
                                 "review_by: 2027-05-01", "tags: [a, b]"]


def test_replace_keeps_body_byte_identical_and_unknown_keys_in_order() -> None:
    text = ("---\nid: abc123\ntitle: Old\nx_custom: {nested: [1, 2]}\nzz_last: keep me\n---\n" + BODY)
    meta = frontmatter.parse(text).meta
    meta["title"] = "New title"
    out = frontmatter.replace(text, meta)
    found = frontmatter.parse(out)
    assert out[found.body_start:] == BODY
    assert list(found.meta) == ["id", "title", "x_custom", "zz_last"]
    assert found.meta == {"id": "abc123", "title": "New title", "x_custom": {"nested": [1, 2]},
                          "zz_last": "keep me"}


def test_replace_keeps_crlf_everywhere() -> None:
    body = "Body\r\n::: callout tip\r\nHi\r\n:::\r\n"
    text = "---\r\ntitle: Old\r\nlanguage: pt-BR\r\n---\r\n" + body
    out = frontmatter.replace(text, {"title": "New", "language": "pt-BR"})
    assert out == "---\r\ntitle: New\r\nlanguage: pt-BR\r\n---\r\n" + body
    assert "\n" not in out.replace("\r\n", "")


def test_replace_adds_front_matter_to_a_file_without_one() -> None:
    out = frontmatter.replace("# Heading\nText\n", {"title": "Added"})
    assert out == "---\ntitle: Added\n---\n# Heading\nText\n"


@pytest.mark.parametrize("text", [
    "---\ntitle: [unclosed\n---\nbody\n",
    "---\ntitle: never closed\nbody\n",
    "---\n- a list\n---\nbody\n",
])
def test_replace_refuses_to_overwrite_unreadable_front_matter(text: str) -> None:
    with pytest.raises(ValueError, match="cannot be read"):
        frontmatter.replace(text, {"title": "Overwritten"})


def test_replace_with_bom_rewrites_the_existing_front_matter() -> None:
    out = frontmatter.replace("\ufeff---\ntitle: Old\n---\nbody\n", {"title": "New"})
    # The BOM stays first and the old block is replaced, not pushed into the body.
    assert out == "\ufeff---\ntitle: New\n---\nbody\n"
