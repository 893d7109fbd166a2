"""What the Blocks view asks the window's media features to do, as data.

It lives in the kit because features do not import each other: the editing panel sends it, the media
actions carry it out, the shell connects the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class MediaAction(StrEnum):
    IMPORT = "import"        # bring the chosen files into media/ (the drop pipeline, with progress)
    RECORD = "record"        # open the recorder; the take becomes the block's file
    TRIM = "trim"            # open the trim window for the block's video
    CAPTIONS = "captions"    # open the caption editor for the block's video
    MAKE_CAPTIONS = "make_captions"     # captions (video) or a transcript (audio) from the speech


@dataclass(frozen=True)
class MediaRequest:
    """Something a media card needs done by the window; ``reply`` gets the fields to set."""

    action: MediaAction
    paths: tuple[Path, ...] = ()
    src: str = ""
    captions: str = ""
    reply: Callable[[dict[str, str]], None] = lambda fields: None
