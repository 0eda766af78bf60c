"""An interaction item (`I#<interaction id>`) and its touches (one copy per participant, in that
contact's touch log)."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.interaction import Interaction, Touch

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = (
    "interaction_id",
    "kind",
    "direction",
    "occurred_at",
    "contact_ids",
    "subject",
    "summary",
    "source",
    "created_at",
)
# What the follow-up rules read of a touch (a projection of the touch log).
TOUCH = ("interaction_id", "kind", "occurred_at", "direction")


def to_item(interaction: Interaction) -> dict:
    """The interaction item's attributes; a touch holds the same."""
    return to_jsonable_python({name: getattr(interaction, name) for name in PLAIN})


def from_item(item: dict) -> Interaction:
    return Interaction.model_validate({name: item[name] for name in PLAIN if name in item})


def touch_from_item(item: dict) -> Touch:
    return Touch.model_validate({name: item[name] for name in TOUCH if name in item})
