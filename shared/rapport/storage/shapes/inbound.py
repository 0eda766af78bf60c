"""Inbound mail items: a quarantined message (`Q#<key>`) and a suggestion (`SUGGEST#<address>`, written
field by field as messages come: storage/inbound.py)."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.inbound import Person, Quarantined, Suggestion

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
QUARANTINED = (
    "quarantine_id",
    "received_at",
    "subject",
    "summary",
    "occurred_at",
    "direction",
    "raw_message",
    "expires_at",
)
SUGGESTION = (
    "email",
    "name",
    "seen",
    "first_seen_at",
    "last_seen_at",
    "ignored",
    "quarantine_ids",
    "interaction_ids",
)


def quarantined_item(quarantined: Quarantined) -> dict:
    fields = {name: getattr(quarantined, name) for name in QUARANTINED}
    fields["reasons"] = [{"code": reason.code, "detail": reason.detail} for reason in quarantined.reasons]
    fields["sender"] = _person(quarantined.sender)
    fields["participants"] = [_person(person) for person in quarantined.participants]
    return to_jsonable_python(fields)


def quarantined_of(item: dict) -> Quarantined:
    names = (*QUARANTINED, "reasons", "sender", "participants")
    return Quarantined.model_validate({name: item[name] for name in names if name in item})


def suggestion_of(item: dict) -> Suggestion:
    return Suggestion.model_validate({name: item[name] for name in SUGGESTION if name in item})


def _person(person: Person | None) -> dict | None:
    return None if person is None else {"name": person.name, "email": person.email}
