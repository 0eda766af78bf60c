"""People seen in the networker's mail who are not contacts yet: listed, accepted as contacts (which
logs the messages that waited for them) or ignored for good."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain.contact import ContactCreate
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.inbound import Suggestion, SuggestionAccept
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.views import ContactView
from rapport.services import contacts, quarantine
from rapport.storage import Store


class Accepted(Model):
    contact: ContactView
    released: list[str] = Field(description="Touches logged from messages that waited for this contact.")
    joined: list[str] = Field(description="Touches already logged with others that this contact now joins.")


def listed(store: Store, profile: Profile) -> list[Suggestion]:
    """Most seen first; ignored ones are left out."""
    found = [s for s in store.inbound.suggestions(profile.networker_id) if not s.ignored]
    return sorted(found, key=lambda s: (-s.seen, s.email))


def accept(store: Store, profile: Profile, address: str, request: SuggestionAccept, now: datetime) -> Accepted:
    """Make a contact of a suggested person; the emails they were in become their touches too: those
    logged with others are joined, those that waited only for them are logged."""
    suggestion = store.inbound.suggestion(profile.networker_id, address.strip().lower())
    name = request.name or suggestion.name or suggestion.email.split("@")[0]
    draft = ContactCreate(name=name, emails=[suggestion.email], company=request.company, circle=request.circle)
    contact = contacts.create(store, profile, draft, now)
    store.inbound.forget_suggestion(profile.networker_id, suggestion.email)
    released = []
    for quarantine_id in dict.fromkeys(suggestion.quarantine_ids):
        try:
            released.append(quarantine.release(store, profile, quarantine_id, now).interaction_id)
        except (Conflict, NotFound):  # released, discarded or expired since
            continue
    joined = []
    for interaction_id in dict.fromkeys(suggestion.interaction_ids):
        try:
            interaction = store.interactions.get(profile.networker_id, interaction_id)
        except NotFound:  # deleted since
            continue
        if len(interaction.contact_ids) < quarantine.MAX_CONTACTS:
            store.interactions.add_participant(profile.networker_id, interaction, contact.contact_id)
            joined.append(interaction_id)
    return Accepted(contact=contact, released=released, joined=joined)


def ignore(store: Store, profile: Profile, address: str) -> None:
    store.inbound.ignore(profile.networker_id, address.strip().lower())
