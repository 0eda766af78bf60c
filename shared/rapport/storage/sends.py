"""The record of what was sent: one item per send key (networker, local date, channel, kind of message)."""

from __future__ import annotations

from datetime import date, datetime

from rapport.domain.model import Model
from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType


class SendKey(Model):
    """What makes a message unique: at most one per networker, local date, channel and kind. Also the key of
    the senders' idempotency: its fields and their types are part of the idempotency records' hash."""

    networker_id: str
    local_date: str  # ISO
    channel: str
    kind: str


class Sends:
    def __init__(self, table: Table):
        self._table = table

    def was_sent(self, key: SendKey) -> bool:
        return self._table.get(keys.networker(key.networker_id), _sort_key(key)) is not None

    def record(self, key: SendKey, message_id: str, at: datetime) -> None:
        """Kept even if written twice (a retry after the send): the first record wins."""
        item = {
            "pk": keys.networker(key.networker_id),
            "sk": _sort_key(key),
            "type": ItemType.SEND,
            "message_id": message_id,
            "sent_at": at.isoformat(),
        }
        self._table.put_new(to_item(item))


def _sort_key(key: SendKey) -> str:
    return keys.send(date.fromisoformat(key.local_date), key.channel, key.kind)
