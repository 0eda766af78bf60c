"""Contacts, touches and the profile through the real API handler (the stream is not pumped here)."""

from datetime import timedelta

import pytest

from rapport import clock
from tests.integration.conftest import NOW


def new_contact(api, **fields):
    reply = api.post("/contacts", {"name": "Claire Martin", **fields})
    assert reply.status == 201, reply.body
    return reply.body


def test_the_profile_is_created_on_first_use_from_the_claims(api):
    me = api.get("/me")
    assert me.status == 200
    assert me.body["networker_id"] == api.claims["sub"]
    assert me.body["emails"] == [{"address": "me@example.com", "verified": True}]
    assert (me.body["timezone"], me.body["locale"], me.body["digest_time"]) == ("UTC", "en", "08:00")
    assert me.body["digest_size"] == 5  # the daily budget: five people a digest


def test_the_profile_is_edited_with_checks(api):
    reply = api.patch(
        "/me",
        {
            "timezone": "Europe/Paris",
            "locale": "fr",
            "digest_time": "07:45",
            "digest_size": 8,
            "region": "fr",
            "emails": ["other@example.com"],
            "channels": {"email": True, "sms": True},
        },
    )
    assert reply.status == 200, reply.body
    assert reply.body["emails"] == [
        {"address": "me@example.com", "verified": True},
        {"address": "other@example.com", "verified": False},
    ]
    assert reply.body["version"] == 2 and reply.body["digest_size"] == 8
    stale = api.patch("/me", {"name": "X", "version": 1})
    assert stale.status == 409 and stale.body["errors"][0]["field"] == "version"
    assert api.get("/me").body["name"] == "Me"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Europe/Nowhere"}, "timezone"),
        ({"digest_time": "8h"}, "digest_time"),
        ({"digest_size": 0}, "digest_size"),
        ({"digest_size": 21}, "digest_size"),
        ({"digest_size": None}, "digest_size"),
        ({"locale": "de"}, "locale"),
        ({"phone": "+33612345678"}, "phone"),  # set with PUT /me/phone: it must be verified
        ({"name": None}, "name"),
    ],
)
def test_bad_profile_input_names_the_field(api, body, field):
    reply = api.patch("/me", body)
    assert reply.status == 422
    assert [e["field"] for e in reply.body["errors"]] == [field]


def test_create_read_edit_delete_a_contact(api):
    created = new_contact(
        api,
        stage="to_meet",
        emails=["Claire@Example.com"],
        phones=["+33 6 12 34 56 78"],
        tags=["Investor"],
        birthday={"day": 14, "month": 7},
        circle="inner",
    )
    assert created["stage"] == "to_meet" and created["next_follow_up_on"] is None and created["health"] is None
    assert created["emails"] == ["claire@example.com"] and created["phones"] == ["+33612345678"]
    path = f"/contacts/{created['contact_id']}"
    assert api.get(path).body == created | {"introductions": []}  # one contact: with its introductions

    edited = api.patch(path, {"company": "Globex", "cadence": {"ideal_days": 7, "max_days": 10}, "version": 1})
    assert edited.status == 200, edited.body
    assert edited.body["company"] == "Globex" and edited.body["version"] == 2
    assert edited.body["cadence_in_force"] == {"ideal_days": 7, "max_days": 10}
    assert api.patch(path, {"company": "Initech", "version": 1}).status == 409
    assert api.get(path).body["company"] == "Globex"

    assert api.delete(path).status == 204
    assert api.get(path).status == 404
    assert api.delete(path).status == 404


def test_a_met_contact_is_due_from_when_it_was_added(api):
    created = new_contact(api, circle="inner")
    assert created["stage"] == "met"
    assert created["next_follow_up_on"] == "2026-12-04"  # 14 days after NOW
    assert (created["status"], created["health"]) == ("ok", 100)


