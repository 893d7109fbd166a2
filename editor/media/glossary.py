"""The workspace glossary: product names and internal terms the speech engine should spell right.

It is ``glossary.txt`` at the workspace root, one term per line (``#`` starts a comment). A plain text
file rather than a key in ``tessera.yaml``: authors add words from the caption editor while others
edit the workspace settings, and one line per term merges cleanly in git and sync tools, where
rewriting YAML would drop comments and conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editor.atomic import atomic_write_text
from editor.media.errors import MediaError

GLOSSARY_FILE = "glossary.txt"
MAX_TERM_CHARS = 60
MAX_GLOSSARY_BYTES = 256 * 1024      # thousands of terms; a bigger file is not a glossary


@dataclass(frozen=True)
class GlossaryChange:
    term: str           # as stored (spaces tidied)
    added: bool         # False: it was already there (compared ignoring case)
    path: Path


def glossary_path(workspace_root: Path) -> Path:
    return Path(workspace_root) / GLOSSARY_FILE


def read_glossary(workspace_root: Path) -> tuple[str, ...]:
    """The terms, in file order, without duplicates; none when the file is absent or unreadable."""
    path = glossary_path(workspace_root)
    try:
        if path.stat().st_size > MAX_GLOSSARY_BYTES:
            return ()
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ()
    terms: dict[str, str] = {}
    for line in text.splitlines():
        term = " ".join(line.split("#", 1)[0].split())
        if term and len(term) <= MAX_TERM_CHARS:
            terms.setdefault(term.casefold(), term)
    return tuple(terms.values())


def add_glossary_term(workspace_root: Path, term: str) -> GlossaryChange:
    """Add ``term`` to the workspace glossary (created when needed); other lines are kept as they are."""
    tidy = " ".join(term.split())
    if not tidy:
        raise MediaError("Type the word or name to add to the glossary.")
    if "#" in tidy or len(tidy) > MAX_TERM_CHARS:
        raise MediaError(f"A glossary term is a word or short name of at most {MAX_TERM_CHARS} characters, "
                         "without '#'.")
    path = glossary_path(workspace_root)
    if tidy.casefold() in {known.casefold() for known in read_glossary(workspace_root)}:
        return GlossaryChange(tidy, False, path)
    try:
        existing = path.read_bytes().decode("utf-8-sig") if path.exists() else ""   # newlines as stored
    except (OSError, UnicodeDecodeError) as exc:
        raise MediaError(f"{path} cannot be read ({exc}); fix or remove it, then add the word again."
                         ) from exc
    if len(existing.encode("utf-8")) > MAX_GLOSSARY_BYTES:
        raise MediaError(f"{path} is larger than a glossary should be ({MAX_GLOSSARY_BYTES // 1024} kB); "
                         "remove terms nobody says any more.")
    newline = "\r\n" if "\r\n" in existing else "\n"     # keep the file's own line endings
    separator = "" if not existing or existing.endswith("\n") else newline
    atomic_write_text(path, f"{existing}{separator}{tidy}{newline}")
    return GlossaryChange(tidy, True, path)
