"""The calendar feed's iCalendar (RFC 5545), in the networker's language. Pure: what was read comes in.

One event per thing to act on, each with a UID naming its kind and subject (`follow-up-<contact id>@rapport`),
so that a calendar app refreshing the feed moves an event rather than adding another:
- a follow-up: an all-day event on the contact's follow-up date, with why;
- a birthday: a yearly all-day event (29 February falls on 28 February in the other years, as reminders
  have it: `BYMONTHDAY=-1` of February);
- a planned meeting: a timed event of an hour in the networker's time zone (with its VTIMEZONE), its
  brief as the description (the people, the goal, the questions to prepare);
- an introduction made: an all-day event on its follow-up day, to ask both sides how it went.
The window is `rapport.domain.calendar_feed.window`: what was due lately and what is coming within a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from rapport.delivery.words import say
from rapport.domain import calendar_feed
from rapport.domain.contact import Contact
from rapport.domain.introductions import Introduction, IntroductionStatus
from rapport.domain.locale import Locale
from rapport.domain.meeting import Meeting, questions
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Stage
from rapport.domain.wording import spoken_date

PRODID = "-//Rapport//Calendar feed//EN"
REFRESH = timedelta(hours=1)  # how often calendar apps are asked to read it again
MEETING_LENGTH = timedelta(hours=1)  # a planned meeting has a start only
LEAP_YEAR = 2000  # the first year of a birthday whose year is unknown: one with a 29 February


def calendar(
    profile: Profile,
    contacts: Sequence[Contact],
    meetings: Sequence[Meeting],
    introductions: Sequence[Introduction],
    now: datetime,
) -> bytes:
    """The feed's iCalendar: CRLF line ends and lines folded at 75 octets (icalendar writes them)."""
    zone = ZoneInfo(profile.timezone)
    today = now.astimezone(zone).date()
    first, last = calendar_feed.window(today)
    people = {c.contact_id: c for c in contacts}
    locale = profile.locale
    dated = [_birthday(c, locale, today) for c in contacts if c.birthday]
    dated += [_follow_up(c, locale, zone) for c in contacts if _within(c.next_follow_up_on, first, last)]
    for meeting in meetings:
        who = [people[c] for c in meeting.contact_ids if c in people]
        if who and _within(meeting.starts_at.astimezone(zone).date(), first, last):
            dated.append(_meeting(meeting, who, locale, zone))
    for intro in introductions:
        made = intro.status is IntroductionStatus.MADE and _within(intro.follow_up_due_on, first, last)
        if made and all(c in people for c in intro.contact_ids):  # unless a side was deleted since
            dated.append(_intro_follow_up(intro, people, locale, zone))
    nearest = sorted(dated, key=lambda pair: (abs((pair[0] - today).days), str(pair[1]["uid"])))
    kept = nearest[: calendar_feed.MAX_EVENTS]
    feed = icalendar.Calendar()
    feed.add("version", "2.0")
    feed.add("prodid", PRODID)
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", say(profile.locale, "feed_name"))
    feed.add("x-wr-caldesc", say(profile.locale, "feed_description"))
    feed.add("x-wr-timezone", profile.timezone)
    feed.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())  # an X- property: text
    stamp = now.astimezone(UTC)
    for _, event in sorted(kept, key=lambda pair: (pair[0], str(pair[1]["uid"]))):
        event.add("dtstamp", stamp)
        feed.add_component(event)
    # The definitions of the zones the meetings use, for the years the window covers.
    feed.add_missing_timezones(first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1))
    return feed.to_ical()


def _follow_up(contact: Contact, locale: Locale, zone: ZoneInfo) -> tuple[date, icalendar.Event]:
    assert contact.next_follow_up_on is not None  # only contacts with a follow-up date come here
    cadence = contact.effective_cadence
    if contact.last_touch_at:
        day = spoken_date(contact.last_touch_at.astimezone(zone).date(), locale, with_year=True)
        why = say(locale, "feed_last_touch", day=day, ideal=cadence.ideal_days, max=cadence.max_days)
    else:
        why = say(locale, "feed_no_touch", ideal=cadence.ideal_days, max=cadence.max_days)
    event = _all_day(f"follow-up-{contact.contact_id}", contact.next_follow_up_on)
    event.add("summary", say(locale, "feed_follow_up", name=contact.name))
    event.add("description", "\n".join(line for line in (_work(contact), why) if line))
    return contact.next_follow_up_on, event


