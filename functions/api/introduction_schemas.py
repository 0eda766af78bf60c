"""Introductions as the API shows them, and the introduction and help opportunity routes' lists."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from rapport.delivery.introduction_drafts import Draft
from rapport.domain import introductions as domain
from rapport.domain.introductions import IntroductionStatus
from rapport.domain.model import Model
from rapport.services.opportunities import OpportunityView


class Introduction(Model):
    # The wire's name for it (the component `Introduction` of docs/openapi.json), mapped from the domain's.
    introduction_id: str
    contact_ids: list[str] = Field(description="The two contacts: the asked side first, usually, then the other.")
    reason: str = Field(max_length=500)
    status: IntroductionStatus = IntroductionStatus.SUGGESTED
    asked_contact_id: str | None = Field(default=None, description="The side asked whether they want it.")
    created_at: datetime
    asked_at: datetime | None = None
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    made_at: datetime | None = None
    followed_up_at: datetime | None = None
    cancelled_at: datetime | None = None
    follow_up_due_on: date | None = Field(default=None, description="Made: the day to ask each side how it went.")
    updated_at: datetime
    version: int = 1

    @classmethod
    def of(cls, intro: domain.Introduction) -> Introduction:
        return cls(
            introduction_id=intro.introduction_id,
            contact_ids=intro.contact_ids,
            reason=intro.reason,
            status=intro.status,
            asked_contact_id=intro.asked_contact_id,
            created_at=intro.created_at,
            asked_at=intro.asked_at,
            accepted_at=intro.accepted_at,
            declined_at=intro.declined_at,
            made_at=intro.made_at,
            followed_up_at=intro.followed_up_at,
            cancelled_at=intro.cancelled_at,
            follow_up_due_on=intro.follow_up_due_on,
            updated_at=intro.updated_at,
            version=intro.version,
        )


class IntroductionView(Introduction):
    draft: Draft | None = Field(
        default=None, description="Asked: the opt-in ask to send; made: the introduction to both. Yours to send."
    )

    @classmethod
    def drafted(cls, intro: domain.Introduction, draft: Draft | None) -> IntroductionView:
        return cls(**dict(Introduction.of(intro)), draft=draft)


class OpportunityList(Model):
    items: list[OpportunityView]


class IntroductionList(Model):
    items: list[Introduction]
