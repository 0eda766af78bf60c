"""A contact item (`C#<contact id>`): what the networker wrote and what the stream reaction derived."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.contact import Birthday, Cadence, Contact, Wish
from rapport.domain.duplicates import Card
from rapport.domain.followup import FollowUp

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = (
    "contact_id",
    "name",
    "emails",
    "phones",
    "company",
    "title",
    "how_we_met",
    "tags",
    "birthday",
    "notes",
    "linkedin_url",
    "declared_stage",
    "why",
    "priority",
    "origin",
    "import_id",
    "import_key",
    "circle",
    "cadence",
    "created_at",
    "updated_at",
    "version",
    "stage",
    "last_touch_at",
    "first_met_at",
    "next_follow_up_on",
    "help_given",
    "help_received",
)
WISHES = ("needs", "offers")
MERGES = ("merged_ids", "merged_identities")  # written only when a merge left some: absent is none
CARD = tuple(Card.model_fields)  # what a duplicates card reads of the item (a projection), each in PLAIN


def to_item(contact: Contact) -> dict:
    fields = {name: getattr(contact, name) for name in PLAIN}
    fields["birthday"] = _birthday(contact.birthday)
    fields["cadence"] = _cadence(contact.cadence)
    for name in WISHES:
        fields[name] = [_wish(wish) for wish in getattr(contact, name)]
    fields |= {name: getattr(contact, name) for name in MERGES if getattr(contact, name)}
    return to_jsonable_python(fields)


def from_item(item: dict) -> Contact:
    fields = {name: item[name] for name in (*PLAIN, *WISHES, *MERGES) if name in item}
    for name in WISHES:
        if name in fields:
            fields[name] = [_noted_at_creation(wish, item["created_at"]) for wish in fields[name]]
    return Contact.model_validate(fields)


def card_of(item: dict) -> Card:
    """A contact item, or its projection on CARD, as duplicates read it."""
    return Card.model_validate({name: item[name] for name in CARD if name in item})


def _noted_at_creation(wish: str | dict, created_at: str) -> dict:
    """Needs and offers stored as plain labels (before they were dated) read as noted at creation."""
    return {"label": wish, "noted_at": created_at} if isinstance(wish, str) else wish


def _wish(wish: Wish) -> dict:
    return {"label": wish.label, "detail": wish.detail, "noted_at": wish.noted_at, "confirmed_at": wish.confirmed_at}


def _birthday(birthday: Birthday | None) -> dict | None:
    return None if birthday is None else {"day": birthday.day, "month": birthday.month, "year": birthday.year}


def _cadence(cadence: Cadence | None) -> dict | None:
    return None if cadence is None else {"ideal_days": cadence.ideal_days, "max_days": cadence.max_days}


def follow_up_fields(derived: FollowUp) -> dict:
    """The attributes of a contact item the stream reaction sets (None: removed)."""
    return to_jsonable_python({name: getattr(derived, name) for name in FollowUp.model_fields})
