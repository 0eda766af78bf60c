"""Reminders: actionable lines computed from contacts and the date, never typed in. Pure.

Each has a stable id naming its kind, its contact and its occurrence, so that what the networker
did with it (done, snoozed, dismissed) sticks to that occurrence only: the next follow-up date,
the next birthday, is another reminder.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import Field

from rapport.domain.contact import Contact
from rapport.domain.errors import InvalidInput
from rapport.domain.followup import Status, local_date
from rapport.domain.introductions import Introduction, IntroductionStatus
from rapport.domain.links import Path
from rapport.domain.locale import Locale
from rapport.domain.meeting import Meeting
from rapport.domain.model import Model
from rapport.domain.views import ContactView, due_list
from rapport.domain.vocabulary import Circle, Stage
from rapport.domain.wording import spoken_date

THANK_YOU_WINDOW = timedelta(hours=48)
UPCOMING_DAYS = 7


class ReminderKind(StrEnum):
    FOLLOW_UP = "follow_up"
    THANK_YOU = "thank_you"  # in the 48 hours after a first meeting
    BIRTHDAY = "birthday"  # on the day
    BIRTHDAY_SOON = "birthday_soon"  # the day before, for the inner circle
    MEETING_HELD = "meeting_held"  # a planned meeting passed unconfirmed: did it happen?
    INTRO_FOLLOW_UP = "intro_follow_up"  # days after an introduction was made: how did it go?
    HELP = "help"  # a contact's offer meets another's need: introduce them? (the subject: the opportunity)
    MEET = "meet"  # someone to meet: ask who can introduce you, or reach out (one a day)


class Action(StrEnum):
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


class ReminderState(Model):
    """What the networker did with one reminder."""

    reminder_id: str
    action: Action
    until: date | None = Field(default=None, description="Snoozed reminders come back on this day.")
    at: datetime


class Reminder(Model):
    reminder_id: str
    kind: ReminderKind
    contact: ContactView
    due_on: date
    status: Status = Field(description="ok (coming up), due, or overdue.")
    reason: str = Field(description="Why, in the networker's language.")
    short_reason: str = Field(description="Why in a few words, as a line of the digest says it.")
    snoozed_until: date | None = None


_ID = re.compile(r"^(?P<kind>[a-z_]+)\.(?P<contact>[0-9a-f]{1,64})\.(?P<day>\d{8})$")

_WORDS = {
    Locale.EN: {
        ReminderKind.THANK_YOU: "You met on {day}: a word of thanks?",
        ReminderKind.BIRTHDAY: "It is their birthday today",
        ReminderKind.BIRTHDAY_SOON: "Their birthday is tomorrow",
        ReminderKind.MEETING_HELD: "Did your meeting on {day} happen? Confirm it to log the touch",
        ReminderKind.INTRO_FOLLOW_UP: "You introduced them to {other} on {day}: ask how it went",
        "ask": "Ask {via} to introduce you to {name}",
        "reach_out": "Reach out to {name}",
        "why": "{sentence}: {why}",
    },
    Locale.FR: {
        ReminderKind.THANK_YOU: "Vous vous êtes vus le {day}\u202f: un mot de remerciement\u202f?",
        ReminderKind.BIRTHDAY: "C'est son anniversaire aujourd'hui",
        ReminderKind.BIRTHDAY_SOON: "Son anniversaire est demain",
        ReminderKind.MEETING_HELD: "Votre rendez-vous du {day} a-t-il eu lieu\u202f? Confirmez-le pour l'enregistrer",
        ReminderKind.INTRO_FOLLOW_UP: (
            "Vous l'avez présenté·e à {other} le {day}\u202f: demandez comment ça s'est passé"
        ),
        "ask": "Demandez à {via} de vous présenter {name}",
        "why": "{sentence}\u202f: {why}",
        "reach_out": "Prenez contact avec {name}",
    },
}


# The reason in a few words, as a line of the digest joins them ("2 months without news, birthday today").
_SHORT: dict[Locale, dict[str, str]] = {
    Locale.EN: {
        ReminderKind.FOLLOW_UP: "{days} days without news",
        "months": "{months} months without news",
        "upcoming": "follow up {when}",
        ReminderKind.THANK_YOU: "a word of thanks for meeting on {day}",
        ReminderKind.BIRTHDAY: "birthday {when}",
        ReminderKind.BIRTHDAY_SOON: "birthday tomorrow",
        ReminderKind.MEETING_HELD: "your meeting on {day} to confirm",
        ReminderKind.INTRO_FOLLOW_UP: "ask how the introduction to {other} went",
        ReminderKind.HELP: "introduce them to {other} ({need})",
        "ask": "ask {via} to introduce you",
        "reach_out": "someone to meet",
        "today": "today",
    },
    Locale.FR: {
        ReminderKind.FOLLOW_UP: "{days} jours sans nouvelles",
        "months": "{months} mois sans nouvelles",
        "upcoming": "à recontacter {when}",
        ReminderKind.THANK_YOU: "un mot de remerciement après votre rencontre du {day}",
        ReminderKind.BIRTHDAY: "anniversaire {when}",
        ReminderKind.BIRTHDAY_SOON: "anniversaire demain",
        ReminderKind.MEETING_HELD: "rendez-vous du {day} à confirmer",
        ReminderKind.INTRO_FOLLOW_UP: "à relancer sur la mise en relation avec {other}",
        ReminderKind.HELP: "à présenter à {other} ({need})",
        "ask": "vous faire présenter par {via}",
        "reach_out": "à rencontrer",
        "today": "aujourd'hui",
    },
}


def reminder_id(kind: ReminderKind, contact_id: str, day: date) -> str:
    return f"{kind.value}.{contact_id}.{day:%Y%m%d}"


def parse_id(value: str) -> tuple[ReminderKind, str, date]:
    """The kind, subject (a contact, or a meeting) and day of a reminder id; InvalidInput otherwise."""
    match = _ID.match(value)
    try:
        if match:
            return ReminderKind(match["kind"]), match["contact"], datetime.strptime(match["day"], "%Y%m%d").date()
    except ValueError:
        pass
    raise InvalidInput("is not a reminder id", "reminder_id")


def follow_ups(due_contacts: list[Contact], today: date, locale: Locale) -> list[Reminder]:
    """Due and overdue follow-ups, overdue first (the rules of GET /due)."""
    reminders = []
    for d in due_list(due_contacts, today, locale):
        due_on = d.contact.next_follow_up_on
        assert due_on is not None  # a contact is due only from its follow-up date
        reminders.append(
            Reminder(
                reminder_id=reminder_id(ReminderKind.FOLLOW_UP, d.contact.contact_id, due_on),
                kind=ReminderKind.FOLLOW_UP,
                contact=d.contact,
                due_on=due_on,
                status=d.status,
                reason=d.reason,
                short_reason=_without_news(locale, d.contact.days_since_last_touch or 0),
            )
        )
    return reminders


def upcoming_follow_ups(contacts: list[Contact], today: date, locale: Locale) -> list[Reminder]:
    """Follow-ups coming due in the next days, soonest first."""
    soon = sorted(
        ((c.next_follow_up_on, c) for c in contacts if c.next_follow_up_on and today < c.next_follow_up_on),
        key=lambda pair: (pair[0], pair[1].name),
    )
    return [
        Reminder(
            reminder_id=reminder_id(ReminderKind.FOLLOW_UP, c.contact_id, due_on),
            kind=ReminderKind.FOLLOW_UP,
            contact=ContactView.of(c, today),
            due_on=due_on,
            status=Status.OK,
            reason=_in_days(locale, (due_on - today).days),
            short_reason=_SHORT[locale]["upcoming"].format(when=_in_days(locale, (due_on - today).days)),
        )
        for due_on, c in soon
    ]


def thank_yous(
    met_recently: list[Contact],
    meetings: list[Meeting],
    people: dict[str, Contact],
    now: datetime,
    timezone: str,
    locale: Locale,
) -> list[Reminder]:
    """A thank-you in the 48 hours after a first meeting, or after a planned meeting that was held."""
    moments = [
        (contact, contact.first_met_at)
        for contact in met_recently
        if contact.declared_stage is Stage.TO_MEET and contact.first_met_at  # not a call with someone met before
    ]
    moments += [(people[c], m.starts_at) for m in meetings if m.held for c in m.contact_ids if c in people]
    today, reminders = local_date(now, timezone), {}
    for contact, met in moments:
        if not timedelta(0) <= now - met <= THANK_YOU_WINDOW:
            continue
        met_on = local_date(met, timezone)
        day = spoken_date(met_on, locale)
        reminder = Reminder(
            reminder_id=reminder_id(ReminderKind.THANK_YOU, contact.contact_id, met_on),
            kind=ReminderKind.THANK_YOU,
            contact=ContactView.of(contact, today),
            due_on=met_on,
            status=Status.DUE,
            reason=_WORDS[locale][ReminderKind.THANK_YOU].format(day=day),
            short_reason=_SHORT[locale][ReminderKind.THANK_YOU].format(day=day),
        )
        reminders[reminder.reminder_id] = reminder  # a held first meeting is one thank-you, not two
    return list(reminders.values())


def birthdays(born_on_day: list[Contact], day: date, today: date, locale: Locale) -> list[Reminder]:
    """Birthdays falling on `day`: on the day itself, and the day before for the inner circle."""
    reminders = []
    for contact in born_on_day:
        if day == today:
            kind = ReminderKind.BIRTHDAY
        elif day == today + timedelta(days=1) and contact.circle is Circle.INNER:
            kind = ReminderKind.BIRTHDAY_SOON
        elif day > today:
            kind = ReminderKind.BIRTHDAY  # coming up, listed by GET /reminders
        else:
            continue
        when = _SHORT[locale]["today"] if day == today else _in_days(locale, (day - today).days)
        reminders.append(
            Reminder(
                reminder_id=reminder_id(kind, contact.contact_id, day),
                kind=kind,
                contact=ContactView.of(contact, today),
                due_on=day,
                status=Status.DUE if day <= today or kind is ReminderKind.BIRTHDAY_SOON else Status.OK,
                reason=_WORDS[locale][kind]
                if day <= today + timedelta(days=1)
                else _in_days(locale, (day - today).days),
                short_reason=_SHORT[locale][kind].format(when=when),
            )
        )
    return reminders


def celebrated_on(day: date) -> list[tuple[int, int]]:
    """The (month, day) birthdays celebrated on `day`: its own, and 29 February's on 28 February
    of the years without one."""
    dates = [(day.month, day.day)]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        dates.append((2, 29))
    return dates


def unconfirmed_meetings(
    meetings: list[Meeting], people: dict[str, Contact], now: datetime, timezone: str, locale: Locale
) -> list[Reminder]:
    """Planned meetings that have started but were not confirmed as held."""
    today = local_date(now, timezone)
    reminders = []
    for meeting in meetings:
        who = [people[c] for c in meeting.contact_ids if c in people]
        if meeting.held or meeting.starts_at > now or not who:
            continue
        day = local_date(meeting.starts_at, timezone)
        said = spoken_date(day, locale)
        reminders.append(
            Reminder(
                reminder_id=reminder_id(ReminderKind.MEETING_HELD, meeting.meeting_id, day),
                kind=ReminderKind.MEETING_HELD,
                contact=ContactView.of(who[0], today),
                due_on=day,
                status=Status.DUE,
                reason=_WORDS[locale][ReminderKind.MEETING_HELD].format(day=said),
                short_reason=_SHORT[locale][ReminderKind.MEETING_HELD].format(day=said),
            )
        )
    return reminders


def intro_follow_ups(
    made: list[Introduction], people: dict[str, Contact], today: date, horizon: date, timezone: str, locale: Locale
) -> list[Reminder]:
    """For each introduction made and not followed up, from its follow-up day: ask each side how it went."""
    reminders = []
    for intro in made:
        due_on = intro.follow_up_due_on
        if intro.status is not IntroductionStatus.MADE or due_on is None or due_on > horizon or intro.made_at is None:
            continue
        if not all(c in people for c in intro.contact_ids):
            continue  # a side was deleted since
        day = spoken_date(local_date(intro.made_at, timezone), locale)
        first, second = intro.contact_ids
        for contact_id, other_id in ((first, second), (second, first)):
            reminders.append(
                Reminder(
                    reminder_id=reminder_id(ReminderKind.INTRO_FOLLOW_UP, contact_id, due_on),
                    kind=ReminderKind.INTRO_FOLLOW_UP,
                    contact=ContactView.of(people[contact_id], today),
                    due_on=due_on,
                    status=Status.DUE if due_on <= today else Status.OK,
                    reason=_WORDS[locale][ReminderKind.INTRO_FOLLOW_UP].format(other=people[other_id].name, day=day),
                    short_reason=_SHORT[locale][ReminderKind.INTRO_FOLLOW_UP].format(other=people[other_id].name),
                )
            )
    return reminders


class FoundHelp(Model):
    """A help opportunity as its reminder tells it: the contact in need is the reminder's person."""

    opportunity_id: str
    need_contact: ContactView
    offer_name: str
    need_label: str
    sentence: str


