"""Mail: real mail over SMTP to the local runtime, then the networker's side in the app: a message kept
aside logged anyway, a person seen in mail made a contact (the message that waited for them logged),
the inbound address copied and rotated."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from playwright.sync_api import expect

from rapport import clock
from tests.browser.conftest import axe_violations, no_sideways_scroll, sign_in


def send(local, sender: str, to: str, subject: str, body: str, inbox: str) -> None:
    """Mail with the networker's inbound address BCC'd, as a mail client sends it."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", local.runtime.smtp_port) as smtp:
        assert smtp.send_message(message, to_addrs=[inbox]) == {}


def test_a_message_kept_aside_is_released_and_a_suggested_person_accepted(phone, local):
    email = "mail@example.com"
    inbox = local.api(email, "GET", "/me")["inbound_address"]
    claire = local.api(email, "POST", "/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]})
    work = "Me at work <me@work.example>"  # not one of the networker's addresses
    send(local, work, "Claire Martin <claire@example.com>", "Lunch on Friday", "Lunch?", inbox)
    send(local, email, "Bob Stranger <bob@stranger.example>", "Coffee next week?", "Hi Bob, coffee?", inbox)
    local.drain()

    sign_in(phone, email)
    phone.goto("/app/mail")
    lunch = phone.locator("li.card.kept", has_text="Lunch on Friday")
    expect(lunch).to_contain_text("From Me at work <me@work.example>")
    expect(lunch).to_contain_text("It was not sent from one of your confirmed addresses")
    coffee = phone.locator("li.card.kept", has_text="Coffee next week?")
    expect(coffee).to_contain_text("Nobody in it is one of your contacts yet")
    bob = phone.locator("li.card.person", has_text="Bob Stranger")
    expect(bob).to_contain_text("bob@stranger.example")
    assert no_sideways_scroll(phone)
    assert axe_violations(phone) == []

    lunch.get_by_role("button", name="Log it anyway").click()
    expect(phone.get_by_role("status").filter(has_text="Logged: “Lunch on Friday”.")).to_be_attached()
    expect(lunch).to_have_count(0)
    (touch,) = local.api(email, "GET", f"/contacts/{claire['contact_id']}/interactions")["items"]
    assert (touch["kind"], touch["subject"]) == ("email", "Lunch on Friday")

    bob.get_by_role("button", name="Add as a contact").click()
    added = "Bob Stranger is now a contact; 1 message that was waiting for them is logged."
    expect(phone.get_by_role("status").filter(has_text=added)).to_be_visible()
    expect(coffee).to_have_count(0)  # it waited only for Bob
    expect(phone.get_by_text("Nothing kept aside.", exact=False)).to_be_visible()
    expect(phone.get_by_text("No one to suggest.", exact=False)).to_be_visible()
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Open Bob Stranger").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bob Stranger")
    expect(phone.locator("ol.timeline li").first).to_contain_text("Coffee next week?")


def test_the_inbound_address_is_copied_and_rotated_after_a_confirmation(laptop, local):
    email = "address@example.com"
    sign_in(laptop, email)
    laptop.context.grant_permissions(["clipboard-read", "clipboard-write"])
    laptop.get_by_role("link", name="Mail").click()
    old = local.api(email, "GET", "/me")["inbound_address"]
    expect(laptop.locator(".inbound-address code")).to_have_text(old)
    assert axe_violations(laptop) == []

    laptop.get_by_role("button", name="Copy").click()
    expect(laptop.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
    assert laptop.evaluate("navigator.clipboard.readText()") == old

    laptop.get_by_role("button", name="Get a new address").click()
    expect(laptop.get_by_text("The current address stops working at once")).to_be_visible()
    assert local.api(email, "GET", "/me")["inbound_address"] == old  # nothing until confirmed
    laptop.get_by_role("button", name="Yes, get a new address").click()

    expect(laptop.get_by_role("status").filter(has_text="Your new address is ready.")).to_be_visible()
    new = local.api(email, "GET", "/me")["inbound_address"]
    assert new != old
    expect(laptop.locator(".inbound-address code")).to_have_text(new)
