"""Planned meetings: plan, move, cancel, confirm as held (which logs the touch), and their brief."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rapport.domain.errors import InvalidInput
from rapport.domain.ids import new_id
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.meeting import Brief, HeldRequest, Meeting, MeetingCreate, MeetingPatch, questions
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Kind, Stage
from rapport.services import interactions
from rapport.storage import Store

# GET /meetings: what is coming, and the last days' (to confirm they were held).
LISTED_PAST = timedelta(days=7)
LISTED_AHEAD = timedelta(days=90)


def plan(store: Store, profile: Profile, draft: MeetingCreate, now: datetime, meeting_id: str | None = None) -> Meeting:
    """`meeting_id` is given when planning the same meeting again must conflict (an invitation's retry)."""
    starts_at = _aware(draft.starts_at, profile)
    if starts_at <= now:
        raise InvalidInput("is in the past: log what happened with POST /interactions", "starts_at")
    meeting = Meeting(
        meeting_id=meeting_id or new_id(now),
        created_at=now,
        updated_at=now,
        **draft.model_dump(exclude={"starts_at"}),
        starts_at=starts_at,
    )
    store.meetings.create(profile.networker_id, meeting)
    return meeting


def listed(store: Store, profile: Profile, now: datetime) -> list[Meeting]:
    return store.meetings.between(profile.networker_id, (now - LISTED_PAST).date(), (now + LISTED_AHEAD).date())


def move(store: Store, profile: Profile, meeting_id: str, patch: MeetingPatch, now: datetime) -> Meeting:
    meeting = store.meetings.get(profile.networker_id, meeting_id)
    patch.check_version(meeting.version)
    changes = patch.changes()
    if "starts_at" in changes:
        changes["starts_at"] = _aware(changes["starts_at"], profile)
        if changes["starts_at"] <= now:
            raise InvalidInput("is in the past: log what happened with POST /interactions", "starts_at")
    updated = meeting.model_copy(update=changes | {"updated_at": now, "version": meeting.version + 1})
    store.meetings.replace(profile.networker_id, updated, previous=meeting)
    return updated


def cancel(store: Store, profile: Profile, meeting_id: str) -> None:
    store.meetings.delete(profile.networker_id, store.meetings.get(profile.networker_id, meeting_id))


def held(store: Store, profile: Profile, meeting_id: str, request: HeldRequest, now: datetime) -> Meeting:
    """It happened: log the meeting touch with everyone, at the time it started."""
    meeting = store.meetings.get(profile.networker_id, meeting_id)
    if meeting.held:
        return meeting
    if meeting.starts_at > now:
        raise InvalidInput("has not started yet", "meeting_id")
    touch = InteractionCreate(
        kind=Kind.MEETING, occurred_at=meeting.starts_at, contact_ids=meeting.contact_ids, summary=request.summary
    )
    interactions.log(store, profile, touch, Source.API, now)
    updated = meeting.model_copy(update={"held": True, "updated_at": now, "version": meeting.version + 1})
    store.meetings.replace(profile.networker_id, updated, previous=meeting)
    return updated


def brief(store: Store, profile: Profile, meeting: Meeting) -> Brief:
    """Who they are, the last touches, needs and offers, the goal, and questions to prepare."""
    people = store.contacts.get_many(profile.networker_id, meeting.contact_ids)
    last = {
        p.contact_id: store.interactions.page_of_contact(profile.networker_id, p.contact_id, None, 3).items
        for p in people
    }
    first_time = all(p.stage is Stage.TO_MEET for p in people)
    asked = questions(meeting, people, profile.locale, first_time)
    return Brief(meeting=meeting, people=people, last_touches=last, questions=asked)


def _aware(moment: datetime, profile: Profile) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(profile.timezone))
    return moment.astimezone(ZoneInfo("UTC"))
