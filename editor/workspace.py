"""A workspace: a plain folder of lessons and curated items that a team can share.

Layout::

    tessera.yaml            workspace marker (name, format version, id)
    lessons/<slug>/lesson.md + media/
    curated/<slug>.md       one external resource per file
    .trash/                 deleted items, restorable
    .tessera/               derived data (thumbnails, index…) — safe to delete

The front matter code (and with it YAML, ~20 ms of imports) loads with the first item read or written:
a window opening a workspace reads none before its first frame (the list comes from the item record).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.atomic import atomic_write_text, remove_stale_temps_under
from editor.confine import inside, written_parents
from editor.lesson_file import LoadError, SourceFile, read_text
from editor.paths import TEMPLATES
from editor.progress import CancelToken
from editor.slugs import new_id, slugify, unique_path

MARKER = "tessera.yaml"
LESSONS = "lessons"
CURATED = "curated"
TRASH = ".trash"
CACHE = ".tessera"
MEMBERS_FILE = "members.yaml"   # the team: who reviews, who approves (editor/review/members.py)
LESSON_FILE = "lesson.md"
FORMAT_VERSION = 1
# A translation of a lesson lives next to it as lesson.<language>.md and shares its media (docs/format.md).
_VARIANT_FILE = re.compile(r"^lesson\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")
STATUSES = ("draft", "in_review", "changes_requested", "approved", "published", "retired")


class WorkspaceError(Exception):
    """The folder is not a usable workspace; the message says what to do."""


@dataclass(slots=True)   # a library holds tens of thousands: ~500 bytes less each than with a __dict__
class Item:
    """What the library shows about a lesson or curated item, read from its front matter."""

    id: str
    kind: str                    # "lesson" or "link"
    title: str
    status: str
    source: Path                 # the Markdown file to edit
    modified: float
    summary: str = ""
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str = ""
    owner: str = ""
    url: str = ""
    problem: str = ""            # set when the file could not be read
    translation_of: str = ""     # a language variant: the id of the lesson it translates

    @property
    def path(self) -> Path:
        """The lesson's folder, or the file itself for a curated item or a language variant: what
        moving or trashing the item touches (a variant is one file in its lesson's folder). Worked out
        when asked: a stored second path per item was ~4 MB at 20,000 items."""
        return self.source.parent if self.source.name == LESSON_FILE else self.source

    @property
    def folder(self) -> Path:
        """The folder its media paths are relative to (a lesson's folder, also for its variants)."""
        return self.source.parent

    def with_status(self, status: str) -> Item:
        """A copy with ``status`` (the original may still be held elsewhere). Not dataclasses.replace,
        which is slow enough to matter for thousands of items."""
        copied = copy.copy(self)
        copied.status = status
        return copied

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "status": self.status,
                "path": str(self.path), "skills": self.skills, "tags": self.tags,
                "modified": dt.datetime.fromtimestamp(self.modified, dt.UTC).isoformat(),
                "problem": self.problem, "language": self.language,
                "translation_of": self.translation_of}


@dataclass
class TrashEntry:
    original: Path
    trashed: Path


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def outside_workspace_problem(path: Path) -> str | None:
    """Why ``path`` must not be read, when it sits in a workspace as written but its links lead outside.

    A lesson folder or curated file in a shared workspace may be a link someone planted to pull
    private files into packages; links above the workspace (a mounted share) are fine.
    """
    root = next((folder for folder in written_parents(path) if (folder / MARKER).is_file()), None)
    if root is None or inside(path, root):
        return None
    return (f"{path} links to {Path(path).resolve()}, outside the workspace {root.resolve()}. Tessera "
            "does not read or export files from outside the workspace: copy the lesson into the workspace "
            "instead of linking to it.")


def _visible_entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if not entry.name.startswith(".")]
    except OSError:
        return []


def _lesson_file_names(folder: str) -> list[str]:
    """The lesson file and its language variants in ``folder`` (a listing: a folder's variants are
    known only by looking; it costs ~5 ms per 1,000 folders over checking lesson.md alone)."""
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if is_lesson_file_name(entry.name)]
    except OSError:
        return []


