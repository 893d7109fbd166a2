"""One rule for what counts as an email address: preferences and member lists must agree,
because the current user is recognised by the address in their preferences."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text))