def _birthday(contact: Contact, locale: Locale, today: date) -> tuple[date, icalendar.Event]:
    born = contact.birthday
    assert born is not None  # only contacts with a birthday come here
    event = _all_day(f"birthday-{contact.contact_id}", date(born.year or LEAP_YEAR, born.month, born.day))
    if (born.month, born.day) == (2, 29):
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("summary", say(locale, "feed_birthday", name=contact.name))
    if born.year:
        event.add("description", say(locale, "feed_born", year=born.year))
    return _next_birthday(born.month, born.day, today), event


def _next_birthday(month: int, day: int, today: date) -> date:
    for year in (today.year, today.year + 1):
        # 29 February is celebrated on the last day of February
        on = date(year, month, day) if (month, day) != (2, 29) else date(year, 3, 1) - timedelta(days=1)
        if on >= today:
            return on
    raise AssertionError("a birthday comes within a year")


def _meeting(meeting: Meeting, who: list[Contact], locale: Locale, zone: ZoneInfo) -> tuple[date, icalendar.Event]:
    starts = meeting.starts_at.astimezone(zone)
    event = icalendar.Event()
    event.add("uid", _uid(f"meeting-{meeting.meeting_id}"))
    event.add("dtstart", starts)
    event.add("dtend", starts + MEETING_LENGTH)
    event.add("summary", say(locale, "feed_meeting", names=", ".join(p.name for p in who)))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", _brief(meeting, who, locale, zone))
    return starts.date(), event


def _brief(meeting: Meeting, who: list[Contact], locale: Locale, zone: ZoneInfo) -> str:
    """The brief as plain text: the goal, each person, the questions to prepare (the brief email has their
    last touches too; the feed says when the last one was)."""
    parts = [f"{say(locale, 'brief_goal')} {meeting.goal}"] if meeting.goal else []
    for person in who:
        lines = [", ".join(x for x in (person.name, _work(person)) if x)]
        if person.how_we_met:
            lines.append(f"{say(locale, 'brief_how_we_met')} {person.how_we_met}")
        if person.needs:
            lines.append(f"{say(locale, 'brief_needs')} {', '.join(w.label for w in person.needs)}")
        if person.offers:
            lines.append(f"{say(locale, 'brief_offers')} {', '.join(w.label for w in person.offers)}")
        if person.last_touch_at:
            day = spoken_date(person.last_touch_at.astimezone(zone).date(), locale, with_year=True)
            lines.append(say(locale, "feed_last_touch_of", day=day))
        else:
            lines.append(say(locale, "brief_no_touch"))
        parts.append("\n".join(lines))
    first_time = all(p.stage is Stage.TO_MEET for p in who)
    if asked := questions(meeting, who, locale, first_time):
        parts.append("\n".join([say(locale, "brief_questions"), *(f"- {q}" for q in asked)]))
    return "\n\n".join(parts)


def _intro_follow_up(
    intro: Introduction, people: dict[str, Contact], locale: Locale, zone: ZoneInfo
) -> tuple[date, icalendar.Event]:
    assert intro.follow_up_due_on is not None and intro.made_at is not None  # made, so both are set
    first, second = (people[c].name for c in intro.contact_ids)
    event = _all_day(f"intro-follow-up-{intro.introduction_id}", intro.follow_up_due_on)
    event.add("summary", say(locale, "feed_intro_follow_up", first=first, second=second))
    made = spoken_date(intro.made_at.astimezone(zone).date(), locale, with_year=True)
    event.add("description", say(locale, "feed_intro_made", day=made, reason=intro.reason))
    return intro.follow_up_due_on, event


def _all_day(uid: str, day: date) -> icalendar.Event:
    """An all-day event that does not make the networker look busy."""
    event = icalendar.Event()
    event.add("uid", _uid(uid))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def _within(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


def _uid(subject: str) -> str:
    return f"{subject}@rapport"


def _work(contact: Contact) -> str:
    return ", ".join(x for x in (contact.title, contact.company) if x)
