"""Contacts in and out, from the app against the local runtime: a vCard imported (a card refused by its
line, a photo left out), a duplicate pair merged with a value chosen and another dismissed, the contacts
downloaded as vCard and CSV, the calendar feed shown and rotated (the old address dead at once), the whole
account exported then downloaded, and the account deleted down to the goodbye."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, screenshot, sign_in
from tests.e2e.conftest import http_request

VCARDS = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Claire Martin",
        "N:Martin;Claire;;;",
        "EMAIL;TYPE=INTERNET:claire@example.com",
        "TEL;TYPE=CELL:+33 6 12 34 56 78",
        "ORG:Fonds Horizon",
        "TITLE:Associée gérante",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Tom Becker",
        "N:Becker;Tom;;;",
        "EMAIL;TYPE=INTERNET:tom@becker.example",
        "ORG:Becker GmbH",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "NOTE:a card with nobody on it",
        "END:VCARD",
        "",
    ]
).encode()


def _section(page: Page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def test_a_vcard_imported_from_the_app_becomes_contacts(laptop, local):
    email = "vcards@example.com"
    sign_in(laptop, email)
    laptop.get_by_role("link", name="Imports").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Import contacts")
    laptop.get_by_text("Google Contacts", exact=True).click()  # where to find the file
    expect(laptop.get_by_text("Choose vCard (for iOS Contacts), or Google CSV, then Export.")).to_be_visible()
    assert axe_violations(laptop) == []

    laptop.get_by_label("Your file").set_input_files(
        {"name": "contacts.vcf", "mimeType": "text/vcard", "buffer": VCARDS}
    )
    laptop.get_by_role("button", name="Import", exact=True).click()

    expect(laptop).to_have_url(re.compile(r"/app/imports\?job=\w+"))
    expect(laptop.locator(".import-status")).to_have_text("Import done.")
    expect(laptop.get_by_text("Read as vCards. 1 photo left out: Rapport keeps no photos.")).to_be_visible()
    counts = laptop.locator("dl.counts")
    expect(counts.locator(".fact", has_text="New contacts").locator("dd")).to_have_text("2")
    expect(counts.locator(".fact", has_text="Rows not taken").locator("dd")).to_have_text("1")
    rejected = laptop.locator("table.rejections tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.first.locator("td").first).to_have_text("18")  # the third card's first line
    expect(rejected.first).to_contain_text("no name, organisation or email")
    screenshot(laptop, "imports-vcard-laptop")
    assert axe_violations(laptop) == []

    laptop.get_by_role("link", name="See your contacts").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Contacts")
    expect(laptop.locator(".contact-row", has_text="Claire Martin")).to_contain_text("Associée gérante · Fonds Horizon")
    expect(laptop.locator(".contact-row", has_text="Tom Becker")).to_be_visible()
    claire = local.api(email, "GET", "/contacts?q=claire")["items"][0]
    assert (claire["phones"], claire["stage"]) == (["+33612345678"], "met")


def test_a_duplicate_pair_merged_with_a_value_chosen_and_another_dismissed(laptop, local):
    email = "twice@example.com"
    sign_in(laptop, email)
    by_hand = local.api(
        email,
        "POST",
        "/contacts",
        {"name": "Claire Martin", "phones": ["+33612904567"], "title": "Partner", "circle": "inner"},
    )
    card = local.api(
        email,
        "POST",
        "/contacts",
        {"name": "Martin Claire", "phones": ["+33612904567"], "title": "Associée gérante", "company": "Fonds Horizon"},
    )
    for name in ("Sam Leroy", "Sam Leroy"):
        local.api(email, "POST", "/contacts", {"name": name, "company": "Leroy Conseil"})
    touch = {"kind": "call", "occurred_at": "2026-11-20T09:00:00Z", "contact_ids": [card["contact_id"]]}
    local.api(email, "POST", "/interactions", touch)
    local.drain()

    laptop.get_by_role("link", name="Contacts").click()
    laptop.get_by_role("link", name="2 possible duplicates to review").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Duplicates to review")
    claire = laptop.locator("li.pair", has_text="Claire")
    expect(claire).to_contain_text("same phone")
    screenshot(laptop, "duplicates-laptop")
    assert axe_violations(laptop) == []

    claire.get_by_role("button", name="Merge…").click()
    # The card has the touch: it stays. Both have a title and a circle: the networker chooses.
    expect(claire).to_contain_text("Martin Claire stays; the other contact is merged into it, then removed.")
    titles = claire.locator("fieldset", has=laptop.locator("legend", has_text="Title"))
    titles.get_by_label("Partner").check()
    screenshot(laptop, "duplicates-merge-laptop")
    assert axe_violations(laptop) == []
    claire.get_by_role("button", name="Merge them").click()
    expect(laptop.get_by_role("status").filter(has_text="Merged into Martin Claire.")).to_be_visible()
    expect(laptop.locator("li.pair")).to_have_count(1)

    merged = local.api(email, "GET", f"/contacts/{card['contact_id']}")
    assert (merged["title"], merged["company"], merged["circle"]) == ("Partner", "Fonds Horizon", "network")
    gone = http_request(
        local.url,
        "GET",
        f"/contacts/{by_hand['contact_id']}",
        headers={"Authorization": f"Bearer {local.token(email)}"},
    )
    assert gone.status == 404

    laptop.locator("li.pair", has_text="Leroy").get_by_role("button", name="Not the same person").click()
    expect(laptop.get_by_role("status").filter(has_text="are kept as two people")).to_be_visible()
    expect(laptop.get_by_text("No duplicates to review")).to_be_visible()
    assert local.api(email, "GET", "/duplicates")["items"] == []


def test_duplicates_on_a_phone(phone, local):
    email = "twice-phone@example.com"
    sign_in(phone, email)
    for name, title in (("Inès Moreau", "Architecte"), ("Ines Moreau", "Architecte associée")):
        local.api(email, "POST", "/contacts", {"name": name, "company": "Atelier Moreau", "title": title})
    phone.goto("/app/contacts/duplicates")
    pair = phone.locator("li.pair")
    expect(pair).to_have_count(1)
    pair.get_by_role("button", name="Merge…").click()
    expect(pair.get_by_role("button", name="Merge them")).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "duplicates-merge-phone")
    assert axe_violations(phone) == []


def test_the_contacts_downloaded_as_vcard_and_csv(laptop, local):
    email = "files@example.com"
    sign_in(laptop, email)
    local.api(email, "POST", "/contacts", {"name": "Inès Moreau", "emails": ["ines@atelier-moreau.example"]})
    laptop.goto("/app/settings")
    files = _section(laptop, "Your contacts as files")

    with laptop.expect_download() as vcard:
        files.get_by_role("button", name="Download as vCard (.vcf)").click()
    assert vcard.value.suggested_filename == "rapport-contacts.vcf"
    text = open(vcard.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCARD" in text and "FN:Inès Moreau" in text
    expect(files.get_by_role("status")).to_have_text("Downloaded: rapport-contacts.vcf.")

    with laptop.expect_download() as csv:
        files.get_by_role("button", name="Download as CSV").click()
    assert csv.value.suggested_filename == "rapport-contacts.csv"
    assert "ines@atelier-moreau.example" in open(csv.value.path(), encoding="utf-8-sig").read()
    assert axe_violations(laptop) == []


def test_the_calendar_feed_shown_then_rotated(laptop, local):
    email = "calendar@example.com"
    sign_in(laptop, email)
    laptop.goto("/app/settings")
    calendar = _section(laptop, "Your calendar")
    first = local.api(email, "GET", "/me")
    expect(calendar.locator("code")).to_have_text(first["calendar_feed_url"])
    expect(calendar.get_by_role("link", name="Subscribe")).to_have_attribute("href", first["calendar_feed_webcal"])
    assert first["calendar_feed_webcal"].startswith("webcal://")
    calendar.get_by_text("How to add it").click()
    expect(calendar.get_by_text(re.compile("^Google Calendar: "))).to_be_visible()
    laptop.context.grant_permissions(["clipboard-read", "clipboard-write"])
    calendar.get_by_role("button", name="Copy the address").click()
    expect(calendar.get_by_role("status")).to_have_text(re.compile("^Copied"))
    assert laptop.evaluate("navigator.clipboard.readText()") == first["calendar_feed_url"]
    calendar.scroll_into_view_if_needed()
    screenshot(laptop, "settings-calendar-laptop")
    assert axe_violations(laptop) == []

    calendar.get_by_role("button", name="Get a new address").click()
    expect(calendar.get_by_text("The current address stops working at once")).to_be_visible()
    calendar.get_by_role("button", name="Yes, get a new address").click()
    expect(calendar.get_by_role("status")).to_have_text(re.compile("^Your new address is ready"))
    second = local.api(email, "GET", "/me")["calendar_feed_url"]
    assert second != first["calendar_feed_url"]
    expect(calendar.locator("code")).to_have_text(second)
    assert http_request(local.url, "GET", urlsplit(first["calendar_feed_url"]).path).status == 404
    assert http_request(local.url, "GET", urlsplit(second).path).status == 200


def test_everything_exported_then_the_account_deleted(laptop, local):
    email = "leaving@example.com"
    sign_in(laptop, email)
    local.api(email, "POST", "/contacts", {"name": "Tom Becker", "emails": ["tom@becker.example"]})
    laptop.goto("/app/settings")
    everything = _section(laptop, "Everything you keep here")
    everything.get_by_role("button", name="Export all my data").click()
    expect(everything.get_by_role("status")).to_have_text(re.compile(r"^Your export is ready: [\d.]+ KB\.$"))
    with laptop.expect_download() as archive:
        everything.get_by_role("link", name="Download the zip").click()
    with zipfile.ZipFile(io.BytesIO(open(archive.value.path(), "rb").read())) as zipped:
        assert any(name.endswith(".vcf") for name in zipped.namelist())
    screenshot(laptop, "settings-account-laptop")

    export_id = re.search(r"rapport-(\w+)\.zip", archive.value.suggested_filename).group(1)
    laptop.goto(f"/app/settings/export/{export_id}")  # the emailed link's page
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Your data export")
    expect(laptop.get_by_role("link", name="Download the zip")).to_be_visible()
    screenshot(laptop, "account-export-laptop")
    assert axe_violations(laptop) == []

    laptop.goto("/app/settings")  # the export asked for is still followed here
    expect(_section(laptop, "Everything you keep here").get_by_role("link", name="Download the zip")).to_be_visible()
    leaving = _section(laptop, "Delete your account")
    leaving.get_by_role("button", name="Delete my account…").click()
    field = leaving.get_by_label(f"To confirm, type your account’s email: {email}")
    field.fill("someone@else.example")
    leaving.get_by_role("button", name="Delete my account for good").click()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(leaving.get_by_text(f"Type {email} exactly as it is written above.")).to_be_visible()
    screenshot(laptop, "settings-delete-laptop")
    assert axe_violations(laptop) == []

    field.fill(email.upper())
    leaving.get_by_role("button", name="Delete my account for good").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Goodbye")
    expect(laptop.get_by_text("Your account is deleted")).to_be_visible()
    screenshot(laptop, "goodbye-laptop")
    assert axe_violations(laptop) == []
    assert laptop.evaluate("localStorage.length") == 0
    laptop.reload()  # the goodbye is said once: then the way in, as for anyone
    expect(laptop.get_by_role("button", name="Sign in")).to_be_visible()


def test_in_french_on_a_phone(phone, local):
    email = "telephone@example.com"
    sign_in(phone, email)
    me = local.api(email, "GET", "/me")
    local.api(email, "PATCH", "/me", {"locale": "fr", "version": me["version"]})
    phone.goto("/app/imports")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Importer des contacts")
    phone.get_by_text("iPhone, iCloud ou Mac", exact=True).click()
    expect(phone.get_by_text(re.compile("^Sur un Mac\u202f: l’app Contacts"))).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "imports-fr-phone")
    assert axe_violations(phone) == []

    phone.goto("/app/settings")
    calendar = _section(phone, "Votre agenda")
    calendar.scroll_into_view_if_needed()
    expect(calendar.get_by_role("link", name="S’abonner")).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "settings-calendar-fr-phone")
    leaving = _section(phone, "Supprimer votre compte")
    leaving.get_by_role("button", name="Supprimer mon compte…").click()
    expect(leaving.get_by_label(f"Pour confirmer, tapez l’e-mail de votre compte\u202f: {email}")).to_be_visible()
    leaving.scroll_into_view_if_needed()
    assert no_sideways_scroll(phone)
    screenshot(phone, "settings-delete-fr-phone")
    assert axe_violations(phone) == []
