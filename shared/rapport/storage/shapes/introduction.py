"""An introduction item (`INTRO#<introduction id>`): the double opt-in between two contacts, step by step."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.introductions import Introduction

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = (
    "introduction_id",
    "contact_ids",
    "reason",
    "status",
    "asked_contact_id",
    "created_at",
    "asked_at",
    "accepted_at",
    "declined_at",
    "made_at",
    "followed_up_at",
    "cancelled_at",
    "follow_up_due_on",
    "updated_at",
    "version",
)


def to_item(introduction: Introduction) -> dict:
    return to_jsonable_python({name: getattr(introduction, name) for name in PLAIN})


def from_item(item: dict) -> Introduction:
    return Introduction.model_validate({name: item[name] for name in PLAIN if name in item})