def _add_stamp(found: dict[str, str], linked: list[str], root: str, key: str, folder_is_link: bool) -> None:
    """Records the stamp of the regular file ``key``, and in ``linked`` that it is reached through a link.

    One ``lstat`` answers both for the usual plain file; only a linked file costs a second status read.
    """
    path = f"{root}/{key}"
    try:
        info = os.lstat(path)
        file_is_link = stat.S_ISLNK(info.st_mode)
        if file_is_link:
            info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        found[key] = stat_stamp(info)
        if folder_is_link or file_is_link:
            linked.append(key)


def stat_stamp(info: os.stat_result) -> str:
    """A file's modification stamp: it changes whenever the file is written."""
    return f"{info.st_mtime_ns}:{info.st_size}"


def variant_language(source: Path) -> str:
    """The language of a lesson variant file (``lesson.de.md`` -> ``de``); "" for any other file."""
    match = _VARIANT_FILE.match(Path(source).name)
    return match.group(1) if match else ""


def variant_file_name(language: str) -> str:
    if not _VARIANT_FILE.match(f"lesson.{language}.md"):
        raise WorkspaceError(f"'{language}' is not a language code (such as de, fr or pt-BR).")
    return f"lesson.{language}.md"


def is_lesson_source(source: Path) -> bool:
    """Whether ``source`` is a lesson file: lesson.md or one of its language variants."""
    return is_lesson_file_name(Path(source).name)


def lesson_file_order(name: str) -> tuple[bool, str]:
    """Where a lesson file goes among those of its folder: lesson.md first, then its variants by name."""
    return name != LESSON_FILE, name


def is_lesson_file_name(name: str) -> bool:
    """Whether a file called ``name`` in a lesson folder is a lesson file (lesson.md or a variant)."""
    return name == LESSON_FILE or _VARIANT_FILE.match(name) is not None


