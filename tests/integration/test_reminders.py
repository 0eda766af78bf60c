"""Reminders through the API: computed from contacts and the calendar, and what the networker does."""

from datetime import timedelta

from rapport import clock
from tests.integration.conftest import NOW


def new_contact(api, **fields):
    reply = api.post("/contacts", {"name": "Claire", **fields})
    assert reply.status == 201, reply.body
    return reply.body["contact_id"]


def reminders(api):
    reply = api.get("/reminders")
    assert reply.status == 200, reply.body
    return [(r["kind"], r["contact"]["name"], r["due_on"], r["status"]) for r in reply.body["items"]]


def test_follow_ups_due_and_coming_up(api):
    new_contact(api, name="Inner", circle="inner")  # due on NOW + 14 days
    assert reminders(api) == []
    clock.freeze(NOW + timedelta(days=10))
    assert reminders(api) == [("follow_up", "Inner", "2026-12-04", "ok")]
    clock.freeze(NOW + timedelta(days=22))
    assert reminders(api) == [("follow_up", "Inner", "2026-12-04", "overdue")]


def test_a_thank_you_in_the_48_hours_after_a_first_meeting(api, stream):
    claire = new_contact(api, stage="to_meet")
    api.post("/interactions", {"kind": "coffee", "occurred_at": "2026-11-19T15:00:00Z", "contact_ids": [claire]})
    stream.drain()
    assert ("thank_you", "Claire", "2026-11-19", "due") in reminders(api)
    clock.freeze(NOW + timedelta(days=2))  # more than 48 hours after the coffee
    assert [r for r in reminders(api) if r[0] == "thank_you"] == []


def test_birthdays_on_the_day_and_the_day_before_for_the_inner_circle(api):
    new_contact(api, name="Inner", circle="inner", birthday={"day": 22, "month": 11})
    new_contact(api, name="Loose", circle="loose", birthday={"day": 22, "month": 11, "year": 1980})
    seen = reminders(api)  # NOW is 20 November: both coming up
    assert ("birthday", "Inner", "2026-11-22", "ok") in seen and ("birthday", "Loose", "2026-11-22", "ok") in seen
    clock.freeze(NOW + timedelta(days=1))
    seen = reminders(api)
    assert ("birthday_soon", "Inner", "2026-11-22", "due") in seen
    assert ("birthday", "Loose", "2026-11-22", "ok") in seen
    clock.freeze(NOW + timedelta(days=2))
    seen = reminders(api)
    assert ("birthday", "Inner", "2026-11-22", "due") in seen and ("birthday", "Loose", "2026-11-22", "due") in seen


def test_a_birthday_that_moves_or_goes_moves_its_reminder(api):
    claire = new_contact(api, birthday={"day": 21, "month": 11})
    assert [r[2] for r in reminders(api)] == ["2026-11-21"]
    api.patch(f"/contacts/{claire}", {"birthday": {"day": 23, "month": 11}})
    assert [r[2] for r in reminders(api)] == ["2026-11-23"]
    api.patch(f"/contacts/{claire}", {"birthday": None})
    assert reminders(api) == []


def test_snooze_hides_a_reminder_until_its_day(api):
    new_contact(api, name="Inner", circle="inner")
    clock.freeze(NOW + timedelta(days=15))
    (item,) = api.get("/reminders").body["items"]
    snoozed = api.post(f"/reminders/{item['reminder_id']}/snooze", {"days": 3})
    assert snoozed.status == 200 and snoozed.body["until"] == "2026-12-08"
    assert api.get("/reminders").body["items"][0]["snoozed_until"] == "2026-12-08"
    assert api.post(f"/reminders/{item['reminder_id']}/snooze", {"until": "2026-12-05"}).status == 422  # today
    clock.freeze(NOW + timedelta(days=18))
    assert api.get("/reminders").body["items"][0]["snoozed_until"] is None


def test_dismiss_and_done(api, stream):
    new_contact(api, name="Inner", circle="inner")
    new_contact(api, name="Active", circle="active", birthday={"day": 6, "month": 12})
    clock.freeze(NOW + timedelta(days=15))
    items = {r["kind"]: r for r in api.get("/reminders").body["items"]}
    assert api.post(f"/reminders/{items['birthday']['reminder_id']}/dismiss").status == 200
    done = api.post(f"/reminders/{items['follow_up']['reminder_id']}/done", {"log_touch": True, "summary": "Called"})
    assert done.status == 200 and done.body["action"] == "done"
    assert api.get("/reminders").body["items"] == []
    stream.drain()  # the logged touch moved the follow-up: a new reminder, 14 days on
    contact_id = items["follow_up"]["contact"]["contact_id"]
    touches = api.get(f"/contacts/{contact_id}/interactions").body["items"]
    assert [(t["kind"], t["summary"]) for t in touches] == [("message", "Called")]
    assert api.get(f"/contacts/{contact_id}").body["next_follow_up_on"] == "2026-12-19"


def test_bad_reminder_ids_and_bodies(api):
    claire = new_contact(api)
    assert api.post("/reminders/nonsense/dismiss").status == 422
    assert api.post(f"/reminders/follow_up.{claire}.20261399/dismiss").status == 422
    assert api.post("/reminders/follow_up.abc123.20261201/dismiss").status == 404
    ok_id = f"follow_up.{claire}.20261201"
    assert api.post(f"/reminders/{ok_id}/snooze", {}).status == 422
    assert api.post(f"/reminders/{ok_id}/snooze", {"days": 2, "until": "2026-12-30"}).status == 422
    assert api.post(f"/reminders/{ok_id}/snooze", {"days": 0}).status == 422
