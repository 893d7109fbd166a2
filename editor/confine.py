"""Names and paths from untrusted places, kept inside the folder they belong to.

Everything in a shared workspace (snapshots, publication records, lesson folders) and everything
a server answers may have been written by someone else, so a path built from it is checked before
anything is read, written, moved or deleted there. See docs/security.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class OutsideError(ValueError):
    """A name or path that would leave the folder it must stay in; the message says which and why."""


def plain_name(name: str, what: str) -> str:
    """``name`` if it is one ordinary file or folder name; otherwise OutsideError.

    Refused: empty, ``.``/``..``, any separator (``/`` or ``\\``), a drive (``C:``), control characters.
    """
    if (not name or name in (".", "..") or "/" in name or "\\" in name or _CONTROL.search(name)
            or PureWindowsPath(name).drive):
        raise OutsideError(f"The {what} {name!r} is not a plain name (it could point outside its folder), "
                           "so it is not used. It came from a shared file or a server: check where it was "
                           "written.")
    return name


def relative_parts(relative: str, what: str) -> tuple[str, ...]:
    """The parts of a relative POSIX path in which every part is a plain name; otherwise OutsideError."""
    path = PurePosixPath(relative)
    if not relative or path.is_absolute() or PureWindowsPath(relative).anchor:
        raise OutsideError(f"The {what} {relative!r} is not a relative path inside its folder, so it is not "
                           "used. It came from a shared file: check who wrote it.")
    return tuple(plain_name(part, what) for part in path.parts)


def confined(root: Path, relative: str, what: str) -> Path:
    """``root / relative`` once it is certain to stay inside ``root``, links followed; else OutsideError."""
    base = Path(root).resolve()
    target = base.joinpath(*relative_parts(relative, what))
    if not target.resolve().is_relative_to(base):
        raise OutsideError(f"The {what} {relative!r} leads outside {base} through a link, so it is not used.")
    return target


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (links followed) lies within ``root`` (links followed)."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def written_parents(path: Path) -> list[Path]:
    """``path`` and its parents as written (made absolute, links NOT followed), nearest first."""
    absolute = Path(os.path.abspath(path))
    return [absolute, *absolute.parents]
