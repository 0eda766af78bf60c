"""Help opportunities: when a contact's needs or offers change (the stream reaction), they are matched
against the other contacts' offers and needs, and the best pairs are kept, explained; the networker
sees them in GET /opportunities and two a day in the digest, and a dismissed pair never comes back."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain.contact import Contact
from rapport.domain.introductions import pair_key, takes_the_pair
from rapport.domain.locale import Locale
from rapport.domain.matching import Entry, EntryKind, Opportunity, Standing, is_stale, match
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.storage import Store
from rapport.storage.opportunities import KeptOpportunity

KEPT_PER_ENTRY = 5  # the best pairs a need or an offer opens; the rest is noise

_SENTENCE = {
    Locale.EN: "{need} is looking for “{need_label}”; {offer} offers “{offer_label}”: introduce them?",
    Locale.FR: (
        "{need} cherche «\u202f{need_label}\u202f»\u202f; {offer} propose «\u202f{offer_label}\u202f»\u202f:"
        " les présenter\u202f?"
    ),
}


class OpportunityView(Model):
    # Its own fields, not the kept record's: what is stored and what is shown change apart.
    opportunity_id: str
    need_contact_id: str
    offer_contact_id: str
    need_label: str
    offer_label: str
    concept: str = Field(description="The concept key (or word) that names the opportunity; part of its id.")
    labels_met: list[str]
    score: int = Field(ge=0, le=100)
    reasons: list[str]
    found_at: datetime
    dismissed_at: datetime | None = None
    need_contact_name: str
    offer_contact_name: str
    sentence: str = Field(description="What it is, in a sentence, in your language.")

    @classmethod
    def of(cls, found: KeptOpportunity, need: Contact, offer: Contact, sentence: str) -> OpportunityView:
        return cls(
            opportunity_id=found.opportunity_id,
            need_contact_id=found.need_contact_id,
            offer_contact_id=found.offer_contact_id,
            need_label=found.need_label,
            offer_label=found.offer_label,
            concept=found.concept,
            labels_met=found.labels_met,
            score=found.score,
            reasons=found.reasons,
            found_at=found.found_at,
            dismissed_at=found.dismissed_at,
            need_contact_name=need.name,
            offer_contact_name=offer.name,
            sentence=sentence,
        )


def refresh(store: Store, networker_id: str, contact_id: str, now: datetime) -> int:
    """Match the contact's needs and offers against everyone else's; how many pairs are kept now."""
    contacts = store.contacts.all(networker_id)
    entries = [entry for contact in contacts for entry in _entries(contact)]
    introduced: dict[str, datetime] = {}  # each contact's last introduction: help is spread, not piled up
    for intro in store.introductions.listed(networker_id):
        made_at = intro.made_at
        if made_at is None:
            continue
        for side in intro.contact_ids:
            introduced[side] = max(introduced.get(side, made_at), made_at)
    standings = {
        c.contact_id: Standing(closeness=c.circle, last_introduced_at=introduced.get(c.contact_id)) for c in contacts
    }
    found: dict[tuple[str, str], Opportunity] = {}  # the best one per pair: a pair is one proposal
    for entry in (e for e in entries if e.contact_id == contact_id):
        for opportunity in match(entry, entries, standings, now, limit=KEPT_PER_ENTRY):
            pair = (opportunity.need_contact_id, opportunity.offer_contact_id)
            if pair not in found or opportunity.score > found[pair].score:
                found[pair] = opportunity
    old = [o for o in store.opportunities.listed(networker_id) if contact_id in (o.need_contact_id, o.offer_contact_id)]
    store.opportunities.replace_for(networker_id, old, list(found.values()), now)
    return len(found)


def listed(store: Store, profile: Profile, now: datetime) -> list[OpportunityView]:
    """The pairs still standing (not dismissed, not introduced, both contacts there, the need neither
    gone nor stale), best first. Introductions are read here rather than when matching: one started
    after the pair was kept takes it away at once."""
    nid = profile.networker_id
    taken = {pair_key(*i.contact_ids) for i in store.introductions.listed(nid) if takes_the_pair(i)}
    kept = [
        o
        for o in store.opportunities.listed(nid)
        if o.dismissed_at is None and pair_key(o.need_contact_id, o.offer_contact_id) not in taken
    ]
    people = {c.contact_id: c for c in store.contacts.get_many(nid, _sides(kept))}
    views = []
    for found in kept:
        need, offer = people.get(found.need_contact_id), people.get(found.offer_contact_id)
        if need is None or offer is None or not _still_needed(need, found.need_label, now):
            continue
        sentence = _SENTENCE[profile.locale].format(
            need=need.name, offer=offer.name, need_label=found.need_label, offer_label=found.offer_label
        )
        views.append(OpportunityView.of(found, need, offer, sentence))
    return sorted(views, key=lambda v: (-v.score, v.opportunity_id))


def dismiss(store: Store, profile: Profile, opportunity_id: str, now: datetime) -> None:
    store.opportunities.dismiss(profile.networker_id, opportunity_id, now)


def _entries(contact: Contact) -> list[Entry]:
    wishes = [(EntryKind.NEED, w) for w in contact.needs] + [(EntryKind.OFFER, w) for w in contact.offers]
    return [Entry(contact_id=contact.contact_id, kind=kind, **wish.model_dump()) for kind, wish in wishes]


def _still_needed(contact: Contact, label: str, now: datetime) -> bool:
    entries = [e for e in _entries(contact) if e.kind is EntryKind.NEED and e.label == label]
    return any(not is_stale(e, now) for e in entries)


def _sides(opportunities: list[KeptOpportunity]) -> list[str]:
    return [c for o in opportunities for c in (o.need_contact_id, o.offer_contact_id)]
