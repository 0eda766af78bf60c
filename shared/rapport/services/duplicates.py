"""Duplicates: the pairs of contacts likely to be one person, dismissed or merged.

A merge is a series of steps, each of which a retry finds done or does: first the survivor takes the
union of the two and the other's address and identity claims (one transaction, which records the other's
id in the survivor's `merged_ids`); then every touch, link, introduction, meeting, reminder state, help
opportunity and greetings campaign entry of the other moves to the survivor; the other is deleted last,
without a forgotten mark. A merge called again after it is done answers the survivor. The stream reactions
recompute the survivor's follow-up (its touch log changed) and its help opportunities (its wishes did).
"""

from __future__ import annotations

from datetime import datetime

from rapport.domain import introductions as intro_rules
from rapport.domain.contact import Contact
from rapport.domain.duplicates import Duplicate, MergeRequest, emptied, find, parse_pair_id, union
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.domain.followup import local_date
from rapport.domain.greetings import campaign_id
from rapport.domain.introductions import Introduction
from rapport.domain.links import Link
from rapport.domain.matching import opportunity_id
from rapport.domain.profile import Profile
from rapport.domain.reminders import parse_id, reminder_id
from rapport.domain.views import ContactView
from rapport.services import contacts
from rapport.storage import Store


def listed(store: Store, profile: Profile) -> list[tuple[Duplicate, Contact, Contact]]:
    """The pairs likely to be one person, the likeliest first, those dismissed left out; each with its two
    contacts (read whole only for the pairs found)."""
    nid = profile.networker_id
    found = find(store.duplicates.cards(nid), profile.locale, store.duplicates.dismissed(nid))
    by_id = {c.contact_id: c for c in store.contacts.get_many(nid, [i for d in found for i in d.contact_ids])}
    return [(d, by_id[d.contact_ids[0]], by_id[d.contact_ids[1]]) for d in found if set(d.contact_ids) <= set(by_id)]


def dismiss(store: Store, profile: Profile, pair_id: str, now: datetime) -> None:
    """The two are two people: the pair is not shown again (whether or not it is a duplicate now)."""
    ids = parse_pair_id(pair_id)
    if len(store.contacts.get_many(profile.networker_id, list(ids))) < len(ids):
        raise NotFound(f"no pair {pair_id}: one of the two is not a contact", "pair_id")
    store.duplicates.dismiss(profile.networker_id, pair_id, now)


def merge(store: Store, profile: Profile, contact_id: str, request: MergeRequest, now: datetime) -> ContactView:
    """Merge the other contact into this one (see the module's docstring); the survivor as it is now."""
    nid, other_id = profile.networker_id, request.other_id
    if other_id == contact_id:
        raise InvalidInput("is this contact: a contact is merged with another one", "other_id")
    survivor = store.contacts.get(nid, contact_id)
    try:
        other = store.contacts.get(nid, other_id)
    except NotFound:
        if other_id in survivor.merged_ids:
            return ContactView.of(survivor, local_date(now, profile.timezone))  # merged already
        raise NotFound(f"no contact {other_id}", "other_id") from None
    if other_id not in survivor.merged_ids:
        merged = contacts.with_follow_up(union(survivor, other, request.take, now), profile)
        store.contacts.absorb(nid, merged, survivor, other, emptied(other, now))
        other = store.contacts.get(nid, other_id)
    _move_touches(store, nid, other_id, contact_id)
    _move_links(store, nid, other_id, contact_id)
    _move_introductions(store, nid, other_id, contact_id, now)
    _move_meetings(store, nid, other_id, contact_id, now)
    subjects = _move_opportunities(store, nid, other_id, contact_id) | {other_id: contact_id}
    _move_reminder_states(store, nid, subjects)
    _move_campaign_entries(store, nid, other_id, contact_id)
    try:
        store.contacts.delete(nid, other)
    except NotFound:
        pass  # deleted by a merge running at the same moment
    return ContactView.of(store.contacts.get(nid, contact_id), local_date(now, profile.timezone))


def _move_touches(store: Store, nid: str, other_id: str, survivor_id: str) -> None:
    for touch in list(store.interactions.touches(nid, other_id)):
        try:
            interaction = store.interactions.get(nid, touch.interaction_id)
        except NotFound:
            store.interactions.drop_touch(nid, other_id, touch)
            continue
        store.interactions.move_participant(nid, interaction, other_id, survivor_id)


