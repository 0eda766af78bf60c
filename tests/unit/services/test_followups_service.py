"""A touch moves the contact's follow-up: services.interactions logs it, services.followups (the stream
reaction) recomputes from the touches; on the in-memory table, in milliseconds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rapport.domain.errors import InvalidInput, NotFound
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.vocabulary import Kind
from rapport.services import contacts, followups, interactions
from tests.unit.services.conftest import NOW


def touch(store, me, *contact_ids, days_ago=0, kind=Kind.COFFEE):
    draft = InteractionCreate(kind=kind, occurred_at=NOW - timedelta(days=days_ago), contact_ids=list(contact_ids))
    return interactions.log(store, me, draft, Source.API, NOW)


def test_a_new_contact_is_due_one_cadence_after_it_was_added(store, me, add):
    marie = add("Marie", circle="inner")
    assert store.contacts.get(me.networker_id, marie).next_follow_up_on == date(2026, 3, 16)  # 14 days
    assert contacts.due(store, me, NOW) == []


def test_a_touch_moves_the_follow_up_and_a_replay_writes_nothing(store, me, add, table):
    marie = add("Marie", circle="inner")
    touch(store, me, marie, days_ago=20)
    assert followups.refresh(store, me.networker_id, marie, me.timezone)
    contact = store.contacts.get(me.networker_id, marie)
    assert contact.last_touch_at == NOW - timedelta(days=20)
    assert contact.next_follow_up_on == date(2026, 2, 24)  # 20 days ago + 14: overdue
    assert [d.contact.contact_id for d in contacts.due(store, me, NOW)] == [marie]
    writes = table.writes
    assert not followups.refresh(store, me.networker_id, marie, me.timezone)  # the same record again
    assert table.writes == writes


def test_the_latest_touch_wins_whatever_the_order_they_are_logged_in(store, me, add):
    marie = add("Marie", circle="active")
    touch(store, me, marie, days_ago=2)
    touch(store, me, marie, days_ago=40)
    followups.refresh(store, me.networker_id, marie, me.timezone)
    assert store.contacts.get(me.networker_id, marie).next_follow_up_on == date(2026, 3, 30)  # 2 days ago + 30


def test_deleting_the_touch_brings_the_follow_up_back(store, me, add):
    marie = add("Marie", circle="inner")
    logged = touch(store, me, marie, days_ago=1)
    followups.refresh(store, me.networker_id, marie, me.timezone)
    interactions.delete(store, me, logged.interaction_id)
    followups.refresh(store, me.networker_id, marie, me.timezone)
    contact = store.contacts.get(me.networker_id, marie)
    assert contact.last_touch_at is None and contact.next_follow_up_on == date(2026, 3, 16)


def test_a_touch_with_someone_unknown_writes_nothing(store, me, add):
    marie = add("Marie")
    with pytest.raises(NotFound) as refused:
        touch(store, me, marie, "nobody")
    assert refused.value.field == "contact_ids[1]"
    assert interactions.of_contact(store, me, marie, None, 10).items == []


def test_a_touch_in_the_future_is_refused(store, me, add):
    with pytest.raises(InvalidInput) as refused:
        touch(store, me, add("Marie"), days_ago=-1)
    assert refused.value.field == "occurred_at"


def test_a_deleted_contact_leaves_the_touches_it_was_in(store, me, add):
    marie, paul = add("Marie"), add("Paul")
    logged = touch(store, me, marie, paul)
    contacts.delete(store, me, paul)
    assert followups.forget(store, me.networker_id, paul) == 1
    assert store.interactions.get(me.networker_id, logged.interaction_id).contact_ids == [marie]
    assert not followups.refresh(store, me.networker_id, paul, me.timezone)  # gone: nothing to refresh
