"""The record of what was sent: one item per (networker, local date, channel, kind of message)."""

from __future__ import annotations

from datetime import date, datetime

from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType


class Sends:
    def __init__(self, table: Table):
        self._table = table

    def was_sent(self, networker_id: str, local_date: date, channel: str, kind: str) -> bool:
        return self._table.get(keys.networker(networker_id), keys.send(local_date, channel, kind)) is not None

    def record(
        self, networker_id: str, local_date: date, channel: str, kind: str, message_id: str, at: datetime
    ) -> None:
        """Kept even if written twice (a retry after the send): the first record wins."""
        item = {
            "pk": keys.networker(networker_id),
            "sk": keys.send(local_date, channel, kind),
            "type": ItemType.SEND,
            "message_id": message_id,
            "sent_at": at.isoformat(),
        }
        self._table.put_new(to_item(item))
