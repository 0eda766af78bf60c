"""Reminders gathered from what is due and what the networker did with them, on the in-memory table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rapport.domain.errors import InvalidInput, NotFound
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.reminders import Action, ReminderKind, reminder_id
from rapport.domain.vocabulary import Kind
from rapport.services import followups, interactions, reminders
from tests.unit.services.conftest import NOW


@pytest.fixture
def overdue(store, me, add) -> str:
    """Marie, inner circle (14 days), last seen 20 days ago: her follow-up was 24 February."""
    marie = add("Marie", circle="inner")
    draft = InteractionCreate(kind=Kind.COFFEE, occurred_at=NOW - timedelta(days=20), contact_ids=[marie])
    interactions.log(store, me, draft, Source.API, NOW)
    followups.refresh(store, me.networker_id, marie, me.timezone)
    return marie


def follow_up_ids(store, me, now=NOW) -> list[str]:
    """The follow-up reminders of the day, snoozed ones left out."""
    found = reminders.gather(store, me, now, 0)
    return [r.reminder_id for r in found if r.kind is ReminderKind.FOLLOW_UP and r.snoozed_until is None]


def test_an_overdue_contact_is_a_follow_up_reminder(store, me, overdue):
    (reminder,) = reminders.gather(store, me, NOW, 0)
    assert reminder.kind is ReminderKind.FOLLOW_UP and reminder.contact.contact_id == overdue
    assert reminder.reminder_id == reminder_id(ReminderKind.FOLLOW_UP, overdue, date(2026, 2, 24))
    assert reminder.status == "due"  # past the ideal 14 days, not yet the 21 at most


def test_done_with_a_touch_logs_it_and_the_follow_up_moves_on(store, me, overdue):
    (rid,) = follow_up_ids(store, me)
    state = reminders.done(store, me, rid, reminders.Done(log_touch=True), NOW)
    assert state.action is Action.DONE
    newest, older = interactions.of_contact(store, me, overdue, None, 10).items
    assert (newest.kind, older.kind) == (Kind.MESSAGE, Kind.COFFEE)  # the reminder's natural touch, logged now
    assert follow_up_ids(store, me) == []
    followups.refresh(store, me.networker_id, overdue, me.timezone)  # what the stream does with the touch
    assert store.contacts.get(me.networker_id, overdue).next_follow_up_on == date(2026, 3, 16)


def test_a_snoozed_reminder_comes_back_on_its_day(store, me, overdue):
    (rid,) = follow_up_ids(store, me)
    assert reminders.snooze(store, me, rid, reminders.Snooze(days=3), NOW).until == date(2026, 3, 5)
    assert follow_up_ids(store, me) == []
    assert [r.snoozed_until for r in reminders.gather(store, me, NOW, 0)] == [date(2026, 3, 5)]
    assert follow_up_ids(store, me, NOW + timedelta(days=3)) == [rid]
    with pytest.raises(InvalidInput):
        reminders.snooze(store, me, rid, reminders.Snooze(until=date(2026, 3, 2)), NOW)


def test_a_dismissed_reminder_is_gone(store, me, overdue):
    (rid,) = follow_up_ids(store, me)
    reminders.dismiss(store, me, rid, NOW)
    assert follow_up_ids(store, me) == []


def test_a_reminder_about_someone_elses_contact_is_not_found(store, me, overdue):
    stranger = reminder_id(ReminderKind.FOLLOW_UP, "0123abcd", date(2026, 2, 24))
    with pytest.raises(NotFound):
        reminders.dismiss(store, me, stranger, NOW)


def test_a_line_done_marks_each_of_its_reminders_and_logs_one_touch(store, me, overdue):
    """A person's line (a digest's link, an SMS answer) holds all their reminders: a follow-up and a birthday."""
    (follow_up,) = follow_up_ids(store, me)
    birthday = reminder_id(ReminderKind.BIRTHDAY, overdue, NOW.date())
    gone = reminder_id(ReminderKind.FOLLOW_UP, "0123abcd", NOW.date())  # a contact deleted since the digest
    reminders.done_line(store, me, [follow_up, birthday, gone], NOW, Source.SMS)
    states = store.reminders.states(me.networker_id, [follow_up, birthday])
    assert {state.action for state in states.values()} == {Action.DONE} and len(states) == 2
    newest, older = interactions.of_contact(store, me, overdue, None, 10).items  # one touch for the person
    assert (newest.kind, newest.source, older.kind) == (Kind.MESSAGE, Source.SMS, Kind.COFFEE)


def test_a_line_snoozed_or_dismissed_acts_on_each_of_its_reminders(store, me, overdue):
    (follow_up,) = follow_up_ids(store, me)
    birthday = reminder_id(ReminderKind.BIRTHDAY, overdue, NOW.date())
    reminders.snooze_line(store, me, [follow_up, birthday], 7, NOW)
    states = store.reminders.states(me.networker_id, [follow_up, birthday])
    assert [(s.action, s.until) for s in states.values()] == [(Action.SNOOZED, date(2026, 3, 9))] * 2
    reminders.dismiss_line(store, me, [follow_up, birthday], NOW)
    states = store.reminders.states(me.networker_id, [follow_up, birthday])
    assert {s.action for s in states.values()} == {Action.DISMISSED}
