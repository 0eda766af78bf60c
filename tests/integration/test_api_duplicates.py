"""Duplicates through the API on moto, the stream's reactions run: found, dismissed, merged with everything
of the other contact, retried."""

from __future__ import annotations

import os
from datetime import timedelta

import boto3
import pytest

from rapport.domain.greetings import Campaign, Season
from rapport.storage import Store
from tests.integration.conftest import NOW


@pytest.fixture
def twins(api, stream):
    """Claire twice: by hand, and from a card with another address, the same phone and company; touches each."""

    def add(**fields):
        return api.post("/contacts", fields).body["contact_id"]

    claire = add(name="Claire Martin", phones=["+33612904567"], company="Fonds Horizon", circle="active")
    card = add(name="Martin Claire", phones=["+33 6 12 90 45 67"], emails=["cmartin@fondshorizon.fr"], title="Partner")
    for contact_id, days in ((claire, 40), (card, 3)):
        when = (NOW - timedelta(days=days)).isoformat()
        api.post("/interactions", {"kind": "coffee", "occurred_at": when, "contact_ids": [contact_id]})
    stream.drain()
    return claire, card


def test_found_with_reasons_in_the_networkers_language(api, twins):
    claire, card = twins
    api.patch("/me", {"locale": "fr"})
    [pair] = api.get("/duplicates").body["items"]
    assert pair["pair_id"] == ".".join(sorted(twins)) and 0.9 <= pair["score"] <= 1
    assert pair["reasons"][0]["text"] == "même téléphone\u202f: +33612904567"
    sides = {side["contact_id"]: side for side in pair["contacts"]}
    assert sides[card]["emails"] == ["cmartin@fondshorizon.fr"] and sides[claire]["last_touch_at"]


def test_dismissed_for_good(api, twins):
    pair_id = ".".join(sorted(twins))
    assert api.post(f"/duplicates/{pair_id}/dismiss").status == 204
    assert api.post(f"/duplicates/{pair_id}/dismiss").status == 204
    assert api.get("/duplicates").body["items"] == []
    unknown = api.post("/duplicates/nonsense/dismiss")
    assert unknown.status == 404 and unknown.body["errors"][0]["field"] == "pair_id"


def test_merged_with_its_touches_then_gone(api, stream, twins):
    claire, card = twins
    merged = api.post(f"/contacts/{claire}/merge", {"other_id": card, "take": ["title"]})
    assert merged.status == 200, merged.body
    assert merged.body["emails"] == ["cmartin@fondshorizon.fr"] and merged.body["title"] == "Partner"
    stream.drain()
    survivor = api.get(f"/contacts/{claire}").body
    assert survivor["last_touch_at"].startswith((NOW - timedelta(days=3)).date().isoformat())
    assert survivor["next_follow_up_on"] == (NOW - timedelta(days=3) + timedelta(days=30)).date().isoformat()
    assert len(api.get(f"/contacts/{claire}/interactions").body["items"]) == 2
    assert api.get(f"/contacts/{card}").status == 404
    assert api.get("/duplicates").body["items"] == []
    again = api.post(f"/contacts/{claire}/merge", {"other_id": card})
    assert again.status == 200 and again.body["contact_id"] == claire
    # the address is the survivor's: a contact added with it is refused
    taken = api.post("/contacts", {"name": "Someone", "emails": ["cmartin@fondshorizon.fr"]})
    assert taken.status == 409


def test_the_survivor_joins_the_others_greetings_campaign(api, stream, twins):
    claire, card = twins
    store, nid = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"]), api.claims["sub"]
    campaign = Campaign(
        season=Season.NEW_YEAR,
        year=2027,
        opens_on=NOW.date(),
        closes_on=NOW.date() + timedelta(days=60),
        contact_ids=[card],
        greeted=[card],
        opened_at=NOW,
    )
    store.campaigns.open(nid, campaign)
    assert api.post(f"/contacts/{claire}/merge", {"other_id": card}).status == 200
    stream.drain()
    [after] = store.campaigns.listed(nid)
    assert after.contact_ids == [card, claire] and claire in after.greeted and after.gone == [card]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"other_id": "SELF"}, 422, "other_id"),
        ({"other_id": "ffff"}, 404, "other_id"),
        ({}, 422, "other_id"),
        ({"other_id": "ffff", "take": ["contact_id"]}, 422, "take"),
    ],
)
def test_bad_merges_name_the_field(api, twins, body, status, field):
    claire, _ = twins
    if body.get("other_id") == "SELF":
        body = {"other_id": claire}
    refused = api.post(f"/contacts/{claire}/merge", body)
    assert refused.status == status and field in refused.body["errors"][0]["field"]
    assert api.post("/contacts/ffff/merge", {"other_id": claire}).status == 404


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("emails", lambda side: [f"{side}{i}@example.com" for i in range(20)]),
        ("phones", lambda side: [f"+3361234{ord(side)}{i:02d}" for i in range(10)]),
        ("tags", lambda side: [f"{side}{i}" for i in range(50)]),
        ("needs", lambda side: [f"{side} need {i}" for i in range(50)]),
        ("notes", lambda side: side * 10_000),
    ],
)
def test_a_merge_past_what_a_contact_holds_is_refused_and_changes_nothing(api, field, values):
    """20 emails and 20 others made a contact of 40, which no edit of it could then send back."""
    one, other = (api.post("/contacts", {"name": "Claire Martin", field: values(side)}).body for side in "ab")
    refused = api.post(f"/contacts/{one['contact_id']}/merge", {"other_id": other["contact_id"]})
    assert refused.status == 422, refused.body
    (error,) = refused.body["errors"]
    assert error["field"] == field and "together" in error["reason"], error
    assert api.get(f"/contacts/{one['contact_id']}").body[field] == one[field]
    assert api.get(f"/contacts/{other['contact_id']}").status == 200
