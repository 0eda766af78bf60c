"""A calendar source's occurrences over a window: what the calendar sync reads from a networker's own
calendar (an iCalendar file, as Google, Outlook, iCloud and others publish it).

Pure and total: any bytes give a `Reading` or an `UnreadableCalendar` with its `CalendarProblem`, never
another exception. An event that cannot be read (no readable DTSTART, an unknown time zone, a repeat rule
too costly to follow) is skipped and said in `problems`, in English for logs, without personal data.

Bounded: at most MAX_BYTES read, MAX_EVENTS events, MAX_OCCURRENCES occurrences expanded; the work of
walking repeat rules and VTIMEZONE rules is estimated before it is done (`ical_guards`). Past a limit the
calendar is refused as TOO_COMPLEX rather than cut: a cut calendar would look to the sync as occurrences
removed, and their touches would be undone.

icalendar and recurring-ical-events are imported on the first read, never at a cold start.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from rapport.domain import calendar_text
from rapport.domain.ical_guards import ZONE_COST_LIMIT, fresh_zones, rule_cost, time_of, zones_cost
from rapport.domain.ical_guards import all_values as _all_values
from rapport.domain.ical_guards import first_value as _first_value

__all__ = [
    "Attendee",
    "CalendarProblem",
    "Occurrence",
    "Reading",
    "UnreadableCalendar",
    "read_calendar",
]

MAX_BYTES = 10_000_000  # what the fetch reads at most
MAX_EVENTS = 50_000
MAX_OCCURRENCES = 50_000
# Estimated work walking repeat rules (`ical_guards.rule_cost`; a unit is ~0.3 µs): one event, the calendar.
SERIES_COST_LIMIT = 2_000_000
CALENDAR_COST_LIMIT = 30_000_000
SUMMARY_LIMIT = 500
LOCATION_LIMIT = 200
NAME_LIMIT = 200
ATTENDEE_LIMIT = 200
_UID_LIMIT = 1_000
_ADDRESS_LIMIT = 254
# What the API refuses in text a networker types (functions/api/http_errors.py): control characters,
# bidirectional overrides (a summary or a name shown reversed), lone surrogates. Read as spaces.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Floating and all-day times are read in the calendar's X-WR-TIMEZONE: the window asked of the library is
# widened by a day on each side, and what overlaps the window exactly is kept.
_MARGIN = timedelta(days=1)


class CalendarProblem(StrEnum):
    NOT_A_CALENDAR = "not_a_calendar"
    BROKEN = "broken"
    TOO_COMPLEX = "too_complex"


class UnreadableCalendar(Exception):
    """A calendar refused whole: `code` for the source's state, `detail` in English for logs."""

    def __init__(self, code: CalendarProblem, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Attendee:
    email: str  # lowercased, mailto: only
    name: str | None
    declined: bool  # PARTSTAT=DECLINED


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of an event, keyed by (uid, recurrence_id).

    `recurrence_id` is None for an event that does not repeat; else the start the rules gave the occurrence
    (its RECURRENCE-ID, unchanged when it is moved), in UTC ISO ("2026-12-01T09:00:00+00:00"), or its day
    ("2026-12-01") in an all-day series. Times are aware, in UTC, converted from the event's own zone
    (floating and all-day times: the calendar's X-WR-TIMEZONE, else UTC). `attendees` are the ATTENDEE lines
    with a mailto: address (the ORGANIZER line is `organizer`; an organizer also listed as an attendee stays),
    unique by email, the first 200; `attendee_count` counts every ATTENDEE line; rooms and equipment booked
    (CUTYPE=ROOM, RESOURCE) are neither.
    """

    uid: str
    recurrence_id: str | None
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    summary: str | None
    location: str | None
    organizer: str | None
    attendees: tuple[Attendee, ...]
    attendee_count: int
    transparent: bool
    private: bool
    cancelled: bool


@dataclass(frozen=True, slots=True)
class Reading:
    name: str | None  # X-WR-CALNAME
    occurrences: list[Occurrence]  # those overlapping the window, by start
    events_seen: int  # = len(occurrences)
    problems: list[str]  # events skipped, in English for logs


def read_calendar(data: bytes, window_start: datetime, window_end: datetime) -> Reading:
    """The occurrences overlapping [window_start, window_end) (naive bounds are taken in UTC)."""
    start, end = _aware(window_start), _aware(window_end)
    if len(data) > MAX_BYTES:
        raise UnreadableCalendar(CalendarProblem.TOO_COMPLEX, f"over {MAX_BYTES:,} bytes")
    text = calendar_text.decode(data)
    if text.lstrip()[:15].upper() != "BEGIN:VCALENDAR":
        raise UnreadableCalendar(CalendarProblem.NOT_A_CALENDAR, "it does not start with BEGIN:VCALENDAR")
    import icalendar  # on first use: see the module docstring

    from rapport.domain import calendar_series

    try:
        with fresh_zones():
            try:
                components = icalendar.Calendar.from_ical(calendar_text.narrowed(text, start, end), multiple=True)
            except Exception as error:  # icalendar raises anything on broken input
                raise UnreadableCalendar(CalendarProblem.BROKEN, f"not parsed ({type(error).__name__})") from None
            return _Reader(components, start, end, calendar_series).read()
    except UnreadableCalendar:
        raise
    except RecursionError:
        raise UnreadableCalendar(CalendarProblem.TOO_COMPLEX, "nested too deep") from None
    except Exception as error:  # a last guard: the reader is total
        raise UnreadableCalendar(CalendarProblem.BROKEN, f"not read ({type(error).__name__})") from None


class _Reader:
    def __init__(self, components: list[Any], start: datetime, end: datetime, series: Any) -> None:
        self.components, self.start, self.end, self.series = components, start, end, series
        self.problems: Counter[str] = Counter()
        self.zones_ok: bool | None = None  # found out on the first event in a zone of the calendar's own
        self.cost = 0
        self.details: dict[int, tuple[Any, ...]] = {}  # by id() of the component: they live as long

    def read(self) -> Reading:
        calendars = [c for c in self.components if c.name == "VCALENDAR"]
        if not calendars:
            raise UnreadableCalendar(CalendarProblem.NOT_A_CALENDAR, "no VCALENDAR")
        calendar = calendars[0]  # a file of several (rare) is read as one: the first names it
        self.floating = _zone(first_value(calendar, "X-WR-TIMEZONE"))
        events = [c for each in calendars for c in each.subcomponents if c.name == "VEVENT"]
        if len(events) > MAX_EVENTS:
            raise UnreadableCalendar(CalendarProblem.TOO_COMPLEX, f"over {MAX_EVENTS:,} events")
        occurrences: list[Occurrence] = []
        for uid, group in self._series(events, self._standard(calendars, events)).items():
            occurrences.extend(self._occurrences(uid, group, MAX_OCCURRENCES - len(occurrences)))
        occurrences.sort(key=lambda o: (o.starts_at, o.uid, o.recurrence_id or ""))
        problems = [f"{count} {'event' if count == 1 else 'events'}: {what}" for what, count in self.problems.items()]
        name = _text(first_value(calendar, "X-WR-CALNAME"), NAME_LIMIT)
        return Reading(name=name, occurrences=occurrences, events_seen=len(occurrences), problems=problems)

    def _standard(self, calendars: list[Any], events: list[Any]) -> list[Any]:
        """The events with their UTC and floating times in the calendar's X-WR-TIMEZONE, in the same order
        (see `calendar_series.standard`); as written when there is none or a value cannot be converted."""
        if self.floating is UTC:
            return events
        with suppress(Exception):
            standard = [self.series.standard(each, self.floating) for each in calendars]
            converted = [c for each in standard for c in each.subcomponents if c.name == "VEVENT"]
            if len(converted) == len(events):
                return converted
        return events

    def _series(self, events: list[Any], converted: list[Any]) -> dict[str, list[Any]]:
        """Events by UID, those that cannot be read left out (with a problem): each checked and named as
        written, expanded as converted (`_standard`)."""
        series: dict[str, list[Any]] = {}
        for event, used in zip(events, converted, strict=True):
            try:
                problem = self._unreadable(event)
            except Exception:  # icalendar raises on reading some broken values
                problem = "an unreadable property"
            if problem:
                self.problems[f"skipped, {problem}"] += 1
            else:
                series.setdefault(_uid(event), []).append(used)
        return series

    def _unreadable(self, event: Any) -> str | None:
        if not isinstance(time_of(first_value(event, "DTSTART")), date):
            return "no readable start"
        for prop in _times(event):
            value = _first_time(prop)
            if not isinstance(value, date):
                return "an unreadable time"
            if isinstance(value, datetime) and value.tzinfo is None and getattr(prop, "params", {}).get("TZID"):
                return "an unknown time zone"  # read as floating, it would be hours off
            if isinstance(value, datetime) and not isinstance(value.tzinfo, ZoneInfo | timezone | None):
                if self.zones_ok is None:  # built from the calendar's VTIMEZONE: walked by dateutil
                    self.zones_ok = zones_cost(self.components, self.end.year) <= ZONE_COST_LIMIT
                if not self.zones_ok:
                    return "a time zone too complex to follow"
        return None

    def _occurrences(self, uid: str, events: list[Any], room: int) -> list[Occurrence]:
        try:
            moved = self.series.shift(events, self.start - _MARGIN)
        except Exception:  # a start or rule the library cannot read: said when expanding
            moved = timedelta(0)
        try:
            cost = _series_cost(events, self.end, moved)
        except Exception:  # icalendar raises on reading some broken values
            cost = None
        if cost is None or cost > SERIES_COST_LIMIT:
            self.problems["skipped, a repeat rule not understood or too costly to follow"] += 1
            return []
        self.cost += cost
        if self.cost > CALENDAR_COST_LIMIT:
            raise UnreadableCalendar(CalendarProblem.TOO_COMPLEX, "repeat rules too costly to follow")
        try:
            found = self.series.expand(events, self.start - _MARGIN, self.end + _MARGIN, room, moved)
            made = [self._occurrence(uid, f) for f in found]
        except self.series.TooMany:
            raise UnreadableCalendar(CalendarProblem.TOO_COMPLEX, f"over {MAX_OCCURRENCES:,} occurrences") from None
        except Exception as error:  # icalendar, dateutil and the library raise anything on broken events
            self.problems[f"skipped, not expanded ({type(error).__name__})"] += 1
            return []
        return [o for o in made if _overlaps(o, self.start, self.end)]

    def _occurrence(self, uid: str, found: Any) -> Occurrence:
        floating = self.floating
        starts_at = _utc(found.start, floating)
        return Occurrence(
            uid,
            None if found.original is None else _instant(found.original, floating),
            starts_at,
            max(_utc(found.end, floating), starts_at),
            not isinstance(found.start, datetime),
            *self._details(found.event),
        )

    def _details(self, event: Any) -> tuple[Any, ...]:
        """What an occurrence says of its event, read once per component (a series has many occurrences)."""
        details = self.details.get(id(event))
        if details is None:
            attendees, count = _attendees(event)
            details = self.details[id(event)] = (
                _text(first_value(event, "SUMMARY"), SUMMARY_LIMIT),
                _text(first_value(event, "LOCATION"), LOCATION_LIMIT),
                _address(first_value(event, "ORGANIZER")),
                attendees,
                count,
                _word(event, "TRANSP") == "TRANSPARENT",
                _word(event, "CLASS") in ("PRIVATE", "CONFIDENTIAL"),
                _word(event, "STATUS") == "CANCELLED",
            )
        return details


def _series_cost(events: list[Any], end: datetime, moved: timedelta) -> int | None:
    """The estimated work of walking the events' repeat rules up to `end`, their start `moved`; None when
    not understood."""
    cost = 0
    naive_end = end.astimezone(UTC).replace(tzinfo=None)
    for event in events:
        start = first_value(event, "DTSTART").dt
        start = datetime(start.year, start.month, start.day) if not isinstance(start, datetime) else start
        own_move = timedelta(0) if "RECURRENCE-ID" in event else moved
        for rule in all_values(event, "RRULE"):
            rule_work = rule_cost(rule, start.replace(tzinfo=None) + own_move, naive_end)
            if rule_work is None:
                return None
            cost += rule_work
        cost += 10 * sum(len(getattr(p, "dts", ())) for name in ("RDATE", "EXDATE") for p in all_values(event, name))
    return cost


def _times(event: Any) -> list[Any]:
    """The event's time properties, a list of dates for RDATE and EXDATE."""
    props = [p for name in ("DTSTART", "DTEND", "RECURRENCE-ID") for p in all_values(event, name)]
    return props + [d for name in ("RDATE", "EXDATE") for p in all_values(event, name) for d in getattr(p, "dts", [p])]


def _first_time(prop: Any) -> Any:
    value = time_of(prop)
    return value[0] if isinstance(value, tuple) and value else value  # a PERIOD: its start


def _overlaps(occurrence: Occurrence, start: datetime, end: datetime) -> bool:
    if occurrence.ends_at == occurrence.starts_at:  # an instant: it is in the window or not
        return start <= occurrence.starts_at < end
    return occurrence.starts_at < end and occurrence.ends_at > start


def _utc(value: date, floating: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=floating)
    return value.astimezone(UTC)


def _instant(value: date, floating: tzinfo) -> str:
    return _utc(value, floating).isoformat() if isinstance(value, datetime) else value.isoformat()


def _uid(event: Any) -> str:
    """The event's UID; without one, a hash of its start and summary, the same at every sync."""
    uid = str(first_value(event, "UID") or "").strip()
    if len(uid) > _UID_LIMIT:  # cut, it would name another event: its hash names it alone
        return hashlib.sha256(uid.encode("utf-8", "replace")).hexdigest()[:32]
    if uid:
        return uid
    start = first_value(event, "DTSTART")
    seed = f"{start.to_ical().decode('utf-8', 'replace')}\x00{first_value(event, 'SUMMARY') or ''}"
    return hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()[:32]


def _attendees(event: Any) -> tuple[tuple[Attendee, ...], int]:
    # A room or equipment booked (CUTYPE=ROOM, RESOURCE: Google Workspace, Exchange) is not a person.
    lines = [line for line in all_values(event, "ATTENDEE") if _cutype(line) not in ("ROOM", "RESOURCE")]
    found: dict[str, Attendee] = {}
    for line in lines:
        email = _address(line)
        if email is None or email in found:
            continue
        params = getattr(line, "params", {})
        name = _text(params.get("CN"), NAME_LIMIT)
        found[email] = Attendee(email, name, str(params.get("PARTSTAT", "")).strip().upper() == "DECLINED")
        if len(found) == ATTENDEE_LIMIT:
            break
    return tuple(found.values()), len(lines)


def _cutype(line: Any) -> str:
    return str(getattr(line, "params", {}).get("CUTYPE", "")).strip().upper()


def _address(value: Any) -> str | None:
    """The email of a mailto: address (any case), lowercased; None for anything else."""
    if value is None:
        return None
    address = str(value).strip()
    if address[:7].lower() != "mailto:":
        return None
    address = address[7:].strip().lower()
    if "@" in address and len(address) <= _ADDRESS_LIMIT and not any(c.isspace() for c in address):
        return address
    return None


def _word(event: Any, name: str) -> str:
    return str(first_value(event, name) or "").strip().upper()


def _text(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(_HIDDEN.sub(" ", str(value)).split())
    return (text[: limit - 1] + "…" if len(text) > limit else text) or None


def _zone(value: Any) -> tzinfo:
    """The calendar's X-WR-TIMEZONE, for its floating times; UTC when absent or unknown."""
    name = str(value or "").strip()
    if not name or len(name) > 100:
        return UTC
    try:
        return ZoneInfo(name)
    except Exception:  # not a zone name (ValueError, ZoneInfoNotFoundError, a path...)
        return UTC


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def all_values(component: Any, name: str) -> list[Any]:
    """A property's values; none when icalendar cannot read it (it raises on some broken values)."""
    try:
        return _all_values(component, name)
    except Exception:
        return []


def first_value(component: Any, name: str) -> Any:
    try:
        return _first_value(component, name)
    except Exception:
        return None