def help_opportunities(found: list[FoundHelp], today: date, locale: Locale) -> list[Reminder]:
    """The day's help reminders, best first."""
    return [
        Reminder(
            reminder_id=reminder_id(ReminderKind.HELP, f.opportunity_id, today),
            kind=ReminderKind.HELP,
            contact=f.need_contact,
            due_on=today,
            status=Status.DUE,
            reason=f.sentence,
            short_reason=_SHORT[locale][ReminderKind.HELP].format(other=f.offer_name, need=f.need_label),
        )
        for f in found
    ]


def meet_nudge(target: Contact, path: Path | None, today: date, locale: Locale) -> Reminder:
    """The day's contact to meet: through the first person of the best warm path, or directly."""
    words, short = _WORDS[locale], _SHORT[locale]
    if path is None:
        sentence, short_reason = words["reach_out"].format(name=target.name), short["reach_out"]
    else:
        sentence = words["ask"].format(via=path.steps[0].name, name=target.name)
        short_reason = short["ask"].format(via=path.steps[0].name)
    return Reminder(
        reminder_id=reminder_id(ReminderKind.MEET, target.contact_id, today),
        kind=ReminderKind.MEET,
        contact=ContactView.of(target, today),
        due_on=today,
        status=Status.DUE,
        reason=words["why"].format(sentence=sentence, why=target.why) if target.why else sentence,
        short_reason=short_reason,
    )


