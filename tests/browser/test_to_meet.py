"""To meet: the people to meet by priority, with the best warm path; what to do when there is nobody."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, sign_in


def test_the_people_to_meet_by_priority_with_a_warm_path(phone, local):
    email = "tomeet@example.com"
    add = lambda body: local.api(email, "POST", "/contacts", body)  # noqa: E731
    paul = add({"name": "Paul Martin", "stage": "met", "circle": "inner"})
    add({"name": "Bob Ames", "stage": "to_meet", "priority": "low", "origin": "LinkedIn"})
    claire = add({"name": "Claire Nguyen", "stage": "to_meet", "priority": "high", "why": "Runs the best design team"})
    add({"name": "Zoé Arnaud", "stage": "to_meet", "why": "Knows the Lyon startup scene"})
    local.api(
        email,
        "POST",
        f"/contacts/{paul['contact_id']}/knows",
        {"contact_id": claire["contact_id"], "closeness": "close"},
    )
    sign_in(phone, email)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="To meet").click()

    cards = phone.locator("li.card.person")
    expect(cards.locator(".name")).to_have_text(["Claire Nguyen", "Zoé Arnaud", "Bob Ames"])
    expect(cards.first).to_contain_text("High priority")
    expect(cards.first).to_contain_text("Why: Runs the best design team")
    expect(cards.first).to_contain_text("Ask Paul to introduce you")
    expect(cards.nth(2)).to_contain_text("From: LinkedIn")
    expect(cards.nth(2)).to_contain_text("Nobody you know knows them yet")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []

    cards.first.get_by_role("link", name="Log a touch with Claire Nguyen").click()
    expect(phone.locator(".picker .chosen")).to_contain_text("Claire Nguyen")

    local.api(email, "PATCH", "/me", {"locale": "fr"})
    phone.goto("/app/to-meet")
    expect(phone.locator("li.card.person").first).to_contain_text("Demandez à Paul de vous présenter")
    expect(phone.locator("li.card.person").first).to_contain_text("Priorité haute")


def test_nobody_to_meet_says_how_to_add_someone_or_import(laptop, local):
    sign_in(laptop, "nobody-to-meet@example.com")
    laptop.get_by_role("link", name="To meet").click()

    expect(laptop.get_by_text("Nobody to meet yet.")).to_be_visible()
    expect(laptop.locator(".empty").get_by_role("link", name="Import from LinkedIn")).to_have_attribute(
        "href", "/app/imports"
    )
    laptop.locator(".empty").get_by_role("link", name="Add someone to meet").click()
    expect(laptop.get_by_label("Stage")).to_have_value("to_meet")
    assert axe_violations(laptop) == []
