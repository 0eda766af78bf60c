"""A networker's calendar read over a window (rapport.domain.calendar_occurrences): small hand-written calendars,
as Google, Outlook and others write them. The corpus of broken ones: test_calendar_corpus.py."""

import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.bench.calendar_reading import calendar_bytes
from rapport.domain import calendar_occurrences, calendar_text
from rapport.domain.calendar_occurrences import Attendee, CalendarProblem, UnreadableCalendar, read_calendar

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 31, tzinfo=UTC)


def ics(*lines: str, head: tuple[str, ...] = ()) -> bytes:
    """A calendar of the given lines (events written with `event`)."""
    return "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *head, *lines, "END:VCALENDAR", ""]
    ).encode()


def event(*lines: str, uid: str | None = "e1") -> tuple[str, ...]:
    return ("BEGIN:VEVENT", *([f"UID:{uid}"] if uid else []), *lines, "END:VEVENT")


def read(data: bytes, start: datetime = START, end: datetime = END):
    return read_calendar(data, start, end)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_single_meeting_in_paris_is_in_utc():
    reading = read(ics(*event("DTSTART;TZID=Europe/Paris:20261203T100000", "DTEND;TZID=Europe/Paris:20261203T113000")))
    [meeting] = reading.occurrences
    assert (meeting.uid, meeting.recurrence_id) == ("e1", None)
    assert (meeting.starts_at, meeting.ends_at) == (at(2026, 12, 3, 9), at(2026, 12, 3, 10, 30))
    assert meeting.starts_at.tzinfo is UTC and not meeting.all_day
    assert reading.events_seen == 1 and reading.problems == [] and reading.name is None


WEEKLY = (
    *event(
        "DTSTART;TZID=Europe/Paris:20261201T100000",
        "DTEND;TZID=Europe/Paris:20261201T110000",
        "RRULE:FREQ=WEEKLY;COUNT=5",
        "EXDATE;TZID=Europe/Paris:20261215T100000",
        "SUMMARY:Coffee with Zoé",
        uid="weekly@example.com",
    ),
    *event(
        "RECURRENCE-ID;TZID=Europe/Paris:20261208T100000",
        "DTSTART;TZID=Europe/Paris:20261209T150000",
        "DTEND;TZID=Europe/Paris:20261209T160000",
        "SUMMARY:Coffee with Zoé (moved)",
        uid="weekly@example.com",
    ),
)


def test_a_weekly_meeting_with_a_moved_instance_and_an_exdate():
    reading = read(ics(*WEEKLY))
    got = [(o.recurrence_id, o.starts_at, o.summary) for o in reading.occurrences]
    assert got == [
        ("2026-12-01T09:00:00+00:00", at(2026, 12, 1, 9), "Coffee with Zoé"),
        ("2026-12-08T09:00:00+00:00", at(2026, 12, 9, 14), "Coffee with Zoé (moved)"),  # keeps its original key
        ("2026-12-22T09:00:00+00:00", at(2026, 12, 22, 9), "Coffee with Zoé"),
        ("2026-12-29T09:00:00+00:00", at(2026, 12, 29, 9), "Coffee with Zoé"),
    ]
    assert {o.uid for o in reading.occurrences} == {"weekly@example.com"}
    assert reading.events_seen == 4


def test_a_moved_instance_is_found_when_only_its_new_time_is_in_the_window():
    reading = read(ics(*WEEKLY), start=at(2026, 12, 9), end=at(2026, 12, 10))
    assert [o.recurrence_id for o in reading.occurrences] == ["2026-12-08T09:00:00+00:00"]
    reading = read(ics(*WEEKLY), start=at(2026, 12, 8), end=at(2026, 12, 9))
    assert reading.occurrences == []  # its original day is empty


def test_a_weekly_meeting_keeps_its_local_hour_across_summer_time():
    data = ics(*event("DTSTART;TZID=Europe/Paris:20260317T100000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY"))
    reading = read(data, start=at(2026, 3, 20), end=at(2026, 4, 5))
    assert [o.starts_at for o in reading.occurrences] == [at(2026, 3, 24, 9), at(2026, 3, 31, 8)]
    assert [o.ends_at - o.starts_at for o in reading.occurrences] == [timedelta(hours=1)] * 2


