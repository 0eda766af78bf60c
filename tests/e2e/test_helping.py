"""Helping the network, through the local runtime over HTTP and its clock: Marie needs "levée de fonds",
Paul offers "fundraising"; the opportunity shows in GET /opportunities and in the next digest; the
introduction goes from suggested to made with drafts in French; 14 days later each side's follow-up
reminder is in the digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # 11:00 in Paris, after that day's digest


def advance(local, **delta) -> None:
    reply = local.post("/_local/clock", {"advance_seconds": timedelta(**delta).total_seconds()}, token=None)
    assert reply.status == 200, reply.body


def emails(local) -> list[str]:
    return [i["text"] for i in local.get("/_local/outbox", token=None).json["items"] if i["channel"] == "email"]


def test_an_opportunity_becomes_an_introduction_then_a_follow_up(local):
    clock.freeze(START)
    identity = local.runtime.identity
    local.token = identity.issue_token(identity.networker_sub, "lea@example.com", "Léa", timedelta(days=365))
    local.request("PATCH", "/me", {"name": "Léa", "timezone": "Europe/Paris", "locale": "fr"})
    marie = local.post(
        "/contacts",
        {"name": "Marie Dupont", "emails": ["marie@example.com"], "circle": "inner", "needs": ["levée de fonds"]},
    ).json["contact_id"]
    paul = local.post(
        "/contacts", {"name": "Paul Martin", "emails": ["paul@example.com"], "offers": ["fundraising"]}
    ).json["contact_id"]
    local.drain()

    (found,) = local.get("/opportunities").json["items"]
    assert (
        found["sentence"] == "Marie Dupont cherche «\u202flevée de fonds\u202f»\u202f;"
        " Paul Martin propose «\u202ffundraising\u202f»\u202f: les présenter\u202f?"
    )
    advance(local, days=1)  # the next morning's digest proposes it
    assert "1. Marie Dupont — à présenter à Paul Martin (levée de fonds)\n" in emails(local)[-1]

    intro = local.post("/introductions", {"contact_ids": [marie, paul], "reason": "Marie lève des fonds"}).json
    asked = local.post(f"/introductions/{intro['introduction_id']}/ask").json
    assert asked["draft"]["recipients"] == ["marie@example.com"] and "Bien à vous" in asked["draft"]["body"]
    accepted = local.post(f"/introductions/{intro['introduction_id']}/accept").json
    assert accepted["draft"]["recipients"] == ["marie@example.com", "paul@example.com"]
    made = local.post(f"/introductions/{intro['introduction_id']}/make").json
    assert made["status"] == "made"
    local.drain()
    assert [t["kind"] for t in local.get(f"/contacts/{paul}/interactions").json["items"]] == ["introduction"]

    advance(local, days=14)
    last = emails(local)[-1]
    assert "1. Marie Dupont — 14 jours sans nouvelles, à relancer sur la mise en relation avec Paul Martin" in last
    assert "2. Paul Martin — à relancer sur la mise en relation avec Marie Dupont\n" in last
