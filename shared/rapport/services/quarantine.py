"""The networker's side of the quarantine: what mail was kept aside and why, released (logged anyway)
or discarded. Kept apart from `inbound` so the API never imports the mail reader (cold start)."""

from __future__ import annotations

from datetime import datetime

from rapport.domain.errors import Conflict
from rapport.domain.fields import unique
from rapport.domain.ids import new_id
from rapport.domain.inbound import Quarantined
from rapport.domain.interaction import Interaction, Source
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Kind
from rapport.storage import Store
from rapport.storage.inbound import Duplicate

MAX_CONTACTS = 25  # an interaction's participants


def listed(store: Store, profile: Profile, now: datetime) -> list[Quarantined]:
    return store.inbound.quarantined(profile.networker_id, now)


def release(store: Store, profile: Profile, quarantine_id: str, now: datetime) -> Interaction:
    """Log a quarantined message anyway, with the people in it who are contacts now."""
    kept = store.inbound.get_quarantined(profile.networker_id, quarantine_id, now)
    owners = store.contacts.owners(profile.networker_id, [p.email for p in kept.participants])
    contact_ids = unique([owners[p.email] for p in kept.participants if p.email in owners])[:MAX_CONTACTS]
    if not contact_ids:
        raise Conflict("nobody in this message is a contact yet: accept one of the suggestions first", "quarantine_id")
    interaction = Interaction(
        interaction_id=new_id(now),
        kind=Kind.EMAIL,
        direction=kept.direction,
        occurred_at=kept.occurred_at or kept.received_at,
        contact_ids=contact_ids,
        subject=kept.subject,
        summary=kept.summary,
        source=Source.EMAIL,
        created_at=now,
    )
    try:
        store.inbound.log(profile.networker_id, quarantine_id, interaction, [], now, kept.raw_message)
    except Duplicate:
        store.inbound.discard(profile.networker_id, quarantine_id)
        raise Conflict("this message was logged already", "quarantine_id") from None
    return interaction


def discard(store: Store, profile: Profile, quarantine_id: str) -> None:
    store.inbound.discard(profile.networker_id, quarantine_id)
