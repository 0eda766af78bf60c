"""Nothing a stranger sends passes for the networker's touch: the inbound_email function fed SES events, as
in test_inbound_email.py, for mail made to look like the networker's (me@example.com), and for a forged
copy of the networker's own message sent with the same Message-ID."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import pytest

from rapport import clock
from tests.integration.conftest import PASS


@pytest.fixture
def me(api, stream):
    """The networker's inbound address and a contact, Claire."""
    address = api.get("/me").body["inbound_address"]
    claire = api.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).body
    stream.drain()
    return {"address": address, "claire": claire["contact_id"]}


def raw(from_lines: str, body: str, message_id: str = "<lunch.1@mail.example.com>", to: str = "claire@example.com"):
    date = format_datetime(clock.now() - timedelta(minutes=5))
    headers = f"{from_lines}\r\nTo: {to}\r\nSubject: Lunch\r\nDate: {date}\r\nMessage-ID: {message_id}\r\n"
    return f"{headers}\r\n{body}\r\n".encode()


def touches(api, contact_id: str) -> list[dict]:
    return api.get(f"/contacts/{contact_id}/interactions").body["items"]


def quarantined(api) -> list[dict]:
    return api.get("/inbound/quarantine").body["items"]


SPOOFS = {
    "address as display name": "From: me@example.com <attacker@evil.example>",
    "address in a comment": "From: (me@example.com) <attacker@evil.example>",
    "address, comment, address": "From: me@example.com (x) <attacker@evil.example>",
    "angle address with a domain after": "From: <me@example.com>@evil.example",
    "two mailboxes": "From: me@example.com, attacker@evil.example",
    "group": "From: Friends: me@example.com;",
    "encoded-word address": "From: =?utf-8?q?me=40example.com?=",
    "two From headers, the networker's first": "From: me@example.com\r\nFrom: attacker@evil.example",
}


@pytest.mark.parametrize("from_lines", SPOOFS.values(), ids=SPOOFS.keys())
def test_a_spoofed_author_is_quarantined_as_an_ambiguous_sender_never_logged(inbox, api, me, from_lines):
    inbox.receive(raw(from_lines, "Pay this invoice"), [me["address"]], PASS)  # every check passes: SES's and DMARC's
    assert touches(api, me["claire"]) == []
    (kept,) = quarantined(api)
    assert [reason["code"] for reason in kept["reasons"]] == ["ambiguous_sender"]
    assert kept["reasons"][0]["detail"].startswith("who sent it cannot be told for sure: ")
    assert kept["sender"] is None
    assert api.get("/inbound/suggestions").body["items"] == []  # strangers' mail suggests nobody


@pytest.mark.parametrize(
    ("forged", "verdicts", "code"),
    [
        (SPOOFS["address as display name"], PASS, "ambiguous_sender"),
        ("From: attacker@evil.example", PASS, "unverified_sender"),
        ("From: me@example.com", PASS | {"dmarc": "FAIL"}, "unauthenticated"),  # the domain disowns it
    ],
    ids=["ambiguous", "unverified", "unauthenticated"],
)
def test_a_forged_copy_arriving_first_never_shadows_the_networkers_message(inbox, api, me, forged, verdicts, code):
    inbox.receive(raw(forged, "Forged"), [me["address"]], verdicts)
    inbox.receive(raw("From: me@example.com", "Genuine"), [me["address"]])
    assert [touch["summary"] for touch in touches(api, me["claire"])] == ["Genuine"]
    (kept,) = quarantined(api)  # the forgery stays in view
    assert (kept["summary"], [reason["code"] for reason in kept["reasons"]]) == ("Forged", [code])

    inbox.receive(raw("From: me@example.com", "Genuine"), [me["address"]])  # the real one again: a duplicate
    inbox.receive(raw(forged, "Forged"), [me["address"]], verdicts)  # and the forgery again: kept once
    assert len(touches(api, me["claire"])) == 1 and len(quarantined(api)) == 1


def test_a_forged_copy_never_takes_the_place_of_the_networkers_message_in_the_quarantine(inbox, api, me):
    to = "Paul Durand <paul@newco.io>"  # not a contact yet: the genuine message waits in the quarantine too
    inbox.receive(raw(SPOOFS["address as display name"], "Forged", to=to), [me["address"]])
    inbox.receive(raw("From: me@example.com", "Genuine", to=to), [me["address"]])
    kept = {item["summary"]: [reason["code"] for reason in item["reasons"]] for item in quarantined(api)}
    assert kept == {"Forged": ["ambiguous_sender", "no_contact"], "Genuine": ["no_contact"]}
    (suggestion,) = api.get("/inbound/suggestions").body["items"]  # from the genuine message only
    accepted = api.post("/inbound/suggestions/paul@newco.io/accept").body
    assert [touch["summary"] for touch in touches(api, accepted["contact"]["contact_id"])] == ["Genuine"]
    assert [item["summary"] for item in quarantined(api)] == ["Forged"]


def test_a_forged_copy_of_a_logged_message_is_kept_aside_and_the_touch_stays_one(inbox, api, me):
    inbox.receive(raw("From: me@example.com", "Genuine"), [me["address"]])
    inbox.receive(raw("From: me@example.com, attacker@evil.example", "Forged"), [me["address"]])
    assert [touch["summary"] for touch in touches(api, me["claire"])] == ["Genuine"]
    assert [item["summary"] for item in quarantined(api)] == ["Forged"]
