"""Planned meetings (phase 1: prepare, then meet) and the brief that prepares them. Pure."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from rapport.domain.contact import Contact
from rapport.domain.fields import Moment, ShortText, unique
from rapport.domain.interaction import ContactId, Interaction, Summary
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.patch import Patch, not_null

DEFAULT_BRIEF_MINUTES = 120
Goal = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


def event_meeting_id(uid: str, recurrence_id: str | None) -> str:
    """The id of the meeting planned for one occurrence of a calendar event (its UID and RECURRENCE-ID),
    whichever way it came: read from the networker's calendar or forwarded as an invitation. The same
    occurrence is one meeting, never two."""
    basis = f"meeting\x00{uid.strip()}\x00{recurrence_id or ''}"
    return hashlib.sha256(basis.encode("utf-8", "surrogateescape")).hexdigest()[:32]


class MeetingCreate(Model):
    model_config = {"extra": "forbid"}

    contact_ids: list[ContactId] = Field(min_length=1, max_length=10)
    starts_at: Moment = Field(description="Without an offset it is read in the networker's time zone.")
    place: ShortText | None = None
    goal: Goal | None = Field(default=None, description="What you want from this meeting, in a sentence.")
    brief_minutes_before: int = Field(default=DEFAULT_BRIEF_MINUTES, ge=0, le=7 * 24 * 60)

    _unique = field_validator("contact_ids")(lambda cls, values: unique(values))


class MeetingPatch(Patch):
    contact_ids: list[ContactId] | None = Field(default=None, min_length=1, max_length=10)
    starts_at: Moment | None = None
    place: ShortText | None = None
    goal: Goal | None = None
    brief_minutes_before: int | None = Field(default=None, ge=0, le=7 * 24 * 60)

    _not_null = field_validator("contact_ids", "starts_at", "brief_minutes_before")(not_null)


class Meeting(Model):
    """A planned meeting. Stored as `rapport.storage.shapes.meeting` says, shown as the API's
    (`functions/api/agenda_schemas.py`)."""

    meeting_id: str
    contact_ids: list[str]
    starts_at: datetime
    place: str | None = None
    goal: str | None = None
    brief_minutes_before: int = DEFAULT_BRIEF_MINUTES
    held: bool = False  # confirmed as held: the touch is logged
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def brief_at(self) -> datetime:
        return self.starts_at - timedelta(minutes=self.brief_minutes_before)


class HeldRequest(Model):
    model_config = {"extra": "forbid"}

    summary: Summary | None = Field(default=None, description="Logged with the touch.")


class Brief(Model):
    """What to know before meeting someone."""

    meeting: Meeting
    people: list[Contact]
    last_touches: dict[str, list[Interaction]]  # contact id -> newest first
    questions: list[str]


_QUESTIONS = {
    Locale.EN: {
        "need": "Where are they with “{need}”? Who could help?",
        "offer": "They can help with “{offer}”: who in your network needs it?",
        "company": "What is keeping them busy at {company} these days?",
        "first": "What would make this first meeting worth their time?",
        "goal": "What would you ask to get to your goal: {goal}?",
    },
    Locale.FR: {
        "need": "Où en sont-ils sur «\u202f{need}\u202f»\u202f? Qui pourrait les aider\u202f?",
        "offer": "Ils peuvent aider sur «\u202f{offer}\u202f»\u202f: qui dans votre réseau en a besoin\u202f?",
        "company": "Qu'est-ce qui les occupe chez {company} en ce moment\u202f?",
        "first": "Qu'est-ce qui rendrait cette première rencontre utile pour eux\u202f?",
        "goal": "Que demanderiez-vous pour atteindre votre objectif\u202f: {goal}\u202f?",
    },
}


def questions(meeting: Meeting, people: list[Contact], locale: Locale, first_time: bool) -> list[str]:
    """Two or three questions to prepare, from what is known of the people and the goal."""
    words, asked = _QUESTIONS[locale], []
    if meeting.goal:
        asked.append(words["goal"].format(goal=meeting.goal))
    for person in people:
        if person.needs:
            asked.append(words["need"].format(need=person.needs[0].label))
        if person.offers:
            asked.append(words["offer"].format(offer=person.offers[0].label))
        if person.company:
            asked.append(words["company"].format(company=person.company))
    if first_time:
        asked.insert(0, words["first"])
    return list(dict.fromkeys(asked))[:3]
