"""Which connectors exist: Python entry points in the group ``tessera.connectors``.

An organisation ships its own connector as a package that declares, in its pyproject.toml::

    [project.entry-points."tessera.connectors"]
    myplatform = "myorg_tessera.connector:MyPlatformConnector"

The built-in connectors are declared the same way in Tessera's own pyproject.toml. ``BUILTINS``
repeats those declarations for a source tree that was not (re)installed, whose metadata would
not list them; a test keeps both lists identical.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

from editor.workspace import Workspace
from publishing.connectors.base import Connector, PermanentError
from publishing.credentials import load_secret, store_secret
from publishing.outcomes import Cause
from publishing.targets import Target, TargetError, find_target, save_target, target_problems

GROUP = "tessera.connectors"
BUILTINS = {
    "canvas": "publishing.connectors.canvas:CanvasConnector",
    "folder": "publishing.connectors.folder:FolderConnector",
    "lrs": "publishing.connectors.lrs:LrsConnector",
    "lxp": "publishing.connectors.lxp:LxpConnector",
    "webdav": "publishing.connectors.webdav:WebDavConnector",
}


def _entry_points() -> dict[str, EntryPoint]:
    found = {name: EntryPoint(name, value, GROUP) for name, value in BUILTINS.items()}
    found.update({point.name: point for point in entry_points(group=GROUP)})
    return found


def connector_names() -> list[str]:
    return sorted(_entry_points())


def connector_class(name: str) -> type[Connector]:
    """The connector class registered as ``name``; a clear TargetError when it is unknown or broken."""
    point = _entry_points().get(name)
    if point is None:
        raise TargetError(f"There is no connector '{name}'. Installed connectors: "
                          f"{', '.join(connector_names())}.")
    try:
        loaded = point.load()
    except Exception as exc:  # a plug-in may fail in any way; say which one and why
        raise TargetError(f"The connector '{name}' ({point.value}) cannot be loaded: {exc}. Reinstall or "
                          "update the package that provides it.") from None
    if not (isinstance(loaded, type) and issubclass(loaded, Connector)):
        raise TargetError(f"The connector '{name}' ({point.value}) is not a Connector subclass.")
    return loaded


def target_config_problems(target: Target) -> list[str]:
    """Everything wrong with ``target``: general rules and what its connector requires."""
    problems = target_problems(target)
    try:
        cls = connector_class(target.connector)
    except TargetError as exc:
        return [*problems, str(exc)]
    return problems + cls.configure(target)


def add_target(workspace: Workspace, target: Target, secret: str | None = None) -> None:
    """Check and save ``target``; its secret, when the connector needs one, goes to the keychain."""
    problems = target_config_problems(target)
    cls = connector_class(target.connector) if not problems else None
    if cls is not None and cls.needs_secret and not secret and load_secret(workspace, target.name) is None:
        problems.append(f"{cls.title} targets need a {cls.secret_label}; none is stored for "
                        f"'{target.name}' yet.")
    if problems:
        raise TargetError(" ".join(problems))
    if secret:
        store_secret(workspace, target.name, secret)
    save_target(workspace, target)


def open_connector(workspace: Workspace, target_name: str) -> Connector:
    """A ready connector for the workspace's target, with its secret from the keychain."""
    target = find_target(workspace, target_name)
    problems = target_config_problems(target)
    if problems:
        raise TargetError(f"The target '{target_name}' is not usable: {' '.join(problems)}")
    cls = connector_class(target.connector)
    secret = load_secret(workspace, target.name) if cls.needs_secret else None
    if cls.needs_secret and secret is None:
        raise PermanentError(f"No {cls.secret_label} is stored for '{target_name}' on this computer. "
                             f"Store it with 'tessera targets add {target_name} …' (it goes to the system "
                             "keychain).", cause=Cause.SECRET)
    return cls(target, secret)
