"""The week (goals, the streak, the chart of 12 weeks) and Settings (the language at once, a phone
verified with a field error on the way), in the browser against the local runtime."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, screenshot, sign_in
from tests.e2e.conftest import http_request


def _section(page: Page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def test_settings_switch_the_language_of_the_whole_app_at_once(laptop, local):
    email = "langue@example.com"
    sign_in(laptop, email)
    laptop.get_by_role("link", name="Settings").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Settings")
    assert axe_violations(laptop) == []

    laptop.locator("label.chip", has_text="Français").click()

    expect(laptop.get_by_role("heading", level=1)).to_have_text("Réglages")
    expect(laptop.get_by_role("status").filter(has_text="Enregistré.")).to_be_visible()
    assert laptop.evaluate("document.documentElement.lang") == "fr"
    nav = laptop.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Aujourd’hui")).to_be_visible()
    expect(nav.get_by_role("link", name="La semaine")).to_be_visible()
    expect(laptop.get_by_role("link", name="Noter un échange")).to_be_visible()
    expect(laptop.get_by_text("Pas encore de numéro")).to_be_visible()
    assert "numéro\u202f: ajoutez-en un" in laptop.locator("main").text_content()  # French typography
    assert local.api(email, "GET", "/me")["locale"] == "fr"
    screenshot(laptop, "settings-fr-laptop")
    assert axe_violations(laptop) == []

    nav.get_by_role("link", name="Aujourd’hui").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Aujourd’hui")
    expect(laptop.get_by_text("Bonjour Langue")).to_be_visible()

    laptop.reload()  # the profile keeps it
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Aujourd’hui")
    assert laptop.evaluate("document.documentElement.lang") == "fr"

    nav.get_by_role("link", name="La semaine").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("La semaine")
    summary = re.compile("^Échanges par semaine du .*\u202f: .* Cette semaine\u202f: 0\\.$")
    expect(laptop.locator(".chart svg[role=img]")).to_have_attribute("aria-label", summary)
    expect(laptop.get_by_text("Vous n’avez pas encore d’objectifs hebdomadaires")).to_be_visible()
    screenshot(laptop, "week-fr-laptop")
    assert axe_violations(laptop) == []


def test_a_phone_refused_is_shown_by_its_field_then_verified_with_the_code_texted(phone, local):
    email = "phone@example.com"
    sign_in(phone, email)
    phone.goto("/app/settings")
    section = _section(phone, "Phone")
    section.get_by_label("Mobile number").fill("06 12 34 56 78")  # national: no region set to read it in
    section.get_by_role("button", name="Text me a code").click()

    field = section.locator(".field", has=phone.get_by_label("Mobile number"))
    expect(field.locator(".field-error")).to_contain_text("has no country code")
    expect(section.get_by_label("Mobile number")).to_have_attribute("aria-invalid", "true")
    expect(section.get_by_label("Mobile number")).to_have_attribute("aria-describedby", re.compile("field-phone-error"))
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "settings-phone-error")

    you = _section(phone, "You")
    you.get_by_label("Country of your phone numbers").select_option("FR")
    you.get_by_role("button", name="Save").click()
    expect(you.get_by_role("status")).to_have_text("Saved.")
    section.get_by_label("Mobile number").fill("06 12 34 56 78")
    section.get_by_role("button", name="Text me a code").click()
    expect(section.get_by_role("status")).to_contain_text("A 6-digit code was texted to +33612345678")

    local.drain()
    outbox = http_request(local.url, "GET", "/_local/outbox").json["items"]
    (text,) = [item["text"] for item in outbox if item["recipient"] == "+33612345678"]
    section.get_by_label("The code").fill(text[:6])
    section.get_by_role("button", name="Verify").click()
    expect(section.get_by_role("status")).to_have_text("Your number is verified.")
    expect(section.get_by_text("Your verified number: +33612345678")).to_be_visible()
    assert local.api(email, "GET", "/me")["phone"] == "+33612345678"


def _at(days_ago: int) -> str:
    """That many days ago, at this time: 28 days ago is in the same place of its week as today."""
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="seconds")


def test_the_week_with_its_goals_and_its_chart_after_a_few_touches(phone, local):
    email = "week@example.com"
    local.api(email, "PATCH", "/me", {"weekly_goals": {"touches": 2}})
    ids = [local.api(email, "POST", "/contacts", {"name": name})["contact_id"] for name in ("Ada Adams", "Bo Berg")]
    for contact_id in ids:  # this week
        local.api(email, "POST", "/interactions", {"kind": "call", "occurred_at": _at(0), "contact_ids": [contact_id]})
    local.api(email, "POST", "/interactions", {"kind": "lunch", "occurred_at": _at(28), "contact_ids": ids[:1]})
    local.drain()
    sign_in(phone, email)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="The week").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("The week")
    touches = phone.locator("li.goal", has_text="Touches")
    expect(touches).to_contain_text("2 of 2")
    expect(touches).to_contain_text("Met")
    expect(phone.get_by_text("On target: 1 week in a row, this one included.")).to_be_visible()

    chart = phone.get_by_role("img", name=re.compile("^Touches per week from"))
    expect(chart).to_have_attribute("aria-label", re.compile(r": (0, ){7}1, (0, ){3}2\. This week: 2\.$"))
    expect(phone.locator("g.chart-bar")).to_have_count(12)
    expect(phone.locator("g.chart-bar.current text").first).to_have_text("2")
    phone.get_by_text("See the figures").click()
    expect(phone.get_by_role("row", name=re.compile("^This week"))).to_contain_text("2")
    expect(phone.get_by_role("row")).to_have_count(13)  # the header, 12 weeks
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "week-phone")


def test_the_people_per_digest_are_saved_and_the_digest_email_turned_off_is_said_and_back_on(phone, local):
    email = "budget@example.com"
    local.api(email, "PATCH", "/me", {"channels": {"email": False, "sms": False}})  # as one-click unsubscribe does
    sign_in(phone, email)
    phone.goto("/app/settings")
    digest = _section(phone, "Daily digest")
    expect(digest.get_by_label("People per digest")).to_have_value("5")

    digest.get_by_label("People per digest").select_option("3")
    digest.get_by_role("button", name="Save").click()
    expect(digest.get_by_role("status")).to_have_text("Saved.")
    assert local.api(email, "GET", "/me")["digest_size"] == 3

    expect(digest.get_by_text("The digest email is off")).to_be_visible()
    expect(digest.get_by_label("Email", exact=True)).not_to_be_checked()
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "settings-digest-off")
    digest.get_by_role("button", name="Send it by email again").click()
    expect(digest.get_by_text("The digest email is off")).to_have_count(0)
    expect(digest.get_by_label("Email", exact=True)).to_be_checked()
    assert local.api(email, "GET", "/me")["channels"] == {"email": True, "sms": False}
    assert local.api(email, "GET", "/me")["digest_size"] == 3
