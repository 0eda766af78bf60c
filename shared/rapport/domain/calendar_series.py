"""The occurrences of one event (its VEVENT components of one UID) over a window, with recurring-ical-events:
RRULE, RDATE, EXDATE, RECURRENCE-ID overrides (RANGE=THISANDFUTURE too), in the event's own time zone.

Imported by `calendar_events` when a calendar is read, never at a cold start (icalendar, dateutil and
recurring-ical-events take tens of milliseconds to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import x_wr_timezone  # type: ignore[import-untyped]
from recurring_ical_events import Occurrence as LibraryOccurrence
from recurring_ical_events import Series
from recurring_ical_events.adapters import EventAdapter

from rapport.domain.ical_guards import all_values, time_of

__all__ = ["Found", "TooMany", "expand", "is_recurring", "shift", "standard"]


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
    """Keeps its component at hand (the library's occurrences would copy it), and its times moved by
    `shift` (see `shift`)."""

    def __init__(self, component: Any, shift: timedelta = timedelta(0)) -> None:
        super().__init__(component)
        self.event = component
        self.shift = shift

    @property
    def raw_start(self) -> Any:
        return super().raw_start + self.shift

    @property
    def raw_end(self) -> Any:
        return super().raw_end + self.shift


class _Occurrence(LibraryOccurrence):  # type: ignore[misc]
    def __init__(self, adapter: _Adapter, start: Any, end: Any, sequence: int, from_rules: bool) -> None:
        super().__init__(adapter, start, end, sequence)
        self.adapter = adapter
        self.from_rules = from_rules  # made by the rules (else: an override, as it is written)


class _Series(Series):  # type: ignore[misc]
    def occurrence(self, adapter: _Adapter, start: Any = None, end: Any = None) -> _Occurrence:
        return _Occurrence(adapter, start, end, self.sequence, from_rules=start is not None)


def standard(calendar: Any, zone: tzinfo) -> Any:
    """The calendar with its UTC and floating times in `zone`, its X-WR-TIMEZONE: what the library's own
    entry point does (Google writes some repeating events in UTC, meant in the calendar's zone: 10:00 in
    Paris all year, not 9:00 UTC). The same calendar when nothing changes."""
    return x_wr_timezone.to_standard(calendar, timezone=zone)


def is_recurring(components: list[Any]) -> bool:
    return any(name in c for c in components for name in ("RRULE", "RDATE", "RECURRENCE-ID"))


def shift(components: list[Any], start: datetime) -> timedelta:
    """How far the event's start can be moved forward, towards `start` (aware), without changing its
    occurrences from `start` on: whole steps of its rule, when it is one daily or weekly rule without a
    COUNT (what calendars repeat most). dateutil walks a rule from its start: a weekly meeting of ten
    years would take 520 steps, and 5,000 of them seconds. The moved start, itself an occurrence, falls
    two days and a duration before `start`: out of the window asked."""
    cores = [c for c in components if "RECURRENCE-ID" not in c]
    rules = [r for c in cores for r in all_values(c, "RRULE")]
    if len(cores) != 1 or len(rules) != 1 or not isinstance(rules[0], dict):
        return timedelta(0)
    rule = rules[0]
    freq = [str(f).upper() for f in rule.get("FREQ", ())]
    if freq not in (["DAILY"], ["WEEKLY"]) or rule.get("COUNT") or rule.get("BYSETPOS"):
        return timedelta(0)
    step = timedelta(days=(7 if freq == ["WEEKLY"] else 1) * max(1, int(rule.get("INTERVAL", [1])[0])))
    adapter = _Adapter(cores[0])
    first = _comparable(adapter.start)
    steps = (start - (adapter.end - adapter.start) - timedelta(days=2) - first) // step
    return step * steps if steps > 0 else timedelta(0)


def _comparable(moment: date) -> datetime:
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def expand(components: list[Any], start: datetime, stop: datetime, limit: int, moved: timedelta) -> list[Found]:
    """The occurrences starting or lasting between `start` and `stop` (aware; taken as they are for
    floating and all-day events: the caller widens the window and keeps what overlaps it exactly), the
    start of the rules `moved` (see `shift`). Raises TooMany past `limit`, and whatever icalendar and
    dateutil raise on a broken event."""
    recurring = is_recurring(components)
    adapters = [_Adapter(c, timedelta(0) if "RECURRENCE-ID" in c else moved) for c in components]
    found = []
    for occurrence in _Series(adapters).between(start, stop):
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
    value = time_of(event.get("RECURRENCE-ID"))
    if not isinstance(value, date):
        return start
    if isinstance(value, datetime) and not isinstance(start, datetime):
        return value.date()  # in an all-day series, occurrences are named by their days
    return value
