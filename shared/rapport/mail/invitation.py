"""Calendar invitations attached to an email: the first event of a text/calendar part whose METHOD is REQUEST.

Read with `icalendar` (imported on first use: it costs ~60 ms at cold start and most messages have no
calendar). Pure and total: any unreadable calendar becomes a `problems` entry, never an exception.

Two guards around `icalendar` (in `rapport.domain.ical_guards`, shared with the calendar sync): its
process-wide time zone cache is emptied around each read, and times are turned into fixed offsets only
after the zone's rules are found to cost little to walk (a FREQ=SECONDLY zone takes hours).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.message import Message
from email.utils import collapse_rfc2231_value
from typing import Any
from zoneinfo import ZoneInfo

from rapport.domain.ical_guards import ZONE_COST_LIMIT, fresh_zones, zones_cost
from rapport.domain.ical_guards import all_values as _all
from rapport.domain.ical_guards import first_value as _first
from rapport.mail.summary import SUMMARY_LENGTH, decode_text, leaf_parts, shorten

__all__ = ["Invitation", "find_invitation", "read_invitation"]

# At most this many bytes of calendar data are parsed per message (all its calendar parts together).
CALENDAR_READ_LIMIT = 1_000_000
_UID_LIMIT = 1_000
_ADDRESS_LIMIT = 254


@dataclass(frozen=True, slots=True)
class Invitation:
    """A planned meeting, as its organizer's calendar sent it.

    Times are aware, with the fixed UTC offset they have in the event's zone (a time without a zone is
    taken in UTC). `ends_at` is None when the event has no end (or an unreadable one, or one before its
    start). `summary` and `location` have their whitespace collapsed and are cut to 500 characters.
    `attendees` are the organizer's and attendees' email addresses (mailto: only), lowercased, without
    duplicates, the organizer first; the networker's own addresses are not removed. `uid` is None when
    missing or over 1,000 characters. `recurrence_id` names the occurrence as the calendar sync does
    (`rapport.domain.calendar_occurrences.Occurrence`): the RECURRENCE-ID of a moved occurrence, the start of a
    repeating event (its first occurrence), in UTC ISO; None for an event that does not repeat.
    """

    starts_at: datetime
    ends_at: datetime | None = None
    summary: str | None = None
    location: str | None = None
    attendees: list[str] = field(default_factory=list)
    uid: str | None = None
    recurrence_id: str | None = None


class _Unreadable(Exception):
    """An invitation that cannot be read; its message is the reason, for `problems`."""


def find_invitation(message: Message, problems: list[str]) -> Invitation | None:
    """The invitation of the first text/calendar part (attached messages excluded) that holds one."""
    budget = CALENDAR_READ_LIMIT
    for part in leaf_parts(message):
        if part.get_content_type() != "text/calendar":
            continue
        # Transfer-decoded: get_payload() without decode=True decodes 8-bit data with the part's charset,
        # and raises on some ("\x00"). A calendar is small: a large one is a problem, not an invitation.
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        if len(data) > budget:
            problems.append(f"a calendar part over {CALENDAR_READ_LIMIT:,} bytes was not read")
            continue
        budget -= len(data)
        text = decode_text(part, problems, data)
        method = part.get_param("method")
        invitation = read_invitation(text, problems, collapse_rfc2231_value(method) if method else None)
        if invitation is not None:
            return invitation
    return None


def read_invitation(ics: str | bytes, problems: list[str], method: str | None = None) -> Invitation | None:
    """The first event of an iCalendar text when it is a request (its METHOD, else `method`, the MIME
    part's parameter); None for anything else, an all-day event included."""
    import icalendar  # on first use: see the module docstring

    try:
        with fresh_zones():  # only this calendar's VTIMEZONEs count, and nothing of them is kept
            return _invitation(icalendar.Calendar.from_ical(ics, multiple=True), method)
    except _Unreadable as error:
        problems.append(f"the calendar invitation could not be read: {error}")
    except Exception as error:  # icalendar and dateutil raise anything on broken input
        problems.append(f"the calendar invitation could not be read: {_short(repr(error))}")
    return None


def _invitation(components: list[Any], method: str | None) -> Invitation | None:
    calendar = next((c for c in components if c.name == "VCALENDAR"), None)
    if calendar is None:
        raise _Unreadable("no VCALENDAR")
    declared = _first(calendar, "METHOD")
    if str(declared if declared is not None else method or "").strip().upper() != "REQUEST":
        return None
    event = next((c for c in calendar.subcomponents if c.name == "VEVENT"), None)
    if event is None:
        return None
    start = _first(event, "DTSTART")
    if start is None:
        raise _Unreadable("the event has no DTSTART")
    starts_at = _time(components, start, "DTSTART")
    if starts_at is None:  # an all-day event: no meeting to prepare
        return None
    return Invitation(
        starts_at=starts_at,
        ends_at=_end(components, event, starts_at),
        summary=_text(_first(event, "SUMMARY")),
        location=_text(_first(event, "LOCATION")),
        attendees=_attendees(event),
        uid=_uid(event),
        recurrence_id=_recurrence_id(components, event, starts_at),
    )


def _recurrence_id(components: list[Any], event: Any, starts_at: datetime) -> str | None:
    """The occurrence as the calendar sync names it, so that both plan one meeting (`event_meeting_id`)."""
    original = _first(event, "RECURRENCE-ID")
    if original is not None:
        try:
            at = _time(components, original, "RECURRENCE-ID")
        except _Unreadable:
            return None
        return at.astimezone(UTC).isoformat() if at is not None else None
    if _first(event, "RRULE") is None and _first(event, "RDATE") is None:
        return None
    return starts_at.astimezone(UTC).isoformat()


def _end(components: list[Any], event: Any, starts_at: datetime) -> datetime | None:
    """DTEND, else DTSTART + DURATION; None when unreadable (the start alone is worth keeping)."""
    try:
        end, duration = _first(event, "DTEND"), _first(event, "DURATION")
        if end is not None:
            ends_at = _time(components, end, "DTEND")
        elif isinstance(getattr(duration, "dt", None), timedelta):
            ends_at = starts_at + duration.dt
        else:
            return None
    except (_Unreadable, ArithmeticError, ValueError, TypeError):
        return None
    return ends_at if ends_at is not None and ends_at >= starts_at else None


def _time(components: list[Any], prop: Any, name: str) -> datetime | None:
    """An aware datetime with a fixed offset; None for a date (an all-day event)."""
    value = getattr(prop, "dt", None)
    if isinstance(value, date) and not isinstance(value, datetime):
        return None
    if not isinstance(value, datetime):
        raise _Unreadable(f"unreadable {name}")
    tzid = _tzid(prop)
    if value.tzinfo is None:
        if tzid is not None:  # icalendar knows no zone by that name: the time would be off by hours
            raise _Unreadable(f"unknown time zone {_short(tzid)!r}")
        return value.replace(tzinfo=UTC)  # a floating time
    if not isinstance(value.tzinfo, ZoneInfo | timezone):  # built from the calendar's own VTIMEZONE
        _check_zones(components, tzid or "", value.year)
    return value.replace(tzinfo=_fixed(value.utcoffset()))


def _fixed(offset: timedelta | None) -> tzinfo:
    if offset is None:
        raise _Unreadable("a time zone without an offset")
    return UTC if not offset else timezone(offset)


def _tzid(prop: Any) -> str | None:
    value = getattr(prop, "params", {}).get("TZID")
    return str(value) if value else None


def _check_zones(components: list[Any], tzid: str, year: int) -> None:
    """Refuse to compute an offset in a zone whose rules would take long to walk to `year`."""
    if zones_cost(components, year) > ZONE_COST_LIMIT:
        raise _Unreadable(f"the time zone {_short(tzid)!r} has rules too complex to follow")


def _attendees(event: Any) -> list[str]:
    found: dict[str, None] = {}
    for value in _all(event, "ORGANIZER") + _all(event, "ATTENDEE"):
        address = str(value).strip()
        if address[:7].lower() != "mailto:":
            continue
        address = address[7:].strip().lower()
        if "@" in address and len(address) <= _ADDRESS_LIMIT and not any(c.isspace() for c in address):
            found.setdefault(address)
    return list(found)


def _uid(event: Any) -> str | None:
    uid = str(_first(event, "UID") or "").strip()
    return uid if 0 < len(uid) <= _UID_LIMIT else None  # cut, it would name another event


def _text(value: Any, limit: int = SUMMARY_LENGTH) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return (shorten(text, limit) if len(text) > limit else text) or None


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
