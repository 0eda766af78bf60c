"""The networker's contacts, exported: as vCard 3.0 for any address book, as a CSV in their language."""

from __future__ import annotations

from rapport.domain import contact_csv, vcards
from rapport.domain.contact import Contact
from rapport.domain.profile import Profile
from rapport.storage import Store


def contacts_vcard(store: Store, profile: Profile) -> str:
    return vcards.write(_contacts(store, profile))


def contacts_csv(store: Store, profile: Profile) -> str:
    return contact_csv.write(_contacts(store, profile), profile.locale)


def _contacts(store: Store, profile: Profile) -> list[Contact]:
    """All of them, by name: a file a person reads, or an address book sorts anyway."""
    return sorted(store.contacts.all(profile.networker_id), key=lambda c: (c.name.casefold(), c.contact_id))
