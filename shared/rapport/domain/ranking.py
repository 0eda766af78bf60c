"""The ranking: one line per person, ordered by one score from all their reminders. Pure.

A person's score adds up what each of their reminders is worth: an overdue friend of the inner circle before
anything else; a follow-up by how close they are (circle) times how late against their cadence; what holds
only today (a birthday, a thank-you, a meeting to confirm) high; then introductions to follow up, help to
give, and people to meet last. GET /reminders, GET /due, the digest and the web app's Today all read this
order.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from rapport.domain.followup import Status
from rapport.domain.model import Model
from rapport.domain.reminders import Reminder, ReminderKind
from rapport.domain.views import ContactView, DueContact
from rapport.domain.vocabulary import Circle

# How close, as a factor: the inner circle counts four times what a loose acquaintance does.
CLOSENESS = {Circle.INNER: 4, Circle.ACTIVE: 3, Circle.NETWORK: 2, Circle.LOOSE: 1}
# A follow-up is worth 10 points a closeness step per cadence elapsed since the last touch, up to this many
# cadences: two months without news of an inner friend seen every two weeks is as late as it gets.
LATENESS_CAP = 4
# What each other kind is worth, before closeness (which adds 2 points a step).
WORTH = {
    ReminderKind.BIRTHDAY: 100,
    ReminderKind.THANK_YOU: 100,
    ReminderKind.MEETING_HELD: 100,
    ReminderKind.BIRTHDAY_SOON: 40,
    ReminderKind.INTRO_FOLLOW_UP: 30,
    ReminderKind.HELP: 20,
    ReminderKind.MEET: 10,
}
# An overdue friend of the inner circle comes before anything else, a birthday included: the relationship a
# networker least wants to lose. More than any other person's reminders can add up to.
INNER_OVERDUE = 500
# What holds only today: tomorrow it is gone (or too late).
ONLY_TODAY = frozenset({ReminderKind.BIRTHDAY, ReminderKind.THANK_YOU, ReminderKind.MEETING_HELD})


class Line(Model):
    """One person in the ranking: all their reminders, and why, in the networker's words."""

    contact: ContactView
    rank: int = Field(description="1 for the first person to reach out to.")
    score: int = Field(description="What all their reminders are worth together; the ranking orders by it.")
    status: Status = Field(description="overdue if any reminder is, due if any is, else ok (coming up).")
    reminder_ids: list[str]
    kinds: list[ReminderKind]
    reasons: list[str] = Field(description="Why, in a few words each, most pressing first.")

    @property
    def contact_id(self) -> str:
        return self.contact.contact_id


def worth(reminder: Reminder) -> int:
    """What one reminder adds to its person's score; nothing while it is only coming up."""
    if reminder.status is Status.OK or reminder.snoozed_until is not None:
        return 0
    if reminder.kind is ReminderKind.FOLLOW_UP:
        return _follow_up(reminder.contact, reminder.status)
    return WORTH[reminder.kind] + 2 * CLOSENESS[reminder.contact.circle]


def rank(reminders: list[Reminder]) -> list[Line]:
    """One line per person (a help reminder's person is the contact in need, a meeting's its first contact),
    the highest score first; equal scores keep the order the reminders came in. People with nothing due
    (only coming up) come after, soonest first."""
    by_person: dict[str, list[Reminder]] = {}
    for reminder in reminders:
        by_person.setdefault(reminder.contact.contact_id, []).append(reminder)
    scored = []
    for theirs in by_person.values():
        theirs = sorted(theirs, key=lambda r: -worth(r))  # stable: the most pressing reason first
        scored.append((sum(worth(r) for r in theirs), min(r.due_on for r in theirs), theirs))
    scored.sort(key=lambda s: (-s[0], s[1] if s[0] == 0 else date.min))  # stable for equal scores
    return [
        Line(
            contact=theirs[0].contact,
            rank=number,
            score=score,
            status=_status(theirs),
            reminder_ids=[r.reminder_id for r in theirs],
            kinds=[r.kind for r in theirs],
            reasons=[r.short_reason for r in theirs],
        )
        for number, (score, _, theirs) in enumerate(scored, 1)
    ]


def in_order(reminders: list[Reminder], lines: list[Line]) -> list[Reminder]:
    """The reminders in the order of their ranked lines: person by person, each person's most pressing first."""
    by_id = {r.reminder_id: r for r in reminders}
    return [by_id[reminder_id] for line in lines for reminder_id in line.reminder_ids]


def due_in_order(due: list[DueContact]) -> list[DueContact]:
    """Who is due for a touch in the ranking's order (GET /due): closeness times lateness, the latest first
    among equals."""
    return sorted(
        due,
        key=lambda d: (-_follow_up(d.contact, d.status), -(d.contact.days_since_last_touch or 0)),
    )


def _follow_up(contact: ContactView, status: Status) -> int:
    """A follow-up's worth: closeness times the cadences elapsed since the last touch (capped); an overdue
    friend of the inner circle first."""
    elapsed = (contact.days_since_last_touch or 0) / contact.cadence_in_force.ideal_days
    first = INNER_OVERDUE if status is Status.OVERDUE and contact.circle is Circle.INNER else 0
    return first + round(10 * CLOSENESS[contact.circle] * min(elapsed, LATENESS_CAP))


def _status(reminders: list[Reminder]) -> Status:
    statuses = {r.status for r in reminders if r.snoozed_until is None}
    return next((s for s in (Status.OVERDUE, Status.DUE) if s in statuses), Status.OK)
