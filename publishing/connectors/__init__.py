"""Connectors: publish approved content to folders, WebDAV/SharePoint, an LXP, Canvas; read an LRS.

Qt-free. ``base`` defines the interface (configure, test connection, publish, update, retire,
status) and its errors; ``registry`` finds connectors through the ``tessera.connectors`` entry
points and opens a workspace's targets with their keychain secrets. Publishing itself goes
through ``publishing.outbox``, which checks approval, survives restarts and retries. See
docs/connectors.md.
"""

from publishing.connectors.base import (
    Connector,
    ConnectorError,
    Content,
    NotSupported,
    PermanentError,
    RemoteStatus,
    Step,
    TransientError,
)
from publishing.connectors.registry import (
    GROUP,
    add_target,
    connector_class,
    connector_names,
    open_connector,
    target_config_problems,
)
from publishing.outcomes import Cause
from publishing.targets import RemoteRef, Target

__all__ = ["GROUP", "Cause", "Connector", "ConnectorError", "Content", "NotSupported", "PermanentError",
           "RemoteRef", "RemoteStatus", "Step", "Target", "TransientError", "add_target", "connector_class",
           "connector_names", "open_connector", "target_config_problems"]
