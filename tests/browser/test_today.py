"""Signing in, Today, logging a touch at phone size, done and snooze: what a networker does daily."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, screenshot, sign_in
from tests.e2e.conftest import http_request


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds").replace("+00:00", "Z")


def _contact(local, email, name, circle, touched_days_ago):
    contact = local.api(email, "POST", "/contacts", {"name": name, "circle": circle, "stage": "met"})
    local.api(
        email,
        "POST",
        "/interactions",
        {"kind": "coffee", "occurred_at": _ago(touched_days_ago), "contact_ids": [contact["contact_id"]]},
    )
    return contact


def test_sign_in_creates_the_account_and_opens_today(phone, local):
    sign_in(phone, "ada@example.com")

    assert phone.evaluate("document.documentElement.lang") == "en"
    expect(phone.get_by_text("Hello Ada")).to_be_visible()
    assert "code=" not in phone.url and "token" not in phone.url
    assert local.api("ada@example.com", "GET", "/me")["emails"][0]["address"] == "ada@example.com"


def test_today_lists_an_overdue_inner_circle_contact_first(phone, local):
    email = "today@example.com"
    _contact(local, email, "Nina Network", "network", 100)  # due: past 90 days, not yet 135
    _contact(local, email, "Ines Inner", "inner", 40)  # overdue: past 21 days
    local.drain()
    sign_in(phone, email)

    cards = phone.locator("li.card.reminder")
    expect(cards.first).to_contain_text("Ines Inner")
    expect(cards.first).to_contain_text("Overdue")
    expect(cards.nth(1)).to_contain_text("Nina Network")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []


def test_a_coffee_is_logged_in_three_taps_at_phone_size_and_the_follow_up_moves(phone, local):
    email = "coffee@example.com"
    claire = _contact(local, email, "Claire Martin", "inner", 40)
    local.drain()
    before = local.api(email, "GET", f"/contacts/{claire['contact_id']}")["next_follow_up_on"]
    sign_in(phone, email)

    phone.get_by_role("link", name="Log the touch").first.click()  # 1
    expect(phone.get_by_role("heading", level=1)).to_have_text("Log a touch")
    expect(phone.locator(".picker .chosen")).to_contain_text("Claire Martin")
    phone.locator("label.chip", has_text="Coffee").click()  # 2
    phone.get_by_role("button", name="Log it").click()  # 3

    expect(phone.get_by_role("heading", level=1)).to_have_text("Claire Martin")
    expect(phone.get_by_text("Touch logged.")).to_be_visible()
    follow_up = phone.get_by_test_id("next-follow-up")
    expect(follow_up).not_to_have_text(re.compile("Updating"))
    after = local.api(email, "GET", f"/contacts/{claire['contact_id']}")["next_follow_up_on"]
    assert after > before
    expect(follow_up).to_contain_text("(in 14 days)")
    expect(phone.locator("ol.timeline li").first).to_contain_text("Coffee")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []


def test_done_and_snooze_on_reminders(phone, local):
    email = "done@example.com"
    _contact(local, email, "Dora Done", "inner", 40)
    _contact(local, email, "Sam Snooze", "inner", 30)
    local.drain()
    sign_in(phone, email)

    dora = phone.locator("li.card.reminder", has_text="Dora Done")
    dora.get_by_role("button", name="Done").click()
    expect(phone.locator("li.card.reminder", has_text="Dora Done")).to_have_count(0)

    sam = phone.locator("li.card.reminder", has_text="Sam Snooze")
    sam.get_by_role("button", name="Later").click()
    sam.get_by_role("button", name="In 3 days").click()
    expect(phone.locator("li.card.reminder", has_text="Sam Snooze")).to_have_count(0)
    expect(phone.locator("section", has_text="Coming up")).to_contain_text("Sam Snooze")
    states = {r["contact"]["name"]: r for r in local.api(email, "GET", "/reminders")["items"]}
    assert states["Sam Snooze"]["snoozed_until"] is not None


def test_a_person_with_two_reasons_is_one_card_and_done_acts_on_both_with_one_touch(phone, local):
    email = "both@example.com"
    bea = _contact(local, email, "Bea Both", "inner", 40)  # overdue follow-up
    born = datetime.now(UTC)  # the profile's zone is UTC: her birthday is today
    local.api(email, "PATCH", f"/contacts/{bea['contact_id']}", {"birthday": {"day": born.day, "month": born.month}})
    _contact(local, email, "Nina Network", "network", 100)
    local.drain()
    line = next(p for p in local.api(email, "GET", "/reminders")["people"] if p["name"] == "Bea Both")
    assert len(line["reminder_ids"]) == 2
    sign_in(phone, email)

    cards = phone.locator("li.card.reminder")
    expect(cards.first).to_contain_text("Bea Both")
    expect(phone.locator("li.card.reminder", has_text="Bea Both")).to_have_count(1)
    expect(cards.first.locator(".reason")).to_have_text(", ".join(line["reasons"]))
    screenshot(phone, "today-phone")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []

    cards.first.get_by_role("button", name="Done").click()
    expect(phone.locator("li.card.reminder", has_text="Bea Both")).to_have_count(0)
    expect(phone.locator("li.card.reminder", has_text="Nina Network")).to_have_count(1)
    left = {r["reminder_id"] for r in local.api(email, "GET", "/reminders")["items"]}
    assert left.isdisjoint(line["reminder_ids"])
    touches = local.api(email, "GET", f"/contacts/{bea['contact_id']}/interactions")["items"]
    assert len(touches) == 2  # the coffee 40 days ago, and one touch for both reminders


def test_sign_out_revokes_the_session_and_leaves_nothing_for_the_next_account(phone, local):
    local.api("first@example.com", "POST", "/contacts", {"name": "Sébastien Secret"})
    sign_in(phone, "first@example.com")
    refresh = phone.evaluate("JSON.parse(localStorage.getItem('rapport.session')).refreshToken")

    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("button", name="Sign out").click()
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible()
    assert phone.evaluate("localStorage.length + sessionStorage.length") == 0
    form = f"grant_type=refresh_token&client_id=rapport-local-client&refresh_token={refresh}".encode()
    again = http_request(
        local.url, "POST", "/_local/oauth2/token", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (again.status, again.json["error"]) == (400, "invalid_grant")

    sign_in(phone, "second@example.com")
    phone.goto("/app/contacts")
    expect(phone.get_by_text("No contacts yet")).to_be_visible()
    assert "Sébastien" not in phone.content()


def test_a_touch_is_logged_with_the_keyboard_alone(laptop, local):
    email = "keys@example.com"
    kim = local.api(email, "POST", "/contacts", {"name": "Kim Keyboard", "stage": "met"})
    sign_in(laptop, email)
    laptop.goto("/app/log")

    laptop.get_by_label("Search your contacts").focus()
    laptop.keyboard.type("kim")
    expect(laptop.get_by_role("button", name="Kim Keyboard")).to_be_visible()
    laptop.keyboard.press("ArrowDown")
    laptop.keyboard.press("Enter")
    expect(laptop.locator(".picker .chosen")).to_contain_text("Kim Keyboard")
    laptop.keyboard.press("Tab")  # from the search, back in focus, to what happened
    laptop.keyboard.press("Space")
    laptop.keyboard.press("Enter")

    expect(laptop.get_by_role("heading", level=1)).to_have_text("Kim Keyboard")
    touches = local.api(email, "GET", f"/contacts/{kim['contact_id']}/interactions")["items"]
    assert [touch["kind"] for touch in touches] == ["coffee"]
