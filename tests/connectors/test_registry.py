"""Targets, the keychain and the connector registry (entry points, the documented example plug-in)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from editor.workspace import Workspace
from publishing import credentials
from publishing.connectors import add_target, connector_class, connector_names
from publishing.connectors.registry import BUILTINS, GROUP
from publishing.outbox import DONE, Outbox
from publishing.targets import Target, TargetError, find_target, load_targets, remember, remembered
from tests.connectors.conftest import PUBLISHER, cli
from tests.connectors.keyrings import MemoryKeyring
from tests.editor.review.conftest import Team

ROOT = Path(__file__).resolve().parents[2]


def test_pyproject_registers_exactly_the_builtin_connectors() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project.get("entry-points", {}).get(GROUP) == BUILTINS
    assert connector_names() == sorted(BUILTINS)


def test_the_documented_example_is_a_working_plugin(approved: Team, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (ROOT / "docs" / "connectors.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(\"\"\"myorg_tessera/catalogue.py.*?)```", doc, re.S)
    toml = re.search(r"```toml\n(\[project.entry-points.\"tessera.connectors\"\]\n.*?)```", doc, re.S)
    assert code and toml
    site = tmp_path / "site"
    (site / "myorg_tessera").mkdir(parents=True)
    (site / "myorg_tessera" / "__init__.py").write_text("")
    (site / "myorg_tessera" / "catalogue.py").write_text(code.group(1))
    info = site / "myorg_tessera-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: myorg-tessera\nVersion: 1.0\n")
    entry = tomllib.loads(toml.group(1))["project"]["entry-points"][GROUP]
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items()))
    monkeypatch.syspath_prepend(str(site))

    assert "catalogue" in connector_names()
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    add_target(approved.workspace, Target("intranet", "catalogue", str(catalogue),
                                          {"url_template": "https://lms.example.com/l/{id}"}))
    [result] = Outbox(approved.workspace).publish(approved.item(), ["intranet"], PUBLISHER)
    assert result.state == DONE, result.message
    entry = (catalogue / "tessera-lesson0001.json").read_text()
    assert '"url": "https://lms.example.com/l/lesson0001"' in entry


def test_unknown_or_broken_connectors_are_reported_clearly(workspace: Workspace) -> None:
    with pytest.raises(TargetError, match=r"no connector 'ftp'.*canvas, folder, lrs, lxp, webdav"):
        connector_class("ftp")
    with pytest.raises(TargetError, match="required for LXP"):
        add_target(workspace, Target("lxp", "lxp", "https://api.example.com", {}), "s3cret")
    with pytest.raises(TargetError, match=r"need a client secret"):
        add_target(workspace, Target("lxp", "lxp", "https://api.example.com", {"client_id": "a"}))
    assert load_targets(workspace) == []


@pytest.mark.parametrize(("target", "problem"), [
    (Target("Bad Name", "folder", "/srv/x"), "not a usable target name"),
    (Target("dav", "webdav", "https://me:pw@dav.example.com/", {"username": "me"}), "contains a user name"),
    (Target("dav", "webdav", "https://dav.example.com/", {"username": "me", "password": "pw"}),
     "looks like a secret"),
    (Target("lxp", "lxp", "https://x", {"client_id": "a", "client_secret": "b"}), "looks like a secret"),
    (Target("share", "folder", "relative/path"), "absolute folder path"),
    (Target("share", "folder", "/srv/x", {"format": "pdf"}), "package format"),
    (Target("canvas", "canvas", "ftp://canvas", {"course_id": "1"}), "http:// or https://"),
])
def test_targets_with_secrets_or_bad_values_are_refused(workspace: Workspace, target: Target,
                                                         problem: str) -> None:
    with pytest.raises(TargetError, match=problem):
        add_target(workspace, target, "s3cret-value")
    assert not (workspace.root / "targets.yaml").exists()
    assert credentials.load_secret(workspace, target.name) is None


def test_targets_yaml_round_trips_and_broken_files_are_explained(workspace: Workspace) -> None:
    add_target(workspace, Target("share", "folder", "/srv/share", {"format": "cmi5"}))
    add_target(workspace, Target("lxp", "lxp", "https://api.example.com/api/v2",
                                 {"client_id": "abc", "token_url": "https://example.com/oauth/token"}), "s3")
    assert [t.name for t in load_targets(workspace)] == ["share", "lxp"]
    assert find_target(workspace, "share").option("format") == "cmi5"
    assert "s3" not in (workspace.root / "targets.yaml").read_text()
    (workspace.root / "targets.yaml").write_text("targets: [ {name: x")
    with pytest.raises(TargetError, match="cannot be read"):
        load_targets(workspace)
    twice = "- {name: a, connector: folder}\n"
    (workspace.root / "targets.yaml").write_text("targets:\n" + twice * 2)
    with pytest.raises(TargetError, match="more than once"):
        load_targets(workspace)


def test_publication_records_survive_damage_and_refuse_odd_ids(workspace: Workspace) -> None:
    from publishing.targets import RemoteRef
    ref = RemoteRef("folder-abc123", "file:///x", {"file": "a.zip"})
    remember(workspace, "share", "abc123", ref)
    assert remembered(workspace, "share", "abc123") == ref
    (workspace.root / "publications" / "share" / "abc123.json").write_text("{broken")
    assert remembered(workspace, "share", "abc123") is None
    with pytest.raises(TargetError, match="plain id"):
        remember(workspace, "share", "../escape", None)


def test_secrets_are_kept_per_workspace_and_never_shown(workspace: Workspace, tmp_path: Path,
                                                        keychain: MemoryKeyring) -> None:
    other = Workspace.create(tmp_path / "other", "Other")
    credentials.store_secret(workspace, "lxp", "first-secret")
    credentials.store_secret(other, "lxp", "second-secret")
    secret = credentials.load_secret(workspace, "lxp")
    assert secret is not None and secret.reveal() == "first-secret"
    assert "first-secret" not in repr(secret) + str(secret) + f"{secret}"
    assert credentials.load_secret(other, "lxp").reveal() == "second-secret"  # type: ignore[union-attr]
    assert all(user.startswith("tessera\n") for user in keychain.entries)
    masked = credentials.redact("token=first-secret&x=first%2Dsecret", [secret])
    assert masked == "token=******&x=first%2Dsecret"
    credentials.delete_secret(workspace, "lxp")
    credentials.delete_secret(workspace, "lxp")          # deleting twice is fine
    assert credentials.load_secret(workspace, "lxp") is None


def test_a_missing_keychain_gives_advice_not_a_traceback(workspace: Workspace) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring
    keyring.set_keyring(FailKeyring())
    with pytest.raises(credentials.CredentialError, match="Secret Service"):
        credentials.store_secret(workspace, "lxp", "value")


def test_targets_add_reads_the_secret_from_stdin_never_argv(workspace: Workspace, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("dav-secret-from-stdin\n"))
    ws = str(workspace.root)
    assert cli(["targets", "add", "dav", "--workspace", ws, "--connector", "webdav",
                "--endpoint", "https://dav.example.com/x/", "--option", "username=me"]) == 0
    assert credentials.load_secret(workspace, "dav").reveal() == "dav-secret-from-stdin"  # type: ignore[union-attr]
    assert cli(["targets", "list", "--workspace", ws]) == 0
    out = capsys.readouterr().out
    assert "dav" in out and "(secret stored)" in out and "dav-secret-from-stdin" not in out
    assert cli(["targets", "add", "x", "--workspace", ws, "--connector", "folder",
                "--endpoint", str(tmp_path), "--option", "nonsense"]) == 2
    assert cli(["targets", "remove", "dav", "--workspace", ws]) == 0
    assert cli(["targets", "test", "dav", "--workspace", ws]) == 1
    assert "no publishing target 'dav'" in capsys.readouterr().err
