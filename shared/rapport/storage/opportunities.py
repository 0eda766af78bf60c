"""Help opportunities found by the stream reaction, and which the networker dismissed (for good)."""

from __future__ import annotations

from datetime import datetime

from rapport.domain.errors import NotFound
from rapport.domain.matching import Opportunity
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import opportunity as shape


class KeptOpportunity(Opportunity):
    found_at: datetime
    dismissed_at: datetime | None = None


class Opportunities:
    def __init__(self, table: Table):
        self._table = table

    def listed(self, networker_id: str) -> list[KeptOpportunity]:
        items = self._table.prefixed(keys.networker(networker_id), keys.OPPORTUNITY_PREFIX)
        return [KeptOpportunity.model_validate(shape.kept_fields(item)) for item in items]

    def replace_for(self, networker_id: str, old: list[KeptOpportunity], new: list[Opportunity], now: datetime) -> None:
        """Drop `old` (not dismissed ones: a dismissal is kept for good), keep `new`; one batch of writes
        per 100, each a fact of its own (a retry writes the same)."""
        pk = keys.networker(networker_id)
        fresh = {o.opportunity_id for o in new}
        writes: list[Write] = [
            ({"Delete": {"Key": to_item({"pk": pk, "sk": keys.opportunity(o.opportunity_id)})}}, None)
            for o in old
            if o.dismissed_at is None and o.opportunity_id not in fresh
        ]
        for found in new:
            item = {"pk": pk, "sk": keys.opportunity(found.opportunity_id), "type": ItemType.OPPORTUNITY}
            item |= shape.to_item(found) | {"found_at": now.isoformat()}
            put = {"Item": to_item(item), "ConditionExpression": "attribute_not_exists(dismissed_at)"}
            writes.append(({"Put": put}, _Dismissed()))
        for write in writes:
            try:
                self._table.transact([write])
            except _Dismissed:
                continue

    def dismiss(self, networker_id: str, opportunity_id: str, now: datetime) -> None:
        pk, sk = keys.networker(networker_id), keys.opportunity(opportunity_id)
        update = Table.set_fields(pk, sk, {"dismissed_at": now.isoformat()})
        self._table.transact([(update, NotFound(f"no opportunity {opportunity_id}", "opportunity_id"))])

    def move(self, networker_id: str, old: KeptOpportunity, new: KeptOpportunity) -> None:
        """A kept opportunity under its new id (a merge's survivor took one side's place), dismissal and all,
        unless the new one is kept already; the old one gone."""
        pk = keys.networker(networker_id)
        item = {"pk": pk, "sk": keys.opportunity(new.opportunity_id), "type": ItemType.OPPORTUNITY}
        self._table.put_new(to_item(item | shape.to_item(new) | _kept(new)))
        gone = to_item({"pk": pk, "sk": keys.opportunity(old.opportunity_id)})
        self._table.transact([({"Delete": {"Key": gone}}, None)])

    def get(self, networker_id: str, opportunity_id: str) -> KeptOpportunity:
        item = self._table.get(keys.networker(networker_id), keys.opportunity(opportunity_id))
        if item is None:
            raise NotFound(f"no opportunity {opportunity_id}", "opportunity_id")
        return KeptOpportunity.model_validate(shape.kept_fields(item))


def _kept(found: KeptOpportunity) -> dict:
    dismissed = {"dismissed_at": found.dismissed_at.isoformat()} if found.dismissed_at else {}
    return {"found_at": found.found_at.isoformat()} | dismissed


class _Dismissed(Exception):
    """The networker dismissed it: it stays dismissed."""
