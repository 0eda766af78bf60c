"""The pairs of contacts the networker dismissed as duplicates: one small item per pair."""

from __future__ import annotations

from datetime import datetime

from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType


class Dismissals:
    def __init__(self, table: Table):
        self._table = table

    def pair_ids(self, networker_id: str) -> set[str]:
        items = self._table.prefixed(keys.networker(networker_id), keys.NOT_DUPLICATE_PREFIX, ProjectionExpression="sk")
        return {item["sk"].removeprefix(keys.NOT_DUPLICATE_PREFIX) for item in items}

    def dismiss(self, networker_id: str, pair_id: str, now: datetime) -> None:
        """Kept for good; dismissing again keeps the first moment."""
        item = {"pk": keys.networker(networker_id), "sk": keys.not_duplicate(pair_id), "type": ItemType.NOT_DUPLICATE}
        self._table.put_new(to_item(item | {"at": now.isoformat()}))
