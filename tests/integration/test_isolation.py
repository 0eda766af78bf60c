"""Networker B can neither read, change nor delete networker A's data, on any route."""

import json

import pytest

from infra.local.functions import load_module
from tests.integration.test_inbound_email import email
from tests.integration.test_linkedin_import import CLAIRE, export

A_CALENDAR = "https://calendar.example.com/calendar/ical/a/private-5be2d1/basic.ics"


@pytest.fixture
def a_data(api, inbox):
    contact = api.post("/contacts", {"name": "Claire", "emails": ["claire@example.com"]}).body
    touch = api.post(
        "/interactions", {"kind": "call", "occurred_at": "2026-11-19T10:00:00Z", "contact_ids": [contact["contact_id"]]}
    ).body
    day = contact["next_follow_up_on"].replace("-", "")
    meeting = api.post("/meetings", {"contact_ids": [contact["contact_id"]], "starts_at": "2026-11-21T10:00:00Z"}).body
    address = api.get("/me").body["inbound_address"]
    inbox.receive(email("me@example.com", "new@example.com", "Hello"), [address])  # quarantined, suggests new@
    (kept,) = api.get("/inbound/quarantine").body["items"]
    other = api.post("/contacts", {"name": "Paul"}).body["contact_id"]
    intro = api.post("/introductions", {"contact_ids": [contact["contact_id"], other], "reason": "CTO"}).body
    api.post(f"/contacts/{other}/knows", {"contact_id": contact["contact_id"], "closeness": "close"})
    started = api.post("/imports/linkedin", raw=export(CLAIRE), content_type="text/csv").body
    exported = api.post("/me/export").body
    calendar = api.post("/me/calendars", {"url": A_CALENDAR}).body
    return {
        "calendar_id": calendar["calendar_id"],
        "export_id": exported["export_id"],
        "introduction_id": intro["introduction_id"],
        "import_id": started["import_id"],
        "other_id": other,
        "quarantine_id": kept["quarantine_id"],
        "meeting_id": meeting["meeting_id"],
        "contact_id": contact["contact_id"],
        "interaction_id": touch["interaction_id"],
        "reminder_id": f"follow_up.{contact['contact_id']}.{day}",
    }


def snapshot(api, ids):
    return (
        api.get("/me").body,
        api.get("/contacts").body,
        api.get(f"/contacts/{ids['contact_id']}").body,
        api.get(f"/contacts/{ids['contact_id']}/interactions").body,
        api.get("/due").body,
        api.get("/reminders").body,
        api.get("/meetings").body,
        api.get("/inbound/quarantine").body,
        api.get("/inbound/suggestions").body,
        api.get("/introductions").body,
        api.get(f"/contacts/{ids['contact_id']}/knows").body,
        api.get(f"/imports/{ids['import_id']}").body,
        api.get("/me/calendars").body,
    )


