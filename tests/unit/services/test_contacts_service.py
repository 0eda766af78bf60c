"""Contacts on the in-memory table: conditional writes paired with their domain errors, pages, claims."""

from __future__ import annotations

import pytest

from rapport.domain.contact import ContactPatch
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.views import ContactFilter
from rapport.services import contacts, profiles
from tests.unit.services.conftest import NOW


def test_an_edit_from_a_stale_read_is_a_conflict(store, me, add):
    marie = add("Marie")
    contacts.update(store, me, marie, ContactPatch(company="Acme", version=1), NOW)
    with pytest.raises(Conflict) as refused:
        contacts.update(store, me, marie, ContactPatch(company="Other", version=1), NOW)
    assert refused.value.field == "version"
    assert store.contacts.get(me.networker_id, marie).company == "Acme"


def test_an_email_belongs_to_one_contact_until_it_is_deleted(store, me, add):
    marie = add("Marie", emails=["marie@example.com"])
    with pytest.raises(Conflict) as refused:
        add("Marie again", emails=["Marie@Example.com"])
    assert refused.value.field == "emails[0]"
    assert [c.name for c in store.contacts.all(me.networker_id)] == ["Marie"]  # nothing half written
    contacts.delete(store, me, marie)
    with pytest.raises(NotFound):
        contacts.get(store, me, marie, NOW)
    assert add("Marie again", emails=["marie@example.com"])


def test_find_pages_through_the_matches(store, me, add):
    for n in range(5):
        add(f"Person {n}", circle="inner" if n % 2 == 0 else "network")
    first = contacts.find(store, me, ContactFilter(circle="inner"), None, 2, NOW)
    assert len(first.items) == 2 and first.cursor
    second = contacts.find(store, me, ContactFilter(circle="inner"), first.cursor, 2, NOW)
    assert len(second.items) == 1 and second.cursor is None
    assert sorted(c.name for c in first.items + second.items) == ["Person 0", "Person 2", "Person 4"]


def test_networkers_do_not_see_each_others_contacts(store, me, add):
    marie = add("Marie")
    other = profiles.current(store, profiles.Identity(networker_id="n2", email="b@example.com"), NOW)
    with pytest.raises(NotFound):
        contacts.get(store, other, marie, NOW)
    assert contacts.find(store, other, ContactFilter(), None, 10, NOW).items == []
