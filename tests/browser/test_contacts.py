"""Contacts: create, edit and delete with the API's field errors by their fields; a touch logged offline."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, sign_in


def test_create_edit_and_delete_a_contact_with_a_field_error_shown(laptop, local):
    email = "contacts@example.com"
    sign_in(laptop, email)
    laptop.get_by_role("link", name="Contacts").click()
    expect(laptop.get_by_text("No contacts yet")).to_be_visible()
    assert axe_violations(laptop) == []

    laptop.get_by_role("link", name="Add a contact").click()
    laptop.get_by_label("Name").fill("Bruno Bernard")
    laptop.get_by_label("Email addresses").fill("bruno@example.com\nnot-an-address")
    assert axe_violations(laptop) == []
    laptop.get_by_role("button", name="Add the contact").click()

    emails = laptop.locator(".field", has=laptop.get_by_label("Email addresses"))
    expect(emails.locator(".field-error")).to_be_visible()
    expect(laptop.get_by_label("Email addresses")).to_have_attribute("aria-invalid", "true")
    assert local.api(email, "GET", "/contacts")["items"] == []  # nothing half written

    laptop.get_by_label("Email addresses").fill("bruno@example.com")
    laptop.get_by_role("button", name="Add the contact").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Bruno Bernard")

    laptop.get_by_role("link", name="Edit").click()
    laptop.get_by_label("Company").fill("Bernard & fils")
    laptop.get_by_role("button", name="Save").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Bruno Bernard")
    expect(laptop.get_by_text("Bernard & fils")).to_be_visible()
    assert axe_violations(laptop) == []

    laptop.once("dialog", lambda dialog: dialog.accept())
    laptop.get_by_role("button", name="Delete").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Contacts")
    expect(laptop.get_by_text("No contacts yet")).to_be_visible()
    assert local.api(email, "GET", "/contacts")["items"] == []


def test_search_as_you_type_ignores_accents_and_case(phone, local):
    email = "search@example.com"
    for name in ("Hélène Lefèvre", "Henri Martin", "Zoé Zimmer"):
        local.api(email, "POST", "/contacts", {"name": name})
    sign_in(phone, email)
    phone.goto("/app/contacts")
    phone.get_by_label("Search by name, company or email").fill("helene LEFEVRE")

    rows = phone.locator(".contact-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hélène Lefèvre")
    assert no_sideways_scroll(phone)


def test_a_touch_logged_offline_is_sent_once_when_back_online(phone, local):
    email = "offline@example.com"
    olga = local.api(email, "POST", "/contacts", {"name": "Olga Offline", "stage": "met"})
    sign_in(phone, email)
    phone.goto(f"/app/log?contact={olga['contact_id']}")
    expect(phone.locator(".picker .chosen")).to_contain_text("Olga Offline")

    phone.context.set_offline(True)
    phone.locator("label.chip").get_by_text("Call", exact=True).click()
    phone.get_by_role("button", name="Log it").click()
    expect(phone.get_by_text("No network: the touch is kept on this device")).to_be_visible()
    expect(phone.get_by_text("You are offline")).to_be_visible()
    expect(phone.get_by_text("1 touch waiting to be sent")).to_be_visible()
    assert local.api(email, "GET", f"/contacts/{olga['contact_id']}/interactions")["items"] == []

    phone.context.set_offline(False)
    expect(phone.get_by_text("waiting to be sent")).to_have_count(0)
    touches = local.api(email, "GET", f"/contacts/{olga['contact_id']}/interactions")["items"]
    assert [touch["kind"] for touch in touches] == ["call"]


def test_a_401_signs_in_again_without_losing_what_was_typed(phone, local):
    email = "expired@example.com"
    sign_in(phone, email)
    phone.goto("/app/contacts/new")
    phone.get_by_label("Name").fill("Sophie Patient")
    phone.get_by_label("Company").fill("Lente & Cie")
    # The session ends on the way: both tokens refused (a revoked refresh token does the same).
    phone.evaluate(
        """() => {
          const session = JSON.parse(localStorage.getItem("rapport.session"));
          localStorage.setItem("rapport.session", JSON.stringify({...session, idToken: "x.y.z", refreshToken: "gone"}));
        }"""
    )
    phone.get_by_role("button", name="Add the contact").click()

    expect(phone).to_have_url(re.compile("/_local/oauth2/authorize"))  # the sign-in page
    phone.get_by_label("Email").fill(email)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_label("Name")).to_have_value("Sophie Patient")
    expect(phone.get_by_label("Company")).to_have_value("Lente & Cie")
    phone.get_by_role("button", name="Add the contact").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sophie Patient")
    assert [c["name"] for c in local.api(email, "GET", "/contacts")["items"]] == ["Sophie Patient"]


def test_an_expired_token_is_renewed_on_the_way_and_the_write_happens_once(phone, local):
    email = "renewed@example.com"
    sign_in(phone, email)
    phone.goto("/app/contacts/new")
    phone.get_by_label("Name").fill("Rita Renewed")
    phone.evaluate(  # the ID token expired; the refresh token still holds
        """() => {
          const session = JSON.parse(localStorage.getItem("rapport.session"));
          localStorage.setItem("rapport.session", JSON.stringify({...session, idToken: "x.y.z"}));
        }"""
    )
    phone.get_by_role("button", name="Add the contact").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Rita Renewed")
    assert [c["name"] for c in local.api(email, "GET", "/contacts")["items"]] == ["Rita Renewed"]


def test_the_app_opens_and_logs_a_touch_without_network(phone, local):
    email = "nonetwork@example.com"
    local.api(email, "POST", "/contacts", {"name": "Noé Réseau", "stage": "met"})
    sign_in(phone, email)
    phone.goto("/app/contacts")
    expect(phone.locator(".contact-row")).to_have_count(1)  # seen once online: kept for offline search
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")  # the app shell is cached

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_text("You are offline")).to_be_visible()
    phone.get_by_role("link", name="Log a touch").click()
    phone.get_by_label("Search your contacts").fill("noe")
    expect(phone.get_by_text("No network: among the people seen lately")).to_be_visible()
    phone.get_by_role("button", name="Noé Réseau").click()
    phone.locator("label.chip", has_text="Lunch").click()
    phone.get_by_role("button", name="Log it").click()
    expect(phone.get_by_text("No network: the touch is kept on this device")).to_be_visible()

    phone.context.set_offline(False)
    expect(phone.get_by_text("waiting to be sent")).to_have_count(0)
    (noe,) = local.api(email, "GET", "/contacts")["items"]
    assert [t["kind"] for t in local.api(email, "GET", f"/contacts/{noe['contact_id']}/interactions")["items"]] == [
        "lunch"
    ]
