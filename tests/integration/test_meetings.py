"""Planned meetings: their brief schedule, the brief itself, and confirming they were held."""

import json
from datetime import timedelta

from rapport import clock
from tests.integration.conftest import NOW
from tests.integration.test_digests import emails_sent, last_email_text, schedule_of


def brief_schedule(meeting_id: str) -> dict | None:
    return schedule_of(f"brief-{meeting_id}")


def test_a_meeting_gets_a_brief_schedule_that_follows_it(api, stream):
    claire = api.post("/contacts", {"name": "Claire"}).body["contact_id"]
    planned = api.post("/meetings", {"contact_ids": [claire], "starts_at": "2026-11-25T14:00:00Z", "place": "Loustic"})
    assert planned.status == 201, planned.body
    meeting_id = planned.body["meeting_id"]
    stream.drain()
    schedule = brief_schedule(meeting_id)
    assert (schedule["ScheduleExpression"], schedule["ScheduleExpressionTimezone"]) == (
        "at(2026-11-25T12:00:00)",
        "UTC",
    )
    assert schedule["ActionAfterCompletion"] == "DELETE"
    assert json.loads(schedule["Target"]["Input"])["meeting_id"] == meeting_id

    api.patch(f"/meetings/{meeting_id}", {"starts_at": "2026-11-26T09:00:00+01:00", "brief_minutes_before": 60})
    stream.drain()
    assert brief_schedule(meeting_id)["ScheduleExpression"] == "at(2026-11-26T07:00:00)"

    assert api.delete(f"/meetings/{meeting_id}").status == 204
    stream.drain()
    assert brief_schedule(meeting_id) is None
    assert api.get("/meetings").body["items"] == []


def test_bad_meetings_are_refused(api):
    claire = api.post("/contacts", {"name": "Claire"}).body["contact_id"]
    past = api.post("/meetings", {"contact_ids": [claire], "starts_at": "2026-11-19T14:00:00Z"})
    assert past.status == 422 and past.body["errors"][0]["field"] == "starts_at"
    nobody = api.post("/meetings", {"contact_ids": [claire, "nobody"], "starts_at": "2026-11-25T14:00:00Z"})
    assert nobody.status == 404 and nobody.body["errors"][0]["field"] == "contact_ids[1]"
    assert api.get("/meetings").body["items"] == []


def test_the_brief_says_who_they_are_the_last_touches_and_what_to_ask(api, stream):
    from tests.integration.test_digests import deliver_brief

    api.patch("/me", {"locale": "fr", "timezone": "Europe/Paris"})
    claire = api.post(
        "/contacts",
        {
            "name": "Claire Martin",
            "company": "Globex",
            "how_we_met": "Salon VivaTech",
            "needs": ["un CTO"],
            "stage": "to_meet",
        },
    ).body["contact_id"]
    api.post("/interactions", {"kind": "email", "occurred_at": "2026-11-18T10:00:00Z", "contact_ids": [claire],
                               "summary": "Présentée par Paul"})  # fmt: skip
    goal = "comprendre son besoin de recrutement"
    meeting = api.post("/meetings", {"contact_ids": [claire], "starts_at": "2026-11-25T14:00:00Z", "goal": goal}).body
    before = emails_sent()
    deliver_brief(api.claims["sub"], meeting["meeting_id"], at=NOW + timedelta(days=5))
    deliver_brief(api.claims["sub"], meeting["meeting_id"], at=NOW + timedelta(days=5))  # fired twice: once
    assert emails_sent() == before + 1
    text = last_email_text()
    assert "Vous voyez Claire Martin le mercredi 25 novembre à 15:00." in text
    assert "Votre objectif\u202f: comprendre son besoin de recrutement" in text
    assert "Comment vous vous êtes connus\u202f: Salon VivaTech" in text
    assert "mercredi 18 novembre, e-mail\u202f: Présentée par Paul" in text
    assert "- Qu'est-ce qui rendrait cette première rencontre utile pour eux\u202f?" in text
    assert "- Où en sont-ils sur «\u202fun CTO\u202f»\u202f? Qui pourrait les aider\u202f?" in text


