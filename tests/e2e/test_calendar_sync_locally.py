"""The issue's done-when on the local runtime (`make run`): a calendar served on 127.0.0.1, added through the
API, read at once by the calendar sync function (the queue pumped), then every hour by its schedule (the
runtime's clock fires it): a coffee with a contact that ended an hour ago becomes their touch and moves their
follow-up; the next hour changes nothing; the coffee cancelled, the touch goes; a stranger at it is suggested."""

from __future__ import annotations

from datetime import timedelta

from rapport import clock
from tests.fakes.calendar_server import CalendarServer


def coffee(starts, cancelled: bool = False) -> bytes:
    stamp = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tests//EN",
        "BEGIN:VEVENT",
        "UID:coffee-1",
        f"DTSTAMP:{starts.strftime(stamp)}",
        f"DTSTART:{starts.strftime(stamp)}",
        f"DTEND:{(starts + timedelta(hours=1)).strftime(stamp)}",
        "SUMMARY:Coffee with Claire",
        *(["STATUS:CANCELLED"] if cancelled else []),
        "ATTENDEE;CN=Claire Martin:mailto:claire@example.com",
        "ATTENDEE;CN=Sam Stranger:mailto:sam@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_calendar_served_locally_logs_the_coffee_then_nothing_new_then_its_cancellation(local):
    claire = local.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).json
    long_ago = (clock.now() - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    local.post("/interactions", {"kind": "call", "occurred_at": long_ago, "contact_ids": [claire["contact_id"]]})
    local.drain()
    before = local.get(f"/contacts/{claire['contact_id']}").json["next_follow_up_on"]
    starts = clock.now().replace(microsecond=0) - timedelta(hours=2)
    with CalendarServer() as server:
        server.serve("/work.ics", coffee(starts))
        added = local.post("/me/calendars", {"url": server.url("/work.ics")})
        assert added.status == 201, added.body
        local.drain()  # the stream reaction asks for a first sync at once; the sync function reads it
        touches = local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]
        assert [(t["kind"], t["source"]) for t in touches] == [("meeting", "calendar"), ("call", "api")]
        assert local.get(f"/contacts/{claire['contact_id']}").json["next_follow_up_on"] > before
        assert [s["email"] for s in local.get("/inbound/suggestions").json["items"]] == ["sam@example.com"]
        (calendar,) = local.get("/me/calendars").json["calendars"]
        assert calendar["touches_logged"] == 1 and calendar["error"] is None

        local.runtime.advance(timedelta(hours=1, minutes=5))  # the hourly schedule fires, the queue is pumped
        local.drain()
        assert len(server.requests) >= 2  # read again
        assert local.get("/me/calendars").json["calendars"] == [calendar]  # nothing new, nothing written
        assert len(local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]) == 2

        server.serve("/work.ics", coffee(starts, cancelled=True))
        local.runtime.advance(timedelta(hours=1))
        local.drain()
        touches = local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]
        assert [t["source"] for t in touches] == ["api"]
