"""A forwarded invitation and the networker's calendar name the same occurrence the same way: the meeting
planned from one is found by the other (`event_meeting_id`), for a repeating event too (never two)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport.domain.calendar_occurrences import read_calendar
from rapport.domain.meeting import event_meeting_id
from rapport.mail.invitation import read_invitation

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def _calendar(event: str, method: str = "") -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{method}{event}END:VCALENDAR\r\n"


def _ids(event: str) -> tuple[str, str]:
    """The meeting id the inbound path plans for the invitation, and the one the sync plans for its first
    occurrence read from the calendar."""
    invitation = read_invitation(_calendar(event, "METHOD:REQUEST\r\n"), [])
    assert invitation is not None and invitation.uid is not None
    reading = read_calendar(_calendar(event).encode(), NOW - timedelta(days=30), NOW + timedelta(days=30))
    first = reading.occurrences[0]
    assert first.starts_at == invitation.starts_at
    return event_meeting_id(invitation.uid, invitation.recurrence_id), event_meeting_id(first.uid, first.recurrence_id)


def test_a_weekly_series_forwarded_is_the_meeting_of_its_first_occurrence():
    event = (
        "BEGIN:VEVENT\r\nUID:mentoring@t\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261209T150000Z\r\n"
        "DTEND:20261209T160000Z\r\nSUMMARY:Weekly mentoring\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\n"
    )
    by_mail, by_calendar = _ids(event)
    assert by_mail == by_calendar


def test_a_series_in_a_zone_forwarded_is_named_by_its_start_in_utc():
    event = (
        "BEGIN:VEVENT\r\nUID:zoned@t\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Europe/Paris:20261209T150000\r\n"
        "DTEND;TZID=Europe/Paris:20261209T160000\r\nSUMMARY:Weekly\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\n"
    )
    by_mail, by_calendar = _ids(event)
    assert by_mail == by_calendar


def test_one_occurrence_moved_and_forwarded_is_that_occurrence():
    event = (
        "BEGIN:VEVENT\r\nUID:moved@t\r\nDTSTAMP:20261201T000000Z\r\nRECURRENCE-ID:20261216T150000Z\r\n"
        "DTSTART:20261217T090000Z\r\nDTEND:20261217T100000Z\r\nSUMMARY:Moved\r\nEND:VEVENT\r\n"
    )
    invitation = read_invitation(_calendar(event, "METHOD:REQUEST\r\n"), [])
    assert invitation is not None
    assert invitation.recurrence_id == "2026-12-16T15:00:00+00:00"


def test_a_single_event_forwarded_keeps_no_recurrence_id():
    event = (
        "BEGIN:VEVENT\r\nUID:once@t\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261209T150000Z\r\n"
        "DTEND:20261209T160000Z\r\nSUMMARY:Once\r\nEND:VEVENT\r\n"
    )
    by_mail, by_calendar = _ids(event)
    assert by_mail == by_calendar == event_meeting_id("once@t", None)