# Every route, with what B tries against A's ids and what B must get.
ATTEMPTS = {
    ("GET", "/me"): (lambda ids: ("GET", "/me", None), 200),
    ("PATCH", "/me"): (lambda ids: ("PATCH", "/me", {"name": "Mallory", "timezone": "Asia/Tokyo"}), 200),
    # the first networker's email deletes nobody's account: neither theirs nor the other's
    ("DELETE", "/me"): (lambda ids: ("DELETE", "/me", {"confirm": "me@example.com"}), 422),
    ("POST", "/contacts"): (
        lambda ids: ("POST", "/contacts", {"name": "Claire", "emails": ["claire@example.com"]}),
        201,
    ),
    ("GET", "/contacts"): (lambda ids: ("GET", "/contacts", None), 200),
    ("GET", "/contacts/{contact_id}"): (lambda ids: ("GET", f"/contacts/{ids['contact_id']}", None), 404),
    ("PATCH", "/contacts/{contact_id}"): (
        lambda ids: ("PATCH", f"/contacts/{ids['contact_id']}", {"name": "Hacked"}),
        404,
    ),
    ("DELETE", "/contacts/{contact_id}"): (lambda ids: ("DELETE", f"/contacts/{ids['contact_id']}", None), 404),
    ("GET", "/contacts/{contact_id}/interactions"): (
        lambda ids: ("GET", f"/contacts/{ids['contact_id']}/interactions", None),
        404,
    ),
    ("POST", "/interactions"): (
        lambda ids: (
            "POST",
            "/interactions",
            {"kind": "call", "occurred_at": "2026-11-19T11:00:00Z", "contact_ids": [ids["contact_id"]]},
        ),
        404,
    ),
    ("DELETE", "/interactions/{interaction_id}"): (
        lambda ids: ("DELETE", f"/interactions/{ids['interaction_id']}", None),
        404,
    ),
    ("GET", "/due"): (lambda ids: ("GET", "/due", None), 200),
    ("GET", "/reminders"): (lambda ids: ("GET", "/reminders", None), 200),
    ("POST", "/meetings"): (
        lambda ids: ("POST", "/meetings", {"contact_ids": [ids["contact_id"]], "starts_at": "2026-11-22T10:00:00Z"}),
        404,
    ),
    ("GET", "/meetings"): (lambda ids: ("GET", "/meetings", None), 200),
    ("PATCH", "/meetings/{meeting_id}"): (
        lambda ids: ("PATCH", f"/meetings/{ids['meeting_id']}", {"place": "Elsewhere"}),
        404,
    ),
    ("DELETE", "/meetings/{meeting_id}"): (lambda ids: ("DELETE", f"/meetings/{ids['meeting_id']}", None), 404),
    ("POST", "/meetings/{meeting_id}/held"): (lambda ids: ("POST", f"/meetings/{ids['meeting_id']}/held", None), 404),
    ("POST", "/reminders/{reminder_id}/done"): (
        lambda ids: ("POST", f"/reminders/{ids['reminder_id']}/done", {"log_touch": True}),
        404,
    ),
    ("POST", "/reminders/{reminder_id}/snooze"): (
        lambda ids: ("POST", f"/reminders/{ids['reminder_id']}/snooze", {"days": 3}),
        404,
    ),
    ("PUT", "/me/phone"): (lambda ids: ("PUT", "/me/phone", {"phone": "+33699999999"}), 202),
    ("POST", "/me/phone/verify"): (lambda ids: ("POST", "/me/phone/verify", {"code": "123456"}), 404),
    ("DELETE", "/me/phone"): (lambda ids: ("DELETE", "/me/phone", None), 204),
    ("POST", "/me/inbound-address/rotate"): (lambda ids: ("POST", "/me/inbound-address/rotate", None), 200),
    ("POST", "/me/calendar-feed/rotate"): (lambda ids: ("POST", "/me/calendar-feed/rotate", None), 200),
    ("POST", "/me/export"): (lambda ids: ("POST", "/me/export", None), 202),  # B's own export, nothing of A's
    ("GET", "/me/export/{export_id}"): (lambda ids: ("GET", f"/me/export/{ids['export_id']}", None), 404),
    ("GET", "/me/calendars"): (lambda ids: ("GET", "/me/calendars", None), 200),  # B's own: none
    # the same address is B's own calendar, if B has it too: nothing of A's is read or changed
    ("POST", "/me/calendars"): (lambda ids: ("POST", "/me/calendars", {"url": A_CALENDAR}), 201),
    ("DELETE", "/me/calendars/{calendar_id}"): (
        lambda ids: ("DELETE", f"/me/calendars/{ids['calendar_id']}", None),
        404,
    ),
    ("POST", "/me/email-confirmations"): (
        lambda ids: ("POST", "/me/email-confirmations", {"email": "me@example.com"}),
        404,
    ),
    ("GET", "/inbound/quarantine"): (lambda ids: ("GET", "/inbound/quarantine", None), 200),
    ("POST", "/inbound/quarantine/{quarantine_id}/release"): (
        lambda ids: ("POST", f"/inbound/quarantine/{ids['quarantine_id']}/release", None),
        404,
    ),
    ("DELETE", "/inbound/quarantine/{quarantine_id}"): (
        lambda ids: ("DELETE", f"/inbound/quarantine/{ids['quarantine_id']}", None),
        404,
    ),
    ("GET", "/inbound/suggestions"): (lambda ids: ("GET", "/inbound/suggestions", None), 200),
    ("POST", "/inbound/suggestions/{email}/accept"): (
        lambda ids: ("POST", "/inbound/suggestions/new@example.com/accept", None),
        404,
    ),
    ("POST", "/inbound/suggestions/{email}/ignore"): (
        lambda ids: ("POST", "/inbound/suggestions/new@example.com/ignore", None),
        404,
    ),
    ("POST", "/introductions"): (
        lambda ids: ("POST", "/introductions", {"contact_ids": [ids["contact_id"], ids["other_id"]], "reason": "x"}),
        404,
    ),
    ("GET", "/introductions"): (lambda ids: ("GET", "/introductions", None), 200),
    ("GET", "/opportunities"): (lambda ids: ("GET", "/opportunities", None), 200),
    ("POST", "/opportunities/{opportunity_id}/dismiss"): (
        lambda ids: ("POST", "/opportunities/0123456789abcdef0123456789abcdef/dismiss", None),
        404,
    ),
    ("GET", "/introductions/{introduction_id}"): (
        lambda ids: ("GET", f"/introductions/{ids['introduction_id']}", None),
        404,
    ),
    ("POST", "/introductions/{introduction_id}/ask"): (
        lambda ids: ("POST", f"/introductions/{ids['introduction_id']}/ask", None),
        404,
    ),
    ("POST", "/introductions/{introduction_id}/accept"): (
        lambda ids: ("POST", f"/introductions/{ids['introduction_id']}/accept", None),
        404,
    ),
    ("POST", "/introductions/{introduction_id}/decline"): (
        lambda ids: ("POST", f"/introductions/{ids['introduction_id']}/decline", None),
        404,
    ),
    ("POST", "/introductions/{introduction_id}/make"): (
        lambda ids: ("POST", f"/introductions/{ids['introduction_id']}/make", None),
        404,
    ),
    ("POST", "/introductions/{introduction_id}/follow-up"): (
        lambda ids: ("POST", f"/introductions/{ids['introduction_id']}/follow-up", None),
        404,
    ),
    ("POST", "/introductions/{introduction_id}/cancel"): (
        lambda ids: ("POST", f"/introductions/{ids['introduction_id']}/cancel", None),
        404,
    ),
    ("POST", "/contacts/{contact_id}/knows"): (
        lambda ids: (
            "POST",
            f"/contacts/{ids['contact_id']}/knows",
            {"contact_id": ids["other_id"], "closeness": "close"},
        ),
        404,
    ),
    ("GET", "/contacts/{contact_id}/knows"): (lambda ids: ("GET", f"/contacts/{ids['contact_id']}/knows", None), 404),
    ("DELETE", "/contacts/{contact_id}/knows/{other_id}"): (
        lambda ids: ("DELETE", f"/contacts/{ids['contact_id']}/knows/{ids['other_id']}", None),
        404,
    ),
    ("GET", "/contacts/{contact_id}/paths"): (lambda ids: ("GET", f"/contacts/{ids['contact_id']}/paths", None), 404),
    ("GET", "/greetings"): (lambda ids: ("GET", "/greetings", None), 200),
    ("GET", "/review"): (lambda ids: ("GET", "/review", None), 200),
    ("GET", "/greetings/{campaign_id}"): (lambda ids: ("GET", "/greetings/year_end-2026", None), 404),
    ("POST", "/imports/linkedin"): (lambda ids: ("POST", "/imports/linkedin", None), 422),  # nothing to see: no file
    ("POST", "/imports"): (lambda ids: ("POST", "/imports", None), 422),  # nothing to see: no file
    ("GET", "/imports/{import_id}"): (lambda ids: ("GET", f"/imports/{ids['import_id']}", None), 404),
    ("GET", "/duplicates"): (lambda ids: ("GET", "/duplicates", None), 200),
    ("POST", "/duplicates/{pair_id}/dismiss"): (
        lambda ids: ("POST", f"/duplicates/{'.'.join(sorted((ids['contact_id'], ids['other_id'])))}/dismiss", None),
        404,
    ),
    ("POST", "/contacts/{contact_id}/merge"): (
        lambda ids: ("POST", f"/contacts/{ids['contact_id']}/merge", {"other_id": ids["other_id"]}),
        404,
    ),
    ("GET", "/export/contacts.vcf"): (lambda ids: ("GET", "/export/contacts.vcf", None), 200),
    ("GET", "/export/contacts.csv"): (lambda ids: ("GET", "/export/contacts.csv", None), 200),
    ("POST", "/reminders/{reminder_id}/dismiss"): (
        lambda ids: ("POST", f"/reminders/{ids['reminder_id']}/dismiss", None),
        404,
    ),
}
# The confirmation link's token is the proof (tests/integration/test_inbound_email.py), an email action's
# signature too: another networker's is refused (tests/integration/test_email_actions.py); the calendar feed's
# secret too: another networker's shows nothing of mine (tests/integration/test_api_calendar_feed.py).
PUBLIC = {
    ("GET", "/health"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/email-confirmations/{token}"),
    ("GET", "/email-actions/{token}"),
    ("POST", "/email-actions/{token}"),
    ("GET", "/calendar-feeds/{name}"),
}


def test_every_route_is_covered(stack):
    schema = json.loads(load_module("ApiFunction").app.get_openapi_json_schema())
    routes = {(method.upper(), path) for path, item in schema["paths"].items() for method in item}
    assert routes - PUBLIC == set(ATTEMPTS), "add the new route to ATTEMPTS with what another networker must get"


@pytest.mark.parametrize("route", sorted(ATTEMPTS), ids=lambda r: f"{r[0]} {r[1]}")
def test_another_networker_gets_nothing_of_a(api, other, a_data, route):
    before = snapshot(api, a_data)
    make, expected = ATTEMPTS[route]
    method, path, body = make(a_data)
    reply = other.call(method, path, body)
    assert reply.status == expected, reply.body
    if reply.status == 200:
        text = str(reply.body)
        assert a_data["contact_id"] not in text and "me@example.com" not in text
    assert snapshot(api, a_data) == before
