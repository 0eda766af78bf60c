"""Introductions on the in-memory table: one open introduction per pair, whichever way it is named."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rapport.domain.errors import Conflict
from rapport.domain.introductions import IntroductionCreate
from rapport.services import introductions
from tests.unit.services.conftest import NOW


def suggest(store, me, a, b):
    create = IntroductionCreate(contact_ids=[a, b], reason="Marie is raising; Paul did it twice.")
    introduction, _draft = introductions.suggest(store, me, create, NOW)
    return introduction


@pytest.mark.parametrize("end", ["cancel", "decline"])
def test_a_pair_cannot_have_two_open_introductions(store, me, add, end):
    marie, paul, lea = add("Marie"), add("Paul"), add("Léa")
    first = suggest(store, me, marie, paul)
    with pytest.raises(Conflict) as refused:
        suggest(store, me, paul, marie)
    assert refused.value.field == "contact_ids"
    assert suggest(store, me, marie, lea)  # another pair
    if end == "decline":
        introductions.ask(store, me, first.introduction_id, introductions.AskRequest(), NOW)
    introductions.act(store, me, first.introduction_id, end, NOW + timedelta(minutes=1))
    assert suggest(store, me, paul, marie)  # over: a new one may start


def test_once_made_the_pair_is_free_again(store, me, add):
    marie, paul = add("Marie"), add("Paul")
    first = suggest(store, me, marie, paul).introduction_id
    introductions.ask(store, me, first, introductions.AskRequest(), NOW)
    introductions.act(store, me, first, "accept", NOW)
    introductions.make(store, me, first, introductions.MakeRequest(), NOW)
    assert suggest(store, me, marie, paul)
    introductions.act(store, me, first, "follow_up", NOW)
    assert [i.status for i in introductions.listed(store, me)].count("followed_up") == 1
