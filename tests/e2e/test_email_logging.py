"""Logging touches by email, end to end: real mail over SMTP to the local runtime, the real handlers,
the API over HTTP. The networker BCCs Rapport, forwards a Gmail message in French, and a stranger's
mail lands in the quarantine; an address added later counts once its emailed link is opened."""

from __future__ import annotations

import re
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from infra.local.runtime import DEV_EMAIL
from rapport import clock
from tests.e2e.conftest import http_request


def send(
    local, sender: str, to: str, subject: str, body: str, *, bcc: str | None = None, cc: str | None = None
) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    if cc:
        message["Cc"] = cc
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", local.runtime.smtp_port) as smtp:
        recipients = [to] + ([cc] if cc else []) + ([bcc] if bcc else [])
        refused = smtp.send_message(message, to_addrs=[r for r in recipients if "rapport.example" in r])
    assert refused == {}


JOURS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def gmail_date_fr(moment) -> str:
    """As Gmail writes it in a French forward: "mer. 18 nov. 2026 à 14:02"."""
    return f"{JOURS[moment.weekday()]} {moment.day} {MOIS[moment.month - 1]} {moment.year} à {moment:%H:%M}"


GMAIL_FORWARD_FR = """\
Pour mémoire, son retour après notre café.

---------- Forwarded message ---------
De : Paul Durand <paul@durand.example>
Date: {date}
Subject: Merci pour le café
To: Local Networker <networker@example.com>

Merci pour le café, c'était passionnant. On se revoit en janvier ?

Paul
"""


def test_bcc_and_a_french_gmail_forward_are_logged_and_a_stranger_is_quarantined(local):
    inbox = local.get("/me").json["inbound_address"]
    claire = local.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).json
    paul = local.post("/contacts", {"name": "Paul Durand", "emails": ["paul@durand.example"]}).json
    local.drain()
    before = {c["contact_id"]: c["next_follow_up_on"] for c in (claire, paul)}

    clock.advance(timedelta(days=3))  # a few days on: the follow-up dates must move
    send(local, DEV_EMAIL, "Claire Martin <claire@example.com>", "Lunch?", "Lunch next week?\n\n-- \nL.", bcc=inbox)
    written = (clock.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    send(local, DEV_EMAIL, inbox, "Fwd: Merci pour le café", GMAIL_FORWARD_FR.format(date=gmail_date_fr(written)))
    send(local, "mallory@evil.example", inbox, "Invoice", "Pay this", cc=None)
    local.drain()

    (bcc,) = local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]
    assert (bcc["kind"], bcc["direction"], bcc["subject"], bcc["summary"]) == (
        "email",
        "outbound",
        "Lunch?",
        "Lunch next week?",
    )
    (forward,) = local.get(f"/contacts/{paul['contact_id']}/interactions").json["items"]
    assert forward["direction"] == "inbound" and forward["subject"] == "Merci pour le café"
    # the forward's date, written without a zone, is read in the zone of the message's Date (UTC here)
    assert forward["occurred_at"] == written.strftime("%Y-%m-%dT%H:%M:00Z")
    for contact in (claire, paul):
        after = local.get(f"/contacts/{contact['contact_id']}").json
        assert after["next_follow_up_on"] > before[contact["contact_id"]], after

    (kept,) = local.get("/inbound/quarantine").json["items"]
    assert kept["sender"]["email"] == "mallory@evil.example"
    assert [reason["code"] for reason in kept["reasons"]] == ["unverified_sender", "no_contact"]


def test_an_added_address_counts_once_its_emailed_link_is_opened(local):
    inbox = local.get("/me").json["inbound_address"]
    claire = local.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).json
    local.request("PATCH", "/me", {"emails": [DEV_EMAIL, "me@work.example"]})
    local.drain()

    (sent,) = [item for item in local.get("/_local/outbox").json["items"] if item["recipient"] == "me@work.example"]
    (link,) = re.findall(r"http://127\.0\.0\.1:\d+(/email-confirmations/\S+)", sent["text"])

    send(local, "me@work.example", "claire@example.com", "From work", "Hi from work", bcc=inbox)
    local.drain()
    assert local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"] == []

    page = http_request(local.base_url, "GET", link)
    assert page.status == 200 and b"me@work.example" in page.body
    send(local, "me@work.example", "claire@example.com", "From work", "Hi again from work", bcc=inbox)
    local.drain()
    (touch,) = local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]
    assert touch["summary"] == "Hi again from work"