def test_an_email_belongs_to_one_contact_only(api):
    first = new_contact(api, emails=["claire@example.com"])
    clash = api.post("/contacts", {"name": "Someone", "emails": ["x@example.com", "CLAIRE@example.com"]})
    assert clash.status == 409 and clash.body["errors"][0]["field"] == "emails[1]"
    # nothing half written: x@example.com is still free
    assert api.post("/contacts", {"name": "X", "emails": ["x@example.com"]}).status == 201

    # moving an address: released by the first contact, then free for another
    assert api.patch(f"/contacts/{first['contact_id']}", {"emails": ["claire@globex.com"]}).status == 200
    assert api.post("/contacts", {"name": "New Claire", "emails": ["claire@example.com"]}).status == 201
    taken = api.patch(f"/contacts/{first['contact_id']}", {"emails": ["claire@example.com"]})
    assert taken.status == 409


def test_another_networker_may_hold_the_same_address(api, other):
    new_contact(api, emails=["claire@example.com"])
    assert other.post("/contacts", {"name": "Claire", "emails": ["claire@example.com"]}).status == 201


def test_going_back_to_to_meet_after_a_logged_conversation_is_refused(api, stream):
    created = new_contact(api, stage="to_meet")
    api.post(
        "/interactions",
        {"kind": "coffee", "occurred_at": "2026-11-19T10:00:00Z", "contact_ids": [created["contact_id"]]},
    )
    stream.drain()
    reply = api.patch(f"/contacts/{created['contact_id']}", {"stage": "to_meet"})
    assert reply.status == 409 and reply.body["errors"][0]["field"] == "stage"


def test_list_filters_and_pages(api):
    for i in range(7):
        clock.advance(timedelta(seconds=1))  # ids follow creation time
        new_contact(api, name=f"Person {i}", tags=["vc"] if i % 2 else [], circle="inner" if i < 3 else "loose")
    clock.advance(timedelta(seconds=1))
    new_contact(api, name="Hélène Dupré", company="Société Générale", stage="to_meet")

    seen, cursor = [], None
    while True:
        page = api.get("/contacts", query={"limit": 3, **({"cursor": cursor} if cursor else {})})
        assert page.status == 200 and len(page.body["items"]) <= 3
        seen += [c["name"] for c in page.body["items"]]
        cursor = page.body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Person {i}" for i in range(7)] + ["Hélène Dupré"]

    def names(**query):
        return [c["name"] for c in api.get("/contacts", query=query).body["items"]]

    assert names(q="helene") == ["Hélène Dupré"]
    assert names(q="GENERALE") == ["Hélène Dupré"]
    assert names(tag="vc", circle="inner") == ["Person 1"]
    assert names(stage="to_meet") == ["Hélène Dupré"]
    tagged = api.get("/contacts", query={"tag": "vc", "limit": 2})
    assert [c["name"] for c in tagged.body["items"]] == ["Person 1", "Person 3"]
    rest = api.get("/contacts", query={"tag": "vc", "limit": 2, "cursor": tagged.body["next_cursor"]})
    assert [c["name"] for c in rest.body["items"]] == ["Person 5"] and rest.body["next_cursor"] is None


def test_a_cursor_cannot_be_forged_or_reused_by_someone_else(api, other):
    for i in range(3):
        new_contact(api, name=f"P{i}")
    cursor = api.get("/contacts", query={"limit": 1}).body["next_cursor"]
    for who, value in ((other, cursor), (api, "not-a-cursor"), (api, "eyJwayI6IDF9")):
        reply = who.get("/contacts", query={"cursor": value})
        assert reply.status == 422 and reply.body["errors"][0]["field"] == "cursor"


def test_log_list_and_delete_touches(api):
    claire, paul = new_contact(api)["contact_id"], new_contact(api, name="Paul")["contact_id"]
    first = api.post(
        "/interactions",
        {
            "kind": "lunch",
            "occurred_at": "2026-11-10T12:00:00+01:00",
            "contact_ids": [claire, paul],
            "summary": "Lunch at Loustic",
        },
    )
    assert first.status == 201, first.body
    assert first.body["occurred_at"] == "2026-11-10T11:00:00Z" and first.body["source"] == "api"
    later = api.post("/interactions", {"kind": "call", "occurred_at": "2026-11-18T09:00:00", "contact_ids": [claire]})
    logged_late = api.post(
        "/interactions", {"kind": "message", "occurred_at": "2026-11-01T09:00:00Z", "contact_ids": [claire]}
    )
    assert later.status == logged_late.status == 201

    log = api.get(f"/contacts/{claire}/interactions").body
    assert [i["kind"] for i in log["items"]] == ["call", "lunch", "message"]  # newest first, whatever the logging order
    page = api.get(f"/contacts/{claire}/interactions", query={"limit": 2}).body
    assert len(page["items"]) == 2 and page["next_cursor"]
    tail = api.get(f"/contacts/{claire}/interactions", query={"limit": 2, "cursor": page["next_cursor"]}).body
    assert [i["kind"] for i in tail["items"]] == ["message"]

    assert api.delete(f"/interactions/{first.body['interaction_id']}").status == 204
    assert [i["kind"] for i in api.get(f"/contacts/{claire}/interactions").body["items"]] == ["call", "message"]
    assert api.get(f"/contacts/{paul}/interactions").body["items"] == []
    assert api.delete(f"/interactions/{first.body['interaction_id']}").status == 404


