"""The digest delivered from the store: ranked people, the daily budget, the back-off kept in one item."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rapport.delivery.requests import DeliveryRequest
from rapport.domain.interaction import InteractionCreate, Source
from rapport.domain.profile import ProfilePatch
from rapport.domain.vocabulary import Kind
from rapport.services import followups, interactions, profiles
from rapport.services.deliveries import digest
from tests.unit.services.conftest import NOW
from tests.unit.test_send_once import Senders


@pytest.fixture
def crowd(store, me, add) -> list[str]:
    """Eight active contacts last seen 40 to 47 days ago (due every 30, at most 45): the latest first."""
    people = []
    for i in range(8):
        contact = add(f"Contact {i}", circle="active")
        touch = InteractionCreate(kind=Kind.CALL, occurred_at=NOW - timedelta(days=40 + i), contact_ids=[contact])
        interactions.log(store, me, touch, Source.API, NOW - timedelta(days=40 + i))
        followups.refresh(store, me.networker_id, contact, me.timezone)
        people.append(contact)
    return people


def send(store, profile, senders, days: int = 0) -> str:
    at = NOW + timedelta(days=days)
    request = DeliveryRequest(networker_id=profile.networker_id, scheduled_time=at)
    return digest.deliver(store, store.profiles.get(profile.networker_id), request, senders, at).outcomes["email"]


def text_of(senders) -> str:
    return senders.sent[-1][1].get_body(("plain",)).get_content()


def test_the_daily_budget_names_the_first_people_and_links_to_today_for_the_rest(store, me, crowd):
    me = profiles.update(store, me, ProfilePatch(digest_size=3), NOW)
    senders = Senders()
    assert send(store, me, senders) == "sent"
    text = text_of(senders)
    assert "8 people to reach out to on" in text
    assert [line.split(" — ")[0] for line in text.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")] == [
        "1. Contact 7",
        "2. Contact 6",
        "3. Contact 5",
    ]
    assert "And 5 more people to reach out to, all in Today:\nhttps://app.example.com/app\n" in text


def names(senders) -> list[str]:
    return [line.split(" — ")[0][3:] for line in text_of(senders).splitlines() if " — " in line]


def test_what_was_shown_is_read_once_and_written_once_and_backs_off(store, me, crowd, monkeypatch):
    calls = []
    for method in ("get", "save"):
        real = getattr(store.showings, method)
        monkeypatch.setattr(store.showings, method, lambda *a, _real=real, _m=method: calls.append(_m) or _real(*a))
    senders = Senders()
    assert send(store, me, senders) == "sent"
    first = names(senders)
    assert first == ["Contact 7", "Contact 6", "Contact 5", "Contact 4", "Contact 3"] and calls == ["get", "save"]
    assert store.showings.get(me.networker_id).on == NOW.date()

    assert send(store, me, senders, days=1) == "sent"
    assert names(senders) == ["Contact 2", "Contact 1", "Contact 0"]  # the first five may not come back yet

    assert send(store, me, senders, days=2) == "sent"
    assert names(senders) == first  # overdue, two days on: back, and the three of yesterday are not

    calls.clear()
    assert send(store, me, senders, days=2) == "already_sent" and calls == []  # sent: nothing composed again


def test_a_day_with_nothing_new_and_nothing_overdue_sends_nothing(store, me, add):
    add("Claire", circle="inner")  # due 14 days after she was added, overdue after 21
    senders = Senders()
    assert send(store, me, senders, days=14) == "sent"
    assert [send(store, me, senders, days=d) for d in range(15, 22)] == ["nothing_due"] * 7
    assert send(store, me, senders, days=22) == "sent"


def test_a_touch_logged_starts_a_person_afresh(store, me, crowd):
    senders = Senders()
    send(store, me, senders)
    shown = store.showings.get(me.networker_id)
    assert crowd[7] in shown.people
    touch = InteractionCreate(kind=Kind.COFFEE, occurred_at=NOW + timedelta(hours=2), contact_ids=[crowd[7]])
    interactions.log(store, me, touch, Source.API, NOW + timedelta(hours=2))
    followups.refresh(store, me.networker_id, crowd[7], me.timezone)
    send(store, me, senders, days=2)
    assert crowd[7] not in store.showings.get(me.networker_id).people  # no longer due: forgotten
