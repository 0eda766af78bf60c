"""The calendar feed on the local runtime, as a calendar app reads it: the address from GET /me, fetched
over HTTP with no token, opens in a calendar parser with the follow-ups and birthdays; rotated, the old
address answers 404 at once."""

from __future__ import annotations

from urllib.parse import urlsplit

import icalendar

from tests.e2e.conftest import http_request


def test_the_feed_opens_in_a_calendar_parser_with_follow_ups_and_birthdays(local):
    anne = local.post(
        "/contacts", {"name": "Anne Martin", "stage": "met", "circle": "inner", "birthday": {"day": 12, "month": 3}}
    ).json
    local.post("/contacts", {"name": "Paul Durand", "stage": "to_meet", "birthday": {"day": 29, "month": 2}})
    local.drain()
    me = local.get("/me").json
    url = urlsplit(me["calendar_feed_url"])
    assert f"{url.scheme}://{url.netloc}" == local.base_url and url.path.endswith(".ics")
    assert me["calendar_feed_webcal"] == f"webcal://{url.netloc}{url.path}"

    reply = http_request(local.base_url, "GET", url.path)  # no Authorization header: a calendar app has none
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(reply.body)
    assert calendar["method"] == "PUBLISH" and calendar["x-wr-calname"] == "Rapport: your network"
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    follow_up = events[f"follow-up-{anne['contact_id']}@rapport"]
    assert follow_up["summary"] == "Reach out to Anne Martin"
    assert follow_up.decoded("dtstart").isoformat() == anne["next_follow_up_on"]
    birthdays = sorted(str(e["summary"]) for uid, e in events.items() if uid.startswith("birthday-"))
    assert birthdays == ["Birthday: Anne Martin", "Birthday: Paul Durand"]

    rotated = urlsplit(local.post("/me/calendar-feed/rotate").json["calendar_feed_url"])
    assert http_request(local.base_url, "GET", url.path).status == 404
    assert http_request(local.base_url, "GET", rotated.path).status == 200
