"""Generate a realistic, reproducible workspace for the benchmarks.

``make_workspace(root)`` writes N short lessons (~300 words of workplace prose each, varied front
matter, some quizzes, flashcards, callouts and pictures), 20 curated links and one long lesson
(~2,000 words) that uses every block type with real media files. The same seed always gives the same
text, so figures measured on different days compare like with like.

Run ``python -m benchmarks.make_workspace TARGET [--lessons N] [--seed S]`` to look at one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from editor import frontmatter
from editor.atomic import atomic_write_bytes, atomic_write_text
from editor.blocks import split
from editor.estimate import count_words
from editor.media_probe import ffmpeg_exe
from editor.slugs import slugify, unique_path
from editor.workspace import CURATED, LESSON_FILE, LESSONS, STATUSES, Workspace, WorkspaceError

LONG_LESSON_SLUG = "long-lesson-every-block"
LONG_LESSON_WORDS = 2000
SHORT_LESSON_WORDS = 300

NOUNS = ("meeting", "agenda", "deadline", "budget", "forecast", "customer", "supplier", "invoice",
         "contract", "report", "dashboard", "colleague", "manager", "team", "project", "milestone",
         "handover", "roadmap", "backlog", "ticket", "incident", "audit", "policy", "process", "workflow",
         "checklist", "template", "spreadsheet", "presentation", "proposal", "feedback", "goal", "priority",
         "risk", "estimate", "review", "approval", "request", "decision", "stakeholder", "onboarding",
         "training", "shift", "rota", "warehouse", "delivery", "order", "quote", "complaint", "escalation",
         "update", "standup", "retrospective", "sprint", "release", "password", "laptop", "badge", "safety",
         "procedure", "inspection", "quality", "target")
VERBS = ("schedule", "prepare", "review", "approve", "share", "document", "escalate", "prioritise", "track",
         "update", "clarify", "confirm", "summarise", "delegate", "plan", "measure", "check", "agree",
         "postpone", "assign", "follow", "record", "explain", "present", "negotiate", "improve", "simplify",
         "compare", "reconcile", "forward", "archive")
ADJECTIVES = ("clear", "short", "weekly", "monthly", "urgent", "open", "shared", "quarterly", "internal",
              "external", "honest", "brief", "practical", "realistic", "specific", "early", "late",
              "written", "verbal", "remote", "hybrid", "cross-functional", "critical", "routine", "new",
              "final", "draft", "approved")
CONNECTORS = ("before", "after", "during", "because", "so", "that", "while", "unless", "once", "whenever",
              "although")
SKILLS = ("Communication", "Feedback", "Leadership", "Time management", "Excel", "Customer service",
          "Safety", "Security awareness", "Project management", "Negotiation", "Onboarding",
          "Writing", "Data literacy", "Facilitation")
TAGS = ("management", "new-starters", "compliance", "office", "warehouse", "sales", "finance", "it",
        "hr", "quick-win", "mandatory", "remote-work")
OWNERS = ("Ana Pereira", "Jonas Becker", "Priya Raman", "Tomás García", "Mei Lin", "Olu Adeyemi",
          "Sara Nilsson", "Luca Romano")
AUDIENCES = ("Team leads", "All employees", "New starters", "Warehouse staff", "Sales team",
             "Finance team", "Customer support agents")
LANGUAGES = ("en", "en", "en", "en", "de", "fr")
STATUS_WEIGHTS = (30, 10, 5, 10, 40, 5)   # most of a real library is published or still a draft
CALLOUT_KINDS = ("info", "tip", "warning", "example")
LINK_SOURCES = ("Harvard Business Review", "Internal wiki", "YouTube", "LinkedIn Learning", "Coursera",
                "Company intranet", "Podcast")
BASE_DATE = dt.date(2026, 1, 5)


def plural(word: str) -> str:
    """Plural noun or third-person verb ("policy" → "policies", "process" → "processes")."""
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s")


def gerund(verb: str) -> str:
    if verb == "plan":   # the one verb in the list that doubles its last consonant
        return "planning"
    return (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing"


class Writer:
    """Workplace prose from a fixed vocabulary, driven by one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def item_id(self) -> str:
        return f"{self.rng.getrandbits(48):012x}"

    def phrase(self) -> str:
        return f"the {self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)}"

    def sentence(self) -> str:
        rng = self.rng
        words = [rng.choice(VERBS), self.phrase(), rng.choice(CONNECTORS), self.phrase(),
                 plural(rng.choice(VERBS)), "the", rng.choice(NOUNS)]
        if rng.random() < 0.6:
            words += [rng.choice(("with", "for", "about", "by")), self.phrase()]
        if rng.random() < 0.15:
            words.append(f"**{rng.choice(NOUNS)}**")
        elif rng.random() < 0.05:
            noun = rng.choice(NOUNS)
            words.append(f"[{noun} guide](https://intranet.example.com/guides/{noun})")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int | None = None) -> str:
        return " ".join(self.sentence() for _ in range(sentences or self.rng.randint(3, 5)))

    def title(self) -> str:
        return (f"{gerund(self.rng.choice(VERBS)).capitalize()} {self.rng.choice(ADJECTIVES)} "
                f"{plural(self.rng.choice(NOUNS))}")

    def bullets(self, count: int) -> str:
        return "\n".join(f"- {self.sentence()}" for _ in range(count))

    def quiz(self, kind: str = "single") -> str:
        if kind == "truefalse":
            answers = [(True, "True"), (False, "False")]
        else:
            answers = [(index == 0 or (kind == "multiple" and index == 1), self.sentence()[:-1])
                       for index in range(self.rng.randint(3, 4))]
            self.rng.shuffle(answers)
        lines = [f"::: quiz {kind}", f"? {self.sentence()[:-1]}?"]
        for correct, text in answers:
            lines += [f"- [{'x' if correct else ' '}] {text}", f"  : {self.sentence()}"]
        return "\n".join([*lines, ":::"])

    def flashcards(self, count: int) -> str:
        cards = [f"? {self.rng.choice(NOUNS).capitalize()}\n: {self.sentence()}" for _ in range(count)]
        return "\n".join(["::: flashcards", *cards, ":::"])

    def callout(self, kind: str) -> str:
        return f"::: callout {kind}\n{self.paragraph(2)}\n:::"

    def takeaways(self) -> str:
        return f"::: takeaways\n{self.bullets(3)}\n:::"

    def apply(self) -> str:
        return f"::: apply\naction: {self.sentence()}\nreflect: {self.sentence()[:-1]}?\n:::"

    def meta(self, title: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        rng = self.rng
        created = BASE_DATE + dt.timedelta(days=rng.randint(0, 400))
        meta: dict[str, Any] = {
            "id": self.item_id(), "title": title,
            "summary": self.sentence(), "language": rng.choice(LANGUAGES),
            "audience": rng.choice(AUDIENCES), "skills": rng.sample(SKILLS, rng.randint(1, 3)),
            "tags": rng.sample(TAGS, rng.randint(0, 3)), "owner": rng.choice(OWNERS),
            "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0], "created": created,
            "review_by": created + dt.timedelta(days=365)}
        if rng.random() < 0.2:
            meta["estimated_minutes"] = rng.randint(2, 8)
        meta.update(extra or {})
        return meta


def lesson_text(meta: dict[str, Any], blocks: list[str]) -> str:
    return f"---\n{frontmatter.dump(meta)}---\n" + "\n\n".join(blocks) + "\n"


def words_in(blocks: list[str]) -> int:
    """Words as the editor counts them: block bodies only, not the ``::: kind`` lines."""
    found, _problems = split("\n\n".join(blocks), 1)
    return sum(count_words(block.body) for block in found)


def png_bytes(seed: int, size: tuple[int, int] = (480, 320), text: str = "") -> bytes:
    """A simple diagram-like picture: coloured cards on a light background."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (246, 247, 250))
    draw = ImageDraw.Draw(image)
    width = size[0] // 3
    for index in range(3):
        colour = tuple(rng.randint(60, 200) for _ in range(3))
        box = (index * width + 12, 40, (index + 1) * width - 12, size[1] - 40)
        draw.rounded_rectangle(box, radius=14, fill=colour)
    if text:
        draw.text((16, 12), text, fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def short_lesson(writer: Writer, lessons_dir: Path, number: int) -> None:
    rng = writer.rng
    title = writer.title()
    folder = unique_path(lessons_dir, slugify(title))
    (folder / "media").mkdir(parents=True)
    prose = [writer.paragraph(), f"## {writer.title()}"]
    if rng.random() < 0.25:   # about a quarter of lessons have a picture (library thumbnails)
        atomic_write_bytes(folder / "media" / "diagram.png", png_bytes(number))
        prose.append(f'![{writer.sentence()[:-1]}](media/diagram.png "{writer.title()}")')
    extras = [writer.callout(rng.choice(CALLOUT_KINDS)), writer.quiz(rng.choice(("single", "multiple"))),
              writer.flashcards(3), writer.takeaways(), writer.apply()]
    extras = [extra for extra in extras if rng.random() < 0.35]
    while words_in(prose + extras) < SHORT_LESSON_WORDS:
        prose.append(writer.paragraph())
    atomic_write_text(folder / LESSON_FILE, lesson_text(writer.meta(title), prose + extras))


def curated_link(writer: Writer, folder: Path) -> None:
    rng = writer.rng
    title = writer.title()
    meta = writer.meta(title, {"kind": "link", "url": f"https://learning.example.com/{slugify(title)}",
                               "source": rng.choice(LINK_SOURCES),
                               "duration_minutes": rng.randint(3, 25)})
    for unused in ("audience", "created", "review_by", "estimated_minutes"):
        meta.pop(unused, None)
    atomic_write_text(unique_path(folder, slugify(title), ".md"),
                      f"---\n{frontmatter.dump(meta)}---\n{writer.paragraph(3)}\n")


def run_ffmpeg(args: list[str], target: Path) -> None:
    """Encode with the bundled ffmpeg into a temp file, then move the bytes in atomically."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / target.name
        subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args,
                        "-fflags", "+bitexact", "-threads", "1", str(out)], check=True, timeout=120)
        atomic_write_bytes(target, out.read_bytes())


