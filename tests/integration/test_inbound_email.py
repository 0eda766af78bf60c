"""Touches logged by email: the inbound_email function fed SES events for messages stored in the bucket,
as the receipt rule of template.yaml does, and the API's side (quarantine, suggestions, confirmations)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from infra.local.functions import load_handler
from rapport import clock
from rapport.domain.meeting import event_meeting_id
from tests.integration.conftest import NOW, PASS, Api, LambdaContext, deliver_waiting
from tests.integration.test_digests import last_email_text


def email(sender: str, to: str, body: str, *, cc: str | None = None, subject: str = "Lunch", **headers) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    if cc:
        message["Cc"] = cc
    message["Date"] = format_datetime(clock.now() - timedelta(minutes=5))
    message["Message-ID"] = f"<{uuid.uuid4().hex}@mail.example.com>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


@pytest.fixture
def public(stack) -> Api:
    """A browser opening a link: no token."""
    return Api(sub=None)


@pytest.fixture
def me(api, stream):
    """The networker (me@example.com, verified at sign-in), their inbound address and a contact, Claire."""
    address = api.get("/me").body["inbound_address"]
    claire = api.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).body
    stream.drain()
    return {"address": address, "claire": claire["contact_id"]}


def touches(api, contact_id: str) -> list[dict]:
    return api.get(f"/contacts/{contact_id}/interactions").body["items"]


def test_the_inbound_address_is_personal_and_secret(api, other):
    mine, theirs = api.get("/me").body["inbound_address"], other.get("/me").body["inbound_address"]
    assert re.fullmatch(r"log\+[a-z2-7]{16}@in\.rapport\.example", mine)
    assert mine != theirs
    assert api.get("/me").body["inbound_address"] == mine  # stable until rotated
    assert "inbound_token" not in api.get("/me").body


def test_bcc_logs_an_outbound_email_touch_with_the_contacts_in_to_and_cc(inbox, api, stream, me):
    raw = email(
        "Me <me@example.com>", "Claire <claire@example.com>", "Great to see you!\n\n-- \nMe", cc="Paul <paul@newco.io>"
    )
    inbox.receive(raw, [me["address"]])
    stream.drain()
    (touch,) = touches(api, me["claire"])
    assert touch["kind"] == "email" and touch["direction"] == "outbound" and touch["source"] == "email"
    assert touch["subject"] == "Lunch" and touch["summary"] == "Great to see you!"
    contact = api.get(f"/contacts/{me['claire']}").body
    assert contact["last_touch_at"].startswith(clock.now().date().isoformat())
    (suggestion,) = api.get("/inbound/suggestions").body["items"]
    assert suggestion["email"] == "paul@newco.io" and suggestion["name"] == "Paul" and suggestion["seen"] == 1

    accepted = api.post("/inbound/suggestions/paul@newco.io/accept").body  # Paul joins the touch logged
    stream.drain()
    assert accepted["joined"] == [touch["interaction_id"]] and accepted["released"] == []
    (joined,) = touches(api, accepted["contact"]["contact_id"])
    assert joined["contact_ids"] == [me["claire"], accepted["contact"]["contact_id"]]
    assert api.get(f"/contacts/{accepted['contact']['contact_id']}").body["last_touch_at"] is not None


def test_a_forwarded_gmail_message_in_french_is_logged_as_claires(inbox, api, stream, me):
    body = (
        "Pour mémoire\n\n"
        "---------- Forwarded message ---------\n"
        "De : Claire Martin <claire@example.com>\n"
        "Date: mer. 18 nov. 2026 à 14:02\n"
        "Subject: Notre déjeuner\n"
        "To: Me <me@example.com>\n\n"
        "Merci pour le déjeuner, à bientôt !\n"
    )
    inbox.receive(email("me@example.com", me["address"], body, subject="Fwd: Notre déjeuner"), [me["address"]])
    stream.drain()
    (touch,) = touches(api, me["claire"])
    assert touch["direction"] == "inbound" and touch["subject"] == "Notre déjeuner"
    assert touch["occurred_at"].startswith("2026-11-18")


def test_the_same_message_is_logged_once(inbox, api, me):
    raw = email("me@example.com", "claire@example.com", "Hello")
    for _ in range(3):
        inbox.receive(raw, [me["address"]])
    assert len(touches(api, me["claire"])) == 1


def test_an_unverified_sender_is_quarantined_and_can_be_released(inbox, api, me):
    inbox.receive(email("mallory@evil.example", "claire@example.com", "Hi"), [me["address"]])
    assert touches(api, me["claire"]) == []
    (kept,) = api.get("/inbound/quarantine").body["items"]
    assert [r["code"] for r in kept["reasons"]] == ["unverified_sender"]
    assert "mallory@evil.example is not one of your verified addresses" in kept["reasons"][0]["detail"]
    assert kept["raw_message"].startswith("s3://")
    released = api.post(f"/inbound/quarantine/{kept['quarantine_id']}/release")
    assert released.status == 201 and released.body["contact_ids"] == [me["claire"]]
    assert api.get("/inbound/quarantine").body["items"] == []
    assert api.post(f"/inbound/quarantine/{kept['quarantine_id']}/release").status == 404
    assert api.get("/inbound/suggestions").body["items"] == []  # strangers' mail suggests nobody


@pytest.mark.parametrize(
    ("verdicts", "code"),
    [
        (PASS | {"spam": "FAIL"}, "spam"),
        (PASS | {"virus": "FAIL"}, "virus"),
        (PASS | {"dmarc": "FAIL"}, "unauthenticated"),
        (PASS | {"spf": "FAIL", "dkim": "GRAY", "dmarc": "GRAY"}, "unauthenticated"),
    ],
)
def test_failed_verdicts_quarantine(inbox, api, me, verdicts, code):
    inbox.receive(email("me@example.com", "claire@example.com", "Hi"), [me["address"]], verdicts)
    (kept,) = api.get("/inbound/quarantine").body["items"]
    assert [r["code"] for r in kept["reasons"]] == [code]


def test_one_passing_authentication_is_enough(inbox, api, me):
    inbox.receive(email("me@example.com", "claire@example.com", "Hi"), [me["address"]], PASS | {"spf": "FAIL"})
    assert len(touches(api, me["claire"])) == 1


def test_mail_nobody_owns_is_kept_for_operators(inbox, api, me):
    inbox.receive(email("me@example.com", "claire@example.com", "Hi"), ["log+aaaaaaaaaaaaaaaa@in.rapport.example"])
    assert touches(api, me["claire"]) == [] and api.get("/inbound/quarantine").body["items"] == []


def test_a_rotated_address_stops_working(inbox, api, me):
    new = api.post("/me/inbound-address/rotate").body["inbound_address"]
    assert new != me["address"]
    inbox.receive(email("me@example.com", "claire@example.com", "Old"), [me["address"]])
    assert touches(api, me["claire"]) == []
    inbox.receive(email("me@example.com", "claire@example.com", "New"), [new.upper()])
    assert [t["summary"] for t in touches(api, me["claire"])] == ["New"]


def test_mail_with_no_contact_waits_for_a_suggestion_to_be_accepted(inbox, api, stream, me):
    inbox.receive(email("me@example.com", "Paul Durand <paul@newco.io>", "Nice meeting you"), [me["address"]])
    (kept,) = api.get("/inbound/quarantine").body["items"]
    assert [r["code"] for r in kept["reasons"]] == ["no_contact"]
    assert api.post(f"/inbound/quarantine/{kept['quarantine_id']}/release").status == 409
    (suggestion,) = api.get("/inbound/suggestions").body["items"]
    assert suggestion["quarantine_ids"] == [kept["quarantine_id"]]
    accepted = api.post("/inbound/suggestions/paul@newco.io/accept", {"circle": "active"})
    assert accepted.status == 201, accepted.body
    paul = accepted.body["contact"]
    assert paul["name"] == "Paul Durand" and paul["emails"] == ["paul@newco.io"] and paul["circle"] == "active"
    stream.drain()
    assert [t["summary"] for t in touches(api, paul["contact_id"])] == ["Nice meeting you"]
    assert accepted.body["released"] == [touches(api, paul["contact_id"])[0]["interaction_id"]]
    assert api.get("/inbound/quarantine").body["items"] == []
    assert api.get("/inbound/suggestions").body["items"] == []


def test_an_ignored_suggestion_is_never_listed_again(inbox, api, me):
    raw = email("me@example.com", "claire@example.com", "Hi", cc="bob@corp.example")
    inbox.receive(raw, [me["address"]])
    assert api.post("/inbound/suggestions/bob%40corp.example/ignore").status == 204
    inbox.receive(email("me@example.com", "claire@example.com", "Again", cc="bob@corp.example"), [me["address"]])
    assert api.get("/inbound/suggestions").body["items"] == []
    assert api.post("/inbound/suggestions/nobody@corp.example/accept").status == 404


def test_mailing_lists_and_robots_are_never_suggested(inbox, api, me):
    raw = email("me@example.com", "claire@example.com", "Hi", cc="news@list.example", List_Id="<news.list.example>")
    inbox.receive(raw, [me["address"]])
    inbox.receive(
        email("me@example.com", "claire@example.com", "Hi", cc="x@y.example", Auto_Submitted="auto-replied"),
        [me["address"]],
    )
    assert len(touches(api, me["claire"])) == 2
    assert api.get("/inbound/suggestions").body["items"] == []


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff garbage \r\n\r\n",
        b"Subject: no sender\r\n\r\nhello",
        b"From: me@example.com\r\nTo: claire@example.com\r\n"
        b'Content-Type: multipart/mixed; boundary="x"\r\n\r\nno parts',
        b"From: me@example.com\r\nTo: claire@example.com\r\nContent-Type: text/plain; charset=klingon\r\n\r\nhi",
    ],
    ids=["empty", "garbage", "no-sender", "broken-mime", "unknown-charset"],
)
def test_unreadable_mail_is_quarantined_with_the_reason_and_never_fails(inbox, api, me, raw):
    inbox.receive(raw, [me["address"]])
    (kept,) = api.get("/inbound/quarantine").body["items"]
    assert "unreadable" in [r["code"] for r in kept["reasons"]], kept


def test_a_quarantined_message_can_be_discarded(inbox, api, me):
    inbox.receive(email("mallory@evil.example", "claire@example.com", "Hi"), [me["address"]])
    (kept,) = api.get("/inbound/quarantine").body["items"]
    assert api.delete(f"/inbound/quarantine/{kept['quarantine_id']}").status == 204
    assert api.get("/inbound/quarantine").body["items"] == []
    assert api.delete(f"/inbound/quarantine/{kept['quarantine_id']}").status == 404


def test_quarantined_mail_expires_with_the_raw_message(inbox, api, me):
    inbox.receive(email("mallory@evil.example", "claire@example.com", "Hi"), [me["address"]])
    clock.freeze(NOW + timedelta(days=31))
    assert api.get("/inbound/quarantine").body["items"] == []


def confirmation_link(stream) -> str:
    """What the stream reaction enqueued, delivered: the link in the email sent."""
    stream.drain()
    deliver_waiting("confirmation")
    (link,) = re.findall(r"\S+/email-confirmations/\S+", last_email_text())
    return link


def test_an_added_address_counts_once_confirmed_by_its_link(inbox, api, public, stream, me):
    api.patch("/me", {"emails": ["me@example.com", "me@work.example"]})
    link = confirmation_link(stream)
    inbox.receive(email("me@work.example", "claire@example.com", "From work"), [me["address"]])
    (kept,) = api.get("/inbound/quarantine").body["items"]
    assert "not confirmed yet" in kept["reasons"][0]["detail"]

    token = link.rsplit("/", 1)[1]
    page = public.get(f"/email-confirmations/{token}")
    assert page.status == 200 and "me@work.example" in page.body and "text/html" in page.headers["content-type"]
    assert {"address": "me@work.example", "verified": True} in api.get("/me").body["emails"]
    assert public.get(f"/email-confirmations/{token}").status == 404  # used up

    inbox.receive(email("me@work.example", "claire@example.com", "From work again"), [me["address"]])
    assert [t["summary"] for t in touches(api, me["claire"])] == ["From work again"]
    assert api.post(f"/inbound/quarantine/{kept['quarantine_id']}/release").status == 201


def test_a_new_link_can_be_asked_for_and_links_expire(api, public, stream, me):
    api.patch("/me", {"emails": ["me@example.com", "me@work.example"]})
    first = confirmation_link(stream)
    sent = api.post("/me/email-confirmations", {"email": "me@work.example"})
    assert sent.status == 202 and sent.body["email"] == "me@work.example"
    second = confirmation_link(stream)
    assert second != first
    assert api.post("/me/email-confirmations", {"email": "me@example.com"}).status == 409
    assert api.post("/me/email-confirmations", {"email": "who@else.example"}).status == 404
    clock.freeze(NOW + timedelta(days=8))
    assert public.get(f"/email-confirmations/{second.rsplit('/', 1)[1]}").status == 404


def invitation(starts: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "me@example.com", "claire@example.com", "Invitation: Coffee"
    message["Message-ID"] = f"<{uuid.uuid4().hex}@calendar.example.com>"
    message.set_content("Coffee at Café Kitsuné?")
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        f"UID:coffee-1\r\nDTSTART:{starts}\r\nDTEND:{starts[:-3]}000Z\r\nSUMMARY:Coffee with Claire\r\n"
        "LOCATION:Café Kitsuné\r\nORGANIZER:mailto:me@example.com\r\nATTENDEE:mailto:claire@example.com\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message.add_attachment(ics.encode(), maintype="text", subtype="calendar", params={"method": "REQUEST"})
    return message.as_bytes()


def test_an_invitation_ahead_becomes_a_planned_meeting_once(inbox, api, me):
    raw = invitation("20261124T150000Z")
    inbox.receive(raw, [me["address"]])
    clock.advance(timedelta(minutes=3))
    inbox.receive(raw, [me["address"]])  # a second copy (CC'd too, say): still one meeting
    (meeting,) = api.get("/meetings").body["items"]
    assert meeting["contact_ids"] == [me["claire"]] and meeting["starts_at"] == "2026-11-24T15:00:00Z"
    assert meeting["place"] == "Café Kitsuné" and meeting["goal"] == "Coffee with Claire"
    assert len(touches(api, me["claire"])) == 1  # the invitation itself is an email touch


def test_an_invitations_meeting_is_known_by_the_events_uid(inbox, api, me):
    """The calendar sync plans the same event under the same id (tests/integration/test_calendar_sync.py has
    both orders): one meeting, whichever comes first."""
    inbox.receive(invitation("20261124T150000Z"), [me["address"]])
    (meeting,) = api.get("/meetings").body["items"]
    assert meeting["meeting_id"] == event_meeting_id("coffee-1", None)


def test_an_invitation_in_the_past_plans_nothing(inbox, api, me):
    inbox.receive(invitation("20261101T150000Z"), [me["address"]])
    assert api.get("/meetings").body["items"] == []
    assert len(touches(api, me["claire"])) == 1


def test_a_missing_raw_message_fails_the_invocation_so_lambda_retries_it(inbox, api, me):
    event = inbox.event(b"Subject: lost\r\n\r\n", [me["address"]], PASS, "never-stored")
    with pytest.raises(Exception, match="NoSuchKey"):
        load_handler("InboundEmailFunction")(event, LambdaContext())
