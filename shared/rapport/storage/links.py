"""Who knows whom among a networker's contacts: one item per pair, read whole (paths need the graph)."""

from __future__ import annotations

from rapport.domain.errors import NotFound
from rapport.domain.links import Link
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import link as shape


class Links:
    def __init__(self, table: Table):
        self._table = table

    def save(self, networker_id: str, link: Link) -> None:
        """The link (a new closeness replaces the old one), if both contacts exist."""
        pk = keys.networker(networker_id)
        item = {"pk": pk, "sk": keys.knows(*link.contact_ids), "type": ItemType.KNOWS} | shape.to_item(link)
        writes: list[Write] = [({"Put": {"Item": to_item(item)}}, None)]
        for contact_id in link.contact_ids:
            key = to_item({"pk": pk, "sk": keys.contact(contact_id)})
            check = {"Key": key, "ConditionExpression": "attribute_exists(pk)"}
            writes.append(({"ConditionCheck": check}, NotFound(f"no contact {contact_id}", "contact_id")))
        self._table.transact(writes)

    def delete(self, networker_id: str, first: str, second: str) -> None:
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.knows(first, second)})
        delete = {"Key": key, "ConditionExpression": "attribute_exists(pk)"}
        self._table.transact([({"Delete": delete}, NotFound(f"{first} and {second} are not linked", "contact_id"))])

    def all(self, networker_id: str) -> list[Link]:
        items = self._table.prefixed(keys.networker(networker_id), keys.KNOWS_PREFIX)
        return [shape.from_item(item) for item in items]

    def forget(self, networker_id: str, contact_id: str) -> int:
        """A deleted contact's links go with it. Returns how many."""
        theirs = [link for link in self.all(networker_id) if contact_id in link.contact_ids]
        for link in theirs:
            key = to_item({"pk": keys.networker(networker_id), "sk": keys.knows(*link.contact_ids)})
            self._table.transact([({"Delete": {"Key": key}}, None)])
        return len(theirs)
