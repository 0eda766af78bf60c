"""A networker's calendars (calendar sources), the set of their fingerprints, and the marks of what each
occurrence read from them became.

The set (`CALENDARS`) is what makes adding conditional: a calendar whose fingerprint it holds already, or an
eleventh, is refused; the set's version, moved in the transaction that puts the source, keeps two adds at once
from both passing. The sync builds its own transactions from
`recording`, `putting_mark` and `dropping_mark` (with the touches and meetings they go with) and `apply`s them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapport.domain.calendar_sources import MAX_CALENDARS, CalendarSource, Mark
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import calendar as shape

TRANSACTION = 100  # TransactWriteItems' most


class Calendars:
    def __init__(self, table: Table):
        self._table = table

    def add(self, networker_id: str, source: CalendarSource) -> None:
        """The source, if the networker has neither the same calendar (Conflict) nor MAX_CALENDARS already
        (InvalidInput on `url`). The set is versioned: two adds at once cannot both pass the same count."""
        pk = keys.networker(networker_id)
        held = self._table.get(pk, keys.CALENDARS) or {}
        self._refuse(set(held.get("fingerprints", ())), source.url_fingerprint)
        read = held.get("version", 0)
        claim = {
            "Key": to_item({"pk": pk, "sk": keys.CALENDARS}),
            "UpdateExpression": "SET #type = :type, version = :next ADD fingerprints :added",
            "ConditionExpression": "attribute_not_exists(version) OR version = :read",
            "ExpressionAttributeNames": {"#type": "type"},
            "ExpressionAttributeValues": to_item(
                {
                    ":type": ItemType.CALENDAR_SET.value,
                    ":next": read + 1,
                    ":read": read,
                    ":added": {source.url_fingerprint},
                }
            ),
        }
        item = to_item({"pk": pk, "sk": keys.calendar(source.calendar_id), "type": ItemType.CALENDAR})
        put = {"Item": item | to_item(shape.to_item(source)), "ConditionExpression": "attribute_not_exists(pk)"}
        exists = Conflict(f"calendar {source.calendar_id} exists", "calendar_id")
        meanwhile = Conflict("another calendar was added meanwhile; try again", "url")
        self._table.transact([({"Update": claim}, meanwhile), ({"Put": put}, exists)])

    def list(self, networker_id: str) -> list[CalendarSource]:
        """The networker's calendars, in the order they were added."""
        items = self._table.prefixed(keys.networker(networker_id), keys.CALENDAR_PREFIX, ConsistentRead=True)
        return [shape.from_item(item) for item in items]

    def get(self, networker_id: str, calendar_id: str) -> CalendarSource:
        item = self._table.get(keys.networker(networker_id), keys.calendar(calendar_id))
        if item is None:
            raise NotFound(f"no calendar {calendar_id}", "calendar_id")
        return shape.from_item(item)

    def remove(self, networker_id: str, calendar_id: str) -> CalendarSource:
        """The source, its fingerprint, then its marks (what they made stays: touches and meetings are the
        networker's). NotFound when it is not there."""
        source = self.get(networker_id, calendar_id)
        pk = keys.networker(networker_id)
        delete = {
            "Key": to_item({"pk": pk, "sk": keys.calendar(calendar_id)}),
            "ConditionExpression": "attribute_exists(pk)",
        }
        release = {
            "Key": to_item({"pk": pk, "sk": keys.CALENDARS}),
            "UpdateExpression": "DELETE fingerprints :removed",
            "ExpressionAttributeValues": to_item({":removed": {source.url_fingerprint}}),
        }
        gone = NotFound(f"no calendar {calendar_id}", "calendar_id")
        self._table.transact([({"Delete": delete}, gone), ({"Update": release}, None)])
        # Not in the transaction (a calendar may have hundreds): left over, they expire (TTL).
        marks = self._table.prefixed(pk, keys.calendar_occurrences(calendar_id), ProjectionExpression="pk, sk")
        self._delete((item["pk"], item["sk"]) for item in marks)
        return source

    def record(
        self, networker_id: str, source: CalendarSource, changes: dict[str, Any], *, logged: int = 0
    ) -> CalendarSource | None:
        """The source's state updated with `changes` (field -> value, None unsets), writing only the fields that
        changed (nothing when none did), and `logged` touches added to its count (ADD: two syncs at once lose
        none). None when the source was removed meanwhile: it is not brought back."""
        after, write = self.recording(networker_id, source, changes, logged=logged)
        if write is None:
            return after
        try:
            self._table.transact([write])
        except NotFound:
            return None
        return after

    def recording(
        self, networker_id: str, source: CalendarSource, changes: dict[str, Any], *, logged: int = 0
    ) -> tuple[CalendarSource, Write | None]:
        """`record`'s write, for a transaction writing more along with it (None: nothing changed), and the
        source after it (its count as this reading makes it). Its condition: the source still exists (NotFound
        otherwise)."""
        if "touches_logged" in changes:
            raise ValueError("touches_logged is added to (logged=), never set from a reading")
        after = CalendarSource.model_validate(source.model_dump() | changes)
        changed = {name: getattr(after, name) for name in changes if getattr(after, name) != getattr(source, name)}
        if not changed and not logged:
            return source, None
        after = after.model_copy(
            update={"version": source.version + 1, "touches_logged": source.touches_logged + logged}
        )
        fields = {name: shape.stored(value) for name, value in changed.items()} | {"version": after.version}
        update = self._table.set_fields(keys.networker(networker_id), keys.calendar(source.calendar_id), fields)
        if logged:
            operation = update["Update"]
            operation["UpdateExpression"] += " ADD #logged :logged"
            operation["ExpressionAttributeNames"]["#logged"] = "touches_logged"
            operation["ExpressionAttributeValues"] |= to_item({":logged": logged})
        return after, (update, NotFound(f"no calendar {source.calendar_id}", "calendar_id"))

    def marks(self, networker_id: str, calendar_id: str) -> dict[str, Mark]:
        """What each occurrence of the calendar became, by occurrence key (one Query)."""
        items = self._table.prefixed(keys.networker(networker_id), keys.calendar_occurrences(calendar_id))
        marks = (shape.mark_from_item(item) for item in items)
        return {mark.occurrence_key: mark for mark in marks}

    def putting_mark(self, networker_id: str, calendar_id: str, mark: Mark) -> Write:
        """A write putting (or replacing) an occurrence's mark."""
        pk, sk = keys.networker(networker_id), keys.calendar_event(calendar_id, mark.occurrence_key)
        item = to_item({"pk": pk, "sk": sk, "type": ItemType.CALENDAR_EVENT} | shape.mark_to_item(mark))
        return {"Put": {"Item": item}}, None

    def dropping_mark(self, networker_id: str, calendar_id: str, occurrence_key: str) -> Write:
        """A write deleting an occurrence's mark (absent: no error)."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.calendar_event(calendar_id, occurrence_key)})
        return {"Delete": {"Key": key}}, None

    def replacing_mark(self, networker_id: str, calendar_id: str, mark: Mark, read: Mark | None) -> Write:
        """`putting_mark`, if the mark is still as `read` (absent when None): of two syncs acting on the same
        occurrence at once, one acts (the other's transaction fails with Conflict)."""
        (operation, _), changed = self.putting_mark(networker_id, calendar_id, mark), _mark_changed(mark)
        return {"Put": operation["Put"] | _as_read(read)}, changed

    def dropping_read_mark(self, networker_id: str, calendar_id: str, read: Mark) -> Write:
        """`dropping_mark`, if the mark is still as `read`."""
        (operation, _), changed = (
            self.dropping_mark(networker_id, calendar_id, read.occurrence_key),
            _mark_changed(read),
        )
        return {"Delete": operation["Delete"] | _as_read(read)}, changed

    def still_there(self, networker_id: str, calendar_id: str) -> Write:
        """A check that the source exists (NotFound otherwise): marks are not written for a calendar removed
        during its sync."""
        key = to_item({"pk": keys.networker(networker_id), "sk": keys.calendar(calendar_id)})
        check = {"Key": key, "ConditionExpression": "attribute_exists(pk)"}
        return {"ConditionCheck": check}, NotFound(f"no calendar {calendar_id}", "calendar_id")

    def apply(self, writes: Sequence[Write]) -> None:
        """One transaction (100 operations at most, one per item): all or nothing; a failed condition raises
        the error paired with its write."""
        self._table.transact(list(writes))

    @staticmethod
    def _refuse(fingerprints: set[str], fingerprint: str) -> None:
        if fingerprint in fingerprints:
            raise Conflict("this calendar is already added", "url")
        if len(fingerprints) >= MAX_CALENDARS:
            raise InvalidInput(f"at most {MAX_CALENDARS} calendars can be added; remove one first", "url")

    def _delete(self, keys_) -> None:
        deletes: list[Write] = [({"Delete": {"Key": to_item({"pk": pk, "sk": sk})}}, None) for pk, sk in keys_]
        for start in range(0, len(deletes), TRANSACTION):
            self._table.transact(deletes[start : start + TRANSACTION])


def _as_read(read: Mark | None) -> dict:
    """A condition: the mark is as it was read (its state and fingerprint say what it made)."""
    if read is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {
        "ConditionExpression": "#state = :state AND fingerprint = :fingerprint",
        "ExpressionAttributeNames": {"#state": "state"},
        "ExpressionAttributeValues": to_item({":state": read.state.value, ":fingerprint": read.fingerprint}),
    }


def _mark_changed(mark: Mark) -> Conflict:
    return Conflict(f"the mark of occurrence {mark.occurrence_key} changed meanwhile", "occurrence_key")
