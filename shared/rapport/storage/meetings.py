"""Planned meetings, and a marker per meeting by the day it starts."""

from __future__ import annotations

from datetime import date

from rapport.domain.errors import Conflict, NotFound
from rapport.domain.meeting import Meeting
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import meeting as shape


class Meetings:
    def __init__(self, table: Table):
        self._table = table

    def get(self, networker_id: str, meeting_id: str) -> Meeting:
        item = self._table.get(keys.networker(networker_id), keys.meeting(meeting_id))
        if item is None:
            raise NotFound(f"no meeting {meeting_id}", "meeting_id")
        return shape.from_item(item)

    def create(self, networker_id: str, meeting: Meeting) -> None:
        """The meeting and its day marker, if every contact exists."""
        self._table.transact(self.creation(networker_id, meeting))

    def creation(self, networker_id: str, meeting: Meeting) -> list[Write]:
        """The writes of `create`, for a transaction that writes more along with them."""
        put = {"Item": self._item(networker_id, meeting), "ConditionExpression": "attribute_not_exists(pk)"}
        writes: list[Write] = [({"Put": put}, Conflict(f"meeting {meeting.meeting_id} exists", "meeting_id"))]
        writes += self._contacts_exist(networker_id, meeting)
        writes.append(({"Put": {"Item": self._marker(networker_id, meeting)}}, None))
        return writes

    def find(self, networker_id: str, meeting_id: str) -> Meeting | None:
        item = self._table.get(keys.networker(networker_id), keys.meeting(meeting_id))
        return shape.from_item(item) if item else None

    def replace(self, networker_id: str, meeting: Meeting, previous: Meeting) -> None:
        self._table.transact(self.replacement(networker_id, meeting, previous))

    def replacement(
        self, networker_id: str, meeting: Meeting, previous: Meeting, *, same_people: bool = False
    ) -> list[Write]:
        """The writes of `replace` (if nobody changed the meeting since `previous` was read). `same_people`:
        its contacts did not change (marked held), so they are not checked (one deleted since stays listed)."""
        versioned = {
            "Item": self._item(networker_id, meeting),
            "ConditionExpression": "version = :read",
            "ExpressionAttributeValues": to_item({":read": previous.version}),
        }
        stale = Conflict("the meeting changed since you read it; read it again", "version")
        writes: list[Write] = [({"Put": versioned}, stale)]
        writes += [] if same_people else self._contacts_exist(networker_id, meeting)
        if keys.meeting_day(previous.starts_at, previous.meeting_id) != keys.meeting_day(
            meeting.starts_at, meeting.meeting_id
        ):
            writes.append(({"Delete": {"Key": self._marker_key(networker_id, previous)}}, None))
            writes.append(({"Put": {"Item": self._marker(networker_id, meeting)}}, None))
        return writes

    def removal(self, networker_id: str, meeting: Meeting) -> list[Write]:
        """The writes deleting the meeting and its day marker, if nobody changed it since it was read."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.meeting(meeting.meeting_id)})
        versioned = {"Key": key, "ConditionExpression": "version = :read"}
        versioned["ExpressionAttributeValues"] = to_item({":read": meeting.version})
        stale = Conflict("the meeting changed since it was read", "version")
        return [({"Delete": versioned}, stale), ({"Delete": {"Key": self._marker_key(networker_id, meeting)}}, None)]

    def delete(self, networker_id: str, meeting: Meeting) -> None:
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.meeting(meeting.meeting_id)})
        gone = NotFound(f"no meeting {meeting.meeting_id}", "meeting_id")
        delete = {"Key": key, "ConditionExpression": "attribute_exists(pk)"}
        self._table.transact(
            [({"Delete": delete}, gone), ({"Delete": {"Key": self._marker_key(networker_id, meeting)}}, None)]
        )

    def all(self, networker_id: str) -> list[Meeting]:
        """Every meeting of the networker (a merge moves the other contact's)."""
        items = self._table.prefixed(keys.networker(networker_id), keys.MEETING_PREFIX)
        return [shape.from_item(item) for item in items]

    def between(self, networker_id: str, first: date, last: date) -> list[Meeting]:
        """Meetings starting between two (UTC) days, soonest first."""
        pk = keys.networker(networker_id)
        sort_keys = self._table.sort_keys(pk, *keys.meetings_between(first, last))
        items = self._table.get_many([(pk, keys.meeting(sk.rsplit("#", 1)[1])) for sk in sort_keys])
        return sorted((shape.from_item(i) for i in items), key=lambda m: (m.starts_at, m.meeting_id))

    @staticmethod
    def _contacts_exist(networker_id: str, meeting: Meeting) -> list[Write]:
        checks: list[Write] = []
        for index, contact_id in enumerate(meeting.contact_ids):
            key = to_item({"pk": keys.networker(networker_id), "sk": keys.contact(contact_id)})
            missing = NotFound(f"no contact {contact_id}", f"contact_ids[{index}]")
            checks.append(({"ConditionCheck": {"Key": key, "ConditionExpression": "attribute_exists(pk)"}}, missing))
        return checks

    @staticmethod
    def _item(networker_id: str, meeting: Meeting) -> dict:
        key = {"pk": keys.networker(networker_id), "sk": keys.meeting(meeting.meeting_id), "type": ItemType.MEETING}
        return to_item(key | shape.to_item(meeting))

    @staticmethod
    def _marker_key(networker_id: str, meeting: Meeting) -> dict:
        return to_item(
            {"pk": keys.networker(networker_id), "sk": keys.meeting_day(meeting.starts_at, meeting.meeting_id)}
        )

    def _marker(self, networker_id: str, meeting: Meeting) -> dict:
        return self._marker_key(networker_id, meeting) | to_item({"type": ItemType.MEETING_DAY})
