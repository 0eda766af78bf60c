"""Calendar invitations attached to an email (rapport.mail.invitation).

Real calendars from ../shared/corpus/calendars (collective/icalendar's test files, BSD-2-Clause; skipped when
absent) and minimal hand-written ones.
"""

import time
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from rapport.mail import Invitation, read_message
from rapport.mail.invitation import CALENDAR_READ_LIMIT, find_invitation, read_invitation

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "calendars" / "src" / "icalendar" / "tests"
UNREADABLE = "the calendar invitation could not be read: "


def corpus(name: str) -> bytes:
    path = CORPUS / "calendars" / name
    if not path.is_file():
        pytest.skip(f"the calendars corpus is not at {CORPUS}")
    return path.read_bytes()


def ics(*event: str, method: str | None = "REQUEST", before: tuple[str, ...] = ()) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"] + ([f"METHOD:{method}"] if method else [])
    return "\r\n".join([*head, *before, "BEGIN:VEVENT", *event, "END:VEVENT", "END:VCALENDAR", ""])


def zone(tzid: str, rule: str = "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", offsets: tuple[str, str] = ("+0100", "+0200")):
    """A VTIMEZONE with standard time `offsets[0]` and summer time `offsets[1]` (last Sundays of March/October)."""
    standard, summer = offsets
    return (
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        f"RRULE:{rule}",
        f"TZOFFSETFROM:{summer}",
        f"TZOFFSETTO:{standard}",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000",
        f"RRULE:{rule.replace('BYMONTH=10', 'BYMONTH=3')}",
        f"TZOFFSETFROM:{standard}",
        f"TZOFFSETTO:{summer}",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    )


def read(text: str | bytes, method: str | None = None) -> tuple[Invitation | None, list[str]]:
    problems: list[str] = []
    return read_invitation(text, problems, method), problems


def hours(n: float) -> timezone:
    return timezone(timedelta(hours=n))


# Real calendars ------------------------------------------------------------------------------------------


def test_exchange_invitation_in_its_own_time_zone():
    """Microsoft Exchange 2010: a Windows zone name defined by the calendar's VTIMEZONE."""
    invitation, problems = read(corpus("timezone_same_start.ics"))
    assert problems == []
    assert invitation == Invitation(
        starts_at=datetime(2017, 2, 24, 12, 0, tzinfo=hours(-8)),
        ends_at=datetime(2017, 2, 24, 12, 30, tzinfo=hours(-8)),
        summary="Test 4",
        uid="040000008200E00074C5B7101A82E0080000000090E19664858ED20100000000000000",
    )


def test_exchange_cdo_custom_zone_in_summer():
    invitation, problems = read(corpus("issue_165_missing_event.ics"))
    assert problems == []
    assert invitation is not None
    assert invitation.starts_at == datetime(2015, 7, 3, 10, 0, tzinfo=hours(2))
    assert invitation.ends_at == datetime(2015, 7, 3, 10, 30, tzinfo=hours(2))
    assert invitation.summary == "Sprint 25 Daily Standup"


def test_utc_times_location_and_escaped_summary():
    invitation, problems = read(corpus("issue_350.ics"))
    assert problems == []
    assert invitation is not None
    assert (invitation.starts_at, invitation.ends_at) == (
        datetime(2022, 2, 22, 18, 30, tzinfo=UTC),
        datetime(2022, 2, 22, 19, 30, tzinfo=UTC),
    )
    assert (invitation.summary, invitation.location, invitation.uid) == (
        'Termin 4353 und"so"',
        "online",
        "20055546456446",
    )


def test_all_day_invitation_is_skipped():
    """A BlackBerry all-day meeting with attendees: no time to prepare for, so no invitation, and no problem."""
    assert read(corpus("property_params.ics")) == (None, [])


def test_lotus_notes_zone_with_hour_and_minute_rules():
    invitation, problems = read(corpus("issue_156_RDATE_with_PERIOD_TZID_khal_2.ics"), method="REQUEST")
    assert problems == []
    assert invitation is not None
    assert invitation.starts_at == datetime(2021, 11, 1, 16, 0, tzinfo=hours(1))
    assert invitation.attendees == ["omitted@example.com"]


def test_a_calendar_without_method_is_a_request_only_when_its_part_says_so():
    data = corpus("america_new_york.ics")
    assert read(data) == (None, [])
    invitation, problems = read(data, method="REQUEST")
    assert problems == []
    assert invitation is not None and invitation.starts_at == datetime(2014, 8, 29, 8, 0, tzinfo=hours(-4))


