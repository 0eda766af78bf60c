"""Introduction items, and the marker that keeps one open introduction per pair of contacts."""

from __future__ import annotations

from collections.abc import Sequence

from rapport.domain.errors import Conflict, NotFound
from rapport.domain.introductions import Introduction, is_open, pair_key
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import introduction as shape


class Introductions:
    def __init__(self, table: Table):
        self._table = table

    def create(self, networker_id: str, intro: Introduction) -> None:
        """The introduction, its pair's open marker (none may be held already) and a check that both
        contacts exist, together."""
        pk = keys.networker(networker_id)
        put = {"Item": self._item(networker_id, intro), "ConditionExpression": "attribute_not_exists(pk)"}
        writes: list[Write] = [({"Put": put}, Conflict(f"introduction {intro.introduction_id} exists"))]
        writes.append(self._hold(networker_id, intro))
        for index, contact_id in enumerate(intro.contact_ids):
            check = {
                "Key": to_item({"pk": pk, "sk": keys.contact(contact_id)}),
                "ConditionExpression": "attribute_exists(pk)",
            }
            writes.append(({"ConditionCheck": check}, NotFound(f"no contact {contact_id}", f"contact_ids[{index}]")))
        self._table.transact(writes)

    def get(self, networker_id: str, introduction_id: str) -> Introduction:
        item = self._table.get(keys.networker(networker_id), keys.introduction(introduction_id))
        if item is None:
            raise NotFound(f"no introduction {introduction_id}", "introduction_id")
        return shape.from_item(item)

    def listed(self, networker_id: str) -> list[Introduction]:
        items = self._table.prefixed(keys.networker(networker_id), keys.INTRODUCTION_PREFIX)
        return [shape.from_item(item) for item in items]

    def replace(
        self, networker_id: str, intro: Introduction, previous: Introduction, along: Sequence[Write] = ()
    ) -> None:
        """The next state if nobody moved it since `previous` was read, the pair released when it stops
        being open, and `along` (a touch logged when it is made), all or nothing."""
        stale = Conflict("the introduction changed since you read it; read it again", "version")
        put = {
            "Item": self._item(networker_id, intro),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": previous.version}),
        }
        writes: list[Write] = [({"Put": put}, stale), *along]
        if is_open(previous) and not is_open(intro):
            marker = {"pk": keys.networker(networker_id), "sk": keys.open_pair(pair_key(*intro.contact_ids))}
            writes.append(({"Delete": {"Key": to_item(marker)}}, None))
        self._table.transact(writes)

    def move(self, networker_id: str, intro: Introduction, previous: Introduction) -> None:
        """The introduction between other contacts (a merge's survivor took one side's place) if nobody
        moved it since `previous` was read, the open pair's marker moving along; Conflict when the new
        pair has an open introduction already."""
        stale = Conflict("the introduction changed since you read it; read it again", "version")
        put = {
            "Item": self._item(networker_id, intro),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": previous.version}),
        }
        writes: list[Write] = [({"Put": put}, stale)]
        if is_open(previous):
            writes.append(({"Delete": {"Key": self._marker_key(networker_id, previous)}}, None))
        if is_open(intro):
            writes.append(self._hold(networker_id, intro))
        self._table.transact(writes)

    def delete(self, networker_id: str, intro: Introduction) -> None:
        """The introduction and its open pair's marker (a merge made its two sides one person)."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.introduction(intro.introduction_id)})
        writes: list[Write] = [({"Delete": {"Key": key}}, None)]
        if is_open(intro):
            writes.append(({"Delete": {"Key": self._marker_key(networker_id, intro)}}, None))
        self._table.transact(writes)

    @staticmethod
    def _marker_key(networker_id: str, intro: Introduction) -> dict:
        return to_item({"pk": keys.networker(networker_id), "sk": keys.open_pair(pair_key(*intro.contact_ids))})

    @staticmethod
    def _hold(networker_id: str, intro: Introduction) -> Write:
        marker = {"pk": keys.networker(networker_id), "sk": keys.open_pair(pair_key(*intro.contact_ids))}
        item = to_item(marker | {"type": ItemType.OPEN_PAIR, "introduction_id": intro.introduction_id})
        taken = Conflict("an introduction between these two is open already", "contact_ids")
        return {"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}, taken

    @staticmethod
    def _item(networker_id: str, intro: Introduction) -> dict:
        key = {"pk": keys.networker(networker_id), "sk": keys.introduction(intro.introduction_id)}
        return to_item(key | {"type": ItemType.INTRODUCTION} | shape.to_item(intro))
