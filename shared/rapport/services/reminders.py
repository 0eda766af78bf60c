"""Reminders: gathered from what is due and what the calendar says, minus what the networker did."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime, timedelta

from pydantic import Field, model_validator

from rapport.domain.errors import InvalidInput, NotFound
from rapport.domain.fields import Day
from rapport.domain.followup import local_date
from rapport.domain.interaction import InteractionCreate, Source, Summary
from rapport.domain.meeting import HeldRequest
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.reminders import (
    THANK_YOU_WINDOW,
    Action,
    FoundHelp,
    Reminder,
    ReminderKind,
    ReminderState,
    active,
    birthdays,
    celebrated_on,
    follow_ups,
    help_opportunities,
    intro_follow_ups,
    meet_nudge,
    parse_id,
    thank_yous,
    unconfirmed_meetings,
    upcoming_follow_ups,
)
from rapport.domain.views import ContactView
from rapport.domain.vocabulary import Kind
from rapport.services import interactions, links, meetings, opportunities
from rapport.storage import Store

# The touch a reminder most naturally ends in, when marking it done logs one.
NATURAL_KIND = {
    ReminderKind.FOLLOW_UP: Kind.MESSAGE,
    ReminderKind.INTRO_FOLLOW_UP: Kind.MESSAGE,
    ReminderKind.THANK_YOU: Kind.MESSAGE,
    ReminderKind.BIRTHDAY: Kind.GREETING,
    ReminderKind.BIRTHDAY_SOON: Kind.GREETING,
    ReminderKind.MEET: Kind.MESSAGE,
}
HELP_A_DAY = 2  # help opportunities a digest proposes
# How long an unconfirmed meeting keeps asking whether it happened.
ASK_HELD_DAYS = 3


class Done(Model):
    model_config = {"extra": "forbid"}

    log_touch: bool = Field(default=False, description="Also log the touch (by default of the reminder's kind).")
    kind: Kind | None = None
    summary: Summary | None = None


class Snooze(Model):
    model_config = {"extra": "forbid"}

    until: Day | None = Field(default=None, description="Back on this day.")
    days: int | None = Field(default=None, ge=1, le=365, description="Or back in this many days.")

    @model_validator(mode="after")
    def _one_of(self) -> Snooze:
        if (self.until is None) == (self.days is None):
            raise ValueError("give either until or days")
        return self


def gather(store: Store, profile: Profile, now: datetime, days_ahead: int) -> list[Reminder]:
    """What is due now and coming in the next `days_ahead` days, each read by key, not by scan."""
    nid, zone, locale = profile.networker_id, profile.timezone, profile.locale
    today = local_date(now, zone)
    horizon = today + timedelta(days=days_ahead)
    scheduled = store.contacts.due(nid, until=horizon)
    # the due index holds only contacts with a follow-up date
    reminders = follow_ups(
        [c for c in scheduled if c.next_follow_up_on and c.next_follow_up_on <= today], today, locale
    )
    reminders += upcoming_follow_ups(
        [c for c in scheduled if c.next_follow_up_on and c.next_follow_up_on > today], today, locale
    )
    recent = store.meetings.between(nid, (now - timedelta(days=ASK_HELD_DAYS)).date(), now.date())
    met = store.contacts.met_between(nid, local_date(now - THANK_YOU_WINDOW, zone), today)
    people = {p.contact_id: p for p in store.contacts.get_many(nid, [c for m in recent for c in m.contact_ids])}
    reminders += thank_yous(met, recent, people, now, zone, locale)
    reminders += unconfirmed_meetings(recent, people, now, zone, locale)
    made = [i for i in store.introductions.listed(nid) if i.follow_up_due_on and i.follow_up_due_on <= horizon]
    sides = {p.contact_id: p for p in store.contacts.get_many(nid, [c for i in made for c in i.contact_ids])}
    reminders += intro_follow_ups(made, sides, today, horizon, zone, locale)
    best = opportunities.listed(store, profile, now)[:HELP_A_DAY]
    needy = {c.contact_id: c for c in store.contacts.get_many(nid, [o.need_contact_id for o in best])}
    found = [
        FoundHelp(
            opportunity_id=o.opportunity_id,
            need_contact=ContactView.of(needy[o.need_contact_id], today),
            offer_name=o.offer_contact_name,
            need_label=o.need_label,
            sentence=o.sentence,
        )
        for o in best
    ]
    reminders += help_opportunities(found, today, locale)
    if (nudged := links.nudge(store, profile, today)) is not None:
        reminders.append(meet_nudge(*nudged, today, locale))
    for offset in range(days_ahead + 1):
        day = today + timedelta(days=offset)
        for month, day_of_month in celebrated_on(day):
            reminders += birthdays(store.contacts.born_on(nid, month, day_of_month), day, today, locale)
    states = store.reminders.states(nid, [r.reminder_id for r in reminders])
    return active(reminders, states, today)


def done(
    store: Store, profile: Profile, reminder_id: str, request: Done, now: datetime, source: Source = Source.API
) -> ReminderState:
    kind, subject_id = _check(store, profile, reminder_id)
    if kind is ReminderKind.MEETING_HELD:  # done means it happened: the meeting logs its touch
        meetings.held(store, profile, subject_id, HeldRequest(summary=request.summary), now)
    elif kind is ReminderKind.HELP:  # acted on (an introduction has its own workflow): not proposed again
        opportunities.dismiss(store, profile, subject_id, now)
    elif request.log_touch:
        touch = InteractionCreate(
            kind=request.kind or NATURAL_KIND[kind], occurred_at=now, contact_ids=[subject_id], summary=request.summary
        )
        interactions.log(store, profile, touch, source, now)
    return _save(store, profile, ReminderState(reminder_id=reminder_id, action=Action.DONE, at=now))


def snooze(store: Store, profile: Profile, reminder_id: str, request: Snooze, now: datetime) -> ReminderState:
    _check(store, profile, reminder_id)
    today = local_date(now, profile.timezone)
    until = request.until or today + timedelta(days=request.days or 0)  # one of them is set (Snooze._one_of)
    if until <= today:
        raise InvalidInput("must be after today", "until")
    return _save(store, profile, ReminderState(reminder_id=reminder_id, action=Action.SNOOZED, until=until, at=now))


def dismiss(store: Store, profile: Profile, reminder_id: str, now: datetime) -> ReminderState:
    kind, subject_id = _check(store, profile, reminder_id)
    if kind is ReminderKind.HELP:  # not this pair: never proposed again
        opportunities.dismiss(store, profile, subject_id, now)
    return _save(store, profile, ReminderState(reminder_id=reminder_id, action=Action.DISMISSED, at=now))


def done_line(
    store: Store, profile: Profile, reminder_ids: Sequence[str], now: datetime, source: Source = Source.API
) -> None:
    """A person's line done (a digest's link, an SMS answer), as Today's button: each of its reminders done, one
    touch logged for the person (by the first reminder that ends in one; a meeting confirmed logs its own). A
    reminder whose contact, meeting or opportunity is gone since the digest has nothing left to do."""
    logged = any(parse_id(r)[0] is ReminderKind.MEETING_HELD for r in reminder_ids)
    for reminder_id in reminder_ids:
        natural = parse_id(reminder_id)[0] in NATURAL_KIND
        with suppress(NotFound):
            done(store, profile, reminder_id, Done(log_touch=natural and not logged), now, source)
            logged = logged or natural


def snooze_line(store: Store, profile: Profile, reminder_ids: Sequence[str], days: int, now: datetime) -> None:
    """Each reminder of a person's line back in `days` days."""
    for reminder_id in reminder_ids:
        with suppress(NotFound):
            snooze(store, profile, reminder_id, Snooze(days=days), now)


def dismiss_line(store: Store, profile: Profile, reminder_ids: Sequence[str], now: datetime) -> None:
    """Each reminder of a person's line dismissed: not this time."""
    for reminder_id in reminder_ids:
        with suppress(NotFound):
            dismiss(store, profile, reminder_id, now)


def _check(store: Store, profile: Profile, reminder_id: str) -> tuple[ReminderKind, str]:
    """The reminder's kind and subject; 404 when the subject is not the networker's."""
    kind, subject_id, _ = parse_id(reminder_id)
    if kind is ReminderKind.MEETING_HELD:
        store.meetings.get(profile.networker_id, subject_id)
    elif kind is ReminderKind.HELP:
        store.opportunities.get(profile.networker_id, subject_id)
    else:
        store.contacts.get(profile.networker_id, subject_id)
    return kind, subject_id


def _save(store: Store, profile: Profile, state: ReminderState) -> ReminderState:
    store.reminders.save(profile.networker_id, state)
    return state
