"""What the window's modules load before it paints leaves out what it needs only later (see
docs/architecture.md: heavy code loads on first use or on a worker a moment after the first paint)."""

from __future__ import annotations

import os
import subprocess
import sys

# Each loads when first used: a dialog opened, a preview shown, a save, a search, a publish…
LOADED_LATER = ("app.help.dialogs", "app.kit.qt_web", "app.kit.qt_media", "app.review.panel",
                "app.search.panel", "editor.review", "editor.search", "filelock", "importlib.metadata",
                "markdown_it", "publishing.outbox", "publishing.outbox_store", "tantivy", "whoosh", "PIL",
                "keyring", "httpx", "yaml", "editor.frontmatter", "hashlib")


def test_the_windows_modules_leave_out_what_it_needs_only_later() -> None:
    probe = ("import sys, app.shell.gui, app.shell.main_window\n"
             "print('\\n'.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True)
    loaded = set(result.stdout.split())
    assert "app.shell.main_window" in loaded
    assert sorted(name for name in LOADED_LATER if name in loaded) == []


def test_the_first_frame_leaves_out_the_features_made_after_it() -> None:
    from app.shell.main_window import FEATURE_MODULES

    probe = ("import sys, app.shell.gui, app.shell.main_window\n"
             "print('\\n'.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True)
    assert sorted(set(FEATURE_MODULES) & set(result.stdout.split())) == []
