"""Meetings as the API shows them, and the agenda routes' lists."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain import meeting as domain
from rapport.domain.followup import Status
from rapport.domain.model import Model
from rapport.domain.ranking import Line, in_order, rank
from rapport.domain.reminders import Reminder, ReminderKind


class Meeting(Model):
    # The wire's name for it (the component `Meeting` of docs/openapi.json), mapped from the domain's.
    meeting_id: str
    contact_ids: list[str]
    starts_at: datetime
    place: str | None = None
    goal: str | None = None
    brief_minutes_before: int = domain.DEFAULT_BRIEF_MINUTES
    held: bool = Field(default=False, description="Confirmed as held: the touch is logged.")
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def of(cls, meeting: domain.Meeting) -> Meeting:
        return cls(
            meeting_id=meeting.meeting_id,
            contact_ids=meeting.contact_ids,
            starts_at=meeting.starts_at,
            place=meeting.place,
            goal=meeting.goal,
            brief_minutes_before=meeting.brief_minutes_before,
            held=meeting.held,
            created_at=meeting.created_at,
            updated_at=meeting.updated_at,
            version=meeting.version,
        )


class MeetingList(Model):
    items: list[Meeting]


class PersonLine(Model):
    """One person of the ranking: their reminders (in `items`, by id), why in a few words, and their rank."""

    contact_id: str
    name: str
    rank: int = Field(description="1 for the first person to reach out to.")
    score: int = Field(description="What all their reminders are worth together: closeness, lateness, the day.")
    status: Status = Field(description="overdue if any of their reminders is, due if any is, else ok (coming up).")
    reminder_ids: list[str] = Field(description="Their reminders, most pressing first, as listed in `items`.")
    kinds: list[ReminderKind]
    reasons: list[str] = Field(description="Why, in a few words each, in the order of `reminder_ids`.")

    @classmethod
    def of(cls, line: Line) -> PersonLine:
        return cls(
            contact_id=line.contact_id,
            name=line.contact.name,
            rank=line.rank,
            score=line.score,
            status=line.status,
            reminder_ids=line.reminder_ids,
            kinds=line.kinds,
            reasons=line.reasons,
        )


class ReminderList(Model):
    items: list[Reminder] = Field(description="In the ranking's order: person by person (see `people`).")
    people: list[PersonLine] = Field(description="One line per person, ranked: what the digest and Today show.")

    @classmethod
    def of(cls, reminders: list[Reminder]) -> ReminderList:
        lines = rank(reminders)
        return cls(items=in_order(reminders, lines), people=[PersonLine.of(line) for line in lines])
