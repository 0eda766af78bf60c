"""Touches: log one with one or more contacts, delete one, read a contact's log."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rapport.domain.contact import learn
from rapport.domain.errors import InvalidInput
from rapport.domain.ids import new_id
from rapport.domain.interaction import Interaction, InteractionCreate, Source
from rapport.domain.profile import Profile
from rapport.storage import Page, Store

# Clocks disagree a little; a touch further in the future than this is a plan, not a touch.
CLOCK_SKEW = timedelta(minutes=10)


def log(
    store: Store,
    profile: Profile,
    draft: InteractionCreate,
    source: Source,
    now: datetime,
    interaction_id: str | None = None,
) -> Interaction:
    """`interaction_id` is given when logging the same touch again must conflict (a text retried)."""
    occurred_at = draft.occurred_at
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=ZoneInfo(profile.timezone))
    if occurred_at > now + CLOCK_SKEW:
        raise InvalidInput("is in the future: a touch is something that happened", "occurred_at")
    interaction = Interaction(
        interaction_id=interaction_id or new_id(now),
        source=source,
        created_at=now,
        **draft.model_dump(exclude={"occurred_at", "learned"}),
        occurred_at=occurred_at.astimezone(ZoneInfo("UTC")),
    )
    along = []
    for heard in draft.learned:  # noted on the contacts in the same write as the touch
        contact = store.contacts.get(profile.networker_id, heard.contact_id)
        updated = contact.model_copy(
            update={
                "needs": learn(contact.needs, heard.needs, now),
                "offers": learn(contact.offers, heard.offers, now),
                "updated_at": now,
                "version": contact.version + 1,
            }
        )
        along += store.contacts.replacement(profile.networker_id, updated, contact)
    written = {heard.contact_id for heard in draft.learned}
    store.interactions.create(profile.networker_id, interaction, along, written)
    return interaction


def delete(store: Store, profile: Profile, interaction_id: str) -> None:
    store.interactions.delete(profile.networker_id, store.interactions.get(profile.networker_id, interaction_id))


def of_contact(store: Store, profile: Profile, contact_id: str, cursor: str | None, limit: int) -> Page:
    store.contacts.get(profile.networker_id, contact_id)  # 404 for a contact that is not theirs
    return store.interactions.page_of_contact(profile.networker_id, contact_id, cursor, limit)
