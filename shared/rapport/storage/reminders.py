"""What the networker did with reminders: one small item per reminder acted on."""

from __future__ import annotations

from rapport.domain.reminders import ReminderState
from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import reminder as shape


class Reminders:
    def __init__(self, table: Table):
        self._table = table

    def states(self, networker_id: str, reminder_ids: list[str]) -> dict[str, ReminderState]:
        """The states of these reminders (those acted on), by id: one BatchGetItem."""
        pk = keys.networker(networker_id)
        items = self._table.get_many([(pk, keys.reminder(r)) for r in dict.fromkeys(reminder_ids)])
        states = [shape.from_item(item) for item in items]
        return {state.reminder_id: state for state in states}

    def acted_on(self, networker_id: str) -> list[ReminderState]:
        """Every reminder state of the networker (a merge moves those of the other contact)."""
        items = self._table.prefixed(keys.networker(networker_id), keys.REMINDER_PREFIX)
        return [shape.from_item(item) for item in items]

    def move(self, networker_id: str, state: ReminderState, reminder_id: str) -> None:
        """A state under another reminder id (a merge's survivor's), unless that reminder has one already."""
        pk = keys.networker(networker_id)
        key = {"pk": pk, "sk": keys.reminder(reminder_id), "type": ItemType.REMINDER}
        moved = to_item(key | shape.to_item(state.model_copy(update={"reminder_id": reminder_id})))
        self._table.put_new(moved)
        self._table.transact([({"Delete": {"Key": to_item({"pk": pk, "sk": keys.reminder(state.reminder_id)})}}, None)])

    def save(self, networker_id: str, state: ReminderState) -> None:
        key = {"pk": keys.networker(networker_id), "sk": keys.reminder(state.reminder_id), "type": ItemType.REMINDER}
        self._table.put(to_item(key | shape.to_item(state)))
