"""The weekly review through the local runtime over HTTP: goals and the review day set with PATCH /me,
the clock moved a week, the review schedule fires and the real deliver function sends the review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock
from tests.e2e.test_month_of_digests import advance, outbox

START = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # Monday 5 October, 09:00 in Paris


def test_a_weekly_review_after_moving_the_clock_a_week(local):
    clock.freeze(START)
    identity = local.runtime.identity
    local.token = identity.issue_token(identity.networker_sub, "nina@example.com", "Nina", timedelta(days=365))
    settings = {
        "name": "Nina",
        "timezone": "Europe/Paris",
        "weekly_goals": {"touches": 2, "new_people": 1},
        "review_day": "sunday",
        "review_time": "18:00",
    }
    assert local.request("PATCH", "/me", settings).status == 200
    sam = local.post("/contacts", {"name": "Sam", "stage": "to_meet", "company": "Orbit"}).json["contact_id"]
    leo = local.post("/contacts", {"name": "Leo"}).json["contact_id"]
    for kind, contact in (("coffee", sam), ("message", leo)):  # a message is no meeting: Leo is not new
        touch = {"kind": kind, "occurred_at": clock.now().isoformat(), "contact_ids": [contact]}
        assert local.post("/interactions", touch).status == 201
    local.drain()

    advance(local, days=7)  # to Monday 12 October

    (review,) = [item for item in outbox(local) if item["subject"].startswith("Rapport: your week")]
    assert review["time"] == "2026-10-11T16:00:00Z"  # Sunday, 18:00 in Paris (summer time)
    assert review["recipient"] == "nina@example.com"
    assert review["subject"] == "Rapport: your week (Monday, October 5 – Sunday, October 11)"
    assert "- New people met: 1 of 1 — met" in review["text"]
    assert "- Touches: 2 of 2 — met" in review["text"]
    assert "1 week on target" in review["text"]
    assert "- Sam (Orbit), first met on Monday, October 5" in review["text"]
