"""Inbound email items: the mark of each message logged (once per networker), the quarantine, the
suggested contacts, and mail to addresses nobody owns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rapport.domain.errors import NotFound
from rapport.domain.inbound import Person, Quarantined, Suggestion
from rapport.domain.interaction import Interaction
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.interactions import Interactions
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import inbound as shape


class Duplicate(Exception):
    """This message was logged or quarantined before."""


class Inbound:
    def __init__(self, table: Table, interactions: Interactions):
        self._table = table
        self._interactions = interactions

    def log(
        self,
        networker_id: str,
        key: str,
        interaction: Interaction,
        suggested: list[Person],
        now: datetime,
        raw_message: str,
    ) -> None:
        """The touch, the mark that this message is logged (with where its raw message is kept, for the
        account's export and deletion), the end of its quarantine if it was kept aside, and the people it
        suggests, all or nothing. Duplicate if it was logged already."""
        pk = keys.networker(networker_id)
        mark = {"pk": pk, "sk": keys.message(key), "type": ItemType.INBOUND_MESSAGE}
        mark |= {"interaction_id": interaction.interaction_id, "logged_at": now.isoformat(), "raw_message": raw_message}
        put = {"Item": to_item(mark), "ConditionExpression": "attribute_not_exists(pk)"}
        writes = self._interactions.creation(networker_id, interaction)
        writes.append(({"Put": put}, Duplicate()))
        writes.append(({"Delete": {"Key": to_item({"pk": pk, "sk": keys.quarantined(key)})}}, None))
        writes += [self.seen(pk, person, now, interaction_id=interaction.interaction_id) for person in suggested]
        self._table.transact(writes)

    def was_logged(self, networker_id: str, key: str) -> bool:
        return self._table.get(keys.networker(networker_id), keys.message(key)) is not None

    def quarantine(self, networker_id: str, quarantined: Quarantined, suggested: list[Person], now: datetime) -> None:
        """Keep the message aside (once: Duplicate if it is kept already or was logged), and the people it
        suggests, each remembering that this message waits for them."""
        pk = keys.networker(networker_id)
        logged: dict[str, Any] = {"Key": to_item({"pk": pk, "sk": keys.message(quarantined.quarantine_id)})}
        logged |= {"ConditionExpression": "attribute_not_exists(pk)"}
        item = to_item({"pk": pk, "sk": keys.quarantined(quarantined.quarantine_id), "type": ItemType.QUARANTINED})
        item |= to_item(shape.quarantined_item(quarantined) | {"expiration": int(quarantined.expires_at.timestamp())})
        writes: list[Write] = [
            ({"ConditionCheck": logged}, Duplicate()),
            ({"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}, Duplicate()),
        ]
        writes += [self.seen(pk, person, now, quarantine_id=quarantined.quarantine_id) for person in suggested]
        self._table.transact(writes)

    def quarantined(self, networker_id: str, now: datetime) -> list[Quarantined]:
        """Everything kept aside and not expired yet (TTL deletes late), newest first."""
        items = self._table.prefixed(keys.networker(networker_id), keys.QUARANTINE_PREFIX)
        kept = [shape.quarantined_of(item) for item in items if item.get("expiration", 0) > now.timestamp()]
        return sorted(kept, key=lambda q: q.received_at, reverse=True)

    def get_quarantined(self, networker_id: str, quarantine_id: str, now: datetime) -> Quarantined:
        item = self._table.get(keys.networker(networker_id), keys.quarantined(quarantine_id))
        if item is None or item.get("expiration", 0) <= now.timestamp():
            raise NotFound(f"no quarantined message {quarantine_id}", "quarantine_id")
        return shape.quarantined_of(item)

    def discard(self, networker_id: str, quarantine_id: str) -> None:
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.quarantined(quarantine_id)})
        gone = NotFound(f"no quarantined message {quarantine_id}", "quarantine_id")
        self._table.transact([({"Delete": {"Key": key, "ConditionExpression": "attribute_exists(pk)"}}, gone)])

    def suggestions(self, networker_id: str) -> list[Suggestion]:
        items = self._table.prefixed(keys.networker(networker_id), keys.SUGGESTION_PREFIX)
        return [shape.suggestion_of(item) for item in items]

    def suggestion(self, networker_id: str, address: str) -> Suggestion:
        item = self._table.get(keys.networker(networker_id), keys.suggestion(address))
        if item is None:
            raise NotFound(f"no suggestion for {address}", "email")
        return shape.suggestion_of(item)

    def ignore(self, networker_id: str, address: str) -> None:
        """Kept (so the address is never suggested again), marked ignored."""
        update = Table.set_fields(keys.networker(networker_id), keys.suggestion(address), {"ignored": True})
        self._table.transact([(update, NotFound(f"no suggestion for {address}", "email"))])

    def forget_suggestion(self, networker_id: str, address: str) -> None:
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.suggestion(address)})
        self._table.transact([({"Delete": {"Key": key}}, None)])

    def unrouted(self, received_at: datetime, ses_message_id: str, fields: dict, expires_at: datetime) -> None:
        """Mail for an inbound address nobody owns: recorded for operators, never for a networker."""
        item = {"pk": keys.UNROUTED, "sk": keys.unrouted(received_at, ses_message_id), "type": ItemType.UNROUTED}
        self._table.put(to_item(item | fields | {"expiration": int(expires_at.timestamp())}))

    def counting(
        self, networker_id: str, people: Sequence[Person], now: datetime, interaction_id: str | None
    ) -> list[Write]:
        """The writes counting these people seen once more (at a calendar occurrence), with the touch they were
        at (accepting one as a contact joins them to it)."""
        pk = keys.networker(networker_id)
        return [self.seen(pk, person, now, interaction_id=interaction_id) for person in people]

    @staticmethod
    def seen(
        pk: str, person: Person, now: datetime, *, quarantine_id: str | None = None, interaction_id: str | None = None
    ) -> Write:
        """Count one more message (or calendar occurrence) with this person (an ignored suggestion stays
        ignored), remembering the touch it was logged as, or its quarantine entry: a write for a transaction."""
        sets = [
            "#type = :type",
            "email = :email",
            "#name = if_not_exists(#name, :name)" if person.name else None,
            "first_seen_at = if_not_exists(first_seen_at, :now)",
            "last_seen_at = :now",
            "ignored = if_not_exists(ignored, :false)",
            "quarantine_ids = list_append(if_not_exists(quarantine_ids, :none), :waiting)",
            "interaction_ids = list_append(if_not_exists(interaction_ids, :none), :logged)",
        ]
        values = {
            ":type": ItemType.SUGGESTION,
            ":email": person.email,
            ":name": person.name,
            ":now": now.isoformat(),
            ":false": False,
            ":none": [],
            ":waiting": [quarantine_id] if quarantine_id else [],
            ":logged": [interaction_id] if interaction_id else [],
            ":one": 1,
        }
        update = {
            "Key": to_item({"pk": pk, "sk": keys.suggestion(person.email)}),
            "UpdateExpression": f"SET {', '.join(s for s in sets if s)} ADD seen :one",
            "ExpressionAttributeNames": {"#type": "type"} | ({"#name": "name"} if person.name else {}),
            "ExpressionAttributeValues": to_item(values),
        }
        return {"Update": update}, None
