"""Two cards for the same person, through the local runtime over HTTP: Claire Martin added by hand, then
again as "C. Martin" from a vCard with her work address (nothing the import could merge on), touches
logged with each. GET
/duplicates finds the pair, the merge keeps one Claire with every touch and the right follow-up, the other
card is gone, the pair is listed no more, and the merge sent again answers the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock
from tests.e2e.test_contact_imports import contacts, upload

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
CARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:C. Martin\r\nN:Martin;C.;;;\r\n"
    b"EMAIL;TYPE=INTERNET;TYPE=WORK:claire.martin@fondshorizon.fr\r\n"
    b"ORG:Fonds Horizon SAS\r\nTITLE:Partner\r\nEND:VCARD\r\n"
)


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
    report = upload(local, CARD, "text/vcard")  # the same Claire, from her phone's address book
    assert (claire.status, report["created"]) == (201, 1), (claire.body, report)
    claire, card = claire.json, contacts(local)["C. Martin"]
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
        "close names: Claire Martin / C. Martin",
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