def active(reminders: list[Reminder], states: dict[str, ReminderState], today: date) -> list[Reminder]:
    """Drop what was done or dismissed, and what is snoozed past today (marking the others)."""
    kept = []
    for reminder in reminders:
        state = states.get(reminder.reminder_id)
        if state is None:
            kept.append(reminder)
        elif state.action is Action.SNOOZED and state.until and state.until <= today:
            kept.append(reminder)
        elif state.action is Action.SNOOZED:
            kept.append(reminder.model_copy(update={"snoozed_until": state.until}))
    return kept


def for_the_digest(reminders: list[Reminder]) -> list[Reminder]:
    """What a digest may say today: due things only, not snoozed (the ranking orders them)."""
    return [r for r in reminders if r.status is not Status.OK and r.snoozed_until is None]


def _without_news(locale: Locale, days: int) -> str:
    """Weeks read as days, past two months as months: "75 days" is not how anyone counts."""
    if days >= 60:
        return _SHORT[locale]["months"].format(months=days // 30)
    return _SHORT[locale][ReminderKind.FOLLOW_UP].format(days=days)


def _in_days(locale: Locale, days: int) -> str:
    if locale is Locale.FR:
        return "demain" if days == 1 else f"dans {days} jours"
    return "tomorrow" if days == 1 else f"in {days} days"
