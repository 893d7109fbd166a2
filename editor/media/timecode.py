"""Times as people and caption files write them: "90", "1:30", "00:01:30.500", "00:01:30,500"."""

from __future__ import annotations

import math
import re

from editor.media.errors import MediaError

_CLOCK = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:[.,]\d+)?)$")


def parse_time(text: str) -> float:
    """Seconds from ``text``: plain seconds, or mm:ss / hh:mm:ss with optional fraction (. or ,)."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise MediaError(f"'{text}' is not a time. Write seconds (75 or 75.5) or minutes:seconds (1:15.5).")
    hours, minutes, seconds = match.groups()
    value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds.replace(",", "."))
    if (minutes or hours) and float(seconds.replace(",", ".")) >= 60:
        raise MediaError(f"'{text}' has {seconds} seconds; after a colon seconds go up to 59.")
    return value


def vtt_timestamp(milliseconds: int) -> str:
    """``hh:mm:ss.mmm`` as WebVTT writes cue times."""
    milliseconds = max(0, milliseconds)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def to_milliseconds(seconds: float) -> int:
    if not math.isfinite(seconds):
        raise MediaError(f"{seconds} is not a usable time.")
    return round(seconds * 1000)
