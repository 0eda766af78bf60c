"""A knows item (`KNOWS#<contact id>#<contact id>`): two contacts who know each other."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.links import Link

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = ("contact_ids", "closeness", "noted_at")


def to_item(link: Link) -> dict:
    return to_jsonable_python({name: getattr(link, name) for name in PLAIN})


def from_item(item: dict) -> Link:
    return Link.model_validate({name: item[name] for name in PLAIN if name in item})