def long_lesson_media(media: Path) -> None:
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc=duration=6:size=320x180:rate=15",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
               media / "intro.mp4")
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=4", "-c:a", "aac"], media / "tip.m4a")
    atomic_write_text(media / "intro.vtt", "WEBVTT\n\n00:00.000 --> 00:03.000\nWhy this lesson matters.\n\n"
                                           "00:03.000 --> 00:06.000\nThree steps you can use today.\n")
    poster = Image.open(io.BytesIO(png_bytes(1, (320, 180), "Intro"))).convert("RGB")
    buffer = io.BytesIO()
    poster.save(buffer, "JPEG", quality=85)
    atomic_write_bytes(media / "intro.jpg", buffer.getvalue())
    atomic_write_bytes(media / "process.png", png_bytes(2, (640, 360), "Process"))


def long_lesson(writer: Writer, folder: Path) -> Path:
    """A ~2,000-word lesson using every block kind, with real media so checks and estimates do real work."""
    (folder / "media").mkdir(parents=True, exist_ok=True)
    long_lesson_media(folder / "media")
    table = "| Step | Who | When |\n|---|---|---|\n" + "\n".join(
        f"| {writer.rng.choice(VERBS).capitalize()} {writer.phrase()} | {writer.rng.choice(OWNERS)} | "
        f"Week {week} |" for week in range(1, 6))
    fixed = [
        writer.paragraph(),
        '::: video src="media/intro.mp4" captions="media/intro.vtt" poster="media/intro.jpg" '
        'title="Why this matters"\n' + writer.paragraph(2) + "\n:::",
        "## The process at a glance",
        '![Three coloured cards standing for the three steps](media/process.png "The three steps")',
        table,
        '::: callout info title="Before you start"\n' + writer.paragraph(2) + "\n:::",
        "### Step by step", "\n".join(f"{n}. {writer.sentence()}" for n in range(1, 6)),
        writer.callout("tip"), writer.callout("warning"), writer.callout("example"),
        '::: audio src="media/tip.m4a"\n' + writer.paragraph(3) + "\n:::",
        "## Check your understanding", writer.quiz("single"), writer.quiz("multiple"),
        writer.quiz("truefalse"), writer.flashcards(6), writer.takeaways(), writer.apply(),
    ]
    # Prose goes into the sections before the quizzes until the lesson reaches its length.
    prose: list[str] = []
    while words_in(fixed + prose) < LONG_LESSON_WORDS:
        prose.append(writer.paragraph())
    split = fixed.index("## Check your understanding")
    third = max(1, len(prose) // 3)
    blocks = [*fixed[:3], *prose[:third], *fixed[3:8], *prose[third:2 * third], *fixed[8:split],
              "## Putting it together", *prose[2 * third:], *fixed[split:]]
    meta = writer.meta("Running a clear weekly handover", {"status": "in_review", "language": "en"})
    meta.pop("estimated_minutes", None)   # computed, so the estimate does its media work
    atomic_write_text(folder / LESSON_FILE, lesson_text(meta, blocks))
    return folder / LESSON_FILE


def make_workspace(root: Path, lessons: int = 200, links: int = 20, seed: int = 20260105) -> Workspace:
    """Create the benchmark workspace at ``root`` (which must not be a workspace yet)."""
    workspace = Workspace.create(root, f"Benchmark workspace ({lessons} lessons)")
    writer = Writer(seed)
    for number in range(lessons):
        short_lesson(writer, workspace.root / LESSONS, number)
    for _ in range(links):
        curated_link(writer, workspace.root / CURATED)
    long_lesson(writer, workspace.root / LESSONS / LONG_LESSON_SLUG)
    return workspace


def long_lesson_path(workspace: Workspace) -> Path:
    return workspace.root / LESSONS / LONG_LESSON_SLUG / LESSON_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the benchmark workspace.")
    parser.add_argument("target", type=Path, help="folder to create (must not be a workspace yet)")
    parser.add_argument("--lessons", type=int, default=200, help="number of short lessons (default 200)")
    parser.add_argument("--links", type=int, default=20, help="number of curated links (default 20)")
    parser.add_argument("--seed", type=int, default=20260105, help="random seed (same seed, same files)")
    args = parser.parse_args(argv)
    if args.lessons < 0 or args.links < 0:
        parser.error("--lessons and --links must be 0 or more")
    try:
        workspace = make_workspace(args.target, args.lessons, args.links, args.seed)
    except (WorkspaceError, OSError, subprocess.SubprocessError) as exc:
        print(f"make_workspace: could not create {args.target}: {exc}", file=sys.stderr)
        return 1
    print(f"Created {workspace.root}: {len(workspace.items())} items; long lesson at "
          f"{long_lesson_path(workspace)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
