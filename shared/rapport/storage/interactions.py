"""Interaction items and their touches: one copy per participant, in that contact's touch log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime

from rapport.domain.errors import Conflict, NotFound
from rapport.domain.interaction import Interaction, Touch
from rapport.storage import keys
from rapport.storage.dynamo import Page, Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import interaction as shape


class Interactions:
    def __init__(self, table: Table):
        self._table = table

    def create(
        self,
        networker_id: str,
        interaction: Interaction,
        along: Sequence[Write] = (),
        written: AbstractSet[str] = frozenset(),
    ) -> None:
        """The interaction, a check that each participant exists, one touch per participant, and `along`
        (which writes the contacts in `written`, with conditions of its own: DynamoDB allows one operation
        per item in a transaction)."""
        self._table.transact(self.creation(networker_id, interaction, written) + list(along))

    def creation(
        self,
        networker_id: str,
        interaction: Interaction,
        written: AbstractSet[str] = frozenset(),
        exists: Exception | None = None,
    ) -> list[Write]:
        """The writes of `create`, for a transaction that writes more along with them (`exists`: the error
        when the interaction exists already, a Conflict by default)."""
        item = self._item(networker_id, interaction)
        exists = exists or Conflict(f"interaction {interaction.interaction_id} exists", "interaction_id")
        writes: list[Write] = [({"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}, exists)]
        for index, contact_id in enumerate(interaction.contact_ids):
            contact_key = to_item({"pk": keys.networker(networker_id), "sk": keys.contact(contact_id)})
            check = {"Key": contact_key, "ConditionExpression": "attribute_exists(pk)"}
            if contact_id not in written:
                writes.append(
                    ({"ConditionCheck": check}, NotFound(f"no contact {contact_id}", f"contact_ids[{index}]"))
                )
            writes.append(({"Put": {"Item": self._touch(networker_id, contact_id, interaction)}}, None))
        return writes

    def find(self, networker_id: str, interaction_id: str) -> Interaction | None:
        item = self._table.get(keys.networker(networker_id), keys.interaction(interaction_id))
        return shape.from_item(item) if item else None

    def get(self, networker_id: str, interaction_id: str) -> Interaction:
        item = self._table.get(keys.networker(networker_id), keys.interaction(interaction_id))
        if item is None:
            raise NotFound(f"no interaction {interaction_id}", "interaction_id")
        return shape.from_item(item)

    def delete(self, networker_id: str, interaction: Interaction) -> None:
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.interaction(interaction.interaction_id)})
        gone = NotFound(f"no interaction {interaction.interaction_id}", "interaction_id")
        writes: list[Write] = [({"Delete": {"Key": key, "ConditionExpression": "attribute_exists(pk)"}}, gone)]
        writes += [
            ({"Delete": {"Key": self._touch_key(networker_id, contact_id, interaction)}}, None)
            for contact_id in interaction.contact_ids
        ]
        self._table.transact(writes)

    def replacement(self, networker_id: str, before: Interaction, after: Interaction, edited: Exception) -> list[Write]:
        """The writes making the interaction `after` (same id), if it is still exactly `before` (else `edited`):
        its touches moved to their new time and participants."""
        put = {"Item": self._item(networker_id, after)} | self._unchanged(before)
        writes: list[Write] = [({"Put": put}, edited)]
        for index, contact_id in enumerate(after.contact_ids):
            contact_key = to_item({"pk": keys.networker(networker_id), "sk": keys.contact(contact_id)})
            check = {"Key": contact_key, "ConditionExpression": "attribute_exists(pk)"}
            writes.append(({"ConditionCheck": check}, NotFound(f"no contact {contact_id}", f"contact_ids[{index}]")))
            writes.append(({"Put": {"Item": self._touch(networker_id, contact_id, after)}}, None))
        kept = {(c, after.occurred_at) for c in after.contact_ids}
        writes += [
            ({"Delete": {"Key": self._touch_key(networker_id, contact_id, before)}}, None)
            for contact_id in before.contact_ids
            if (contact_id, before.occurred_at) not in kept
        ]
        return writes

    def removal(self, networker_id: str, interaction: Interaction, edited: Exception) -> list[Write]:
        """The writes deleting the interaction and its touches, if it is still exactly as given (else `edited`)."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.interaction(interaction.interaction_id)})
        writes: list[Write] = [({"Delete": {"Key": key} | self._unchanged(interaction)}, edited)]
        writes += [
            ({"Delete": {"Key": self._touch_key(networker_id, contact_id, interaction)}}, None)
            for contact_id in interaction.contact_ids
        ]
        return writes

    @staticmethod
    def _unchanged(interaction: Interaction) -> dict:
        """A condition: the interaction item holds these participants, time and summary still."""
        stored = shape.to_item(interaction)
        names = {"#c": "contact_ids", "#o": "occurred_at", "#s": "summary"}
        values = {":c": stored["contact_ids"], ":o": stored["occurred_at"]}
        summary = "attribute_not_exists(#s)"
        if stored["summary"] is not None:
            summary, values[":s"] = "#s = :s", stored["summary"]
        return {
            "ConditionExpression": f"attribute_exists(pk) AND #c = :c AND #o = :o AND {summary}",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": to_item(values),
        }

    def remove_participant(self, networker_id: str, interaction: Interaction, contact_id: str) -> None:
        """A deleted contact leaves an interaction; the last one out deletes it."""
        remaining = [c for c in interaction.contact_ids if c != contact_id]
        gone = ({"Delete": {"Key": self._touch_key(networker_id, contact_id, interaction)}}, None)
        if not remaining:
            self.delete(networker_id, interaction)
            return
        after = interaction.model_copy(update={"contact_ids": remaining})
        still_there = {"Item": self._item(networker_id, after), "ConditionExpression": "attribute_exists(pk)"}
        missing = NotFound(f"no interaction {interaction.interaction_id}", "interaction_id")
        writes: list[Write] = [({"Put": still_there}, missing), gone]
        writes += [({"Put": {"Item": self._touch(networker_id, c, after)}}, None) for c in remaining]
        self._table.transact(writes)

    def add_participant(self, networker_id: str, interaction: Interaction, contact_id: str) -> Interaction:
        """A contact joins an interaction (someone in a logged email became a contact): its touch too."""
        after = interaction.model_copy(update={"contact_ids": [*interaction.contact_ids, contact_id]})
        still_there = {"Item": self._item(networker_id, after), "ConditionExpression": "attribute_exists(pk)"}
        missing = NotFound(f"no interaction {interaction.interaction_id}", "interaction_id")
        touch = {"Put": {"Item": self._touch(networker_id, contact_id, after)}}
        self._table.transact([({"Put": still_there}, missing), (touch, None)])
        return after

    def move_participant(self, networker_id: str, interaction: Interaction, from_id: str, to_id: str) -> None:
        """A merge: `to_id` takes `from_id`'s place in the interaction, its touch moving from one touch log
        to the other, if the interaction and `to_id` are still there."""
        after = interaction.model_copy(
            update={"contact_ids": list(dict.fromkeys(to_id if c == from_id else c for c in interaction.contact_ids))}
        )
        still_there = {"Item": self._item(networker_id, after), "ConditionExpression": "attribute_exists(pk)"}
        to_key = to_item({"pk": keys.networker(networker_id), "sk": keys.contact(to_id)})
        writes: list[Write] = [
            ({"Put": still_there}, NotFound(f"no interaction {interaction.interaction_id}", "interaction_id")),
            (
                {"ConditionCheck": {"Key": to_key, "ConditionExpression": "attribute_exists(pk)"}},
                NotFound(f"no contact {to_id}", "contact_id"),
            ),
            ({"Put": {"Item": self._touch(networker_id, to_id, after)}}, None),
            ({"Delete": {"Key": self._touch_key(networker_id, from_id, interaction)}}, None),
        ]
        self._table.transact(writes)

    def drop_touch(self, networker_id: str, contact_id: str, touch: Touch) -> None:
        """A touch whose interaction is gone (deleted meanwhile): nothing to move."""
        sk = keys.touch(touch.occurred_at, touch.interaction_id)
        key = to_item({"pk": keys.touch_log(networker_id, contact_id), "sk": sk})
        self._table.transact([({"Delete": {"Key": key}}, None)])

    def created_between(self, networker_id: str, first: datetime, last: datetime) -> list[Interaction]:
        """The interactions logged between two moments, by their time-ordered ids (one range of the
        networker's partition): what happened in a week was logged from that week's start on."""
        bounds = keys.created_between(keys.INTERACTION_PREFIX, first, last)
        return [shape.from_item(item) for item in self._table.between(keys.networker(networker_id), *bounds)]

    def page_of_contact(self, networker_id: str, contact_id: str, cursor: str | None, size: int) -> Page:
        """One page of a contact's touches, newest first."""
        page = self._table.page(keys.touch_log(networker_id, contact_id), cursor, size, newest_first=True)
        return Page([shape.from_item(item) for item in page.items], page.cursor)

    def touches(self, networker_id: str, contact_id: str) -> Iterator[Touch]:
        """Every touch of a contact, for recomputing its follow-up (stream path, not request path)."""
        items = self._table.query_all(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=to_item({":pk": keys.touch_log(networker_id, contact_id)}),
            ProjectionExpression=", ".join(f"#{name}" for name in shape.TOUCH),
            ExpressionAttributeNames={f"#{name}": name for name in shape.TOUCH},
        )
        return (shape.touch_from_item(item) for item in items)

    @staticmethod
    def _item(networker_id: str, interaction: Interaction) -> dict:
        key = {"pk": keys.networker(networker_id), "sk": keys.interaction(interaction.interaction_id)}
        return to_item(key | {"type": ItemType.INTERACTION} | shape.to_item(interaction))

    @staticmethod
    def _touch_key(networker_id: str, contact_id: str, interaction: Interaction) -> dict:
        sk = keys.touch(interaction.occurred_at, interaction.interaction_id)
        return to_item({"pk": keys.touch_log(networker_id, contact_id), "sk": sk})

    def _touch(self, networker_id: str, contact_id: str, interaction: Interaction) -> dict:
        fields = to_item({"type": ItemType.TOUCH} | shape.to_item(interaction))
        return self._touch_key(networker_id, contact_id, interaction) | fields
