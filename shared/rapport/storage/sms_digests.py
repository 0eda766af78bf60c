"""What SMS commands need: the numbered lines of the last SMS digest, and when help was last texted."""

from __future__ import annotations

from datetime import datetime

from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import sms_digest as shape
from rapport.storage.shapes.sms_digest import SmsDigest


class SmsDigests:
    def __init__(self, table: Table):
        self._table = table

    def save(self, networker_id: str, digest: SmsDigest) -> None:
        """The last one only: answers refer to the digest the networker has just read."""
        item = {"pk": keys.networker(networker_id), "sk": keys.SMS_DIGEST, "type": ItemType.SMS_DIGEST}
        self._table.put(to_item(item | shape.to_item(digest)))

    def last(self, networker_id: str) -> SmsDigest | None:
        item = self._table.get(keys.networker(networker_id), keys.SMS_DIGEST)
        return shape.from_item(item) if item else None

    def helped_at(self, networker_id: str) -> datetime | None:
        item = self._table.get(keys.networker(networker_id), keys.SMS_HELP)
        return datetime.fromisoformat(item["at"]) if item else None

    def helped(self, networker_id: str, at: datetime) -> None:
        item = {
            "pk": keys.networker(networker_id),
            "sk": keys.SMS_HELP,
            "type": ItemType.SMS_HELP,
            "at": at.isoformat(),
        }
        self._table.put(to_item(item))
