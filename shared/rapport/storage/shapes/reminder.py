"""A reminder state item (`REMINDER#<reminder id>`): what the networker did with a reminder."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.reminders import ReminderState

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = ("reminder_id", "action", "until", "at")


def to_item(state: ReminderState) -> dict:
    return to_jsonable_python({name: getattr(state, name) for name in PLAIN})


def from_item(item: dict) -> ReminderState:
    return ReminderState.model_validate({name: item[name] for name in PLAIN if name in item})
