"""Double opt-in introductions through the API: the workflow, the drafts, the touch logged when made."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest

from rapport import clock
from tests.integration.conftest import NOW
from tests.integration.test_digests import deliver, emails_sent, last_email_text


@pytest.fixture
def pair(api):
    marie = api.post(
        "/contacts",
        {"name": "Marie Dupont", "emails": ["marie@fintech.example"], "company": "Fintech", "needs": ["a CTO"]},
    ).body
    paul = api.post(
        "/contacts",
        {"name": "Paul Martin", "emails": ["paul@cto.example"], "title": "CTO", "offers": ["fractional CTO"]},
    ).body
    return marie["contact_id"], paul["contact_id"]


def test_from_suggested_to_followed_up_with_drafts_in_french(api, stream, pair):
    api.patch("/me", {"locale": "fr", "name": "Léa"})
    marie, paul = pair
    created = api.post("/introductions", {"contact_ids": [marie, paul], "reason": "Marie cherche un CTO"})
    assert created.status == 201 and created.body["status"] == "suggested" and created.body["draft"] is None
    intro = created.body["introduction_id"]

    asked = api.post(f"/introductions/{intro}/ask")
    assert asked.status == 200 and asked.body["status"] == "asked" and asked.body["asked_contact_id"] == marie
    draft = asked.body["draft"]
    assert draft["recipients"] == ["marie@fintech.example"] and "Paul Martin" in draft["body"]
    assert "Bien à vous" in draft["body"] and draft["mailto"].startswith("mailto:marie@fintech.example?")
    assert "Paul Martin" in unquote(urlsplit(draft["mailto"]).query)

    assert api.post(f"/introductions/{intro}/make").status == 409  # not before accepted
    accepted = api.post(f"/introductions/{intro}/accept").body
    assert accepted["status"] == "accepted" and accepted["draft"]["recipients"] == [
        "marie@fintech.example",
        "paul@cto.example",
    ]
    made = api.post(f"/introductions/{intro}/make", {"follow_up_days": 14})
    assert made.status == 200 and made.body["status"] == "made" and made.body["follow_up_due_on"] == "2026-12-04"
    stream.drain()
    for contact in (marie, paul):
        (touch,) = api.get(f"/contacts/{contact}/interactions").body["items"]
        assert touch["kind"] == "introduction" and sorted(touch["contact_ids"]) == sorted(pair)
    done = api.post(f"/introductions/{intro}/follow-up").body
    assert done["status"] == "followed_up" and done["followed_up_at"]
    assert api.post(f"/introductions/{intro}/cancel").status == 409  # final
    assert [i["status"] for i in api.get("/introductions").body["items"]] == ["followed_up"]


def test_the_same_pair_is_not_introduced_twice_while_one_is_open(api, pair):
    marie, paul = pair
    first = api.post("/introductions", {"contact_ids": [marie, paul], "reason": "CTO"}).body["introduction_id"]
    again = api.post("/introductions", {"contact_ids": [paul, marie], "reason": "again"})
    assert again.status == 409 and again.body["errors"][0]["field"] == "contact_ids"
    assert api.post(f"/introductions/{first}/cancel").body["status"] == "cancelled"
    assert api.post("/introductions", {"contact_ids": [paul, marie], "reason": "again"}).status == 201


def test_bad_introductions_name_the_field(api, pair):
    marie, _ = pair
    same = api.post("/introductions", {"contact_ids": [marie, marie], "reason": "x"})
    assert same.status == 422 and same.body["errors"][0]["field"].startswith("contact_ids")
    unknown = api.post("/introductions", {"contact_ids": [marie, "f" * 32], "reason": "x"})
    assert unknown.status == 404 and unknown.body["errors"][0]["field"] == "contact_ids[1]"
    assert api.get("/introductions/nope").status == 404


def test_fourteen_days_after_it_was_made_each_side_is_asked_how_it_went(api, stream, pair):
    marie, paul = pair
    intro = api.post("/introductions", {"contact_ids": [marie, paul], "reason": "CTO"}).body["introduction_id"]
    for step in ("ask", "accept", "make"):
        assert api.post(f"/introductions/{intro}/{step}").status == 200
    stream.drain()

    def follow_ups(days: int) -> list[tuple[str, str]]:
        clock.freeze(NOW + timedelta(days=days))
        items = api.get("/reminders").body["items"]
        return sorted((r["contact"]["name"], r["status"]) for r in items if r["kind"] == "intro_follow_up")

    assert follow_ups(6) == []
    assert follow_ups(8) == [("Marie Dupont", "ok"), ("Paul Martin", "ok")]  # coming up within a week
    assert follow_ups(14) == [("Marie Dupont", "due"), ("Paul Martin", "due")]
    reminder = next(r for r in api.get("/reminders").body["items"] if r["kind"] == "intro_follow_up")
    assert "ask how it went" in reminder["reason"]
    assert deliver(api.claims["sub"], at=NOW + timedelta(days=14)) == {"batchItemFailures": []}
    assert "ask how the introduction to Paul Martin went" in last_email_text()
    assert api.post(f"/introductions/{intro}/follow-up").status == 200
    assert follow_ups(15) == []


def test_help_given_and_received_show_as_a_balance(api, stream, pair):
    marie, _ = pair
    for direction in ("outbound", "outbound", "inbound"):
        touch = {"kind": "help", "direction": direction, "occurred_at": "2026-11-19T10:00:00Z", "contact_ids": [marie]}
        assert api.post("/interactions", touch).status == 201
    stream.drain()
    contact = api.get(f"/contacts/{marie}").body
    assert (contact["help_given"], contact["help_received"]) == (2, 1)


def test_a_need_met_by_an_offer_is_an_opportunity_until_dismissed(api, stream):
    api.patch("/me", {"locale": "fr"})
    marie = api.post("/contacts", {"name": "Marie", "circle": "inner", "needs": ["levée de fonds"]}).body
    paul = api.post("/contacts", {"name": "Paul", "circle": "active", "offers": ["fundraising"]}).body
    api.post("/contacts", {"name": "Léa", "offers": ["design"]})
    stream.drain()
    (found,) = api.get("/opportunities").body["items"]
    assert (found["need_contact_id"], found["offer_contact_id"]) == (marie["contact_id"], paul["contact_id"])
    assert "fundraising" in found["labels_met"] and found["score"] > 0
    assert found["sentence"] == (
        "Marie cherche «\u202flevée de fonds\u202f»\u202f; Paul propose «\u202ffundraising\u202f»\u202f:"
        " les présenter\u202f?"
    )

    assert api.post(f"/opportunities/{found['opportunity_id']}/dismiss").status == 204
    assert api.get("/opportunities").body["items"] == []
    api.patch(f"/contacts/{paul['contact_id']}", {"offers": ["fundraising", "seed round"]})
    api.patch(f"/contacts/{marie['contact_id']}", {"needs": ["levée de fonds", "a CTO"]})
    api.patch(f"/contacts/{paul['contact_id']}", {"offers": ["fundraising", "fractional CTO"]})
    stream.drain()
    assert api.get("/opportunities").body["items"] == []  # the pair never comes back, whatever the labels
    assert api.post("/opportunities/nope/dismiss").status == 404


def test_an_opportunity_goes_with_the_need(api, stream):
    marie = api.post("/contacts", {"name": "Marie", "needs": ["a CTO"]}).body
    api.post("/contacts", {"name": "Paul", "offers": ["fractional CTO work"]})
    stream.drain()
    assert len(api.get("/opportunities").body["items"]) == 1
    api.patch(f"/contacts/{marie['contact_id']}", {"needs": []})
    stream.drain()
    assert api.get("/opportunities").body["items"] == []


def test_the_digest_proposes_two_opportunities_a_day_and_a_dismissed_one_never_again(api, stream):
    api.post("/contacts", {"name": "Marie", "circle": "inner", "needs": ["levée de fonds", "a CTO", "a designer"]})
    api.post("/contacts", {"name": "Paul", "offers": ["fundraising", "fractional CTO work"]})
    api.post("/contacts", {"name": "Léa", "offers": ["design"]})
    stream.drain()
    assert len(api.get("/opportunities").body["items"]) == 2  # one per pair: Marie-Paul, Marie-Léa
    helps = [r for r in api.get("/reminders").body["items"] if r["kind"] == "help"]
    assert len(helps) == 2 and all("introduce them?" in r["reason"] for r in helps)
    assert deliver(api.claims["sub"], at=NOW) == {"batchItemFailures": []}
    text = last_email_text()  # both are Marie's: one line, both reasons
    assert "One person to reach out to" in text and text.count("introduce them to ") == 2
    assert api.post(f"/reminders/{helps[0]['reminder_id']}/dismiss").status == 200
    clock.freeze(NOW + timedelta(days=1))
    (left,) = [r for r in api.get("/reminders").body["items"] if r["kind"] == "help"]
    assert left["contact"]["name"] == "Marie" and left["reason"] == helps[1]["reason"]


def test_a_touch_notes_the_needs_and_offers_heard_and_they_meet(api, stream):
    marie = api.post("/contacts", {"name": "Marie", "needs": ["a CTO"]}).body["contact_id"]
    paul = api.post("/contacts", {"name": "Paul"}).body["contact_id"]
    touch = {
        "kind": "coffee",
        "occurred_at": "2026-11-19T10:00:00Z",
        "contact_ids": [marie, paul],
        "learned": [
            {"contact_id": marie, "needs": ["a CTO", {"label": "levée de fonds", "detail": "seed, 1 M€"}]},
            {"contact_id": paul, "offers": ["fundraising"]},
        ],
    }
    assert api.post("/interactions", touch).status == 201
    needs = api.get(f"/contacts/{marie}").body["needs"]
    assert [(n["label"], n["confirmed_at"] is not None) for n in needs] == [("a CTO", True), ("levée de fonds", False)]
    assert [o["label"] for o in api.get(f"/contacts/{paul}").body["offers"]] == ["fundraising"]
    stream.drain()
    (found,) = api.get("/opportunities").body["items"]
    assert found["need_label"] == "levée de fonds" and found["offer_contact_id"] == paul
    stranger = dict(touch, learned=[{"contact_id": "f" * 32, "offers": ["x"]}])
    refused = api.post("/interactions", stranger)
    assert refused.status == 422 and "learned" in refused.body["errors"][0]["reason"]


def test_someone_just_introduced_ranks_after_an_equal_match(api, stream):
    paul = api.post("/contacts", {"name": "Paul", "offers": ["CTO"]}).body["contact_id"]
    hugo = api.post("/contacts", {"name": "Hugo", "offers": ["CTO"]}).body["contact_id"]
    lea = api.post("/contacts", {"name": "Léa"}).body["contact_id"]
    intro = api.post("/introductions", {"contact_ids": [lea, paul], "reason": "x"}).body["introduction_id"]
    for step in ("ask", "accept", "make"):
        assert api.post(f"/introductions/{intro}/{step}").status == 200
    api.post("/contacts", {"name": "Marie", "needs": ["a CTO"]})
    stream.drain()
    ranked = api.get("/opportunities").body["items"]
    assert [o["offer_contact_id"] for o in ranked] == [hugo, paul]
    assert ranked[0]["score"] > ranked[1]["score"]


def test_an_introduction_shows_on_both_contacts(api, pair):
    marie, paul = pair
    intro = api.post("/introductions", {"contact_ids": [marie, paul], "reason": "CTO"}).body["introduction_id"]
    for contact in (marie, paul):
        shown = api.get(f"/contacts/{contact}").body
        assert [i["introduction_id"] for i in shown["introductions"]] == [intro], shown


def test_a_pair_introduced_is_no_longer_an_opportunity_anywhere(api, stream, pair):
    marie, paul = pair
    stream.drain()

    def proposed() -> tuple[int, int, bool]:
        """In GET /opportunities, GET /reminders, and whether the day's digest (if any) proposes it."""
        listed = len(api.get("/opportunities").body["items"])
        helps = len([r for r in api.get("/reminders").body["items"] if r["kind"] == "help"])
        before = emails_sent()
        assert deliver(api.claims["sub"], at=clock.now()) == {"batchItemFailures": []}
        return listed, helps, emails_sent() > before and "introduce them to" in last_email_text()

    assert proposed() == (1, 1, True)
    intro = api.post("/introductions", {"contact_ids": [paul, marie], "reason": "CTO"}).body["introduction_id"]
    assert api.get("/opportunities").body["items"] == []  # under way: the networker is on it
    api.post(f"/introductions/{intro}/cancel")
    assert len(api.get("/opportunities").body["items"]) == 1  # dropped for now, not for good
    intro = api.post("/introductions", {"contact_ids": [paul, marie], "reason": "CTO"}).body["introduction_id"]
    for step in ("ask", "accept", "make"):
        assert api.post(f"/introductions/{intro}/{step}").status == 200
    stream.drain()
    clock.freeze(NOW + timedelta(days=1))
    assert proposed() == (0, 0, False)
    assert api.post(f"/introductions/{intro}/follow-up").status == 200
    clock.freeze(NOW + timedelta(days=2))
    assert proposed() == (0, 0, False)