def test_a_touch_with_an_unknown_contact_writes_nothing(api):
    claire = new_contact(api)["contact_id"]
    reply = api.post(
        "/interactions", {"kind": "call", "occurred_at": "2026-11-18T09:00:00Z", "contact_ids": [claire, "nobody"]}
    )
    assert reply.status == 404 and reply.body["errors"][0]["field"] == "contact_ids[1]"
    assert api.get(f"/contacts/{claire}/interactions").body["items"] == []


def test_a_touch_in_the_future_is_refused(api):
    claire = new_contact(api)["contact_id"]
    reply = api.post(
        "/interactions", {"kind": "coffee", "occurred_at": "2026-11-21T09:00:00Z", "contact_ids": [claire]}
    )
    assert reply.status == 422 and reply.body["errors"][0]["field"] == "occurred_at"


def test_due_lists_only_who_needs_attention_overdue_first(api):
    inner = new_contact(api, name="Inner", circle="inner")  # due after 14 days, overdue after 21
    active = new_contact(api, name="Active", circle="active")  # due after 30 days
    new_contact(api, name="Later", circle="loose")
    new_contact(api, name="To meet", stage="to_meet")
    assert api.get("/due").body["items"] == []

    clock.freeze(NOW + timedelta(days=31))
    due = api.get("/due").body["items"]
    assert [(d["contact"]["name"], d["status"]) for d in due] == [("Inner", "overdue"), ("Active", "due")]
    assert due[0]["reason"] == "31 days since the last touch; at most 21 days wanted"
    assert {d["contact"]["contact_id"] for d in due} == {inner["contact_id"], active["contact_id"]}

    api.patch("/me", {"locale": "fr"})
    assert (
        api.get("/due").body["items"][1]["reason"]
        == "31 jours depuis le dernier échange\u202f; idéalement tous les 30 jours"
    )


def test_needs_and_offers_are_labelled_dated_and_keep_their_date(api):
    created = api.post(
        "/contacts",
        {"name": "Marie", "needs": ["levée de fonds", {"label": "a CTO", "detail": "for her fintech"}], "offers": []},
    )
    assert created.status == 201, created.body
    needs = created.body["needs"]
    assert [(n["label"], n["detail"]) for n in needs] == [("levée de fonds", None), ("a CTO", "for her fintech")]
    assert all(n["noted_at"] == "2026-11-20T09:30:00Z" and n["confirmed_at"] is None for n in needs)
    clock.freeze(NOW + timedelta(days=10))
    patched = api.patch(
        f"/contacts/{created.body['contact_id']}",
        {"needs": [{"label": "Levée de fonds", "confirmed": True}, "a flat in Lyon"], "offers": ["fintech advice"]},
    )
    assert patched.status == 200, patched.body
    (funds, flat) = patched.body["needs"]
    assert funds["noted_at"] == "2026-11-20T09:30:00Z" and funds["confirmed_at"] == "2026-11-30T09:30:00Z"
    assert flat["noted_at"] == "2026-11-30T09:30:00Z"
    assert [o["label"] for o in patched.body["offers"]] == ["fintech advice"]
    refused = api.patch(f"/contacts/{created.body['contact_id']}", {"needs": [{"label": ""}]})
    assert refused.status == 422 and refused.body["errors"][0]["field"].startswith("needs")
