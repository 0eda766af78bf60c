"""The to-meet list through the API: who knows whom, warm paths, and the day's nudge in the digest."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.conftest import NOW
from tests.integration.test_digests import deliver, last_email_text


@pytest.fixture
def people(api):
    """Paul and Anne met; Claire and Zoé to meet (Claire, with a goal)."""

    def add(name, **fields):
        return api.post("/contacts", {"name": name, **fields}).body["contact_id"]

    return {
        "paul": add("Paul Martin", circle="inner"),
        "anne": add("Anne Leroy"),
        "claire": add("Claire Dubois", stage="to_meet", why="She runs the fund I want to pitch", priority="high"),
        "zoe": add("Zoé Petit", stage="to_meet", origin="Web Summit"),
    }


def test_to_meet_fields_are_kept_and_validated(api, people):
    claire = api.get(f"/contacts/{people['claire']}").body
    assert (claire["stage"], claire["priority"], claire["why"]) == ("to_meet", "high", claire["why"])
    assert api.get(f"/contacts/{people['zoe']}").body["origin"] == "Web Summit"
    bad = api.patch(f"/contacts/{people['zoe']}", {"priority": "urgent"})
    assert bad.status == 422 and bad.body["errors"][0]["field"] == "priority"
    assert api.patch(f"/contacts/{people['zoe']}", {"priority": None}).status == 422


def test_knows_is_noted_both_ways_updated_and_forgotten(api, people):
    noted = api.post(f"/contacts/{people['paul']}/knows", {"contact_id": people["claire"], "closeness": "close"})
    assert noted.status == 200 and noted.body["name"] == "Claire Dubois" and noted.body["closeness"] == "close"
    api.post(f"/contacts/{people['claire']}/knows", {"contact_id": people["paul"], "closeness": "acquainted"})
    (known,) = api.get(f"/contacts/{people['claire']}/knows").body["items"]
    assert (known["contact_id"], known["closeness"]) == (people["paul"], "acquainted")  # one link, the latest
    assert api.get(f"/contacts/{people['paul']}/knows").body["items"][0]["contact_id"] == people["claire"]
    assert api.delete(f"/contacts/{people['paul']}/knows/{people['claire']}").status == 204
    assert api.get(f"/contacts/{people['paul']}/knows").body["items"] == []
    assert api.delete(f"/contacts/{people['paul']}/knows/{people['claire']}").status == 404


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"contact_id": "nobody", "closeness": "close"}, 404, "contact_id"),
        ({"contact_id": "SELF", "closeness": "close"}, 422, "contact_id"),
        ({"contact_id": "x", "closeness": "best friends"}, 422, "closeness"),
        ({"closeness": "close"}, 422, "contact_id"),
    ],
)
def test_bad_links_are_refused_clearly(api, people, body, status, field):
    body = body | ({"contact_id": people["paul"]} if body.get("contact_id") == "SELF" else {})
    answer = api.post(f"/contacts/{people['paul']}/knows", body)
    assert answer.status == status and answer.body["errors"][0]["field"].endswith(field), answer.body
    assert api.get(f"/contacts/{people['paul']}/knows").body["items"] == []


def test_warm_paths_best_first(api, people):
    knows = {("paul", "anne"): "close", ("anne", "claire"): "close", ("paul", "claire"): "distant"}
    for (a, b), closeness in knows.items():
        api.post(f"/contacts/{people[a]}/knows", {"contact_id": people[b], "closeness": closeness})
    found = api.get(f"/contacts/{people['claire']}/paths").body
    firsts = [[step["name"] for step in path["steps"]] for path in found["paths"]]
    assert firsts[0] == ["Anne Leroy"]  # close to Claire, and freshly added: healthy
    assert ["Paul Martin"] in firsts and ["Paul Martin", "Anne Leroy"] in firsts
    assert found["paths"] == sorted(found["paths"], key=lambda p: -p["score"])
    assert api.get(f"/contacts/{people['zoe']}/paths").body["paths"] == []
    met = api.get(f"/contacts/{people['paul']}/paths")
    assert met.status == 409 and "met" in met.body["errors"][0]["reason"]
    assert api.get("/contacts/nobody/paths").status == 404


def test_the_digest_nudges_one_contact_to_meet_a_day(api, stream, people):
    api.patch("/me", {"locale": "fr"})
    api.post(f"/contacts/{people['paul']}/knows", {"contact_id": people["claire"], "closeness": "close"})
    deliver(api.claims["sub"], at=NOW)
    text = last_email_text()
    assert "1. Claire Dubois — vous faire présenter par Paul Martin\n" in text
    assert "Zoé" not in text  # one a day, and Claire is the high priority

    api.patch(f"/contacts/{people['claire']}", {"priority": "low"})
    deliver(api.claims["sub"], at=NOW + timedelta(days=1))
    assert "1. Zoé Petit — à rencontrer\n" in last_email_text()  # normal beats low, even with a warm path

    reminders = api.get("/reminders").body["items"]
    (nudge,) = [r for r in reminders if r["kind"] == "meet"]
    assert api.post(f"/reminders/{nudge['reminder_id']}/dismiss").status == 200
    assert not [r for r in api.get("/reminders").body["items"] if r["kind"] == "meet"]


def test_a_deleted_contact_takes_its_links_along(api, stream, people):
    api.post(f"/contacts/{people['paul']}/knows", {"contact_id": people["claire"], "closeness": "close"})
    assert api.delete(f"/contacts/{people['paul']}").status == 204
    stream.drain()
    assert api.get(f"/contacts/{people['claire']}/knows").body["items"] == []
    assert api.get(f"/contacts/{people['claire']}/paths").body["paths"] == []
