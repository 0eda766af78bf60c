"""Quarantined mail and suggested people as the API shows them, and the inbound routes' lists."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain import inbound as domain
from rapport.domain.inbound import Person, Reason
from rapport.domain.model import Model
from rapport.domain.vocabulary import Direction


class Quarantined(Model):
    """A message kept aside instead of logged: what was read of it, and why it was not logged."""

    quarantine_id: str
    received_at: datetime
    reasons: list[Reason]
    sender: Person | None = None
    subject: str | None = None
    summary: str | None = None
    occurred_at: datetime | None = None
    direction: Direction = Direction.INBOUND
    participants: list[Person] = Field(default_factory=list, description="Everyone it involves but you.")
    raw_message: str = Field(description="Where the raw message is kept, until expires_at.")
    expires_at: datetime

    @classmethod
    def of(cls, kept: domain.Quarantined) -> Quarantined:
        return cls(
            quarantine_id=kept.quarantine_id,
            received_at=kept.received_at,
            reasons=kept.reasons,
            sender=kept.sender,
            subject=kept.subject,
            summary=kept.summary,
            occurred_at=kept.occurred_at,
            direction=kept.direction,
            participants=kept.participants,
            raw_message=kept.raw_message,
            expires_at=kept.expires_at,
        )


class Suggestion(Model):
    """Someone who is not a contact yet, seen in mail the networker logged or tried to."""

    email: str
    name: str | None = None
    seen: int = Field(description="How many messages they were in.")
    first_seen_at: datetime
    last_seen_at: datetime
    ignored: bool = False
    quarantine_ids: list[str] = Field(
        default_factory=list, description="Messages kept aside only because nobody in them was a contact yet."
    )
    interaction_ids: list[str] = Field(
        default_factory=list, description="Touches logged from messages they were in, with other contacts."
    )

    @classmethod
    def of(cls, seen: domain.Suggestion) -> Suggestion:
        return cls(
            email=seen.email,
            name=seen.name,
            seen=seen.seen,
            first_seen_at=seen.first_seen_at,
            last_seen_at=seen.last_seen_at,
            ignored=seen.ignored,
            quarantine_ids=seen.quarantine_ids,
            interaction_ids=seen.interaction_ids,
        )


class QuarantineList(Model):
    items: list[Quarantined]


class SuggestionList(Model):
    items: list[Suggestion]
