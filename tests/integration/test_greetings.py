"""Greetings seasons through the real handlers: the campaign opens with the season, follows the greeting
touches (API, reminder done, SMS), and its progress is in the digest and in GET /greetings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infra.local.functions import load_handler
from rapport import clock
from tests.integration.conftest import LambdaContext, a_mobile, sms_sent, verify_phone
from tests.integration.test_digests import deliver, emails_sent, last_email_text
from tests.integration.test_inbound_sms import answer

CREATED = datetime(2026, 12, 30, 10, tzinfo=UTC)  # days before: nobody is due on 2 January
JANUARY_2 = datetime(2027, 1, 2, 8, tzinfo=UTC)  # 09:00 in Paris


def add(api, name: str, **fields) -> str:
    created = api.post("/contacts", {"name": name, **fields})
    assert created.status == 201, created.body
    return created.body["contact_id"]


@pytest.fixture
def january(api, stream):
    """A networker in Paris, in French, with met contacts in each circle and one still to meet; then 2 January."""
    clock.freeze(CREATED)
    api.patch("/me", {"locale": "fr", "timezone": "Europe/Paris"})
    ids = {
        "david": add(api, "David Morel", circle="network"),
        "chloe": add(api, "Chloé Martin", circle="network"),
        "bruno": add(api, "Bruno Petit", circle="active", birthday={"day": 2, "month": 1}),
        "anne": add(api, "Anne Leroy", circle="inner"),
        "zoe": add(api, "Zoé Blanc", circle="loose"),  # the loose circle is not greeted by default
        "yann": add(api, "Yann Roux", circle="active", stage="to_meet"),  # never met: nobody to greet yet
    }
    stream.drain()
    clock.freeze(JANUARY_2)
    return ids


def greet(api, *contact_ids: str, at: str = "2027-01-02T08:45:00+01:00") -> str:
    logged = api.post("/interactions", {"kind": "greeting", "occurred_at": at, "contact_ids": list(contact_ids)})
    assert logged.status == 201, logged.body
    return logged.body["interaction_id"]


def campaign(api) -> dict:
    (found,) = api.get("/greetings").body["items"]
    return found


def left(api) -> list[str]:
    return [person["name"] for person in campaign(api)["left"]]


def test_a_january_in_french_with_the_greetings_campaign(api, stream, january):
    assert deliver(api.claims["sub"], at=JANUARY_2) == {"batchItemFailures": []}
    text = last_email_text()
    assert "Les vœux\u202f: 0 sur 4 salué\n" in text  # the met contacts of the inner, active and network circles
    assert "Encore à saluer\u202f: Anne Leroy, Bruno Petit, Chloé Martin et une autre personne." in text

    opened = campaign(api)
    assert {k: opened[k] for k in ("campaign_id", "season", "year", "opens_on", "closes_on", "open")} == {
        "campaign_id": "new_year-2027", "season": "new_year", "year": 2027,
        "opens_on": "2027-01-01", "closes_on": "2027-01-31", "open": True,
    }  # fmt: skip
    assert (opened["total"], opened["greeted"]) == (4, 0)
    assert [p["contact_id"] for p in opened["left"]] == [january[k] for k in ("anne", "bruno", "chloe", "david")]

    anne = greet(api, january["anne"])  # by the API
    birthday = f"birthday.{january['bruno']}.20270102"  # by a birthday reminder done: a greeting touch
    assert api.post(f"/reminders/{birthday}/done", {"log_touch": True}).status == 200
    stream.drain()
    assert campaign(api)["progress"] == "Les vœux\u202f: 2 sur 4 salués"
    assert left(api) == ["Chloé Martin", "David Morel"]

    clock.freeze(datetime(2027, 2, 2, 10, tzinfo=UTC))
    greet(api, january["chloe"], at="2027-02-01T09:00:00+01:00")  # February: not the season any more
    greet(api, january["david"], at="2027-01-31T23:30:00+01:00")  # logged late, on a day of the season
    stream.drain()
    now = campaign(api)
    assert (now["greeted"], now["open"], left(api)) == (3, False, ["Chloé Martin"])

    assert api.delete(f"/interactions/{anne}").status == 204  # a deleted greeting un-counts
    stream.drain()
    assert left(api) == ["Anne Leroy", "Chloé Martin"]

    before = api.get("/greetings").body
    handler = load_handler("OnChangeFunction")
    for event in stream.delivered:  # the whole stream again, old records and all
        assert handler(event, LambdaContext()) == {"batchItemFailures": []}
    assert api.get("/greetings").body == before


def test_the_digest_tells_the_season_even_when_nobody_is_due(api, january):
    api.patch("/me", {"locale": "en"})
    assert api.delete(f"/contacts/{january['yann']}").status == 204  # no contact to meet to nudge about
    clock.freeze(datetime(2027, 1, 3, 8, tzinfo=UTC))  # past Bruno's birthday: nothing due at all
    before = emails_sent()
    assert deliver(api.claims["sub"], at=clock.now()) == {"batchItemFailures": []}
    assert emails_sent() == before + 1
    text = last_email_text()
    assert "Nobody is waiting to hear from you on Sunday, January 3; here is where your greetings stand:" in text
    left_line = "Still to greet: Anne Leroy, Bruno Petit, Chloé Martin and one more."
    assert f"New Year greetings: 0 of 4 greeted\n{left_line}" in text


def test_nobody_left_to_greet_and_nothing_due_sends_nothing(api, stream, january):
    assert api.delete(f"/contacts/{january['yann']}").status == 204
    clock.freeze(datetime(2027, 1, 3, 8, tzinfo=UTC))
    greet(api, *(january[k] for k in ("anne", "bruno", "chloe", "david")), at="2027-01-03T08:30:00+01:00")
    stream.drain()
    assert campaign(api)["progress"] == "Les vœux\u202f: 4 sur 4 salués"
    before = emails_sent()
    assert deliver(api.claims["sub"], at=clock.now()) == {"batchItemFailures": []}
    assert emails_sent() == before


def test_a_greeting_before_the_campaign_opened_counts(api, stream, january):
    clock.freeze(datetime(2027, 1, 1, 11, tzinfo=UTC))
    greet(api, january["chloe"], at="2027-01-01T00:05:00+01:00")  # just after midnight in Paris
    greet(api, january["anne"], at="2026-12-31T23:55:00+01:00")  # still last year
    assert campaign(api)["greeted"] == 1  # opened by this read, before the stream reaction ran
    stream.drain()
    assert left(api) == ["Anne Leroy", "Bruno Petit", "David Morel"]


def test_who_is_met_added_or_moved_into_its_circles_during_the_season_joins_it(api, stream, january):
    assert campaign(api)["total"] == 4
    api.patch(f"/contacts/{january['zoe']}", {"circle": "inner"})  # moved into a greeted circle
    add(api, "Emma Noël", circle="inner")  # added, met
    add(api, "Hugo Lenoir", circle="loose")  # added, in a circle not greeted
    add(api, "Inès Caron", circle="inner", stage="to_meet")  # added, never met
    greet(api, january["yann"])  # greeted before they met: counted once they join
    stream.drain()
    coffee = {"kind": "coffee", "occurred_at": "2027-01-02T08:50:00+01:00", "contact_ids": [january["yann"]]}
    assert api.post("/interactions", coffee).status == 201  # met
    stream.drain()
    now = campaign(api)
    assert (now["total"], now["greeted"]) == (7, 1)
    assert left(api) == ["Anne Leroy", "Bruno Petit", "Chloé Martin", "David Morel", "Zoé Blanc", "Emma Noël"]

    api.patch("/me", {"greetings": [{"season": "new_year", "circles": ["inner"]}]})
    api.patch(f"/contacts/{january['zoe']}", {"circle": "loose"})
    stream.drain()
    assert campaign(api)["total"] == 7  # nobody leaves: who was to greet still is
    before = api.get("/greetings").body
    handler = load_handler("OnChangeFunction")
    for event in stream.delivered:  # the whole stream again: nobody joins twice
        assert handler(event, LambdaContext()) == {"batchItemFailures": []}
    assert api.get("/greetings").body == before


def test_after_the_season_nobody_joins_its_campaign(api, stream, january):
    assert campaign(api)["total"] == 4
    clock.freeze(datetime(2027, 2, 1, 10, tzinfo=UTC))
    add(api, "Emma Noël", circle="inner")
    stream.drain()
    assert campaign(api)["total"] == 4


def test_a_greeting_by_sms_counts_and_the_sms_digest_says_voeux_in_gsm7(api, stream, january):
    number = a_mobile()
    verify_phone(api, stream, number)
    api.patch("/me", {"channels": {"email": False, "sms": True}})
    assert deliver(api.claims["sub"], at=JANUARY_2) == {"batchItemFailures": []}
    digest = sms_sent()[-1][1]
    assert "\nLes voeux : 0 sur 4 salué\nEncore à saluer : Anne Leroy, Bruno Petit, Chloé Martin +1 autre" in digest

    assert "Chloé Martin" in answer(number, "voeux Chloé Martin")
    stream.drain()
    assert left(api) == ["Anne Leroy", "Bruno Petit", "David Morel"]


def test_the_seasons_are_set_per_networker(api, stream, january):
    setting = [{"season": "new_year", "circles": ["loose", "inner"]}]
    changed = api.patch("/me", {"greetings": setting})
    assert changed.status == 200 and changed.body["greetings"] == setting
    assert left(api) == ["Anne Leroy", "Zoé Blanc"]

    assert api.patch("/me", {"greetings": []}).status == 200
    assert api.get("/greetings").body["items"] == [campaign_of(api, "new_year-2027")]  # the one opened stays


def campaign_of(api, campaign_id: str) -> dict:
    found = api.get(f"/greetings/{campaign_id}")
    assert found.status == 200, found.body
    return found.body


def test_no_season_no_campaign_and_an_unknown_one_is_404(api, january):
    api.patch("/me", {"greetings": []})
    assert api.get("/greetings").body["items"] == []
    missing = api.get("/greetings/new_year-2027")
    assert missing.status == 404 and missing.body["errors"][0]["field"] == "campaign_id"


@pytest.mark.parametrize(
    ("greetings", "field"),
    [
        (None, "greetings"),
        ([{"season": "new_year", "circles": ["inner"]}, {"season": "new_year", "circles": ["active"]}], "greetings"),
        (
            [{"season": s, "circles": ["inner"]} for s in ("new_year", "year_end", "back_to_work", "year_end")],
            "greetings",
        ),
        ([{"season": "easter", "circles": ["inner"]}], "greetings[0].season"),
        ([{"season": "new_year", "circles": []}], "greetings[0].circles"),
        ([{"season": "new_year", "circles": ["friends"]}], "greetings[0].circles[0]"),
        ("new_year", "greetings"),
    ],
)
def test_bad_seasons_are_refused_naming_the_field(api, greetings, field):
    refused = api.patch("/me", {"greetings": greetings})
    assert refused.status == 422 and [e["field"] for e in refused.body["errors"]] == [field], refused.body
    assert api.get("/me").body["greetings"] == [{"season": "new_year", "circles": ["inner", "active", "network"]}]


def test_another_networker_sees_only_their_own_campaign(api, other, january):
    assert campaign(api)["total"] == 4
    theirs = other.get("/greetings").body["items"]  # B's own season, opened for B: nobody of A's in it
    assert [(c["campaign_id"], c["total"], c["left"]) for c in theirs] == [("new_year-2027", 0, [])]
    assert other.get("/greetings/new_year-2027").body["total"] == 0
    assert not any(contact_id in str(theirs) for contact_id in january.values())


def test_a_contact_deleted_during_the_season_leaves_its_campaign(api, stream, january):
    greet(api, january["anne"])
    stream.drain()
    assert campaign(api)["progress"] == "Les vœux\u202f: 1 sur 4 salué"
    for gone in ("anne", "chloe"):  # one greeted, one not
        assert api.delete(f"/contacts/{january[gone]}").status == 204
    stream.drain()
    assert campaign(api)["progress"] == "Les vœux\u202f: 0 sur 2 salué"
    assert left(api) == ["Bruno Petit", "David Morel"]
    stream.drain()  # replayed or not, a contact leaves once
    assert campaign(api)["total"] == 2
