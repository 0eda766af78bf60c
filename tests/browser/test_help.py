"""Help and introductions: from an opportunity to a made introduction, through the double opt-in steps."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, sign_in


def _people(local, email):
    paul = local.api(
        email,
        "POST",
        "/contacts",
        {
            "name": "Paul Martin",
            "circle": "inner",
            "emails": ["paul@lumen.example"],
            "offers": [{"label": "fundraising"}],
        },
    )
    marie = local.api(
        email,
        "POST",
        "/contacts",
        {
            "name": "Marie Dubois",
            "circle": "active",
            "emails": ["marie@brio.example"],
            "needs": [{"label": "fundraising"}],
        },
    )
    local.drain()  # the opportunity is found downstream of the stream
    return paul, marie


def test_an_introduction_through_its_steps(phone, local):
    email = "intro@example.com"
    paul, marie = _people(local, email)
    sign_in(phone, email)
    phone.goto("/app/help")

    opportunity = phone.locator("li.card.opportunity")
    expect(opportunity).to_contain_text("Marie Dubois is looking for “fundraising”")
    assert axe_violations(phone) == []
    opportunity.get_by_role("button", name="Introduce them").click()
    expect(phone.get_by_label("Why they should meet")).to_have_value(
        "Marie Dubois is looking for “fundraising” and Paul Martin can help with “fundraising”."
    )
    phone.get_by_role("button", name="Start the introduction").click()

    card = phone.locator("li.card.intro")
    expect(card.get_by_role("heading")).to_have_text("Paul Martin and Marie Dubois")
    expect(card).to_contain_text("Next: ask Paul")
    expect(phone.locator("li.card.opportunity")).to_have_count(0)  # acted on: not proposed again
    expect(card.get_by_role("button")).to_have_text(["Ask Paul", "Cancel the introduction"])

    card.get_by_role("button", name="Ask Paul").click()
    expect(card.get_by_role("heading", name="The ask to send to Paul")).to_be_visible()
    mail = card.get_by_role("link", name="Open in your mail app")
    expect(mail).to_have_attribute("href", "mailto:paul@lumen.example?" + mail.get_attribute("href").split("?", 1)[1])
    expect(card).to_contain_text("Would you like me to introduce you to Marie")
    expect(card.get_by_role("button")).to_have_text(["Paul said yes", "Paul said no", "Cancel the introduction"])
    assert axe_violations(phone) == []
    assert no_sideways_scroll(phone)

    card.get_by_role("button", name="Paul said yes").click()
    expect(card.get_by_role("heading", name="The introduction to send to both")).to_be_visible()
    expect(card.get_by_role("link", name="Open in your mail app")).to_have_attribute(
        "href",
        "mailto:paul@lumen.example,marie@brio.example?"
        + card.get_by_role("link", name="Open in your mail app").get_attribute("href").split("?", 1)[1],
    )
    card.get_by_role("button", name="Sent: mark it made").click()

    expect(card.locator(".badge")).to_have_text("Made")
    expect(card.get_by_test_id("follow-up-due")).to_contain_text("Ask each how it went in 14 days")
    expect(card.get_by_role("button")).to_have_text(["Followed up"])
    intro = local.api(email, "GET", "/introductions")["items"][0]
    assert intro["status"] == "made" and intro["contact_ids"] == [paul["contact_id"], marie["contact_id"]]
    touches = local.api(email, "GET", f"/contacts/{marie['contact_id']}/interactions")["items"]
    assert [touch["kind"] for touch in touches] == ["introduction"]
    assert axe_violations(phone) == []

    phone.goto(f"/app/help#{intro['introduction_id']}")  # Today and a contact's page link here
    expect(phone.locator(f"[id='{intro['introduction_id']}']")).to_be_in_viewport()
