"""What a publication sends, made from a workspace item: metadata, external id and learner URL."""

from __future__ import annotations

from collections.abc import Callable

from editor.slugs import slugify
from editor.workspace import Item, Workspace
from publishing.connectors.base import Connector, Content, PermanentError, TransientError
from publishing.outcomes import Cause
from publishing.packages.course import load_unit
from publishing.targets import remembered


def external_id(item: Item) -> str:
    """How every target recognises the item across republishing: item ids are random and never reused."""
    return f"tessera-{item.id}"


def content_for(item: Item, version: str) -> Content:
    """The learner-facing metadata of ``item`` (its package is added per target by the outbox)."""
    unit = load_unit(item.path)
    return Content(item.id, item.kind, unit.title, external_id(item), version, unit.summary, unit.language,
                   tuple(item.skills), unit.minutes, item.url, slug=slugify(item.title))


def learner_url(workspace: Workspace, item: Item, connector: Connector,
                source_pending: Callable[[str], bool]) -> str:
    """Where learners open ``item`` for targets that only link to it (an LXP).

    A curated link is its own URL. A lesson is where another target put it (option ``url_from``;
    ``source_pending(target)`` says whether that publication is still queued, which is worth
    waiting for) or the option ``url_template`` with ``{id}`` and ``{slug}`` filled in.
    """
    if item.kind == "link" or not connector.needs_url:
        return item.url
    source = connector.target.option("url_from")
    if source:
        ref = remembered(workspace, source, item.id)
        if ref and ref.url:
            return ref.url
        if source_pending(source):
            raise TransientError(f"Waiting for '{source}' to publish the lesson first.", cause=Cause.PENDING)
        raise PermanentError(f"Publish the lesson to '{source}' first: '{connector.target.name}' links to "
                             "it there.", cause=Cause.PENDING)
    template = connector.target.option("url_template")
    try:
        return template.format(id=item.id, slug=slugify(item.title)) if template else ""
    except (KeyError, IndexError, ValueError):
        raise PermanentError("The 'url_template' option may only use {id} and {slug}.",
                             cause=Cause.TARGET) from None
