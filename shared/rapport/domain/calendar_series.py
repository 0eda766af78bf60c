"""The occurrences of one event (its VEVENT components of one UID) over a window, with recurring-ical-events:
RRULE, RDATE, EXDATE, RECURRENCE-ID overrides (RANGE=THISANDFUTURE too), in the event's own time zone.

Imported by `calendar_events` when a calendar is read, never at a cold start (icalendar, dateutil and
recurring-ical-events take tens of milliseconds to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recurring_ical_events import Occurrence as LibraryOccurrence
from recurring_ical_events import Series
from recurring_ical_events.adapters import EventAdapter

__all__ = ["Found", "TooMany", "expand", "is_recurring"]


@dataclass(frozen=True, slots=True)
class Found:
    """One occurrence as the rules give it: `event` is the component its details come from (the override
    of a moved instance), `start`/`end` its times as written (date, naive or aware datetime), `original`
    the start the rules gave it (its RECURRENCE-ID), None for an event that does not repeat."""

    event: Any
    start: date
    end: date
    original: date | None


class TooMany(Exception):
    """More occurrences than the limit given to `expand`."""


class _Adapter(EventAdapter):  # type: ignore[misc]
    """Keeps its component at hand: the library's occurrences would copy it."""

    def __init__(self, component: Any) -> None:
        super().__init__(component)
        self.event = component


class _Occurrence(LibraryOccurrence):  # type: ignore[misc]
    def __init__(self, adapter: _Adapter, start: Any, end: Any, sequence: int, from_rules: bool) -> None:
        super().__init__(adapter, start, end, sequence)
        self.adapter = adapter
        self.from_rules = from_rules  # made by the rules (else: an override, as it is written)


class _Series(Series):  # type: ignore[misc]
    def occurrence(self, adapter: _Adapter, start: Any = None, end: Any = None) -> _Occurrence:
        return _Occurrence(adapter, start, end, self.sequence, from_rules=start is not None)


def is_recurring(components: list[Any]) -> bool:
    return any(name in c for c in components for name in ("RRULE", "RDATE", "RECURRENCE-ID"))


def expand(components: list[Any], start: datetime, stop: datetime, limit: int) -> list[Found]:
    """The occurrences starting or lasting between `start` and `stop` (aware; taken as they are for
    floating and all-day events: the caller widens the window and keeps what overlaps it exactly).
    Raises TooMany past `limit`, and whatever icalendar and dateutil raise on a broken event."""
    recurring = is_recurring(components)
    found = []
    for occurrence in _Series([_Adapter(c) for c in components]).between(start, stop):
        adapter = occurrence.adapter
        original = None
        if recurring and occurrence.from_rules:
            original = occurrence.start - adapter.move_recurrences_by  # moved by a RANGE=THISANDFUTURE
        elif recurring:
            original = _recurrence_id(adapter.event, occurrence.start)
        found.append(Found(adapter.event, occurrence.start, occurrence.end, original))
        if len(found) > limit:
            raise TooMany
    return found


def _recurrence_id(event: Any, start: date) -> date:
    value = getattr(event.get("RECURRENCE-ID"), "dt", None)
    if not isinstance(value, date):
        return start
    if isinstance(value, datetime) and not isinstance(start, datetime):
        return value.date()  # in an all-day series, occurrences are named by their days
    return value
