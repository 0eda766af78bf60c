"""The stream reaction: keep each contact's derived follow-up in step with its touches and the time zone.

Everything is recomputed from current state, so replaying a record, or receiving records out of
order, writes the same result (and writes nothing when nothing changed).
"""

from __future__ import annotations

from rapport.domain import followup
from rapport.domain.contact import Contact
from rapport.domain.errors import NotFound
from rapport.domain.interaction import Interaction
from rapport.storage import Store


def refresh(store: Store, networker_id: str, contact_id: str, timezone: str) -> bool:
    """Recompute one contact's stage, last touch, follow-up date and help balance. True if anything changed."""
    try:
        contact = store.contacts.get(networker_id, contact_id)
    except NotFound:
        return False  # deleted since: its touches are handled by `forget`
    touches = list(store.interactions.touches(networker_id, contact_id))
    last, first_met = followup.summarise(touches)
    derived = followup.follow_up(contact, last, first_met, timezone, followup.help_balance(touches))
    if _unchanged(contact, derived):
        return False
    met_before = followup.first_meeting_day(contact, contact.first_met_at, timezone)
    met_after = followup.first_meeting_day(contact, derived.first_met_at, timezone)
    return store.contacts.save_follow_up(networker_id, contact, derived, met_before, met_after)


def follow_timezone(store: Store, networker_id: str) -> int:
    """The networker's time zone changed: each follow-up date (a day in that zone) and first-meeting
    marker moves to where the zone now puts it, from the touch summary each contact holds (a touch being
    logged meanwhile is refreshed from its own record, in the zone then stored). Reads the contacts with a
    follow-up date and the markers, writes only the contacts that move. How many moved."""
    profile = store.profiles.get(networker_id)
    if profile is None:
        return 0
    zone = profile.timezone
    markers = store.contacts.first_met_days(networker_id)
    moves = []
    for contact in store.contacts.followed_up(networker_id):
        derived = followup.follow_up(contact, contact.last_touch_at, contact.first_met_at, zone)
        marker, met = markers.get(contact.contact_id), followup.first_meeting_day(contact, contact.first_met_at, zone)
        if not _unchanged(contact, derived) or marker != met:
            moves.append((contact, derived, marker, met))
    return store.contacts.save_follow_ups(networker_id, moves)


def _unchanged(contact: Contact, derived: followup.FollowUp) -> bool:
    return derived.model_dump() == {name: getattr(contact, name) for name in derived.model_dump()}


def forget(store: Store, networker_id: str, contact_id: str) -> int:
    """A contact was deleted: take it out of every interaction it was in. Returns how many."""
    count = 0
    for touch in list(store.interactions.touches(networker_id, contact_id)):
        try:
            interaction: Interaction = store.interactions.get(networker_id, touch.interaction_id)
        except NotFound:
            continue
        store.interactions.remove_participant(networker_id, interaction, contact_id)
        count += 1
    return count