def test_a_meeting_repeating_for_years_is_read_at_the_window():
    """Its start is moved near the window (dateutil walks a rule from its start): same occurrences."""
    data = ics(
        *event(
            "DTSTART;TZID=America/New_York:20100104T090000",
            "DTEND;TZID=America/New_York:20100104T093000",
            "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
            "EXDATE;TZID=America/New_York:20261202T090000",
        )
    )
    reading = read(data, start=at(2026, 11, 30), end=at(2026, 12, 7))
    assert [o.starts_at for o in reading.occurrences] == [
        at(2026, 11, 30, 14),
        at(2026, 12, 1, 14),
        at(2026, 12, 3, 14),
        at(2026, 12, 4, 14),
    ]
    assert reading.occurrences[0].recurrence_id == "2026-11-30T14:00:00+00:00"


def test_every_second_week_keeps_its_weeks_over_years():
    data = ics(*event("DTSTART:20150106T090000Z", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"))
    reading = read(data, start=at(2026, 11, 1), end=at(2026, 12, 1))
    expected = [at(2015, 1, 6, 9) + timedelta(weeks=2 * n) for n in range(400)]
    assert [o.starts_at for o in reading.occurrences] == [d for d in expected if START <= d < at(2026, 12, 1)]


def test_rdates_add_occurrences():
    data = ics(*event("DTSTART:20261201T090000Z", "DTEND:20261201T100000Z", "RDATE:20261205T090000Z,20261206T120000Z"))
    reading = read(data)
    assert [o.starts_at for o in reading.occurrences] == [at(2026, 12, 1, 9), at(2026, 12, 5, 9), at(2026, 12, 6, 12)]
    assert reading.occurrences[2].recurrence_id == "2026-12-06T12:00:00+00:00"
    assert reading.occurrences[2].ends_at == at(2026, 12, 6, 13)


def test_all_day_events():
    reading = read(
        ics(
            *event("DTSTART;VALUE=DATE:20261203", "SUMMARY:One day", uid="a"),
            *event("DTSTART;VALUE=DATE:20261210", "DTEND;VALUE=DATE:20261213", "SUMMARY:Three days", uid="b"),
            *event("DTSTART;VALUE=DATE:20261101", "RRULE:FREQ=MONTHLY", "SUMMARY:Monthly", uid="c"),
        )
    )
    got = [(o.uid, o.recurrence_id, o.starts_at, o.ends_at, o.all_day) for o in reading.occurrences]
    assert got == [
        ("c", "2026-11-01", at(2026, 11, 1), at(2026, 11, 2), True),
        ("c", "2026-12-01", at(2026, 12, 1), at(2026, 12, 2), True),
        ("a", None, at(2026, 12, 3), at(2026, 12, 4), True),
        ("b", None, at(2026, 12, 10), at(2026, 12, 13), True),
    ]


def test_all_day_and_floating_times_are_in_the_calendars_zone():
    data = ics(
        *event("DTSTART;VALUE=DATE:20261203", uid="day"),
        *event("DTSTART:20261204T090000", "DTEND:20261204T100000", uid="floating"),
        head=("X-WR-TIMEZONE:America/New_York",),
    )
    got = {o.uid: (o.starts_at, o.ends_at) for o in read(data).occurrences}
    assert got == {
        "day": (at(2026, 12, 3, 5), at(2026, 12, 4, 5)),
        "floating": (at(2026, 12, 4, 14), at(2026, 12, 4, 15)),
    }


def test_floating_times_without_a_zone_are_utc():
    for head in [(), ("X-WR-TIMEZONE:Not/A_Zone",), ("X-WR-TIMEZONE:../../etc/passwd",)]:
        [meeting] = read(ics(*event("DTSTART:20261204T090000"), head=head)).occurrences
        assert meeting.starts_at == at(2026, 12, 4, 9)


def test_duration_and_no_end():
    reading = read(
        ics(
            *event("DTSTART:20261204T090000Z", "DURATION:PT1H30M", uid="duration"),
            *event("DTSTART:20261205T090000Z", uid="instant"),
            *event("DTSTART:20261206T090000Z", "DTEND:20261206T080000Z", uid="backwards"),
        )
    )
    got = {o.uid: o.ends_at - o.starts_at for o in reading.occurrences}
    assert got == {"duration": timedelta(hours=1, minutes=30), "instant": timedelta(0), "backwards": timedelta(hours=1)}


def test_attendees():
    [meeting] = read(
        ics(
            *event(
                "DTSTART:20261204T090000Z",
                "ORGANIZER;CN=Zoé Lévy:MAILTO:Zoe.Levy@Example.COM",
                "ATTENDEE;CN=Zoé Lévy;PARTSTAT=ACCEPTED:mailto:zoe.levy@example.com",
                'ATTENDEE;CN="Prince, Ali";PARTSTAT=DECLINED:mailto:ali@example.com',
                "ATTENDEE;PARTSTAT=declined:MAILTO:Bob@Example.com",
                "ATTENDEE;CN=Bob again:mailto:bob@example.com",
                "ATTENDEE;CN=Room 1;CUTYPE=ROOM:urn:uuid:1234",
                "ATTENDEE:mailto:not an address",
                "ATTENDEE;CN=Carol   Smith;PARTSTAT=NEEDS-ACTION:mailto:carol@example.com",
            )
        )
    ).occurrences
    assert meeting.organizer == "zoe.levy@example.com"
    assert meeting.attendees == (
        Attendee("zoe.levy@example.com", "Zoé Lévy", False),
        Attendee("ali@example.com", "Prince, Ali", True),
        Attendee("bob@example.com", None, True),
        Attendee("carol@example.com", "Carol Smith", False),
    )
    assert meeting.attendee_count == 6  # the room is not a person


def test_attendees_are_cut_at_200_and_counted():
    lines = [f"ATTENDEE:mailto:guest{n}@example.com" for n in range(250)]
    [meeting] = read(ics(*event("DTSTART:20261204T090000Z", *lines))).occurrences
    assert len(meeting.attendees) == 200 and meeting.attendee_count == 250


def test_private_free_and_cancelled_events():
    reading = read(
        ics(
            *event("DTSTART:20261204T090000Z", "CLASS:PRIVATE", uid="private"),
            *event("DTSTART:20261204T100000Z", "CLASS:CONFIDENTIAL", uid="confidential"),
            *event("DTSTART:20261204T110000Z", "CLASS:PUBLIC", "TRANSP:TRANSPARENT", uid="free"),
            *event("DTSTART:20261204T120000Z", "STATUS:CANCELLED", uid="cancelled"),
            *event("DTSTART:20261204T130000Z", "TRANSP:OPAQUE", "STATUS:CONFIRMED", uid="plain"),
        )
    )
    got = {o.uid: (o.private, o.transparent, o.cancelled) for o in reading.occurrences}
    assert got == {
        "private": (True, False, False),
        "confidential": (True, False, False),
        "free": (False, True, False),
        "cancelled": (False, False, True),
        "plain": (False, False, False),
    }


def test_one_cancelled_instance_of_a_series():
    data = ics(
        *event("DTSTART:20261201T090000Z", "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Standup"),
        *event("RECURRENCE-ID:20261208T090000Z", "DTSTART:20261208T090000Z", "STATUS:CANCELLED", "SUMMARY:Standup"),
    )
    got = [(o.recurrence_id, o.cancelled) for o in read(data).occurrences]
    assert got == [
        ("2026-12-01T09:00:00+00:00", False),
        ("2026-12-08T09:00:00+00:00", True),
        ("2026-12-15T09:00:00+00:00", False),
    ]


def test_an_event_without_uid_has_a_stable_one():
    data = ics(*event("DTSTART:20261204T090000Z", "SUMMARY:Lunch", uid=None))
    [first], [second] = read(data).occurrences, read(data).occurrences
    expected = hashlib.sha256(b"20261204T090000Z\x00Lunch").hexdigest()[:32]
    assert first.uid == second.uid == expected
    [other] = read(ics(*event("DTSTART:20261204T090000Z", "SUMMARY:Dinner", uid=None))).occurrences
    assert other.uid != first.uid


def test_text_is_collapsed_and_cut():
    data = ics(*event("DTSTART:20261204T090000Z", "SUMMARY:" + "word\\n  " * 200, "LOCATION:" + "x" * 300))
    [meeting] = read(data).occurrences
    assert len(meeting.summary) == 500 and meeting.summary.endswith("…") and "  " not in meeting.summary
    assert len(meeting.location) == 200


def test_the_calendars_name():
    assert read(ics(head=("X-WR-CALNAME:Travail  perso",))).name == "Travail perso"


def test_the_window_bounds():
    data = ics(
        *event("DTSTART:20261031T230000Z", "DTEND:20261101T000000Z", uid="ends-at-start"),
        *event("DTSTART:20261031T230000Z", "DTEND:20261101T000100Z", uid="overlaps-start"),
        *event("DTSTART:20261101T000000Z", uid="instant-at-start"),
        *event("DTSTART:20261231T000000Z", "DTEND:20261231T010000Z", uid="starts-at-end"),
        *event("DTSTART:20261230T235900Z", "DTEND:20261231T010000Z", uid="overlaps-end"),
        *event("DTSTART;VALUE=DATE:20261031", uid="day-before"),
        *event("DTSTART;VALUE=DATE:20261231", uid="day-after"),
    )
    assert [o.uid for o in read(data).occurrences] == ["overlaps-start", "instant-at-start", "overlaps-end"]


def test_naive_window_bounds_are_utc():
    data = ics(*event("DTSTART:20261204T090000Z"))
    assert read(data, datetime(2026, 12, 4, 8), datetime(2026, 12, 4, 10)).events_seen == 1


GOOGLE = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
X-WR-CALNAME:zoe.levy@gmail.com\r
X-WR-TIMEZONE:Europe/Paris\r
BEGIN:VTIMEZONE\r
TZID:Europe/Paris\r
X-LIC-LOCATION:Europe/Paris\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
DTSTART;TZID=Europe/Paris:20261202T120000\r
DTEND;TZID=Europe/Paris:20261202T130000\r
RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20261216T225959Z;BYDAY=WE\r
DTSTAMP:20261201T080000Z\r
ORGANIZER;CN=zoe.levy@gmail.com:mailto:zoe.levy@gmail.com\r
UID:6bq2c9h5a1ks3b9k6gr3eb9kc4@google.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ali Prince;X-NUM-GUESTS=0:mailto:ali.p\r
 rince@example.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=zoe.levy@gmail.com;X-NUM-GUESTS=0:mai\r
 lto:zoe.levy@gmail.com\r
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij\r
CREATED:20261120T100000Z\r
DESCRIPTION:Lunch\\, as every week.\\n\\n-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\\n\r
LAST-MODIFIED:20261201T080000Z\r
LOCATION:Café de Flore\\, Paris\r
SEQUENCE:0\r
STATUS:CONFIRMED\r
SUMMARY:Déjeuner\r
TRANSP:OPAQUE\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_google_calendar():
    reading = read(GOOGLE.encode())
    assert reading.name == "zoe.levy@gmail.com"
    assert [o.starts_at for o in reading.occurrences] == [
        at(2026, 12, 2, 11),
        at(2026, 12, 9, 11),
        at(2026, 12, 16, 11),
    ]
    meeting = reading.occurrences[0]
    assert (meeting.summary, meeting.location, meeting.organizer) == (
        "Déjeuner",
        "Café de Flore, Paris",
        "zoe.levy@gmail.com",
    )
    assert [a.email for a in meeting.attendees] == ["ali.prince@example.com", "zoe.levy@gmail.com"]


OUTLOOK = """\ufeffBEGIN:VCALENDAR\r
METHOD:PUBLISH\r
PRODID:Microsoft Exchange Server 2010\r
VERSION:2.0\r
X-WR-CALNAME:Calendrier\r
BEGIN:VTIMEZONE\r
TZID:Romance Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
DESCRIPTION:\\n\r
RRULE:FREQ=MONTHLY;UNTIL=20270301T090000Z;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1\r
UID:040000008200E00074C5B7101A82E00800000000B0B3C1F5F5C4DA01000000000000000010000000D0F1A0B0C0D0E0F\r
SUMMARY:Point mensuel\r
DTSTART;TZID=Romance Standard Time:20260130T100000\r
DTEND;TZID=Romance Standard Time:20260130T110000\r
CLASS:PUBLIC\r
PRIORITY:5\r
DTSTAMP:20261201T080000Z\r
TRANSP:OPAQUE\r
STATUS:CONFIRMED\r
SEQUENCE:2\r
LOCATION:Salle Monet\r
X-MICROSOFT-CDO-APPT-SEQUENCE:2\r
X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r
X-MICROSOFT-CDO-IMPORTANCE:1\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:outlook-private\r
SUMMARY:Privé\r
DTSTART;TZID=Romance Standard Time:20261207T180000\r
DTEND;TZID=Romance Standard Time:20261207T190000\r
CLASS:PRIVATE\r
X-MICROSOFT-CDO-BUSYSTATUS:FREE\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_outlook_calendar():
    reading = read(OUTLOOK.encode("utf-8"), end=at(2027, 1, 1))
    assert reading.name == "Calendrier" and reading.problems == []
    got = [(o.summary, o.starts_at, o.private, o.transparent) for o in reading.occurrences]
    assert got == [
        ("Point mensuel", at(2026, 11, 30, 9), False, False),  # the last weekday of the month
        ("Privé", at(2026, 12, 7, 17), True, True),
        ("Point mensuel", at(2026, 12, 31, 9), False, False),
    ]


def test_bytes_that_are_not_utf8_are_read():
    data = ics(*event("DTSTART:20261204T090000Z", "SUMMARY:Réunion à l’hôtel")).decode().replace("’", "'")
    [meeting] = read(data.encode("cp1252")).occurrences
    assert meeting.summary == "Réunion à l'hôtel"


def test_utf16_with_its_mark_is_read():
    data = ics(*event("DTSTART:20261204T090000Z", "SUMMARY:Réunion")).decode()
    [meeting] = read(data.encode("utf-16")).occurrences
    assert meeting.summary == "Réunion"


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Google</body></html>",
        b"",
        b"   \r\n",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoe\r\nEND:VCARD\r\n",
        "\ufeff<html>".encode(),
    ],
)
def test_what_is_not_a_calendar(data):
    with pytest.raises(UnreadableCalendar) as refused:
        read(data)
    assert refused.value.code == CalendarProblem.NOT_A_CALENDAR and refused.value.detail


def test_a_calendar_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(calendar_occurrences, "MAX_BYTES", 100)
    with pytest.raises(UnreadableCalendar) as refused:
        read(ics(*event("DTSTART:20261204T090000Z", "SUMMARY:" + "x" * 100)))
    assert refused.value.code == CalendarProblem.TOO_COMPLEX


def test_too_many_occurrences_refuse_the_calendar_rather_than_cut_it(monkeypatch):
    monkeypatch.setattr(calendar_occurrences, "MAX_OCCURRENCES", 50)
    with pytest.raises(UnreadableCalendar) as refused:
        read(ics(*event("DTSTART:20261101T090000Z", "RRULE:FREQ=DAILY")))
    assert refused.value.code == CalendarProblem.TOO_COMPLEX
    assert read(ics(*event("DTSTART:20261101T090000Z", "RRULE:FREQ=DAILY;COUNT=40"))).events_seen == 40


def test_too_many_events_refuse_the_calendar(monkeypatch):
    monkeypatch.setattr(calendar_occurrences, "MAX_EVENTS", 2)
    lines = [line for n in range(3) for line in event(f"DTSTART:2026120{n + 1}T090000Z", uid=f"e{n}")]
    with pytest.raises(UnreadableCalendar) as refused:
        read(ics(*lines))
    assert refused.value.code == CalendarProblem.TOO_COMPLEX


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",  # 5 million in the window
        "FREQ=MINUTELY;INTERVAL=1",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never again: dateutil would walk to the year 9999
        "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;INTERVAL=7;BYDAY=MO",  # a Tuesday start: never a Monday
        "FREQ=FORTNIGHTLY",
        "FREQ=YEARLY;BYHOUR=1,2,3,4,5,6,7,8,9,10,11,12,13,14;BYMINUTE=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19",
    ],
)
def test_an_event_repeating_too_often_or_unpredictably_is_skipped(rule):
    data = ics(
        *event("DTSTART:20000104T090000Z", f"RRULE:{rule}", uid="costly"),
        *event("DTSTART:20261204T090000Z", uid="fine"),
    )
    reading = read(data)
    assert [o.uid for o in reading.occurrences] == ["fine"]
    assert reading.problems == ["1 event: skipped, a repeat rule not understood or too costly to follow"]


def test_an_event_in_a_zone_too_costly_to_walk_is_skipped():
    zone = (
        "BEGIN:VTIMEZONE",
        "TZID:Hostile",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=SECONDLY",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    data = ics(*zone, *event("DTSTART;TZID=Hostile:20261204T090000", uid="hostile"), *event("DTSTART:20261204T090000Z"))
    reading = read(data)
    assert [o.uid for o in reading.occurrences] == ["e1"]
    assert reading.problems == ["1 event: skipped, a time zone too complex to follow"]


def test_events_that_cannot_be_read_are_skipped_with_a_reason():
    data = ics(
        *event("SUMMARY:no start", uid="a"),
        *event("DTSTART:yesterday", uid="b"),
        *event("DTSTART;TZID=Mars/Olympus_Mons:20261204T090000", uid="c"),
        *event("DTSTART:20261204T090000Z", uid="d"),
    )
    reading = read(data)
    assert [o.uid for o in reading.occurrences] == ["d"]
    assert sorted(reading.problems) == [
        "1 event: skipped, an unknown time zone",
        "2 events: skipped, no readable start",
    ]


def test_a_truncated_calendar_is_read_or_refused():
    data = ics(*WEEKLY)[:-40]
    try:
        reading = read(data)
    except UnreadableCalendar as refused:
        assert refused.code in (CalendarProblem.BROKEN, CalendarProblem.NOT_A_CALENDAR)
    else:
        assert reading.events_seen == len(reading.occurrences)


def test_occurrences_are_sorted_by_start():
    data = ics(*event("DTSTART:20261210T090000Z", uid="late"), *event("DTSTART:20261201T090000Z", uid="early"), *WEEKLY)
    starts = [o.starts_at for o in read(data).occurrences]
    assert starts == sorted(starts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_calendars_are_read_or_refused(data):
    """Bytes cut, dropped, swapped or inserted anywhere in a real-looking calendar: never another exception."""
    source = bytearray(GOOGLE.encode() + ics(*WEEKLY))
    for _ in range(data.draw(st.integers(1, 8))):
        at_ = data.draw(st.integers(0, len(source) - 1))
        action = data.draw(st.sampled_from(["drop", "byte", "cut", "copy"]))
        if action == "drop":
            del source[at_ : at_ + data.draw(st.integers(1, 40))]
        elif action == "byte":
            source[at_] = data.draw(st.integers(0, 255))
        elif action == "cut":
            source = source[:at_]
        else:
            source[at_:at_] = source[: data.draw(st.integers(0, 200))]
        if not source:
            source = bytearray(b"BEGIN:VCALENDAR")
    try:
        reading = read(bytes(source))
    except UnreadableCalendar as refused:
        assert refused.code in CalendarProblem
    else:
        assert reading.events_seen == len(reading.occurrences)
        assert all(o.starts_at.tzinfo is UTC and o.ends_at >= o.starts_at for o in reading.occurrences)


def test_events_far_from_the_window_are_left_out_before_parsing():
    data = ics(
        *event("DTSTART:20200101T090000Z", "DTEND:20200101T100000Z", uid="far"),
        *event("DTSTART;VALUE=DATE:20300101", uid="later"),
        *event("DTSTART:20200101T090000Z", "RRULE:FREQ=WEEKLY;UNTIL=20210101T000000Z", uid="ended"),
        *event("DTSTART:20200101T090000Z", "DTEND:20200201T090000Z", "RRULE:FREQ=YEARLY;UNTIL=20261015", uid="long"),
        *event("DTSTART:20200101T090000Z", "RRULE:FREQ=WEEKLY", uid="weekly"),
        *event("DTSTART:20200101T090000Z", "RDATE:20261203T090000Z", uid="rdate"),
        *event("DTSTART:20200101T090000Z", uid="twice"),
        *event("DTSTART:20261203T090000Z", "SEQUENCE:1", uid="twice"),
        *event("DTSTART:20200101T090000Z", "DURATION:P3000D", uid="duration"),
        *event(
            'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":2026',
            " 1203T090000",
            uid="folded",
        ),
        *event(
            "DTSTART:20261203T090000Z",
            "BEGIN:VALARM",
            "TRIGGER:-PT15M",
            "DTSTART:20200101T000000Z",
            "END:VALARM",
            uid="alarm",
        ),
        *event("DTSTART:20261203T090000Z", uid="near"),
    ).decode()
    kept = calendar_text.narrowed(data, START, END)
    uids = [line[4:] for line in kept.splitlines() if line.startswith("UID:")]
    assert uids == ["long", "weekly", "rdate", "twice", "twice", "duration", "folded", "alarm", "near"]
    assert kept.startswith("BEGIN:VCALENDAR\r\n") and kept.endswith("END:VCALENDAR\r\n")


def test_leaving_events_out_changes_no_reading(monkeypatch):
    data = calendar_bytes(300, at(2026, 12, 6, 12))
    window = (at(2026, 11, 6), at(2027, 1, 5))
    narrowed = read_calendar(data, *window)
    monkeypatch.setattr(calendar_text, "narrowed", lambda text, start, end: text)
    assert read_calendar(data, *window) == narrowed and narrowed.events_seen > 100


def test_long_all_day_series():
    data = ics(
        *event("DTSTART;VALUE=DATE:19800312", "RRULE:FREQ=YEARLY", "SUMMARY:Birthday", uid="birthday"),
        *event("DTSTART;VALUE=DATE:20150105", "DTEND;VALUE=DATE:20150106", "RRULE:FREQ=WEEKLY;BYDAY=MO", uid="monday"),
    )
    reading = read(data, start=at(2027, 3, 1), end=at(2027, 3, 16))
    got = [(o.uid, o.recurrence_id, o.starts_at) for o in reading.occurrences]
    assert got == [
        ("monday", "2027-03-01", at(2027, 3, 1)),
        ("monday", "2027-03-08", at(2027, 3, 8)),
        ("birthday", "2027-03-12", at(2027, 3, 12)),
        ("monday", "2027-03-15", at(2027, 3, 15)),
    ]


def test_an_override_for_this_and_future_moves_the_later_occurrences():
    data = ics(
        *event("DTSTART:20240102T090000Z", "DTEND:20240102T100000Z", "RRULE:FREQ=WEEKLY", "SUMMARY:Standup"),
        *event(
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20240109T090000Z",
            "DTSTART:20240109T100000Z",
            "DTEND:20240109T110000Z",
            "SUMMARY:Standup, later",
        ),
    )
    reading = read(data, start=at(2026, 12, 1), end=at(2026, 12, 15))
    got = [(o.recurrence_id, o.starts_at, o.summary) for o in reading.occurrences]
    assert got == [
        ("2026-12-01T09:00:00+00:00", at(2026, 12, 1, 10), "Standup, later"),
        ("2026-12-08T09:00:00+00:00", at(2026, 12, 8, 10), "Standup, later"),
    ]


def test_a_file_of_two_calendars_is_read_as_one():
    data = ics(*event("DTSTART:20261203T090000Z", uid="a"), head=("X-WR-CALNAME:First",))
    data += ics(*event("DTSTART:20261204T090000Z", uid="b"), head=("X-WR-CALNAME:Second",))
    reading = read(data)
    assert reading.name == "First" and [o.uid for o in reading.occurrences] == ["a", "b"]


@pytest.mark.parametrize(
    ("start", "rule", "first"),
    [
        ("19801231T090000Z", "FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=12", at(2026, 12, 31, 9)),  # Outlook's birthdays
        ("19841120T090000Z", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", at(2026, 11, 26, 9)),
        ("20200131T090000Z", "FREQ=MONTHLY;BYMONTHDAY=31", at(2026, 12, 31, 9)),
        ("20200131T090000Z", "FREQ=MONTHLY;BYMONTHDAY=-1", at(2026, 11, 30, 9)),
        ("20200102T090000Z", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=2", at(2026, 11, 3, 9)),  # Outlook
        ("20200131T090000Z", "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR", at(2026, 11, 27, 9)),
        ("20200131T090000Z", "FREQ=MONTHLY;BYDAY=5FR", at(2027, 1, 29, 9)),
        ("20150106T090000Z", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU", at(2026, 11, 10, 9)),
        ("20150601T090000Z", "FREQ=WEEKLY;BYMONTH=6,12;BYDAY=MO", at(2026, 12, 7, 9)),
        ("20150101T090000Z", "FREQ=DAILY;INTERVAL=3;BYHOUR=9,17", at(2026, 11, 2, 9)),
    ],
)
def test_the_rules_calendars_write_are_followed_from_years_back(start, rule, first):
    """As dateutil gives them from their start (checked by hand), without a problem."""
    data = ics(*event(f"DTSTART:{start}", f"RRULE:{rule}"))
    reading = read(data, start=at(2026, 11, 1), end=at(2027, 2, 1))
    assert reading.problems == [] and reading.occurrences[0].starts_at == first


@settings(max_examples=40, deadline=None)
@given(
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    interval=st.integers(1, 4),
    days=st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), max_size=3),
    began=st.integers(0, 6000),
)
def test_a_start_moved_near_the_window_gives_what_dateutil_gives_from_the_start(freq, interval, days, began):
    from dateutil.rrule import rrulestr

    paris = ZoneInfo("Europe/Paris")
    start = datetime(2010, 1, 4, 9, 30, tzinfo=paris) + timedelta(days=began)
    rule = f"FREQ={freq};INTERVAL={interval}" + (f";BYDAY={','.join(sorted(days))}" if days else "")
    data = ics(*event(f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}", "DURATION:PT1H", f"RRULE:{rule}"))
    window = (at(2026, 11, 1), at(2026, 12, 1))
    expected = rrulestr(rule, dtstart=start).between(window[0] - timedelta(hours=1), window[1], inc=True)
    expected = [d.astimezone(UTC) for d in expected if d.astimezone(UTC) + timedelta(hours=1) > window[0]]
    expected += [start.astimezone(UTC)] if window[0] < start + timedelta(hours=1) and start < window[1] else []
    assert [o.starts_at for o in read(data, *window).occurrences] == sorted(set(expected))


def test_a_zone_of_the_calendars_own_is_followed():
    zone = (
        "BEGIN:VTIMEZONE",
        "TZID:Bureau de Lyon",
        "BEGIN:STANDARD",
        "DTSTART:16011028T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010325T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    )
    data = ics(*zone, *event("DTSTART;TZID=Bureau de Lyon:20150317T100000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY"))
    reading = read(data, start=at(2026, 3, 20), end=at(2026, 4, 5))
    assert [o.starts_at for o in reading.occurrences] == [at(2026, 3, 24, 9), at(2026, 3, 31, 8)]
    assert reading.problems == []


def test_an_event_ending_before_it_starts_is_read_swapped():
    [meeting] = read(ics(*event("DTSTART;VALUE=DATE:20261210", "DTEND;VALUE=DATE:20261001"))).occurrences
    assert (meeting.starts_at, meeting.ends_at) == (at(2026, 10, 1), at(2026, 12, 10))


def test_times_in_utc_repeat_in_the_calendars_zone():
    """Google writes some repeating events in UTC, meant in the calendar's zone (as recurring-ical-events
    reads them): 10:00 in Paris all year."""
    data = ics(
        *event("DTSTART:20260317T090000Z", "DTEND:20260317T100000Z", "RRULE:FREQ=WEEKLY", uid="weekly"),
        *event("DTSTART:20260325T120000Z", uid="single"),
        head=("X-WR-TIMEZONE:Europe/Paris",),
    )
    reading = read(data, start=at(2026, 3, 20), end=at(2026, 4, 1))
    got = [(o.uid, o.starts_at, o.ends_at - o.starts_at) for o in reading.occurrences]
    assert got == [
        ("weekly", at(2026, 3, 24, 9), timedelta(hours=1)),
        ("single", at(2026, 3, 25, 12), timedelta(0)),
        ("weekly", at(2026, 3, 31, 8), timedelta(hours=1)),
    ]
    assert reading.occurrences[-1].recurrence_id == "2026-03-31T08:00:00+00:00"


def test_an_unknown_zone_is_not_taken_for_the_calendars():
    data = ics(
        *event("DTSTART;TZID=Mars/Olympus_Mons:20261204T090000", uid="mars"),
        *event("DTSTART:20261204T090000", uid="floating"),
        head=("X-WR-TIMEZONE:Europe/Paris",),
    )
    reading = read(data)
    assert [(o.uid, o.starts_at) for o in reading.occurrences] == [("floating", at(2026, 12, 4, 8))]
    assert reading.problems == ["1 event: skipped, an unknown time zone"]


def test_a_utf8_byte_order_mark_is_dropped():
    [meeting] = read(b"\xef\xbb\xbf" + ics(*event("DTSTART:20261204T090000Z", "SUMMARY:Café"))).occurrences
    assert meeting.summary == "Café"
