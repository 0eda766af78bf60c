"""Imports: LinkedIn's export uploaded from the app, the job followed to the end, the row not taken shown
by its line, the people in Contacts; a file over the limit refused before it is sent."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, no_sideways_scroll, sign_in

ROWS = 300
BAD_LINE = 4 + 42 + 1  # the preamble and the header, then the 42 rows before the bad one


def connections_csv(rows: int) -> bytes:
    """As LinkedIn writes it: a BOM, a Notes preamble, CRLF; one row without a name after the 42nd."""
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        url = f"https://www.linkedin.com/in/person-{i}"
        lines.append(f"Person{i:03},Imported,{url},,Acme {i % 17},Engineer,0{1 + i % 9} Mar 2024")
        if i == 41:
            lines.append(",,https://www.linkedin.com/in/nobody,,Nowhere,,01 Jan 2020")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def test_a_linkedin_import_with_its_progress(laptop, local):
    email = "imports@example.com"
    sign_in(laptop, email)
    laptop.get_by_role("link", name="Imports").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Import contacts")
    assert axe_violations(laptop) == []

    laptop.get_by_label("Your file").set_input_files(
        {"name": "Connections.csv", "mimeType": "text/csv", "buffer": connections_csv(ROWS)}
    )
    laptop.get_by_role("button", name="Import", exact=True).click()

    expect(laptop).to_have_url(re.compile(r"/app/imports\?job=\w+"))
    status = laptop.locator(".import-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("Import done.")
    expect(laptop.locator("progress#import-progress")).to_have_attribute("value", "100")
    expect(laptop.get_by_text(f"{ROWS} of {ROWS} connections taken")).to_be_visible()
    counts = laptop.locator("dl.counts")
    expect(counts.locator(".fact", has_text="New contacts to meet").locator("dd")).to_have_text(str(ROWS))
    expect(counts.locator(".fact", has_text="Rows not taken").locator("dd")).to_have_text("1")
    rejected = laptop.locator("table.rejections tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.first.locator("td").first).to_have_text(str(BAD_LINE))
    expect(rejected.first).to_contain_text("no first or last name")
    assert axe_violations(laptop) == []

    laptop.reload()  # the job is in the address: a reload still shows it
    expect(laptop.locator(".import-status")).to_have_text("Import done.")

    laptop.get_by_role("link", name="See the contacts to meet").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Contacts")
    expect(laptop.locator(".contact-row", has_text="Imported").first).to_be_visible()
    laptop.get_by_label("Search by name, company or email").fill("person000")
    expect(laptop.locator(".contact-row")).to_have_count(1)
    expect(laptop.locator(".contact-row")).to_contain_text("Person000 Imported")
    last = local.api(email, "GET", f"/contacts?q=person{ROWS - 1}")["items"]
    assert [(contact["name"], contact["stage"]) for contact in last] == [(f"Person{ROWS - 1} Imported", "to_meet")]


def test_a_file_over_the_limit_is_refused_before_it_is_sent(phone, local):
    sign_in(phone, "too-big@example.com")
    phone.goto("/app/imports")
    uploads = []
    phone.on("request", lambda request: uploads.append(request) if request.method == "POST" else None)

    phone.get_by_label("Your file").set_input_files(
        {"name": "Basic_LinkedInDataExport.zip", "mimeType": "application/zip", "buffer": b"\0" * 4_300_000}
    )
    expect(phone.get_by_text(re.compile(r"^This file is 4\.3 MB; the limit is 4 MB\."))).to_be_visible()
    phone.get_by_role("button", name="Import", exact=True).click()
    expect(phone.get_by_label("Your file")).to_have_attribute("aria-invalid", "true")
    assert uploads == []
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []
