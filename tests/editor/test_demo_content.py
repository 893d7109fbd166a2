"""The shipped demo workspace and lesson templates: clean, complete, and every media file accounted for."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from editor import frontmatter
from editor.blocks import KNOWN_KINDS
from editor.checks import check_path, check_text
from editor.content import CALLOUT_KINDS, QUIZ_TYPES, callout_kind, read_quiz
from editor.diagnostics import Severity
from editor.estimate import count_words, estimated_minutes
from editor.lesson_parse import ParsedLesson, parse_lesson
from editor.media_probe import duration_seconds, ffmpeg_exe
from editor.paths import DEMO_WORKSPACE, RESOURCES
from editor.render import markdown_parser
from editor.thumbnails import markdown_images
from editor.workspace import STATUSES, Workspace, template_names

# Review-by dates in the demo lie in 2027; checking "as of" a fixed day keeps this test
# meaningful after those dates pass (the overdue warning is date-driven by design).
AS_OF = dt.date(2026, 12, 1)
MEDIA_BYTES_BUDGET = 4 * 1024 * 1024
FORMAT_DOC = RESOURCES.parent / "docs" / "format.md"


def demo_lessons() -> list[tuple[Path, ParsedLesson]]:
    sources = Workspace.open(DEMO_WORKSPACE).lesson_sources()
    return [(source.parent, parse_lesson(source.read_text(encoding="utf-8"))) for source in sources]


def media_references(parsed: ParsedLesson) -> list[str]:
    """Every local file a lesson points at: Markdown images, video/poster/captions and audio."""
    found: list[str] = []
    for block in parsed.blocks:
        # Images may sit in any block's Markdown (callouts, captions, transcripts), as the checker knows.
        found += [image.src for image in markdown_images(block.body, block.body_line)]
        if block.kind in ("video", "audio"):
            found += [block.attrs[key] for key in ("src", "poster", "captions") if block.attrs.get(key)]
    return [unquote(urlsplit(src).path) for src in found if not urlsplit(src).scheme]


def test_demo_workspace_checks_without_errors_or_warnings() -> None:
    workspace_errors = [str(d) for found in check_path(DEMO_WORKSPACE).values() for d in found
                        if d.severity is Severity.ERROR]
    assert workspace_errors == []  # includes the cross-item duplicate-id check
    problems: dict[str, list[str]] = {}
    for item in Workspace.open(DEMO_WORKSPACE).items():
        kind = item.kind if item.kind == "lesson" else "link"
        lesson_dir = item.path if item.kind == "lesson" else None
        found = check_text(item.source.read_text(encoding="utf-8"), lesson_dir, kind=kind, today=AS_OF)
        if found:
            problems[item.source.name] = [str(d) for d in found]
    assert problems == {}


def test_demo_has_enough_lessons_and_links_with_unique_stable_ids() -> None:
    workspace = Workspace.open(DEMO_WORKSPACE)
    items = workspace.items()
    assert workspace.name == "Demo workspace"
    assert len([item for item in items if item.kind == "lesson"]) >= 6
    links = [item for item in items if item.kind == "link"]
    assert len(links) >= 6
    ids = [item.id for item in items]
    assert all(re.fullmatch(r"[0-9a-f]{12}", item_id) for item_id in ids), ids
    assert len(set(ids)) == len(ids)
    for link in links:
        meta = parse_lesson(link.source.read_text(encoding="utf-8")).meta
        assert link.url.startswith("https://"), link.title
        assert meta.get("source") and meta.get("summary") and meta.get("skills"), link.title
        assert isinstance(meta.get("duration_minutes"), int), link.title
        body = link.source.read_text(encoding="utf-8").split("---", 2)[2]
        assert count_words(body) >= 15, f"{link.title} needs curator notes"


def test_demo_front_matter_is_in_the_form_tessera_writes() -> None:
    # Then a metadata edit in the app changes only the edited lines, never the whole block.
    for item in Workspace.open(DEMO_WORKSPACE).items():
        text = item.source.read_text(encoding="utf-8")
        assert frontmatter.replace(text, frontmatter.parse(text).meta) == text, item.source.name


def test_demo_uses_every_block_callout_and_quiz_type() -> None:
    kinds: set[str] = set()
    quiz_types: set[str] = set()
    callouts: set[str] = set()
    markdown_tokens: set[str] = set()
    for _, parsed in demo_lessons():
        for block in parsed.blocks:
            kinds.add(block.kind)
            if block.kind == "quiz":
                quiz, _ = read_quiz(block)
                quiz_types.add(quiz.kind)
                assert all(option.feedback for option in quiz.options), quiz.question
            elif block.kind == "callout":
                assert block.positional and block.positional[0] in CALLOUT_KINDS  # no silent fallback
                callouts.add(callout_kind(block))
            elif block.kind == "markdown":
                for token in markdown_parser().parse(block.body):
                    markdown_tokens.add(token.type)
                    markdown_tokens.update(child.type for child in token.children or [])
    assert kinds == {"markdown", *KNOWN_KINDS}
    assert quiz_types == set(QUIZ_TYPES)
    assert callouts == set(CALLOUT_KINDS)
    assert {"heading_open", "image", "bullet_list_open", "ordered_list_open", "table_open"} <= markdown_tokens


def test_demo_lessons_are_realistic_microlearning() -> None:
    lessons = demo_lessons()
    statuses, languages = set(), set()
    for lesson_dir, parsed in lessons:
        words = sum(count_words(block.body) for block in parsed.blocks)
        assert 250 <= words <= 700, f"{lesson_dir.name}: {words} words"
        assert 3 <= estimated_minutes(parsed, lesson_dir) <= 8, lesson_dir.name
        assert len({block.kind for block in parsed.blocks}) >= 5, f"{lesson_dir.name} uses few blocks"
        meta = parsed.meta
        assert isinstance(meta.get("review_by"), dt.date) and meta["review_by"].year == 2027
        assert meta.get("owner") and meta.get("audience") and meta.get("skills") and meta.get("summary")
        statuses.add(meta["status"])
        languages.add(meta["language"])
    assert {"draft", "in_review", "approved", "published"} <= statuses <= set(STATUSES)
    assert {"en", "de"} <= languages


def test_every_media_reference_exists_and_every_media_file_is_used() -> None:
    referenced: set[Path] = set()
    for lesson_dir, parsed in demo_lessons():
        for relative in media_references(parsed):
            target = (lesson_dir / relative).resolve()
            assert target.is_file(), f"{lesson_dir.name} references missing {relative}"
            referenced.add(target)
    present = {path.resolve() for path in DEMO_WORKSPACE.glob("lessons/*/media/*") if path.is_file()}
    assert present == referenced, f"unused: {sorted(p.name for p in present - referenced)}"


def test_demo_media_is_small_and_images_are_web_sized() -> None:
    files = [path for path in DEMO_WORKSPACE.glob("lessons/*/media/*") if path.is_file()]
    assert sum(path.stat().st_size for path in files) < MEDIA_BYTES_BUDGET
    images = [path for path in files if path.suffix in (".png", ".webp")]
    assert len(images) >= 5
    for path in images:
        with Image.open(path) as image:
            assert image.width <= 1600, path.name
        assert path.stat().st_size < 200 * 1024, path.name


def _ffmpeg_streams(path: Path) -> str:
    # No ffprobe here: 'ffmpeg -i' describes the streams on stderr and exits non-zero (no output).
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True,
                            timeout=30, errors="replace")
    return result.stderr


def test_demo_video_is_h264_aac_mp4_with_captions_and_poster() -> None:
    videos = [(lesson_dir, block) for lesson_dir, parsed in demo_lessons() for block in parsed.blocks
              if block.kind == "video"]
    assert videos
    for lesson_dir, block in videos:
        video = lesson_dir / block.attrs["src"]
        assert video.suffix == ".mp4"
        duration = duration_seconds(video)
        assert duration is not None and 5 <= duration <= 30
        streams = _ffmpeg_streams(video)
        assert re.search(r"Video: h264\b", streams), streams
        assert re.search(r"Audio: aac\b", streams), streams
        assert re.search(r"\b(1280x720|960x540)\b", streams), streams
        captions = (lesson_dir / block.attrs["captions"]).read_text(encoding="utf-8")
        assert captions.startswith("WEBVTT")
        cue_ends = [float(s) for s in re.findall(r"--> 00:00:(\d\d\.\d\d\d)", captions)]
        assert cue_ends and abs(max(cue_ends) - duration) < 1.0  # captions cover the whole video
        with Image.open(lesson_dir / block.attrs["poster"]) as poster:
            assert poster.format == "JPEG"


def test_demo_audio_is_aac_with_a_transcript() -> None:
    clips = [(lesson_dir, block) for lesson_dir, parsed in demo_lessons() for block in parsed.blocks
             if block.kind == "audio"]
    assert clips
    for lesson_dir, block in clips:
        clip = lesson_dir / block.attrs["src"]
        assert re.search(r"Audio: aac\b", _ffmpeg_streams(clip))
        duration = duration_seconds(clip)
        assert duration is not None and 1 <= duration <= 15
        assert count_words(block.body) >= 10


def test_the_expected_templates_ship() -> None:
    assert {"blank", "concept", "how-to", "video", "knowledge-check"} <= set(template_names())


@pytest.mark.parametrize("template", template_names())
def test_each_template_creates_a_lesson_that_checks_clean(tmp_path: Path, template: str) -> None:
    workspace = Workspace.create(tmp_path / "ws", "Templates")
    folder = workspace.new_lesson(f"Trying the {template} template", template, owner="Rosa Lind")
    found = check_path(folder)[folder / "lesson.md"]
    # Only the template's example text is reported, until the author replaces it.
    assert [str(d) for d in found if d.code != "placeholder-text"] == []
    assert any(d.code == "placeholder-text" for d in found)
    parsed = parse_lesson((folder / "lesson.md").read_text(encoding="utf-8"))
    assert parsed.title == f"Trying the {template} template"
    standard_keys = {"title", "summary", "language", "audience", "skills", "tags", "owner", "status"}
    assert standard_keys <= set(parsed.meta)


def test_the_format_docs_full_example_checks_clean_and_uses_every_block(tmp_path: Path) -> None:
    section = FORMAT_DOC.read_text(encoding="utf-8").split("## 6. A complete example", 1)[1]
    match = re.search(r"```markdown\n(.*?)\n```\n", section, re.DOTALL)
    assert match, "the full example is missing from docs/format.md"
    lesson_dir = tmp_path / "example"
    (lesson_dir / "media").mkdir(parents=True)
    text = match.group(1) + "\n"
    (lesson_dir / "lesson.md").write_text(text, encoding="utf-8")
    parsed = parse_lesson(text)
    demo_media = sorted(DEMO_WORKSPACE.glob("lessons/*/media/*"))
    for relative in media_references(parsed):
        # Any demo file of the same type stands in for the example's media.
        stand_in = next(path for path in demo_media if path.suffix == Path(relative).suffix)
        (lesson_dir / relative).write_bytes(stand_in.read_bytes())
    assert [str(d) for d in check_text(text, lesson_dir, today=AS_OF)] == []
    assert {block.kind for block in parsed.blocks} == {"markdown", *KNOWN_KINDS}
    assert {read_quiz(block)[0].kind for block in parsed.blocks if block.kind == "quiz"} == set(QUIZ_TYPES)
    assert {callout_kind(block) for block in parsed.blocks if block.kind == "callout"} == set(CALLOUT_KINDS)
