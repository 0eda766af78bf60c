"""A meeting item (`M#<meeting id>`): a planned meeting (its day marker holds no fields)."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.meeting import Meeting

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = (
    "meeting_id",
    "contact_ids",
    "starts_at",
    "place",
    "goal",
    "brief_minutes_before",
    "held",
    "created_at",
    "updated_at",
    "version",
)


def to_item(meeting: Meeting) -> dict:
    return to_jsonable_python({name: getattr(meeting, name) for name in PLAIN})


def from_item(item: dict) -> Meeting:
    return Meeting.model_validate({name: item[name] for name in PLAIN if name in item})
