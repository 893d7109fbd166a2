"""A real Secret Service (GNOME Keyring under dbus-run-session) keeps the secret; no file does."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.connectors.conftest import secret_hits
from tests.connectors.servers import WebDav
from tests.editor.review.conftest import Team

ROOT = Path(__file__).resolve().parents[2]
SETUP_ADVICE = "install the Debian packages gnome-keyring and dbus-x11 (see docs/connectors.md)"


def test_targets_add_stores_the_secret_in_the_secret_service(approved: Team, webdav: WebDav, tmp_path: Path,
                                                             tessera_home: Path) -> None:
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        assert shutil.which(tool), f"{tool} is missing: {SETUP_ADVICE}"
    home = tmp_path / "home"          # the keyring files go here, never into a real home folder
    home.mkdir()
    child = " ".join(shlex.quote(part) for part in [
        sys.executable, "tests/connectors/secret_service_child.py", str(approved.workspace.root), webdav.url,
        webdav.username, str(approved.folder)])
    script = f"echo -n unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec {child}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_RUNTIME_DIR": str(home / "run"), "XDG_CACHE_HOME": str(home / "cache")}
    (home / "run").mkdir(mode=0o700)
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], input=webdav.password + "\n",
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["backend"] == "keyring.backends.SecretService", done.stdout
    assert (report["add"], report["publish"]) == (0, 0), done.stdout
    assert report["stored_sha256"] == hashlib.sha256(webdav.password.encode()).hexdigest()
    assert (webdav.root / "learning" / "giving-feedback-that-lands-lesson0001" / "scorm12.zip").is_file()
    assert webdav.password not in done.stdout + done.stderr
    assert secret_hits([approved.workspace.root, tessera_home, webdav.root], [webdav.password]) == []
