"""Two cards for the same person, through the local runtime over HTTP: Claire Martin added by hand, then
again as "Martin Claire" with her work address and the same mobile, touches logged with each. GET
/duplicates finds the pair, the merge keeps one Claire with every touch and the right follow-up, the other
card is gone, the pair is listed no more, and the merge sent again answers the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def test_two_cards_found_merged_with_their_touches(local):
    clock.freeze(START)
    identity = local.runtime.identity  # a token valid at the frozen time
    local.token = identity.issue_token(identity.networker_sub, "lea@example.com", "Léa", timedelta(days=365))
    local.request("PATCH", "/me", {"timezone": "Europe/Paris", "locale": "en"})
    claire = local.post(
        "/contacts",
        {"name": "Claire Martin", "phones": ["+33612904567"], "company": "Fonds Horizon", "circle": "active"},
    )
    clock.freeze(START + timedelta(seconds=1))  # the card comes second: ids are in creation order
    card = local.post(
        "/contacts",
        {
            "name": "Martin Claire",
            "emails": ["claire.martin@fondshorizon.fr"],
            "phones": ["+33 6 12 90 45 67"],
            "company": "Fonds Horizon SAS",
            "title": "Partner",
        },
    )
    assert (claire.status, card.status) == (201, 201), (claire.body, card.body)
    claire, card = claire.json, card.json
    for contact, days in ((claire, 30), (claire, 20), (card, 5)):
        when = (START - timedelta(days=days)).isoformat()
        logged = local.post(
            "/interactions", {"kind": "call", "occurred_at": when, "contact_ids": [contact["contact_id"]]}
        )
        assert logged.status == 201, logged.body
    local.drain()

    (pair,) = local.get("/duplicates").json["items"]
    assert pair["pair_id"] == ".".join(sorted((claire["contact_id"], card["contact_id"])))
    assert [r["text"] for r in pair["reasons"]] == [
        "same phone: +33612904567",
        "close names: Claire Martin / Martin Claire",
        "same company: Fonds Horizon",
    ]

    path = f"/contacts/{claire['contact_id']}/merge"
    merged = local.post(path, {"other_id": card["contact_id"]})
    assert merged.status == 200, merged.body
    local.drain()

    survivor = local.get(f"/contacts/{claire['contact_id']}").json
    assert survivor["emails"] == ["claire.martin@fondshorizon.fr"] and survivor["title"] == "Partner"
    assert survivor["company"] == "Fonds Horizon"  # its own kept
    assert datetime.fromisoformat(survivor["last_touch_at"]) == START - timedelta(days=5)
    assert survivor["next_follow_up_on"] == (START - timedelta(days=5) + timedelta(days=30)).date().isoformat()
    assert len(local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]) == 3
    assert local.get(f"/contacts/{card['contact_id']}").status == 404
    assert local.get("/duplicates").json["items"] == []

    again = local.post(path, {"other_id": card["contact_id"]})
    assert again.status == 200 and again.json["contact_id"] == claire["contact_id"]
    assert again.json["emails"] == survivor["emails"]
