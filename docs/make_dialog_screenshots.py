"""Make the documentation screenshots of the first-hour dialogs, in the light and the dark theme.

On a fresh copy of the demo workspace (under a temporary TESSERA_HOME) it saves, for THEME in light, dark:

    docs/screenshots/people-THEME.png           Library ▸ People…: members, roles, "This is me"
    docs/screenshots/identity-THEME.png         the first-run "Who are you?" step
    docs/screenshots/new-lesson-duplicate-THEME.png   New lesson with a title that already exists
    docs/screenshots/targets-THEME.png          Publish ▸ Targets…: a folder target, tested

Run: ``.venv/bin/python docs/make_dialog_screenshots.py [--out FOLDER]``. The offscreen Qt platform is
used unless QT_QPA_PLATFORM is already set (e.g. ``xvfb-run -a env QT_QPA_PLATFORM=xcb …``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.measure import isolated_home  # noqa: E402 - needs the path set above
from editor.paths import DEMO_WORKSPACE  # noqa: E402
from editor.workspace import Workspace  # noqa: E402

TIMEOUT_S = 60.0
SETTLE_S = 0.3
ME = "ana.pereira@example.org"


def use_memory_keychain() -> None:
    """Screenshots show the dialogs as on a desktop with a keychain, even on a machine without one."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeychain(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    keyring.set_keyring(MemoryKeychain())


def wait_until(app: Any, condition: Callable[[], bool], what: str) -> None:
    """Run the event loop until ``condition`` holds (workers answer through it)."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"make_dialog_screenshots: gave up waiting for {what}.")
        app.processEvents()
        time.sleep(0.02)


def settle(app: Any) -> None:
    end = time.monotonic() + SETTLE_S
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(app: Any, widget: Any, path: Path) -> Path:
    widget.show()
    widget.raise_()
    settle(app)
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"make_dialog_screenshots: could not write {path}; check the folder is writable.")
    return path


def shoot_theme(app: Any, workspace: Workspace, keeper: Any, share: Path, out: Path,
                theme: str) -> list[Path]:
    """The four dialogs in ``theme``."""
    from app.kit.theme import apply_theme
    from app.library.item_dialogs import NewLessonDialog
    from app.publish.targets_dialog import TargetsDialog
    from app.review.people_dialog import IdentityDialog, PeopleDialog
    from app.search.similar_dialog import SimilarItemsPanel
    from editor.workspace import template_names

    apply_theme(app, theme)
    saved = []
    people = PeopleDialog(workspace, ME)
    people.resize(680, 600)
    saved.append(shoot(app, people, out / f"people-{theme}.png"))
    people.close()

    identity = IdentityDialog(workspace)
    identity.resize(520, 480)
    saved.append(shoot(app, identity, out / f"identity-{theme}.png"))
    identity.close()

    new = NewLessonDialog(template_names(), similar=SimilarItemsPanel(keeper))
    new.resize(560, 560)
    new.show()
    new.title_edit.setText("Giving feedback that lands")
    wait_until(app, lambda: bool(new.similar and new.similar.items), "similar items")
    saved.append(shoot(app, new, out / f"new-lesson-duplicate-{theme}.png"))
    new.close()

    targets = TargetsDialog(workspace)
    targets.resize(860, 460)
    targets.show()
    wait_until(app, lambda: not targets.steps.running, "the targets list")
    targets.form.name_edit.setText("intranet")
    targets.form.endpoint_edit.setText(str(share))
    targets.test_connection()
    wait_until(app, lambda: not targets.steps.running, "the connection test")
    saved.append(shoot(app, targets, out / f"targets-{theme}.png"))
    targets.close()
    return saved


def make_screenshots(out: Path) -> list[Path]:
    from app.kit import qt
    from app.search.keeper import IndexKeeper, KeeperState

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with isolated_home("tessera-dialog-shots-") as home:
        shutil.copytree(DEMO_WORKSPACE, home / "Demo")
        workspace = Workspace.open(home / "Demo")
        share = home / "Intranet share"
        share.mkdir()
        app = qt.QApplication([sys.argv[0]])
        app.setApplicationDisplayName("Tessera")
        use_memory_keychain()
        keeper = IndexKeeper(workspace, check_seconds=3600, debounce_ms=50)
        keeper.start()
        wait_until(app, lambda: keeper.state is KeeperState.READY, "the search index")
        for theme in ("light", "dark"):
            saved += shoot_theme(app, workspace, keeper, share, out, theme)
        keeper.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save the screenshots of the first-hour dialogs.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="output folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in make_screenshots(args.out):
        print(f"Saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
