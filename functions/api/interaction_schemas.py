"""Interactions (touches) as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain import interaction as domain
from rapport.domain.interaction import Source
from rapport.domain.model import Model
from rapport.domain.vocabulary import Direction, Kind


class Interaction(Model):
    # The wire's name for it (the component `Interaction` of docs/openapi.json), mapped from the domain's.
    interaction_id: str
    kind: Kind
    direction: Direction
    occurred_at: datetime
    contact_ids: list[str]
    subject: str | None = Field(default=None, description="The subject of a logged email.")
    summary: str | None = None
    source: Source
    created_at: datetime

    @classmethod
    def of(cls, interaction: domain.Interaction) -> Interaction:
        return cls(
            interaction_id=interaction.interaction_id,
            kind=interaction.kind,
            direction=interaction.direction,
            occurred_at=interaction.occurred_at,
            contact_ids=interaction.contact_ids,
            subject=interaction.subject,
            summary=interaction.summary,
            source=interaction.source,
            created_at=interaction.created_at,
        )


class InteractionPage(Model):
    items: list[Interaction]
    next_cursor: str | None
