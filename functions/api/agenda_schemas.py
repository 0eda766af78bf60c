"""Meetings as the API shows them, and the agenda routes' lists."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain import meeting as domain
from rapport.domain.model import Model
from rapport.domain.reminders import Reminder


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


class ReminderList(Model):
    items: list[Reminder]
