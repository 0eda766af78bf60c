"""What SMS commands need: the numbered lines of the last SMS digest, and when help was last texted."""

from __future__ import annotations

from datetime import datetime

from rapport.domain.model import Model
from rapport.storage import keys
from rapport.storage.dynamo import Table, fields_of, to_item
from rapport.storage.item_types import ItemType


class DigestLine(Model):
    """Line `number` of an SMS digest: the reminder it stands for."""

    number: int
    reminder_id: str
    contact_id: str
    name: str


class SmsDigest(Model):
    sent_at: datetime
    lines: list[DigestLine]


class SmsDigests:
    def __init__(self, table: Table):
        self._table = table

    def save(self, networker_id: str, digest: SmsDigest) -> None:
        """The last one only: answers refer to the digest the networker has just read."""
        item = {"pk": keys.networker(networker_id), "sk": keys.SMS_DIGEST, "type": ItemType.SMS_DIGEST}
        self._table.put(to_item(item | fields_of(digest)))

    def last(self, networker_id: str) -> SmsDigest | None:
        item = self._table.get(keys.networker(networker_id), keys.SMS_DIGEST)
        return SmsDigest.model_validate(item) if item else None

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
