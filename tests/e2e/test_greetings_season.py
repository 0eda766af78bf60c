"""Les vœux through the local runtime over HTTP, as the README walks through them: the clock jumps into
January, the morning digest opens the campaign and tells its progress, a greeting touch counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock
from tests.e2e.test_month_of_digests import advance, outbox

START = datetime(2026, 12, 30, 9, 0, tzinfo=UTC)  # 10:00 in Paris, after that day's digest


def test_the_new_year_campaign_in_the_digest_and_in_get_greetings(local):
    clock.freeze(START)
    identity = local.runtime.identity
    local.token = identity.issue_token(identity.networker_sub, "lea@example.com", "Léa", timedelta(days=30))
    assert local.request("PATCH", "/me", {"timezone": "Europe/Paris", "locale": "fr"}).status == 200
    claire = local.post("/contacts", {"name": "Claire Martin"}).json["contact_id"]
    local.post("/contacts", {"name": "Paul Durand", "circle": "inner"})
    local.drain()

    advance(local, days=3)  # 2 January, 10:00 Paris: the digests of 1 and 2 January went out at 08:00
    sent = [item for item in outbox(local) if item["subject"] == "Rapport\u202f: qui recontacter aujourd'hui"]
    assert [item["time"] for item in sent] == ["2027-01-01T07:00:00Z", "2027-01-02T07:00:00Z"]  # nobody due
    assert "Les vœux\u202f: 0 sur 2 salué\nEncore à saluer\u202f: Paul Durand, Claire Martin." in sent[-1]["text"]

    greeting = {"kind": "greeting", "occurred_at": clock.now().isoformat(), "contact_ids": [claire]}
    assert local.post("/interactions", greeting).status == 201
    local.drain()
    (campaign,) = local.get("/greetings").json["items"]
    assert (campaign["campaign_id"], campaign["progress"]) == ("new_year-2027", "Les vœux\u202f: 1 sur 2 salué")
    assert [person["name"] for person in campaign["left"]] == ["Paul Durand"]
