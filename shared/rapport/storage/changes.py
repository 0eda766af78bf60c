"""Changes: the table's stream records decoded, so that reactions never read DynamoDB JSON.

A change is one item written or removed: its item type, the networker whose partition holds it (None for
the shared partitions), and its images before and after, as plain Python values (numbers are ints, as
Rapport stores no fractional number; an absent image is empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from rapport.storage import keys
from rapport.storage.dynamo import plain
from rapport.storage.item_types import ItemType


@dataclass(frozen=True)
class Change:
    operation: DynamoDBRecordEventName  # INSERT, MODIFY or REMOVE
    item_type: ItemType | None  # None: an item of no type (an idempotency record)
    networker_id: str | None
    old: dict[str, Any]
    new: dict[str, Any]

    @property
    def item(self) -> dict[str, Any]:
        """The item as it is now, or as it was when it was removed."""
        return self.new or self.old

    @property
    def removed(self) -> bool:
        return self.operation is DynamoDBRecordEventName.REMOVE

    def changed(self, *fields: str) -> bool:
        """Whether any of these fields differs between the two images (an absent image has none)."""
        return any(self.old.get(name) != self.new.get(name) for name in fields)


def decode(record: DynamoDBRecord) -> Change:
    """One stream record as a change; raises on a record that holds no item key (it cannot be reacted to)."""
    stream = record.dynamodb
    if stream is None or record.event_name is None:
        raise ValueError("a stream record without its data")
    old, new = plain(stream.old_image), plain(stream.new_image)
    item = new or old
    kind = item.get("type")
    return Change(
        operation=record.event_name,
        item_type=None if kind is None else ItemType(kind),
        networker_id=keys.networker_id_of(item["pk"]),
        old=old,
        new=new,
    )
