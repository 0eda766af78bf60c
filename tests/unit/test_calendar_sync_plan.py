"""The calendar sync's plan (domain/calendar_sync.py): what each occurrence makes, once, and what undoes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from rapport.domain.calendar_events import Attendee, Occurrence
from rapport.domain.calendar_sources import Mark, MarkState, occurrence_key
from rapport.domain.calendar_sync import (
    CancelMeeting,
    CountStrangers,
    DropMark,
    LogTouch,
    MarkHeld,
    MoveMeeting,
    PlanMeeting,
    RelogTouch,
    RemoveTouch,
    Step,
    WriteMark,
    addresses,
    next_ending,
    plan,
)
from rapport.domain.interaction import Interaction, Source
from rapport.domain.meeting import Meeting, event_meeting_id
from rapport.domain.vocabulary import Kind

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ME = "me@example.com"
OWN = frozenset({ME, "me@work.example"})
OWNERS = {"claire@example.com": "c-claire", "bob@example.com": "c-bob"}


def occurrence(
    ended_ago: timedelta | None = timedelta(hours=1),
    *,
    starts_in: timedelta | None = None,
    uid: str = "coffee-1",
    recurrence_id: str | None = None,
    attendees: tuple[Attendee, ...] = (Attendee("claire@example.com", "Claire Martin", False),),
    organizer: str | None = ME,
    summary: str | None = "Coffee with Claire",
    **changes,
) -> Occurrence:
    if starts_in is not None:
        starts_at = NOW + starts_in
    else:
        assert ended_ago is not None
        starts_at = NOW - ended_ago - timedelta(hours=1)
    made = Occurrence(
        uid=uid,
        recurrence_id=recurrence_id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        all_day=False,
        summary=summary,
        location="Café Kitsuné",
        organizer=organizer,
        attendees=attendees,
        attendee_count=len(attendees),
        transparent=False,
        private=False,
        cancelled=False,
    )
    return replace(made, **changes)


def stranger(email: str = "sam@example.com", name: str | None = "Sam", declined: bool = False) -> Attendee:
    return Attendee(email, name, declined)


def claire(declined: bool = False) -> Attendee:
    return Attendee("claire@example.com", "Claire Martin", declined)


def key(o: Occurrence) -> str:
    return occurrence_key(o.uid, o.recurrence_id)


def sync(occurrences, marks=None, *, now=NOW, meetings=None, interactions=None, owners=OWNERS) -> list[Step]:
    return plan(occurrences, marks or {}, owners, OWN, now, meetings or {}, interactions or {})


def kinds(step: Step) -> list[type]:
    return [type(action) for action in step.actions]


def written(steps: list[Step]) -> dict[str, Mark]:
    """The marks after the steps are applied."""
    return {a.mark.occurrence_key: a.mark for s in steps for a in s.actions if isinstance(a, WriteMark)}


def made(steps: list[Step], of: type):
    return [a for s in steps for a in s.actions if isinstance(a, of)]


def stored(steps: list[Step]) -> tuple[dict[str, Meeting], dict[str, Interaction]]:
    """The meetings and touches as the steps left them."""
    meetings = {a.meeting.meeting_id: a.meeting for a in made(steps, PlanMeeting)}
    meetings |= {a.after.meeting_id: a.after for a in made(steps, MoveMeeting)}
    touches = {a.interaction.interaction_id: a.interaction for a in made(steps, LogTouch)}
    touches |= {a.after.interaction_id: a.after for a in made(steps, RelogTouch)}
    return meetings, touches


# An occurrence that has ended ------------------------------------------------------------------------------


def test_a_coffee_that_ended_with_a_contact_is_a_meeting_touch_from_the_calendar():
    coffee = occurrence()
    (step,) = sync([coffee])
    assert kinds(step) == [LogTouch, WriteMark]
    touch = step.actions[0].interaction
    assert touch.kind is Kind.MEETING and touch.source is Source.CALENDAR
    assert touch.occurred_at == coffee.starts_at and touch.summary == "Coffee with Claire"
    assert touch.contact_ids == ["c-claire"] and touch.created_at == NOW
    mark = step.actions[1].mark
    assert mark.state is MarkState.LOGGED and mark.interaction_id == touch.interaction_id
    assert mark.contact_ids == ["c-claire"] and mark.starts_at == coffee.starts_at and mark.ends_at == coffee.ends_at
    assert step.actions[1].replacing is None and step.touches_logged == 1


def test_an_occurrence_is_logged_once_whatever_the_number_of_syncs():
    coffee = occurrence()
    first = sync([coffee])
    marks = written(first)
    _, touches = stored(first)
    for later in (NOW, NOW + timedelta(hours=1), NOW + timedelta(days=3)):
        assert sync([coffee], marks, now=later, interactions=touches) == []
        assert sync(None, marks, now=later, interactions=touches) == []


def test_the_same_occurrence_has_the_same_touch_id_in_any_sync_or_calendar():
    coffee = occurrence()
    once = made(sync([coffee]), LogTouch)[0].interaction
    again = made(sync([coffee], now=NOW + timedelta(hours=5)), LogTouch)[0].interaction
    assert once.interaction_id == again.interaction_id
    assert once.interaction_id[:12] == f"{int(coffee.starts_at.timestamp() * 1000):012x}"  # timed by its start


def test_each_occurrence_of_a_recurring_event_is_its_own():
    weekly = [
        occurrence(timedelta(days=7), uid="weekly", recurrence_id="2026-11-13T07:30:00+00:00"),
        occurrence(timedelta(hours=1), uid="weekly", recurrence_id="2026-11-20T07:30:00+00:00"),
    ]
    steps = sync(weekly)
    assert len(steps) == 2 and len({s.occurrence_key for s in steps}) == 2
    assert len({a.interaction.interaction_id for a in made(steps, LogTouch)}) == 2


def test_an_ended_occurrence_that_moved_moves_its_touch_keeping_its_id():
    coffee = occurrence()
    first = sync([coffee])
    marks, (_, touches) = written(first), stored(first)
    moved = replace(
        coffee, starts_at=coffee.starts_at - timedelta(hours=2), ends_at=coffee.ends_at - timedelta(hours=2)
    )
    (step,) = sync([moved], marks, interactions=touches)
    assert kinds(step) == [RelogTouch, WriteMark]
    relog = step.actions[0]
    assert relog.before == next(iter(touches.values()))
    assert relog.after.interaction_id == relog.before.interaction_id
    assert relog.after.occurred_at == moved.starts_at
    assert step.actions[1].mark.starts_at == moved.starts_at and step.actions[1].replacing == marks[key(coffee)]
    assert step.touches_logged == 0  # not a new touch


def test_a_new_title_or_a_new_contact_at_it_relogs_the_touch():
    coffee = occurrence()
    first = sync([coffee])
    marks, (_, touches) = written(first), stored(first)
    more = replace(
        coffee, summary="Coffee with Claire and Bob", attendees=(claire(), Attendee("bob@example.com", None, False))
    )
    (step,) = sync([more], marks, interactions=touches)
    after = step.actions[0].after
    assert after.summary == "Coffee with Claire and Bob" and after.contact_ids == ["c-claire", "c-bob"]


def test_a_touch_the_networker_edited_is_left_alone_when_its_occurrence_moves_or_goes():
    coffee = occurrence()
    first = sync([coffee])
    marks, (_, touches) = written(first), stored(first)
    edited = {i: t.model_copy(update={"contact_ids": ["c-claire", "c-bob"]}) for i, t in touches.items()}
    moved = replace(
        coffee, starts_at=coffee.starts_at - timedelta(hours=2), ends_at=coffee.ends_at - timedelta(hours=2)
    )
    (step,) = sync([moved], marks, interactions=edited)
    assert kinds(step) == [WriteMark]  # the mark follows the calendar: not tried again
    (step,) = sync([], marks, interactions=edited)
    assert kinds(step) == [DropMark]


def test_a_touch_the_networker_deleted_is_not_made_again():
    coffee = occurrence()
    marks = written(sync([coffee]))
    assert sync([coffee], marks, interactions={}) == []
    moved = replace(coffee, summary="Coffee at last")
    (step,) = sync([moved], marks, interactions={})
    assert kinds(step) == [WriteMark]


@pytest.mark.parametrize("how", ["cancelled", "removed from the file"])
def test_an_occurrence_cancelled_or_removed_removes_its_touch(how):
    coffee = occurrence()
    first = sync([coffee])
    marks, (_, touches) = written(first), stored(first)
    now = [replace(coffee, cancelled=True)] if how == "cancelled" else []
    (step,) = sync(now, marks, interactions=touches)
    assert kinds(step) == [RemoveTouch, DropMark]
    assert step.actions[0].interaction == next(iter(touches.values()))
    assert step.actions[1].mark == marks[key(coffee)]


def test_a_cancelled_occurrence_never_seen_makes_nothing():
    assert sync([occurrence(cancelled=True)]) == []
    assert sync([occurrence(starts_in=timedelta(days=1), cancelled=True)]) == []


def test_a_mark_out_of_the_window_is_out_of_sight_not_gone():
    old = occurrence(timedelta(days=31))
    marks = written(sync([old], now=NOW - timedelta(days=2)))
    assert marks and sync([], marks) == []


@pytest.mark.parametrize("address", [ME, "ME@work.example".lower()])
def test_an_occurrence_the_networker_declined_did_not_happen_for_them(address):
    declined = occurrence(attendees=(claire(), Attendee(address, "Me", True)))
    assert sync([declined]) == []
    coffee = occurrence(attendees=(claire(), Attendee(address, "Me", False)))
    first = sync([coffee])
    (step,) = sync([declined], written(first), interactions=stored(first)[1])
    assert kinds(step) == [RemoveTouch, DropMark]


def test_the_networkers_own_addresses_are_neither_contacts_nor_strangers():
    alone = occurrence(attendees=(Attendee("me@work.example", "Me", False),), organizer=ME)
    assert sync([alone], owners=OWNERS | {ME: "c-me"}) == []
    (step,) = sync([occurrence(organizer="me@work.example")])
    assert made([step], CountStrangers) == []


def test_declined_attendees_are_left_out():
    coffee = occurrence(
        attendees=(claire(declined=True), Attendee("bob@example.com", "Bob", False), stranger(declined=True))
    )
    (step,) = sync([coffee])
    assert step.actions[0].interaction.contact_ids == ["c-bob"]
    assert made([step], CountStrangers) == []
    assert sync([occurrence(attendees=(claire(declined=True),))]) == []


def test_the_organizer_is_one_of_the_people():
    (step,) = sync([occurrence(organizer="claire@example.com", attendees=(Attendee(ME, "Me", False),))])
    assert step.actions[0].interaction.contact_ids == ["c-claire"]


def test_contacts_are_cut_to_what_a_touch_holds():
    many = tuple(Attendee(f"p{n}@example.com", None, False) for n in range(30))
    owners = {a.email: f"c-{n}" for n, a in enumerate(many)}
    (step,) = sync([occurrence(attendees=many)], owners=owners)
    assert len(step.actions[0].interaction.contact_ids) == 25


# Strangers --------------------------------------------------------------------------------------------


def test_strangers_at_a_coffee_with_a_contact_are_counted_with_its_touch():
    (step,) = sync([occurrence(attendees=(claire(), stranger()))])
    assert kinds(step) == [LogTouch, CountStrangers, WriteMark]
    count = step.actions[1]
    assert [(p.email, p.name) for p in count.people] == [("sam@example.com", "Sam")]
    assert count.interaction_id == step.actions[0].interaction.interaction_id


def test_strangers_alone_are_counted_once_and_become_a_touch_once_one_is_a_contact():
    meetup = occurrence(attendees=(stranger(),))
    (step,) = sync([meetup])
    assert kinds(step) == [CountStrangers, WriteMark] and step.actions[0].interaction_id is None
    marks = written([step])
    assert marks[key(meetup)].state is MarkState.SEEN
    assert sync([meetup], marks) == []  # counted once
    (step,) = sync([meetup], marks, owners=OWNERS | {"sam@example.com": "c-sam"})
    assert kinds(step) == [LogTouch, WriteMark]  # not counted again
    assert step.actions[1].replacing == marks[key(meetup)]


def test_strangers_at_an_upcoming_occurrence_wait_for_it_to_end():
    assert sync([occurrence(starts_in=timedelta(days=1), attendees=(stranger(),))]) == []


@pytest.mark.parametrize("change", [{"all_day": True}, {"transparent": True}, {"private": True}])
def test_all_day_free_or_private_occurrences_suggest_nobody(change):
    (step,) = sync([occurrence(attendees=(claire(), stranger()), **change)])
    assert kinds(step) == [LogTouch, WriteMark]
    assert sync([occurrence(attendees=(stranger(),), **change)]) == []


def test_a_large_event_is_an_event_touch_and_suggests_nobody():
    crowd = (claire(), *(Attendee(f"guest{n}@example.com", None, False) for n in range(15)))
    (step,) = sync([occurrence(attendees=crowd)])
    assert kinds(step) == [LogTouch, WriteMark] and step.actions[0].interaction.kind is Kind.EVENT
    (step,) = sync([occurrence(attendees=crowd[:15])])  # 15: not large
    assert step.actions[0].interaction.kind is Kind.MEETING and made([step], CountStrangers)


def test_an_event_whose_attendees_were_cut_is_large_by_its_count():
    (step,) = sync([occurrence(attendees=(claire(), stranger()), attendee_count=300)])
    assert step.actions[0].interaction.kind is Kind.EVENT and made([step], CountStrangers) == []


# Upcoming: a planned meeting ---------------------------------------------------------------------------


def test_an_upcoming_occurrence_with_contacts_is_a_planned_meeting_with_the_events_id():
    lunch = occurrence(starts_in=timedelta(days=2), uid="lunch-7", recurrence_id="2026-11-22T11:00:00+00:00")
    (step,) = sync([lunch])
    assert kinds(step) == [PlanMeeting, WriteMark]
    meeting = step.actions[0].meeting
    assert meeting.meeting_id == event_meeting_id("lunch-7", "2026-11-22T11:00:00+00:00")
    assert meeting.contact_ids == ["c-claire"] and meeting.starts_at == lunch.starts_at
    assert meeting.place == "Café Kitsuné" and meeting.goal == "Coffee with Claire" and not meeting.held
    mark = step.actions[1].mark
    assert mark.state is MarkState.PLANNED and mark.meeting_id == meeting.meeting_id
    assert step.touches_logged == 0


def test_an_upcoming_occurrence_with_nobody_known_makes_nothing():
    assert sync([occurrence(starts_in=timedelta(days=1), attendees=())]) == []


def test_a_meeting_planned_from_a_forwarded_invitation_is_the_same_meeting():
    lunch = occurrence(starts_in=timedelta(days=2))
    meeting_id = event_meeting_id(lunch.uid, None)
    by_email = Meeting(
        meeting_id=meeting_id, contact_ids=["c-claire"], starts_at=lunch.starts_at, created_at=NOW, updated_at=NOW
    )
    (step,) = sync([lunch], meetings={meeting_id: by_email})
    assert kinds(step) == [WriteMark] and step.actions[0].mark.meeting_id == meeting_id


def test_an_upcoming_meeting_moves_with_its_occurrence():
    lunch = occurrence(starts_in=timedelta(days=2))
    first = sync([lunch])
    marks, (meetings, _) = written(first), stored(first)
    later = replace(lunch, starts_at=lunch.starts_at + timedelta(days=1), ends_at=lunch.ends_at + timedelta(days=1))
    (step,) = sync([later], marks, meetings=meetings)
    assert kinds(step) == [MoveMeeting, WriteMark]
    move = step.actions[0]
    assert move.after.starts_at == later.starts_at and move.after.version == move.before.version + 1
    assert move.after.meeting_id == move.before.meeting_id and move.after.updated_at == NOW


def test_a_meeting_the_networker_moved_or_cancelled_is_left_alone():
    lunch = occurrence(starts_in=timedelta(days=2))
    first = sync([lunch])
    marks, (meetings, _) = written(first), stored(first)
    theirs = {
        i: m.model_copy(update={"starts_at": m.starts_at + timedelta(hours=1), "version": 2})
        for i, m in meetings.items()
    }
    later = replace(lunch, starts_at=lunch.starts_at + timedelta(days=1), ends_at=lunch.ends_at + timedelta(days=1))
    assert kinds(sync([later], marks, meetings=theirs)[0]) == [WriteMark]
    assert kinds(sync([later], marks, meetings={})[0]) == [WriteMark]
    assert kinds(sync([], marks, meetings=theirs)[0]) == [DropMark]


def test_an_upcoming_occurrence_cancelled_cancels_its_meeting():
    lunch = occurrence(starts_in=timedelta(days=2))
    first = sync([lunch])
    marks, (meetings, _) = written(first), stored(first)
    (step,) = sync([replace(lunch, cancelled=True)], marks, meetings=meetings)
    assert kinds(step) == [CancelMeeting, DropMark]
    assert step.actions[0].meeting == next(iter(meetings.values()))


def test_a_planned_meeting_whose_contacts_are_gone_is_cancelled():
    lunch = occurrence(starts_in=timedelta(days=2))
    first = sync([lunch])
    marks, (meetings, _) = written(first), stored(first)
    (step,) = sync([lunch], marks, meetings=meetings, owners={})
    assert kinds(step) == [CancelMeeting, DropMark]


@pytest.mark.parametrize("unchanged", [False, True])
def test_a_planned_meeting_that_has_ended_becomes_a_touch_and_is_held(unchanged):
    lunch = occurrence(starts_in=timedelta(hours=1))
    first = sync([lunch])
    marks, (meetings, _) = written(first), stored(first)
    later = NOW + timedelta(hours=3)
    (step,) = sync(None if unchanged else [lunch], marks, now=later, meetings=meetings)
    assert kinds(step) == [LogTouch, MarkHeld, WriteMark]
    touch, held, mark = (a for a in step.actions)
    assert touch.interaction.occurred_at == lunch.starts_at and touch.interaction.contact_ids == ["c-claire"]
    assert touch.interaction.summary == "Coffee with Claire" and touch.interaction.source is Source.CALENDAR
    assert held.after.held and held.after.version == held.before.version + 1
    assert mark.mark.state is MarkState.LOGGED and mark.mark.interaction_id == touch.interaction.interaction_id
    assert mark.mark.meeting_id == held.before.meeting_id and mark.replacing == marks[key(lunch)]
    after = written([step])
    assert (
        sync(None if unchanged else [lunch], after, now=later + timedelta(hours=1), interactions=stored([step])[1])
        == []
    )


def test_strangers_at_a_planned_meeting_are_counted_when_it_ends():
    lunch = occurrence(starts_in=timedelta(hours=1), attendees=(claire(), stranger()))
    first = sync([lunch])
    assert made(first, CountStrangers) == []
    (step,) = sync([lunch], written(first), now=NOW + timedelta(hours=3), meetings=stored(first)[0])
    assert kinds(step) == [LogTouch, MarkHeld, CountStrangers, WriteMark]


@pytest.mark.parametrize("unchanged", [False, True])
def test_a_meeting_the_networker_marked_held_is_not_logged_twice(unchanged):
    lunch = occurrence(starts_in=timedelta(hours=1))
    first = sync([lunch])
    marks, (meetings, _) = written(first), stored(first)
    held = {i: m.model_copy(update={"held": True, "version": 2}) for i, m in meetings.items()}
    (step,) = sync(None if unchanged else [lunch], marks, now=NOW + timedelta(hours=3), meetings=held)
    assert kinds(step) == [WriteMark] and step.actions[0].mark.state is MarkState.LEFT
    assert step.touches_logged == 0
    left = written([step])
    assert sync([lunch], left, now=NOW + timedelta(hours=4), meetings=held) == []
    assert kinds(sync([], left, now=NOW + timedelta(hours=4), meetings=held)[0]) == [DropMark]  # held stays


def test_a_meeting_planned_by_invitation_is_held_with_the_touch_at_the_first_sync_after_it():
    coffee = occurrence()
    meeting_id = event_meeting_id(coffee.uid, None)
    by_email = Meeting(
        meeting_id=meeting_id, contact_ids=["c-claire"], starts_at=coffee.starts_at, created_at=NOW, updated_at=NOW
    )
    (step,) = sync([coffee], meetings={meeting_id: by_email})
    assert kinds(step) == [LogTouch, MarkHeld, WriteMark]


def test_a_planned_meeting_still_ahead_with_the_calendar_unchanged_is_nothing_new():
    lunch = occurrence(starts_in=timedelta(hours=1))
    first = sync([lunch])
    assert sync(None, written(first), meetings=stored(first)[0]) == []
    assert sync([lunch], written(first), meetings=stored(first)[0]) == []


def test_a_logged_occurrence_cancelled_after_it_ended_cancels_the_meeting_it_held():
    lunch = occurrence(starts_in=timedelta(hours=1))
    first = sync([lunch])
    later = NOW + timedelta(hours=3)
    (ended,) = sync([lunch], written(first), now=later, meetings=stored(first)[0])
    marks = written([ended])
    meetings = {a.after.meeting_id: a.after for a in made([ended], MarkHeld)}
    (step,) = sync([], marks, now=later, meetings=meetings, interactions=stored([ended])[1])
    assert kinds(step) == [RemoveTouch, CancelMeeting, DropMark]


def test_a_logged_occurrence_moved_ahead_takes_its_touch_back_and_plans_the_meeting():
    coffee = occurrence()
    first = sync([coffee])
    ahead = replace(coffee, starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=1, hours=1))
    (step,) = sync([ahead], written(first), interactions=stored(first)[1])
    assert kinds(step) == [RemoveTouch, PlanMeeting, WriteMark]
    assert step.actions[2].mark.state is MarkState.PLANNED


# Nothing new, and what a refused touch leaves ------------------------------------------------------------


def test_nothing_new_is_no_step_at_all():
    assert sync([]) == [] and sync(None) == []
    steps = sync([occurrence(), occurrence(starts_in=timedelta(days=3), uid="lunch")])
    marks, (meetings, touches) = written(steps), stored(steps)
    assert (
        sync(
            [occurrence(), occurrence(starts_in=timedelta(days=3), uid="lunch")],
            marks,
            meetings=meetings,
            interactions=touches,
        )
        == []
    )
    assert sync(None, marks, meetings=meetings, interactions=touches) == []


def test_a_step_whose_touch_cannot_be_logged_settles_as_left():
    lunch = occurrence(starts_in=timedelta(hours=1), attendees=(claire(), stranger()))
    first = sync([lunch])
    (step,) = sync([lunch], written(first), now=NOW + timedelta(hours=3), meetings=stored(first)[0])
    settled = step.settled()
    assert kinds(settled) == [WriteMark]  # its strangers were counted with the touch logged already
    assert settled.actions[0].mark.state is MarkState.LEFT and settled.actions[0].mark.interaction_id is None
    assert settled.actions[0].replacing == step.actions[-1].replacing


def test_the_addresses_to_look_up_are_everyones_but_the_networkers():
    o = occurrence(organizer="me@work.example", attendees=(claire(), stranger(), Attendee(ME, None, False)))
    assert addresses([o, o], OWN) == ["claire@example.com", "sam@example.com"]


def test_an_events_meeting_id_is_stable_and_per_occurrence():
    assert event_meeting_id("abc", None) == event_meeting_id(" abc ", None)
    assert event_meeting_id("abc", None) != event_meeting_id("abc", "2026-12-01")
    assert len(event_meeting_id("abc", None)) == 32


def test_the_next_ending_is_the_soonest_occurrence_ahead_that_makes_something():
    coffee = occurrence(starts_in=timedelta(hours=3))
    meetup = occurrence(starts_in=timedelta(hours=1), uid="meetup", attendees=(stranger(),))
    private = occurrence(starts_in=timedelta(minutes=30), uid="p", attendees=(stranger(),), private=True)
    alone = occurrence(starts_in=timedelta(minutes=10), uid="alone", attendees=())
    ended = occurrence(uid="ended")
    ending = next_ending([coffee, meetup, private, alone, ended], OWNERS, OWN, NOW)
    assert ending == meetup.ends_at
    assert next_ending([coffee, private, alone, ended], OWNERS, OWN, NOW) == coffee.ends_at
    assert next_ending([private, alone, ended], OWNERS, OWN, NOW) is None