def template_names() -> list[str]:
    return sorted(path.stem for path in TEMPLATES.glob("*.md"))


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    # -- creation and opening ------------------------------------------------
    @classmethod
    def create(cls, root: Path, name: str | None = None) -> Workspace:
        from editor import frontmatter

        root = Path(root)
        if (root / MARKER).exists():
            raise WorkspaceError(f"{root} is already a Tessera workspace.")
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root} is a file; choose a folder for the workspace.")
        for sub in (LESSONS, CURATED):
            (root / sub).mkdir(parents=True, exist_ok=True)
        # The id tells a new workspace from an old one once created at the same path (per-person state
        # such as the publishing outbox is keyed to it).
        marker = {"name": name or root.resolve().name, "format": FORMAT_VERSION, "id": new_id()}
        atomic_write_text(root / MARKER, frontmatter.dump(marker))
        _ignore_cache_in_git(root / ".gitignore")
        return cls(root)

    @classmethod
    def open(cls, root: Path, *, tidy: bool = True) -> Workspace:
        """The workspace at ``root``. ``tidy=False`` leaves out removing stale temp files (``tidy()``),
        which visits every folder: a window calls it on a worker instead."""
        root = Path(root)
        if not (root / MARKER).is_file():
            raise WorkspaceError(f"{root} is not a Tessera workspace (no {MARKER}). Create one with "
                                 f"'tessera init {root}' or choose another folder.")
        workspace = cls(root)
        if tidy:
            workspace.tidy()
        return workspace

    def tidy(self) -> int:
        """Remove temp files of writers killed mid-save (ours by name, a minute old), which would pile up
        in a shared folder; returns how many."""
        return remove_stale_temps_under(self.root)

    @classmethod
    def containing(cls, path: Path) -> Workspace | None:
        """The workspace that holds ``path``, if any."""
        for folder in [Path(path).resolve(), *Path(path).resolve().parents]:
            if (folder / MARKER).is_file():
                return cls(folder)
        return None

    @property
    def name(self) -> str:
        return str(self._marker().get("name") or self.root.name)

    @property
    def identity(self) -> str:
        """The id in tessera.yaml ("" for workspaces made before ids existed); untrusted text."""
        value = self._marker().get("id")
        return str(value) if isinstance(value, (str, int)) else ""

    def _marker(self) -> dict[str, Any]:
        import yaml

        try:
            data = yaml.safe_load((self.root / MARKER).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError):
            data = {}
        return data if isinstance(data, dict) else {}

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE

    # -- listing ---------------------------------------------------------------
    def lesson_sources(self) -> list[Path]:
        """Every lesson.md really inside the workspace (one linked from outside is left out)."""
        return [path for path in self._lesson_files() if inside(path, self.root)]

    def curated_sources(self) -> list[Path]:
        return [path for path in self._curated_files() if inside(path, self.root)]

    def source_stamps(self, cancel: CancelToken | None = None) -> dict[str, str]:
        """Every item source there is now — key ("lessons/x/lesson.md", "curated/y.md") → its
        modification time (ns) and size as "mtime:size" — from one status read per item: no
        parsing and no path objects, so caches can tell cheaply what changed on disk. ``cancel`` is
        looked at every few hundred folders (~4 ms of work)."""
        root = str(self.root)
        found: dict[str, str] = {}
        linked: list[str] = []
        # Whether a folder is a link comes with the folder listing; each file then needs one lstat.
        for number, folder in enumerate(_visible_entries(os.path.join(root, LESSONS))):
            if cancel is not None and number % 256 == 0:
                cancel.raise_if_cancelled()
            for name in _lesson_file_names(os.path.join(root, LESSONS, folder.name)):
                _add_stamp(found, linked, root, f"{LESSONS}/{folder.name}/{name}", folder.is_symlink())
        for entry in _visible_entries(os.path.join(root, CURATED)):
            if entry.name.endswith(".md"):
                _add_stamp(found, linked, root, f"{CURATED}/{entry.name}", False)
        # A source reached through a link that leads outside is never read (see outside_workspace_problem).
        for key in linked:
            if not inside(self.root / key, self.root):
                del found[key]
        return found

    def items(self) -> list[Item]:
        """What the library shows; a source linked from outside is listed with its problem, never read."""
        return [self.read_item(path) for path in [*self._lesson_files(), *self._curated_files()]]

    def _lesson_files(self) -> list[Path]:
        """Every lesson.md, each followed by its language variants."""
        found = [path for path in (self.root / LESSONS).glob("*/lesson*.md") if is_lesson_source(path)]
        return sorted(found, key=lambda path: (path.parent.name, *lesson_file_order(path.name)))

    def _curated_files(self) -> list[Path]:
        return sorted((self.root / CURATED).glob("*.md"))

    def read_item(self, source: Path) -> Item:
        from editor import frontmatter

        try:
            outside = outside_workspace_problem(source)
            if outside:
                raise LoadError(outside)
            text, _ = read_text(source)
            front = frontmatter.parse(text)
            meta, problem = front.meta, "; ".join(d.message for d in front.diagnostics)
            modified = source.stat().st_mtime
        except (LoadError, OSError) as exc:
            meta, problem, modified = {}, str(exc), 0.0
        return self.item_from_meta(source, meta, modified, problem)

    @staticmethod
    def item_from_meta(source: Path, meta: dict[str, Any], modified: float, problem: str = "") -> Item:
        """The item at ``source`` from front matter already parsed (the search index parses once)."""
        kind = "lesson" if is_lesson_source(source) else "link"
        item = Item(
            id=str(meta.get("id") or ""), kind=kind, title=str(meta.get("title") or ""),
            status=str(meta.get("status") or "draft"), source=source,
            modified=modified, summary=str(meta.get("summary") or ""),
            skills=_as_list(meta.get("skills")), tags=_as_list(meta.get("tags")),
            language=str(meta.get("language") or ""), owner=str(meta.get("owner") or ""),
            url=str(meta.get("url") or ""), problem=problem,
            translation_of=str(meta.get("translation_of") or "") if variant_language(source) else "")
        if not item.title:       # untitled: named after its folder (a lesson) or its file
            item.title = item.path.stem.replace("-", " ").capitalize()
        return item

    def find(self, key: str) -> Item | None:
        """An item by id, folder name or path."""
        for item in self.items():
            if key in (item.id, item.path.name, item.path.stem, str(item.path)):
                return item
        return None

    # -- changes -----------------------------------------------------------------
    def new_lesson(self, title: str, template: str = "blank", owner: str = "") -> Path:
        from editor import frontmatter

        title = title.strip()
        if not title:
            raise WorkspaceError("A lesson needs a title.")
        template_path = TEMPLATES / f"{template}.md"
        if template not in template_names():
            raise WorkspaceError(f"There is no template '{template}'. Choose one of: "
                                 f"{', '.join(template_names())}.")
        text = template_path.read_text(encoding="utf-8")
        meta = {"id": new_id(), **frontmatter.parse(text).meta}
        meta.update(title=title, status="draft", created=dt.date.today())
        if owner:
            meta["owner"] = owner
        folder = unique_path(self.root / LESSONS, slugify(title))
        (folder / "media").mkdir(parents=True)
        atomic_write_text(folder / LESSON_FILE, frontmatter.replace(text, meta))
        return folder

    def new_link(self, url: str, title: str, **fields: Any) -> Path:
        from editor import frontmatter

        if not url.strip() or not title.strip():
            raise WorkspaceError("A curated link needs both a URL and a title.")
        notes = str(fields.pop("notes", "") or "")
        meta: dict[str, Any] = {"id": new_id(), "kind": "link", "title": title.strip(),
                                "url": url.strip(), "status": "draft"}
        meta.update({k: v for k, v in fields.items() if v not in (None, "", [])})
        path = unique_path(self.root / CURATED, slugify(title), ".md")
        atomic_write_text(path, f"---\n{frontmatter.dump(meta)}---\n{notes}")
        return path

    def duplicate(self, item: Item, text: str | None = None, suffix: str = "copy") -> Path:
        """Copy an item under a new id and a "(copy)" title; the original is untouched.

        ``text`` replaces the source text of the copy: "keep both" after an edit conflict
        saves the user's version this way next to the other person's.
        """
        from editor import frontmatter

        if item.translation_of:
            raise WorkspaceError(f"'{item.title}' is a translation; duplicate its source lesson instead "
                                 "and translate the copy.")
        if text is None:
            text, _ = read_text(item.source)
        front = frontmatter.parse(text)
        if front.diagnostics:
            raise WorkspaceError(f"'{item.title}' has unreadable metadata; fix it before duplicating.")
        meta = dict(front.meta)
        meta.update(id=new_id(), title=f"{meta.get('title') or item.title} ({suffix})", status="draft")
        new_text = frontmatter.replace(text, meta)
        if item.kind == "lesson":
            target = unique_path(item.path.parent, f"{item.path.name}-{slugify(suffix)}")
            shutil.copytree(item.path, target)
            atomic_write_text(target / LESSON_FILE, new_text)
            return target
        target = unique_path(item.path.parent, f"{item.path.stem}-{slugify(suffix)}", ".md")
        atomic_write_text(target, new_text)
        return target

    def rename(self, item: Item, title: str) -> Path:
        """Change an item's title (front matter only: the folder keeps its name so links hold)."""
        from editor import frontmatter

        title = title.strip()
        if not title:
            raise WorkspaceError("The title cannot be empty.")
        source = SourceFile.load(item.source)
        front = frontmatter.parse(source.text)
        if front.diagnostics:
            raise WorkspaceError(f"'{item.title}' has unreadable metadata; fix it in the source first.")
        meta = dict(front.meta)
        meta["title"] = title
        source.save(frontmatter.replace(source.text, meta))
        return item.path

    def trash(self, item: Item) -> TrashEntry:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        bin_dir = self.root / TRASH
        bin_dir.mkdir(exist_ok=True)
        target = unique_path(bin_dir, f"{stamp}-{item.path.parent.name}-{item.path.stem}",
                             item.path.suffix)
        shutil.move(str(item.path), str(target))
        return TrashEntry(item.path, target)

    def restore(self, entry: TrashEntry) -> Path:
        if entry.original.exists():
            raise WorkspaceError(f"Cannot restore: {entry.original} exists again. Rename it first.")
        entry.original.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(entry.trashed), str(entry.original))
        return entry.original


def _ignore_cache_in_git(gitignore: Path) -> None:
    """Add the derived-data folder to .gitignore, keeping whatever the file already says."""
    existing = gitignore.read_text(encoding="utf-8") if gitignore.is_file() else ""
    if f"{CACHE}/" in existing.splitlines():
        return
    separator = "" if not existing or existing.endswith("\n") else "\n"
    atomic_write_text(gitignore, f"{existing}{separator}{CACHE}/\n")
