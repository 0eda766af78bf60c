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

    def save(self, networker_id: str, state: ReminderState) -> None:
        key = {"pk": keys.networker(networker_id), "sk": keys.reminder(state.reminder_id), "type": ItemType.REMINDER}
        self._table.put(to_item(key | shape.to_item(state)))
