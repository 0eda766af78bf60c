"""The calendar feed's iCalendar, parsed back as a calendar app would: valid, in the networker's words and
time zone, the same UIDs whenever it is read, and the window it promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from dateutil.rrule import rrulestr

from rapport.delivery import calendar_feed as feed
from rapport.domain import calendar_feed
from rapport.domain.contact import Birthday, Contact, Wish
from rapport.domain.introductions import Introduction, IntroductionStatus
from rapport.domain.locale import Locale
from rapport.domain.meeting import Meeting
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Circle, Stage

NOW = datetime(2027, 1, 10, 17, tzinfo=UTC)  # 18:00 in Paris, winter
TODAY = date(2027, 1, 10)


def profile(locale: Locale = Locale.FR, timezone: str = "Europe/Paris") -> Profile:
    return Profile(
        networker_id="n1", name="Marie", emails=[], timezone=timezone, locale=locale, created_at=NOW, updated_at=NOW
    )


def contact(contact_id: str, name: str, **fields) -> Contact:
    values = {
        "declared_stage": Stage.MET, "stage": Stage.MET, "circle": Circle.ACTIVE, "created_at": NOW,
        "updated_at": NOW,
    }  # fmt: skip
    return Contact(contact_id=contact_id, name=name, **(values | fields))


ANNE = contact(
    "a1", "Anne Martin", company="Acme", next_follow_up_on=TODAY + timedelta(days=3),
    last_touch_at=datetime(2026, 12, 1, 9, tzinfo=UTC), birthday=Birthday(day=12, month=3, year=1985),
)  # fmt: skip
BRUNO = contact("b2", "Bruno Petit", title="CFO", needs=[Wish(label="levée de fonds", noted_at=NOW)])
LEAP = contact("l3", "Léa Bissextile", birthday=Birthday(day=29, month=2))
MEETING = Meeting(
    meeting_id="m1", contact_ids=["b2"], starts_at=datetime(2027, 1, 15, 8, tzinfo=UTC), place="Café de Flore",
    goal="parler de sa levée", created_at=NOW, updated_at=NOW,
)  # fmt: skip
MADE = Introduction(
    introduction_id="i1", contact_ids=["a1", "b2"], reason="Anne recrute", status=IntroductionStatus.MADE,
    created_at=NOW, made_at=datetime(2027, 1, 3, 10, tzinfo=UTC), follow_up_due_on=TODAY + timedelta(days=4),
    updated_at=NOW,
)  # fmt: skip


def read(
    who: Profile | None = None,
    contacts=(ANNE, BRUNO, LEAP),
    meetings=(MEETING,),
    intros=(MADE,),
    now: datetime = NOW,
) -> tuple[bytes, icalendar.Calendar]:
    raw = feed.calendar(who or profile(), list(contacts), list(meetings), list(intros), now)
    return raw, icalendar.Calendar.from_ical(raw)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_valid_calendar_that_asks_to_be_read_every_hour():
    raw, calendar = read()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert calendar["version"] == "2.0" and calendar["prodid"] == feed.PRODID
    assert calendar["calscale"] == "GREGORIAN" and calendar["method"] == "PUBLISH"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw and b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in raw
    assert calendar["x-wr-calname"] == "Rapport\u202f: votre réseau"
    for event in calendar.walk("VEVENT"):
        assert event.decoded("dtstamp") == NOW and str(event["uid"]).endswith("@rapport")


def test_each_kind_of_event_in_the_networker_s_words():
    _, calendar = read()
    found = events(calendar)
    assert set(found) == {
        "follow-up-a1@rapport", "birthday-a1@rapport", "birthday-l3@rapport", "meeting-m1@rapport",
        "intro-follow-up-i1@rapport",
    }  # fmt: skip
    follow_up = found["follow-up-a1@rapport"]
    assert follow_up["summary"] == "Recontacter Anne Martin"
    assert follow_up.decoded("dtstart") == TODAY + timedelta(days=3)
    assert follow_up.decoded("dtend") == TODAY + timedelta(days=4)
    assert "Dernier échange\u202f: mardi 1er décembre 2026" in follow_up["description"]
    assert "tous les 30 jours" in follow_up["description"]
    intro = found["intro-follow-up-i1@rapport"]
    assert intro["summary"] == "Demander à Anne Martin et Bruno Petit comment s’est passée la mise en relation"
    assert intro.decoded("dtstart") == MADE.follow_up_due_on and "Anne recrute" in intro["description"]
    _, english = read(profile(Locale.EN))
    assert events(english)["follow-up-a1@rapport"]["summary"] == "Reach out to Anne Martin"
    assert english["x-wr-calname"] == "Rapport: your network"


def test_a_meeting_is_at_its_hour_in_the_networker_s_zone_with_its_brief():
    raw, calendar = read()
    meeting = events(calendar)["meeting-m1@rapport"]
    assert b"DTSTART;TZID=Europe/Paris:20270115T090000\r\n" in raw  # 08:00Z is 09:00 in Paris in winter
    assert meeting.decoded("dtstart").astimezone(UTC) == datetime(2027, 1, 15, 8, tzinfo=UTC)
    assert meeting.decoded("dtend") - meeting.decoded("dtstart") == timedelta(hours=1)
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Paris"
    assert meeting["summary"] == "Rendez-vous avec Bruno Petit" and meeting["location"] == "Café de Flore"
    brief = str(meeting["description"])
    assert "Votre objectif\u202f: parler de sa levée" in brief and "Bruno Petit, CFO" in brief
    assert "Cherche\u202f: levée de fonds" in brief and "À préparer\u202f:" in brief


def test_summer_time_and_utc():
    summer = MEETING.model_copy(update={"starts_at": datetime(2027, 7, 15, 7, tzinfo=UTC)})
    raw, _ = read(meetings=[summer])
    assert b"DTSTART;TZID=Europe/Paris:20270715T090000\r\n" in raw
    raw, calendar = read(profile(timezone="UTC"), meetings=[summer])
    assert b"DTSTART:20270715T070000Z\r\n" in raw and not calendar.walk("VTIMEZONE")


def test_birthdays_every_year_and_29_february_on_the_last_day_of_february():
    _, calendar = read()
    found = events(calendar)
    anne = found["birthday-a1@rapport"]
    assert anne["summary"] == "Anniversaire\u202f: Anne Martin" and anne["description"] == "Né·e en 1985."
    assert anne.decoded("dtstart") == date(1985, 3, 12)
    leap = found["birthday-l3@rapport"]
    rule = rrulestr(
        leap["rrule"].to_ical().decode(), dtstart=datetime.combine(leap.decoded("dtstart"), datetime.min.time())
    )
    days = [d.date() for d in rule.between(datetime(2027, 1, 1), datetime(2029, 1, 1))]
    assert days == [date(2027, 2, 28), date(2028, 2, 29)]
    rule = rrulestr(anne["rrule"].to_ical().decode(), dtstart=datetime(1985, 3, 12))
    assert rule.after(datetime(2027, 1, 1)).date() == date(2027, 3, 12)


def test_the_same_uids_whatever_the_day_it_is_read():
    _, first = read()
    moved = ANNE.model_copy(update={"next_follow_up_on": TODAY + timedelta(days=20)})  # a touch was logged
    _, later = read(contacts=[moved, BRUNO, LEAP], now=NOW + timedelta(days=2))
    assert set(events(first)) == set(events(later))
    assert events(later)["follow-up-a1@rapport"].decoded("dtstart") == TODAY + timedelta(days=20)


def test_the_window_from_a_month_back_to_a_year_ahead():
    on = {
        "back": TODAY - timedelta(days=30), "too_old": TODAY - timedelta(days=31),
        "ahead": TODAY + timedelta(days=365), "too_far": TODAY + timedelta(days=366),
    }  # fmt: skip
    people = [contact(key, key, next_follow_up_on=day) for key, day in on.items()]
    _, calendar = read(contacts=people, meetings=[], intros=[])
    assert set(events(calendar)) == {"follow-up-back@rapport", "follow-up-ahead@rapport"}


def test_what_is_not_to_follow_up_is_left_out():
    asked = MADE.model_copy(update={"status": IntroductionStatus.ASKED})
    _, calendar = read(contacts=[ANNE], intros=[asked, MADE])  # Bruno deleted: no meeting, no introduction
    assert set(events(calendar)) == {"follow-up-a1@rapport", "birthday-a1@rapport"}


def test_at_most_max_events_the_nearest(monkeypatch):
    monkeypatch.setattr(calendar_feed, "MAX_EVENTS", 3)
    people = [contact(f"c{d}", f"C {d}", next_follow_up_on=TODAY + timedelta(days=d)) for d in (-20, 1, 2, 100, 200)]
    _, calendar = read(contacts=people, meetings=[], intros=[])
    assert set(events(calendar)) == {"follow-up-c1@rapport", "follow-up-c2@rapport", "follow-up-c-20@rapport"}


@pytest.mark.parametrize(
    "name, secret", [("abc_-1.ics", "abc_-1"), ("abc", None), (".ics", None), ("abc.ics.ics", "abc.ics")]
)
def test_the_secret_of_the_feed_s_file_name(name, secret):
    assert calendar_feed.secret_of(name) == secret


def test_the_address_and_its_webcal_twin():
    secret = calendar_feed.new_secret()
    assert len(secret) >= 43 and secret != calendar_feed.new_secret()
    url = calendar_feed.feed_url("https://x.execute-api.eu-west-3.amazonaws.com", secret)
    assert url == f"https://x.execute-api.eu-west-3.amazonaws.com/calendar-feeds/{secret}.ics"
    assert (
        calendar_feed.webcal_url(url) == f"webcal://x.execute-api.eu-west-3.amazonaws.com/calendar-feeds/{secret}.ics"
    )
    assert calendar_feed.secret_of(url.rsplit("/", 1)[1]) == secret
