"""A greetings campaign item (`CAMPAIGN#<season>#<year>`). `greeted` and `gone` are string sets, marked
one id at a time (storage/greetings.py); an empty set cannot be stored: absent means nobody yet."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.greetings import Campaign

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = ("season", "year", "opens_on", "closes_on", "contact_ids", "opened_at")
SETS = ("greeted", "gone")


def to_item(campaign: Campaign) -> dict:
    fields = to_jsonable_python({name: getattr(campaign, name) for name in PLAIN})
    return fields | {name: set(getattr(campaign, name)) or None for name in SETS}


def from_item(item: dict) -> Campaign:
    return Campaign.model_validate({name: item[name] for name in (*PLAIN, *SETS) if name in item})
