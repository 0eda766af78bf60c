"""Text read from a calendar (titles, places, names) holds none of the characters the API refuses in what
a networker types (functions/api/http_errors.py `_HIDDEN`): control characters, and the bidirectional
overrides that would show a touch's summary, or a suggested person's name, reversed or spoofed."""

from datetime import UTC, datetime

from rapport.domain.calendar_occurrences import read_calendar

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 31, tzinfo=UTC)


def test_control_characters_and_bidi_overrides_are_left_out_of_what_is_read():
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "X-WR-CALNAME:Work\x7f\u2066",
        "BEGIN:VEVENT",
        "UID:coffee",
        "DTSTART:20261203T100000Z",
        "DTEND:20261203T110000Z",
        "SUMMARY:Coffee\x00with\u202eClaire\x08",
        "LOCATION:Caf\u00e9\x1b[31m Flore",
        "ATTENDEE;CN=Sam\u202dStranger:mailto:sam@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    reading = read_calendar("\r\n".join(lines).encode(), START, END)
    (occurrence,) = reading.occurrences
    assert reading.name == "Work"
    assert occurrence.summary == "Coffee with Claire"
    assert occurrence.location == "Café [31m Flore"
    assert occurrence.attendees[0].name == "Sam Stranger"
