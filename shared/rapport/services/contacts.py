"""Contacts: create, read, list, edit, delete, and who is due for attention."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport.domain import followup
from rapport.domain.contact import Contact, ContactCreate, ContactPatch, noted
from rapport.domain.errors import Conflict
from rapport.domain.fields import normalise_phone, unique
from rapport.domain.ids import new_id
from rapport.domain.introductions import Introduction
from rapport.domain.profile import Profile
from rapport.domain.ranking import due_in_order
from rapport.domain.views import ContactFilter, ContactView, DueContact, due_list
from rapport.domain.vocabulary import Stage
from rapport.storage import Page, Store

# A filtered list stops reading after this many contacts and hands back a cursor to go on.
SCAN_BUDGET = 1000


def create(store: Store, profile: Profile, draft: ContactCreate, now: datetime) -> ContactView:
    contact = new_contact(profile, draft, now)
    store.contacts.create(profile.networker_id, contact)
    return ContactView.of(contact, _today(profile, now))


def new_contact(profile: Profile, draft: ContactCreate, now: datetime, **derived: Any) -> Contact:
    """The contact a draft makes, follow-up included; `derived` sets what only Rapport writes (an import's)."""
    fields = draft.model_dump(exclude={"stage", "needs", "offers"})
    fields["phones"] = _phones(draft.phones, profile)
    fields["needs"], fields["offers"] = noted(draft.needs, [], now), noted(draft.offers, [], now)
    contact = Contact(
        contact_id=new_id(now),
        declared_stage=draft.stage,
        stage=draft.stage,
        created_at=now,
        updated_at=now,
        **fields,
        **derived,
    )
    return with_follow_up(contact, profile)


def get(store: Store, profile: Profile, contact_id: str, now: datetime) -> tuple[ContactView, list[Introduction]]:
    """One contact, with the introductions they are in (made ones show on both sides), newest first."""
    view = ContactView.of(store.contacts.get(profile.networker_id, contact_id), _today(profile, now))
    theirs = [i for i in store.introductions.listed(profile.networker_id) if contact_id in i.contact_ids]
    theirs.sort(key=lambda i: i.created_at, reverse=True)
    return view, theirs


def find(store: Store, profile: Profile, where: ContactFilter, cursor: str | None, limit: int, now: datetime) -> Page:
    """A page of contacts matching `where`, reading at most SCAN_BUDGET of them per call."""
    today, found, read = _today(profile, now), [], 0
    while True:
        page = store.contacts.page(profile.networker_id, cursor, min(100, SCAN_BUDGET - read))
        for index, contact in enumerate(page.items):
            if where.matches(contact):
                found.append(ContactView.of(contact, today))
                if len(found) == limit:
                    more = index < len(page.items) - 1 or page.cursor is not None
                    after = store.contacts.cursor_after(profile.networker_id, contact.contact_id)
                    return Page(found, after if more else None)
        read += len(page.items)
        cursor = page.cursor
        if cursor is None or read >= SCAN_BUDGET:
            return Page(found, cursor)


def update(store: Store, profile: Profile, contact_id: str, patch: ContactPatch, now: datetime) -> ContactView:
    contact = store.contacts.get(profile.networker_id, contact_id)
    patch.check_version(contact.version)
    changes = patch.changes()
    if "phones" in changes:
        changes["phones"] = _phones(changes["phones"], profile)
    for wishes in ("needs", "offers"):
        if wishes in changes:
            changes[wishes] = noted(changes[wishes], getattr(contact, wishes), now)
    if "stage" in changes:
        if changes["stage"] is Stage.TO_MEET and contact.first_met_at:
            raise Conflict("a real conversation with this contact is logged; delete it to go back to to_meet", "stage")
        changes["declared_stage"] = changes.pop("stage")
    updated = contact.model_copy(update=changes | {"updated_at": now, "version": contact.version + 1})
    updated = with_follow_up(updated, profile)
    store.contacts.replace(profile.networker_id, updated, previous=contact)
    return ContactView.of(updated, _today(profile, now))


def delete(store: Store, profile: Profile, contact_id: str) -> None:
    """The contact and its addresses go now; its touches are cleaned up by the stream reaction."""
    store.contacts.delete(profile.networker_id, store.contacts.get(profile.networker_id, contact_id))


def due(store: Store, profile: Profile, now: datetime) -> list[DueContact]:
    today = _today(profile, now)
    return due_in_order(due_list(store.contacts.due(profile.networker_id, until=today), today, profile.locale))


def with_follow_up(contact: Contact, profile: Profile) -> Contact:
    """Apply the follow-up rules to what is already known of the contact's touches."""
    derived = followup.follow_up(contact, contact.last_touch_at, contact.first_met_at, profile.timezone)
    return contact.model_copy(update=derived.model_dump())


def _phones(phones: list[str], profile: Profile) -> list[str]:
    normalised = [normalise_phone(p, profile.region, f"phones[{i}]") for i, p in enumerate(phones)]
    return unique(normalised)


def _today(profile: Profile, now: datetime) -> date:
    return followup.local_date(now, profile.timezone)
