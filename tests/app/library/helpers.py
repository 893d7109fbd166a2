"""What the library's model lists, as tests compare it."""

from __future__ import annotations

from app.library.model import LibraryModel
from editor.workspace import Item


def listed_items(model: LibraryModel) -> list[Item]:
    """Every row's item, in the model's order (each row made, as painting it would)."""
    rows = (model.item_at(row) for row in range(model.rowCount()))
    return [item for item in rows if item is not None]
