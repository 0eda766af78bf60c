"""Meeting rooms and equipment booked on an event (ATTENDEE;CUTYPE=ROOM or RESOURCE, as Google Workspace and
Exchange write them) are not people: not attendees, so never suggested as contacts nor counted toward a
large event."""

from datetime import UTC, datetime

from rapport.domain.calendar_occurrences import read_calendar

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 31, tzinfo=UTC)


def test_a_room_booked_for_a_coffee_is_not_an_attendee():
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "BEGIN:VEVENT",
        "UID:coffee",
        "DTSTART:20261203T100000Z",
        "DTEND:20261203T110000Z",
        "ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Claire:mailto:claire@example.com",
        "ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;CN=Room 4:mailto:c_188@resource.calendar.google.com",
        "ATTENDEE;CUTYPE=ROOM;CN=Board room:mailto:board@example.com",
        "ATTENDEE;CUTYPE=room;CN=Small room:mailto:small@example.com",
        "ATTENDEE;CN=Sam:mailto:sam@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    (occurrence,) = read_calendar("\r\n".join(lines).encode(), START, END).occurrences
    assert [a.email for a in occurrence.attendees] == ["claire@example.com", "sam@example.com"]
    assert occurrence.attendee_count == 2
