"""What duplicates are found by: every contact's card (a projection of the contact items), and the pairs
the networker dismissed as two people, one small item per pair."""

from __future__ import annotations

from datetime import datetime

from rapport.domain.duplicates import Card
from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import contact as shape


class Duplicates:
    def __init__(self, table: Table):
        self._table = table

    def cards(self, networker_id: str) -> list[Card]:
        """Every contact of the networker, only what duplicates are found by: a read of every contact item,
        but a small one to parse."""
        items = self._table.prefixed(
            keys.networker(networker_id),
            keys.CONTACT_PREFIX,
            ProjectionExpression=", ".join(f"#{name}" for name in shape.CARD),
            ExpressionAttributeNames={f"#{name}": name for name in shape.CARD},
        )
        return [shape.card_of(item) for item in items]

    def dismissed(self, networker_id: str) -> set[str]:
        """The pair ids dismissed."""
        items = self._table.prefixed(keys.networker(networker_id), keys.NOT_DUPLICATE_PREFIX, ProjectionExpression="sk")
        return {item["sk"].removeprefix(keys.NOT_DUPLICATE_PREFIX) for item in items}

    def dismiss(self, networker_id: str, pair_id: str, now: datetime) -> None:
        """Kept for good; dismissing again keeps the first moment."""
        item = {"pk": keys.networker(networker_id), "sk": keys.not_duplicate(pair_id), "type": ItemType.NOT_DUPLICATE}
        self._table.put_new(to_item(item | {"at": now.isoformat()}))
