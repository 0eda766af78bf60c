"""Interactions (touches): things that really happened with one or more contacts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from rapport.domain.contact import WishInput, WishLabel, wish_inputs
from rapport.domain.fields import Moment, unique
from rapport.domain.model import Model
from rapport.domain.vocabulary import Direction, Kind

# A real conversation: the first one with a to_meet contact means they have now met.
CONVERSATIONS = frozenset({Kind.MEETING, Kind.COFFEE, Kind.LUNCH, Kind.EVENT, Kind.CALL, Kind.VIDEO_CALL})


class Source(StrEnum):
    API = "api"
    EMAIL = "email"
    SMS = "sms"
    IMPORT = "import"
    CALENDAR = "calendar"  # read from one of the networker's calendars (domain/calendar_sources.py)


ContactId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class Learned(Model):
    """What a touch taught about one of its contacts: needs and offers to note on it."""

    model_config = ConfigDict(extra="forbid")

    contact_id: ContactId
    needs: list[WishInput | WishLabel] = Field(default_factory=list, max_length=20)
    offers: list[WishInput | WishLabel] = Field(default_factory=list, max_length=20)

    _wishes = field_validator("needs", "offers")(lambda cls, values: wish_inputs(values))


class InteractionCreate(Model):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    direction: Direction = Field(
        default=Direction.MUTUAL,
        description="outbound: you reached out (a help touch: you helped them); inbound: they did (they helped you).",
    )
    occurred_at: Moment = Field(
        description="When it happened. Without an offset it is read in the networker's time zone."
    )
    contact_ids: list[ContactId] = Field(min_length=1, max_length=25)
    summary: Summary | None = None
    learned: list[Learned] = Field(
        default_factory=list, max_length=25, description="Needs and offers heard, noted on those contacts."
    )

    @field_validator("contact_ids")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        return unique(values)

    @model_validator(mode="after")
    def _learned_from_participants(self) -> InteractionCreate:
        for index, learned in enumerate(self.learned):
            if learned.contact_id not in self.contact_ids:
                raise ValueError(f"learned[{index}].contact_id must be one of contact_ids")
        return self


class Interaction(Model):
    """Something that happened. Its stored shape is storage's (`rapport.storage.shapes.interaction`), what
    the API shows is the API's (`functions/api/interaction_schemas.py`)."""

    interaction_id: str
    kind: Kind
    direction: Direction
    occurred_at: datetime
    contact_ids: list[str]
    subject: str | None = None  # the subject of a logged email
    summary: str | None = None
    source: Source
    created_at: datetime


class Touch(Model):
    """One interaction as seen from one participant: what the follow-up rules need."""

    interaction_id: str
    kind: Kind
    occurred_at: datetime
    direction: Direction = Direction.MUTUAL
