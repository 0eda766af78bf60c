"""Meetings: plan one with the contact picker in the networker's time zone, read its brief, mark it held."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, sign_in
from tests.e2e.conftest import http_request


def _runtime_now(local) -> datetime:
    return datetime.fromisoformat(http_request(local.url, "GET", "/_local/clock").json["now"].replace("Z", "+00:00"))


def test_plan_a_meeting_read_its_brief_and_mark_it_held(phone, local):
    email = "meetings@example.com"
    local.api(email, "PATCH", "/me", {"timezone": "Europe/Paris"})
    marie = local.api(
        email, "POST", "/contacts", {"name": "Marie Dubois", "circle": "active", "needs": [{"label": "fundraising"}]}
    )
    touched = (_runtime_now(local) - timedelta(days=20)).isoformat()
    local.api(
        email,
        "POST",
        "/interactions",
        {"kind": "coffee", "occurred_at": touched, "contact_ids": [marie["contact_id"]], "summary": "Her seed round"},
    )
    phone.clock.install(time=_runtime_now(local))  # the browser's clock follows the runtime's, moved below
    sign_in(phone, email)
    phone.goto("/app/meetings")
    expect(phone.get_by_text("No meeting planned.")).to_be_visible()

    phone.get_by_role("button", name="Plan a meeting").click()
    phone.get_by_label("Search your contacts").fill("mari")
    phone.get_by_role("button", name="Marie Dubois").click()
    tomorrow = (_runtime_now(local).astimezone(ZoneInfo("Europe/Paris")) + timedelta(days=1)).date()
    phone.get_by_label("Day").fill(tomorrow.isoformat())
    phone.get_by_label("Time").select_option("10:30")
    phone.get_by_label("Place (optional)").fill("Café de Flore")
    phone.get_by_label("Goal (optional)").fill("Hear about her round")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Plan it").click()

    upcoming = phone.locator("section", has=phone.get_by_role("heading", name="Coming up"))
    card = upcoming.locator("li.card.meeting")
    expect(card).to_contain_text("With Marie Dubois")
    expect(card).to_contain_text("10:30")
    expect(card).to_contain_text("At Café de Flore")
    [meeting] = local.api(email, "GET", "/meetings")["items"]
    starts = datetime.fromisoformat(meeting["starts_at"].replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Paris"))
    assert (starts.date(), starts.strftime("%H:%M")) == (tomorrow, "10:30")  # the networker's zone, not the browser's

    card.get_by_role("button", name="Read the brief").click()
    brief = card.locator(".brief")
    expect(brief).to_contain_text("Looking for fundraising")
    expect(brief).to_contain_text("Her seed round")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []

    reply = http_request(local.url, "POST", "/_local/clock", json.dumps({"advance_seconds": 2 * 86400}).encode())
    assert reply.status == 200, reply.body
    phone.clock.set_system_time(_runtime_now(local))
    phone.goto("/app/contacts")
    phone.goto(f"/app/meetings#{meeting['meeting_id']}")  # as Today links to it
    recent = phone.locator("section", has=phone.get_by_role("heading", name="Recent"))
    card = recent.locator(f"[id='{meeting['meeting_id']}']")
    expect(card).to_contain_text("To confirm")
    expect(card.locator(".brief")).to_be_visible()  # the anchor opens it
    card.get_by_role("button", name="Mark as held").click()
    card.get_by_label("What happened (optional)").fill("She wants an introduction to a VC")
    card.get_by_role("button", name="Log it as held").click()

    expect(card.locator(".who .badge")).to_have_text("Held")
    expect(phone.get_by_role("status")).to_contain_text("Marked as held")
    touches = local.api(email, "GET", f"/contacts/{marie['contact_id']}/interactions")["items"]
    assert (touches[0]["kind"], touches[0]["summary"]) == ("meeting", "She wants an introduction to a VC")
    assert axe_violations(phone) == []