# Times ---------------------------------------------------------------------------------------------------


def test_floating_time_is_taken_in_utc_and_duration_gives_the_end():
    invitation, problems = read(ics("DTSTART:20240301T100000", "DURATION:PT45M"))
    assert problems == []
    assert invitation is not None
    assert invitation.starts_at == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert invitation.ends_at == datetime(2024, 3, 1, 10, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    "tzid",
    ["Europe/Berlin", "W. Europe Standard Time", "/freeassociation.sourceforge.net/Europe/Berlin"],
)
def test_zone_names_without_vtimezone(tzid):
    """Olson names, Windows names (Outlook) and "globally unique" names (libical) are known without a VTIMEZONE."""
    invitation, problems = read(ics(f"DTSTART;TZID={tzid}:20240701T100000", f"DTEND;TZID={tzid}:20240701T110000"))
    assert problems == []
    assert invitation is not None
    assert (invitation.starts_at, invitation.ends_at) == (
        datetime(2024, 7, 1, 10, tzinfo=hours(2)),
        datetime(2024, 7, 1, 11, tzinfo=hours(2)),
    )


def test_unknown_zone_is_a_problem_not_a_guess():
    invitation, problems = read(ics("DTSTART;TZID=Atlantis:20240701T100000"))
    assert invitation is None
    assert problems == [UNREADABLE + "unknown time zone 'Atlantis'"]


def test_a_zone_defined_by_one_message_is_not_used_for_the_next():
    """icalendar caches the first VTIMEZONE of each TZID for the whole process; each message uses its own."""
    first, _ = read(ics("DTSTART;TZID=Office:20240115T100000", before=zone("Office", offsets=("+0500", "+0600"))))
    second, _ = read(ics("DTSTART;TZID=Office:20240115T100000", before=zone("Office")))
    assert first is not None and first.starts_at.utcoffset() == timedelta(hours=5)
    assert second is not None and second.starts_at.utcoffset() == timedelta(hours=1)
    assert read(ics("DTSTART;TZID=Office:20240115T100000")) == (None, [UNREADABLE + "unknown time zone 'Office'"])


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=HOURLY;BYMONTH=3",
        "FREQ=YEARLY;BYYEARDAY=1,2,3",
        "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=1,2,3",
    ],
)
def test_a_zone_too_costly_to_follow_is_refused_quickly(rule):
    """dateutil walks a zone's rules from their start (1601 here) to the event when asked for an offset: with
    FREQ=SECONDLY that takes hours."""
    started = time.perf_counter()
    invitation, problems = read(ics("DTSTART;TZID=Evil:20240115T100000", before=zone("Evil", rule=rule)))
    assert time.perf_counter() - started < 2
    assert invitation is None
    assert problems == [UNREADABLE + "the time zone 'Evil' has rules too complex to follow"]


def test_an_unreadable_end_is_dropped_and_an_end_before_the_start_too():
    for end in ("DTEND:garbage", "DTEND:20240301T090000Z", "DTEND;VALUE=DATE:20240302", "DURATION:-PT1H"):
        invitation, problems = read(ics("DTSTART:20240301T100000Z", end))
        assert invitation is not None and invitation.ends_at is None, end
        assert invitation.starts_at == datetime(2024, 3, 1, 10, tzinfo=UTC)


def test_an_offset_over_a_day_is_a_problem():
    invitation, problems = read(ics("DTSTART;TZID=Far:20240115T100000", before=zone("Far", offsets=("+2500", "+2600"))))
    assert invitation is None and len(problems) == 1 and problems[0].startswith(UNREADABLE)


# Content -------------------------------------------------------------------------------------------------


def test_attendees_are_mailto_addresses_lowercased_without_duplicates_organizer_first():
    invitation, _ = read(
        ics(
            "DTSTART:20240301T100000Z",
            "ATTENDEE;CN=Bob;PARTSTAT=NEEDS-ACTION:mailto:Bob@Stone.io",
            "ATTENDEE;CN=Room:urn:uuid:00000000-0000-0000-0000-000000000000",
            "ATTENDEE:MAILTO:carol@c.org",
            "ATTENDEE:mailto:bob@stone.io",
            "ATTENDEE:mailto:not an address",
            "ORGANIZER;CN=Jane:mailto:jane@example.com",
        )
    )
    assert invitation is not None
    assert invitation.attendees == ["jane@example.com", "bob@stone.io", "carol@c.org"]


