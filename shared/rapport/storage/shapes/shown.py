"""What the digests showed (`SHOWN`): who was named, when and for what, for the back-off (`domain.backoff`)."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.backoff import Showing, Shown

# Stored under the domain's names (the table is the stored format: a domain rename must come here).
PLAIN = ("on", "people", "to_meet", "opportunities")
SHOWING = ("last_on", "times", "reasons")


def to_item(shown: Shown) -> dict:
    people = {cid: {name: getattr(s, name) for name in SHOWING} for cid, s in shown.people.items()}
    return to_jsonable_python(
        {"on": shown.on, "people": people, "to_meet": shown.to_meet, "opportunities": shown.opportunities}
    )


def from_item(item: dict) -> Shown:
    people = {cid: Showing.model_validate({n: s[n] for n in SHOWING}) for cid, s in item["people"].items()}
    return Shown.model_validate(
        {"on": item["on"], "people": people, "to_meet": item["to_meet"], "opportunities": item["opportunities"]}
    )
