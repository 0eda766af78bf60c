"""What the digests showed a networker: one item, read and rewritten by each digest that names someone."""

from __future__ import annotations

from rapport.domain.backoff import Shown
from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import shown as shape


class Showings:
    def __init__(self, table: Table):
        self._table = table

    def get(self, networker_id: str) -> Shown:
        """Nothing shown yet reads as an empty record."""
        item = self._table.get(keys.networker(networker_id), keys.SHOWN)
        return shape.from_item(item) if item else Shown()

    def save(self, networker_id: str, shown: Shown) -> None:
        item = {"pk": keys.networker(networker_id), "sk": keys.SHOWN, "type": ItemType.SHOWN}
        self._table.put(to_item(item | shape.to_item(shown)))
