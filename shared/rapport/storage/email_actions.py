"""Email actions: each networker's signing key, and the done or snooze links already used."""

from __future__ import annotations

import base64
from datetime import datetime

from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType


class EmailActions:
    def __init__(self, table: Table):
        self._table = table

    def key(self, networker_id: str) -> bytes | None:
        item = self._table.get(keys.networker(networker_id), keys.ACTION_KEY)
        return base64.b64decode(item["key"]) if item else None

    def keep_key(self, networker_id: str, key: bytes) -> bytes:
        """The networker's key: this one when they had none, else the one kept first (two deliveries racing
        sign with the same key)."""
        item = {"pk": keys.networker(networker_id), "sk": keys.ACTION_KEY, "type": ItemType.ACTION_KEY}
        if self._table.put_new(to_item(item | {"key": base64.b64encode(key).decode()})):
            return key
        kept = self.key(networker_id)
        assert kept is not None  # put_new found it
        return kept

    def use(self, networker_id: str, fingerprint: str, expires_at: datetime) -> bool:
        """False when the link was used already. The record goes with the link's expiry (DynamoDB's TTL):
        an expired link is refused by its signed expiry, whatever is left here."""
        item = {
            "pk": keys.networker(networker_id),
            "sk": keys.used_action(fingerprint),
            "type": ItemType.USED_ACTION,
            "expiration": int(expires_at.timestamp()),
        }
        return self._table.put_new(to_item(item))

    def used(self, networker_id: str, fingerprint: str) -> bool:
        return self._table.get(keys.networker(networker_id), keys.used_action(fingerprint)) is not None

    def release(self, networker_id: str, fingerprint: str) -> None:
        """The link works again: its action failed before doing anything."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.used_action(fingerprint)})
        self._table.transact([({"Delete": {"Key": key}}, None)])
