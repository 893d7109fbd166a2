"""Where a workspace publishes to (``targets.yaml``) and what each target already holds.

``targets.yaml`` at the workspace root names each target, its connector, endpoint and plain
options. It is shared with the team like ``members.yaml`` and never holds a secret: options
whose name sounds like one are refused, as are endpoints with a password in the URL; secrets
live in the OS keychain (``publishing.credentials``).

``publications/<target>/<item-id>.json`` remembers the remote id of each published item, so
republishing updates it instead of creating a duplicate, whoever on the team publishes next.
It is shared data (commit it), not cache: losing it would make connectors fall back to their
external-id lookup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from editor.atomic import WriteError, atomic_write_text, write_lock
from editor.json_text import parse_json
from editor.workspace import Workspace

TARGETS_FILE = "targets.yaml"
PUBLICATIONS = "publications"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_SECRET_WORDS = re.compile(r"password|passwd|secret|token|api_?key|credential")
_NOT_A_SECRET = re.compile(r"_(url|uri|id|name|type)$")       # e.g. token_url names a place, not a secret
_HEADER = ("# Publishing targets of this workspace (see docs/connectors.md). No secrets here:\n"
           "# they are kept in the system keychain by 'tessera targets add'.\n")


class TargetError(Exception):
    """A target cannot be read, found or saved; the message says what to do."""


@dataclass(frozen=True)
class Target:
    name: str
    connector: str
    endpoint: str
    options: Mapping[str, str] = field(default_factory=dict)

    def option(self, key: str, default: str = "") -> str:
        return str(self.options.get(key, default) or default)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "connector": self.connector, "endpoint": self.endpoint,
                "options": dict(self.options)}


@dataclass(frozen=True)
class RemoteRef:
    """Where a target keeps one published item: its remote id, a link for people, connector data."""

    id: str
    url: str = ""
    data: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "data": dict(self.data)}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> RemoteRef:
        data = raw.get("data") or {}
        return cls(str(raw["id"]), str(raw.get("url") or ""),
                   {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {})


def workspace_key(workspace: Workspace) -> str:
    """A short, stable name for this workspace on this computer (keychain entries, outbox folder)."""
    return hashlib.sha256(str(workspace.root).encode("utf-8")).hexdigest()[:16]


def load_targets(workspace: Workspace) -> list[Target]:
    path = workspace.root / TARGETS_FILE
    if not path.is_file():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TargetError(f"{path} cannot be read ({exc}). Fix or delete it, then add the targets again.") \
            from None
    entries = raw.get("targets") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise TargetError(f"{path} must contain a 'targets:' list; see docs/connectors.md.")
    targets = [_target_from(entry, path, number) for number, entry in enumerate(entries, 1)]
    names = [target.name for target in targets]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise TargetError(f"{path} names the target(s) {', '.join(duplicates)} more than once; "
                          "keep one of each.")
    return targets


def find_target(workspace: Workspace, name: str) -> Target:
    targets = load_targets(workspace)
    for target in targets:
        if target.name == name:
            return target
    known = ", ".join(t.name for t in targets) or "none yet"
    raise TargetError(f"There is no publishing target '{name}' (targets: {known}). "
                      "Add one with 'tessera targets add'.")


def target_problems(target: Target) -> list[str]:
    """What is wrong with a target whatever its connector (names, secrets in the wrong place)."""
    problems = []
    if not _NAME.fullmatch(target.name):
        problems.append(f"'{target.name}' is not a usable target name: use 1–40 lower-case letters, "
                        "digits, '-' or '_', starting with a letter or digit.")
    parts = urlsplit(target.endpoint)
    if parts.password or (parts.username and "@" in parts.netloc):
        problems.append("The endpoint contains a user name or password; give the address without them "
                        "(the secret goes to the system keychain).")
    for key in target.options:
        plain = key.lower().replace("-", "_")
        if _SECRET_WORDS.search(plain) and not _NOT_A_SECRET.search(plain):
            problems.append(f"The option '{key}' looks like a secret. Secrets are never stored in "
                            "targets.yaml; 'tessera targets add' keeps one in the system keychain.")
    return problems


def save_target(workspace: Workspace, target: Target) -> None:
    """Add ``target``, or replace the one with its name."""
    problems = target_problems(target)
    if problems:
        raise TargetError(" ".join(problems))
    with _locked(workspace):
        targets = [t for t in load_targets(workspace) if t.name != target.name] + [target]
        _write(workspace, targets)


def remove_target(workspace: Workspace, name: str) -> None:
    with _locked(workspace):
        find_target(workspace, name)
        _write(workspace, [t for t in load_targets(workspace) if t.name != name])


@contextlib.contextmanager
def _locked(workspace: Workspace) -> Iterator[None]:
    """Lock, then re-read inside: two people changing targets at once both keep their changes."""
    try:
        with write_lock(workspace.root / TARGETS_FILE):
            yield
    except WriteError as exc:
        raise TargetError(str(exc)) from None


def remembered(workspace: Workspace, target: str, item_id: str) -> RemoteRef | None:
    """The remote item ``target`` holds for ``item_id``, if it was published there."""
    path = _publication_path(workspace, target, item_id)
    try:
        return RemoteRef.from_dict(parse_json(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # A damaged record is not fatal: the connector's external-id lookup finds the item again.
        return None


def remember(workspace: Workspace, target: str, item_id: str, ref: RemoteRef | None) -> None:
    """Record where ``target`` keeps ``item_id`` (``None``: it was removed there)."""
    path = _publication_path(workspace, target, item_id)
    if ref is None:
        path.unlink(missing_ok=True)
        return
    atomic_write_text(path, json.dumps(ref.as_dict(), indent=2, ensure_ascii=False) + "\n")


def _publication_path(workspace: Workspace, target: str, item_id: str) -> Path:
    plain_id = re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*", item_id)
    if not _NAME.fullmatch(target) or not plain_id:
        raise TargetError(f"Cannot keep a publication record for item '{item_id}' on target '{target}': "
                          "give the item a plain id (letters, digits, '-', '_', '.').")
    return workspace.root / PUBLICATIONS / target / f"{item_id}.json"


def _target_from(entry: Any, path: Path, number: int) -> Target:
    where = f"{path}, target {number}"
    if not isinstance(entry, dict):
        raise TargetError(f"{where}: each target is a mapping with name, connector and endpoint.")
    missing = [key for key in ("name", "connector") if not str(entry.get(key) or "").strip()]
    if missing:
        raise TargetError(f"{where}: '{missing[0]}' is missing.")
    options = entry.get("options") or {}
    if not isinstance(options, dict):
        raise TargetError(f"{where}: 'options' must be a mapping of names to values.")
    return Target(str(entry["name"]).strip(), str(entry["connector"]).strip(),
                  str(entry.get("endpoint") or "").strip(),
                  {str(k): "" if v is None else str(v) for k, v in options.items()})


def _write(workspace: Workspace, targets: list[Target]) -> None:
    entries = [{k: v for k, v in t.as_dict().items() if v not in ("", {})} for t in targets]
    text = _HEADER + yaml.safe_dump({"targets": entries}, sort_keys=False, allow_unicode=True)
    atomic_write_text(workspace.root / TARGETS_FILE, text)
