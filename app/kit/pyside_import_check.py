"""A lighter answer to the question PySide6 asks of every module imported after it.

PySide6 (``shibokensupport.feature``) wants to know, for each new module, whether its source names
"PySide6" (its optional ``from __feature__ import snake_case`` syntax applies only to such modules), and
finds out through ``inspect.getsource``, which keeps every module's text in ``linecache``. Measured on
this project: 20–27 ms of the 221-item window's start (219 modules imported before it is usable) and
10.5 MB of cached source text once the window has settled. Reading the file's bytes gives the same
answer in 5 ms and keeps nothing. Tessera never uses ``__feature__``; the answer is only PySide6's default.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def mentions_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source file names PySide6 (False when it has no Python source)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighten() -> bool:
    """Answer PySide6's per-import question with ``mentions_pyside``; False (nothing changed) when this
    PySide6 asks it some other way."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _CHECK, None)):
        return False
    setattr(feature, _CHECK, mentions_pyside)
    return True