def test_first_event_only_and_text_cleaned():
    data = ics(
        "DTSTART:20240301T100000Z",
        "SUMMARY:  Coffee\\n with  Bob ",
        "LOCATION:Café Rouge\\, Paris",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART:20240302T100000Z",
        "SUMMARY:Second",
    )
    invitation, problems = read(data)
    assert problems == []
    assert invitation is not None
    assert (invitation.starts_at.day, invitation.summary, invitation.location) == (
        1,
        "Coffee with Bob",
        "Café Rouge, Paris",
    )


def test_long_texts_are_cut_and_a_long_uid_dropped():
    invitation, _ = read(ics("DTSTART:20240301T100000Z", "SUMMARY:" + "word " * 200, "UID:" + "u" * 1001))
    assert invitation is not None
    assert invitation.summary is not None and len(invitation.summary) <= 500 and invitation.summary.endswith("…")
    assert invitation.uid is None  # a cut UID would name another event


@pytest.mark.parametrize("method", ["CANCEL", "REPLY", "PUBLISH"])
def test_other_methods_are_not_invitations(method):
    assert read(ics("DTSTART:20240301T100000Z", method=method), method="REQUEST") == (None, [])


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not a calendar",
        "BEGIN:VEVENT\r\nDTSTART:20240301T100000Z\r\nEND:VEVENT\r\n",
        ics("SUMMARY:no start"),
        ics("DTSTART:tomorrow"),
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20240301T100000Z\r\n",
        b"\xff\xfe\x00garbage",
    ],
)
def test_broken_calendars_are_problems(data):
    invitation, problems = read(data, method="REQUEST")
    assert invitation is None
    assert len(problems) == 1 and problems[0].startswith(UNREADABLE), problems


# In a message --------------------------------------------------------------------------------------------


def with_calendars(*parts: tuple[str, dict[str, str]]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "jane@example.com"
    msg.set_content("See the invitation.")
    for text, params in parts:
        msg.add_attachment(text.encode(), maintype="text", subtype="calendar", params=params)
    return msg


def test_the_first_part_that_is_a_request_gives_the_invitation():
    cancel = ics("DTSTART:20240301T100000Z", method="CANCEL")
    request = ics("DTSTART:20240302T100000Z", method=None)
    problems: list[str] = []
    invitation = find_invitation(with_calendars((cancel, {}), (request, {"method": "REQUEST"})), problems)
    assert problems == []
    assert invitation is not None and invitation.starts_at == datetime(2024, 3, 2, 10, tzinfo=UTC)
    assert find_invitation(with_calendars((request, {})), problems) is None


def test_calendar_parts_over_the_limit_are_not_read():
    padding = "X-PADDING:" + "x" * 70
    big = ics("DTSTART:20240301T100000Z", *[padding] * (CALENDAR_READ_LIMIT // 80))
    small = ics("DTSTART:20240302T100000Z")
    problems: list[str] = []
    invitation = find_invitation(with_calendars((big, {}), (small, {})), problems)
    assert invitation is not None and invitation.starts_at.day == 2
    assert problems == [f"a calendar part over {CALENDAR_READ_LIMIT:,} bytes was not read"]


def test_a_gmail_shaped_invitation_is_read_with_its_text():
    """Google Calendar: the calendar is an alternative of the text (and again an application/ics attachment)."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "jane@example.com", "Bob <bob@stone.io>", "Invitation: Lunch"
    msg.set_content("Lunch with Bob\nJoin at Café Rouge")
    msg.add_alternative("<p>Lunch with Bob</p>", subtype="html")
    data = ics("DTSTART;TZID=Europe/Paris:20240301T123000", "ORGANIZER:mailto:jane@example.com", "SUMMARY:Lunch")
    msg.add_alternative(data, subtype="calendar", params={"method": "REQUEST"}, cte="base64")
    msg.add_attachment(data.encode(), maintype="application", subtype="ics", filename="invite.ics")
    result = read_message(msg.as_bytes(), {"jane@example.com"}, "log+abc@in.example")
    assert result.invitation is not None
    assert result.invitation.starts_at == datetime(2024, 3, 1, 12, 30, tzinfo=hours(1))
    assert (result.summary, result.problems) == ("Lunch with Bob Join at Café Rouge", [])
