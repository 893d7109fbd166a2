"""The one error type of the media core: its message tells the user what is wrong and what to do."""

from __future__ import annotations


class MediaError(Exception):
    """A file that cannot be imported, probed or converted; nothing was written to the lesson."""
