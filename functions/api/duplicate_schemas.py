"""The duplicates routes' own schemas: a pair as the networker reviews it."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain.contact import Contact
from rapport.domain.duplicates import Duplicate, DuplicateReason
from rapport.domain.model import Model
from rapport.domain.vocabulary import Stage


class DuplicateSide(Model):
    """One of the two contacts: enough to tell them apart and choose which one keeps the other."""

    contact_id: str
    name: str
    emails: list[str]
    phones: list[str]
    company: str | None
    title: str | None
    stage: Stage
    last_touch_at: datetime | None = Field(description="The last touch logged with them, if any.")
    created_at: datetime

    @classmethod
    def of(cls, contact: Contact) -> DuplicateSide:
        return cls(
            contact_id=contact.contact_id,
            name=contact.name,
            emails=contact.emails,
            phones=contact.phones,
            company=contact.company,
            title=contact.title,
            stage=contact.stage,
            last_touch_at=contact.last_touch_at,
            created_at=contact.created_at,
        )


class DuplicatePair(Model):
    pair_id: str = Field(description="The two contact ids, sorted, joined by a dot: dismiss it by this id.")
    score: float = Field(ge=0, le=1, description="How likely they are one person: 1 is certain.")
    reasons: list[DuplicateReason] = Field(description="Why they look like one person, in your language.")
    contacts: tuple[DuplicateSide, DuplicateSide] = Field(description="The two contacts, in the pair id's order.")

    @classmethod
    def of(cls, duplicate: Duplicate, first: Contact, second: Contact) -> DuplicatePair:
        return cls(
            pair_id=duplicate.pair_id,
            score=duplicate.score,
            reasons=duplicate.reasons,
            contacts=(DuplicateSide.of(first), DuplicateSide.of(second)),
        )


class DuplicateList(Model):
    items: list[DuplicatePair] = Field(description="The likeliest first; pairs dismissed are left out.")