def _move_links(store: Store, nid: str, other_id: str, survivor_id: str) -> None:
    """Whom the other knows, the survivor knows (its own closeness kept where it knows them already)."""
    links = store.links.all(nid)
    known = {link.other(survivor_id) for link in links if survivor_id in link.contact_ids}
    for link in (link for link in links if other_id in link.contact_ids):
        them = link.other(other_id)
        if them != survivor_id and them not in known:
            store.links.save(
                nid, Link(contact_ids=(survivor_id, them), closeness=link.closeness, noted_at=link.noted_at)
            )
        store.links.delete(nid, *link.contact_ids)


def _move_introductions(store: Store, nid: str, other_id: str, survivor_id: str, now: datetime) -> None:
    """The survivor takes the other's side; an introduction between the two (one person now) goes, and one
    whose new pair has an open introduction already is cancelled."""
    for intro in store.introductions.listed(nid):
        if other_id not in intro.contact_ids:
            continue
        if survivor_id in intro.contact_ids:
            store.introductions.delete(nid, intro)
            continue
        try:
            store.introductions.move(nid, _side_taken(intro, other_id, survivor_id, now), intro)
        except Conflict:  # the survivor and the other side have one open already: this one is cancelled
            cancelled = intro_rules.cancel(intro, now)
            store.introductions.move(nid, _side_taken(cancelled, other_id, survivor_id, now), intro)


def _side_taken(intro: Introduction, other_id: str, survivor_id: str, now: datetime) -> Introduction:
    side = {other_id: survivor_id}
    return intro.model_copy(
        update={
            "contact_ids": [side.get(c, c) for c in intro.contact_ids],
            "asked_contact_id": side.get(intro.asked_contact_id or "", intro.asked_contact_id),
            "updated_at": now,
            "version": intro.version + 1,
        }
    )


def _move_meetings(store: Store, nid: str, other_id: str, survivor_id: str, now: datetime) -> None:
    """The survivor in the other's place (once): the brief, composed from the meeting's contacts, follows."""
    for meeting in store.meetings.all(nid):
        if other_id in meeting.contact_ids:
            ids = list(dict.fromkeys(survivor_id if c == other_id else c for c in meeting.contact_ids))
            moved = meeting.model_copy(update={"contact_ids": ids, "updated_at": now, "version": meeting.version + 1})
            store.meetings.replace(nid, moved, meeting)


def _move_opportunities(store: Store, nid: str, other_id: str, survivor_id: str) -> dict[str, str]:
    """The other's help opportunities under the survivor's (a dismissal stays); old id -> new id. Those
    still standing are matched again anyway once the survivor's wishes change."""
    moved = {}
    for kept in store.opportunities.listed(nid):
        need, offer = (survivor_id if c == other_id else c for c in (kept.need_contact_id, kept.offer_contact_id))
        if other_id not in (kept.need_contact_id, kept.offer_contact_id) or need == offer:
            continue
        new_id = opportunity_id(need, offer, kept.concept)
        update = {"opportunity_id": new_id, "need_contact_id": need, "offer_contact_id": offer}
        store.opportunities.move(nid, kept, kept.model_copy(update=update))
        moved[kept.opportunity_id] = new_id
    return moved


def _move_reminder_states(store: Store, nid: str, subjects: dict[str, str]) -> None:
    """What the networker did with the other's reminders (done, snoozed, dismissed) holds for the survivor's."""
    for state in store.reminders.acted_on(nid):
        kind, subject, day = parse_id(state.reminder_id)
        if subject in subjects:
            store.reminders.move(nid, state, reminder_id(kind, subjects[subject], day))


def _move_campaign_entries(store: Store, nid: str, other_id: str, survivor_id: str) -> None:
    """In each greetings campaign that holds the other, the survivor (greeted if either was)."""
    for campaign in store.campaigns.listed(nid):
        if other_id not in campaign.contact_ids or other_id in campaign.gone:
            continue
        cid = campaign_id(campaign.season, campaign.year)
        greeted = other_id in campaign.greeted
        if not store.campaigns.join(nid, cid, survivor_id, greeted) and greeted:
            store.campaigns.mark(nid, cid, survivor_id, True)
        store.campaigns.drop(nid, cid, other_id)