def test_a_held_meeting_logs_the_touch_and_an_unconfirmed_one_asks(api, stream):
    claire = api.post("/contacts", {"name": "Claire", "stage": "to_meet"}).body["contact_id"]
    first = api.post("/meetings", {"contact_ids": [claire], "starts_at": "2026-11-21T10:00:00Z"}).body
    second = api.post("/meetings", {"contact_ids": [claire], "starts_at": "2026-11-22T10:00:00Z"}).body
    assert api.post(f"/meetings/{first['meeting_id']}/held").status == 422  # not started yet

    clock.freeze(NOW + timedelta(days=2, hours=3))  # both have started
    kinds = [r["kind"] for r in api.get("/reminders").body["items"]]
    assert kinds.count("meeting_held") == 2

    held = api.post(f"/meetings/{first['meeting_id']}/held", {"summary": "Great talk"})
    assert held.status == 200 and held.body["held"] is True
    stream.drain()
    contact = api.get(f"/contacts/{claire}").body
    assert (contact["stage"], contact["last_touch_at"]) == ("met", "2026-11-21T10:00:00Z")

    (asking,) = [r for r in api.get("/reminders").body["items"] if r["kind"] == "meeting_held"]
    assert asking["reminder_id"] == f"meeting_held.{second['meeting_id']}.20261122"
    assert api.post(f"/reminders/{asking['reminder_id']}/done").status == 200  # it happened
    stream.drain()
    touches = api.get(f"/contacts/{claire}/interactions").body["items"]
    assert [(t["kind"], t["occurred_at"]) for t in touches] == [
        ("meeting", "2026-11-22T10:00:00Z"),
        ("meeting", "2026-11-21T10:00:00Z"),
    ]
    assert [r for r in api.get("/reminders").body["items"] if r["kind"] == "meeting_held"] == []


def test_a_held_meeting_brings_a_thank_you_even_with_someone_met_before(api, stream):
    paul = api.post("/contacts", {"name": "Paul", "stage": "met"}).body["contact_id"]
    meeting = api.post("/meetings", {"contact_ids": [paul], "starts_at": "2026-11-20T12:00:00Z"}).body
    clock.freeze(NOW + timedelta(hours=4))
    assert api.post(f"/meetings/{meeting['meeting_id']}/held").status == 200
    stream.drain()
    thanks = [r for r in api.get("/reminders").body["items"] if r["kind"] == "thank_you"]
    assert [(r["contact"]["name"], r["due_on"]) for r in thanks] == [("Paul", "2026-11-20")]
    clock.freeze(NOW + timedelta(days=2, hours=4))  # more than 48 hours after it started
    assert [r for r in api.get("/reminders").body["items"] if r["kind"] == "thank_you"] == []


def test_a_held_meeting_stays_listed_as_held_for_the_window(api, stream):
    """Issue 15 said GET /meetings drops a meeting once held; not reproduced (see the report), kept as a
    guard: held by its route or by its reminder, far from UTC, it is listed as held for the last 7 days."""
    api.patch("/me", {"timezone": "Pacific/Auckland"})  # 09:00 there on the 21st is the 20th in UTC
    claire = api.post("/contacts", {"name": "Claire", "stage": "to_meet"}).body["contact_id"]
    planned = [
        api.post("/meetings", {"contact_ids": [claire], "starts_at": f"2026-11-21T{hour}:00:00"}).body["meeting_id"]
        for hour in ("09", "11")
    ]
    clock.freeze(NOW + timedelta(days=1, hours=3))
    assert api.post(f"/meetings/{planned[0]}/held").status == 200
    (asking,) = [r for r in api.get("/reminders").body["items"] if r["kind"] == "meeting_held"]
    assert api.post(f"/reminders/{asking['reminder_id']}/done").status == 200
    stream.drain()
    for days in range(1, 8):
        clock.freeze(NOW + timedelta(days=days, hours=3))
        listed = [(m["meeting_id"], m["held"]) for m in api.get("/meetings").body["items"]]
        assert listed == [(planned[0], True), (planned[1], True)], days
    clock.freeze(NOW + timedelta(days=8, hours=3))
    assert api.get("/meetings").body["items"] == []  # past the window
