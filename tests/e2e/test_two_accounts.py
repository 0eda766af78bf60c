"""Two networkers on one local Rapport, checked from outside: over HTTP, with tokens from the local
sign-in (`POST /_local/token`), the second drives every operation of the served OpenAPI against the
first's ids. Never a 2xx on what is the first's, never a byte of the first's data in the second's
answers, and the first's data unchanged. Forged tokens get API Gateway's 401.

The operations come from `/openapi.json` itself: a route added to the API without a line here fails
`test_every_operation_is_tried`, so the check cannot fall behind the API.
"""

from __future__ import annotations

import base64
import json
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.local.auth import AUDIENCE, ISSUER
from rapport import clock
from tests.e2e.conftest import http_request

ALICE, BOB = "alice@example.com", "bob@example.com"
CSV = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nClaire,Martin,,,Acme,CTO,01 Jan 2026\n"

# What Bob sends to each operation, with Alice's ids in the path. Listing routes (no id) answer Bob
# about Bob: 2xx is right there, and the answer must hold nothing of Alice's.
BODIES: dict[tuple[str, str], object] = {
    ("PATCH", "/contacts/{contact_id}"): {"name": "Mallory"},
    ("PATCH", "/meetings/{meeting_id}"): {"goal": "Mallory"},
    ("POST", "/meetings/{meeting_id}/held"): {},
    ("POST", "/reminders/{reminder_id}/done"): {},
    ("POST", "/reminders/{reminder_id}/snooze"): {"days": 3},
    ("POST", "/inbound/suggestions/{email}/accept"): {},
    ("POST", "/introductions/{introduction_id}/ask"): {"contact_id": "{contact_id}"},
    ("POST", "/introductions/{introduction_id}/make"): {},
    ("POST", "/contacts/{contact_id}/knows"): {"contact_id": "{other_id}", "closeness": "close"},
    ("POST", "/contacts/{contact_id}/merge"): {"other_id": "{other_id}"},
    ("PATCH", "/me"): {"name": "Mallory"},
    ("DELETE", "/me"): {"confirm": ALICE},  # Alice's email does not delete Bob's account, nor Alice's
    ("PUT", "/me/phone"): {"phone": "+33612000999"},
    ("POST", "/me/phone/verify"): {"code": "000000"},
    ("POST", "/me/email-confirmations"): {"address": ALICE},
    ("POST", "/contacts"): {"name": "Claire Martin", "emails": ["claire@example.com"]},
    ("POST", "/interactions"): {"kind": "call", "occurred_at": "2026-01-05T10:00:00Z", "contact_ids": ["{contact_id}"]},
    ("POST", "/meetings"): {"contact_ids": ["{contact_id}"], "starts_at": "2030-01-05T10:00:00Z"},
    ("POST", "/introductions"): {"contact_ids": ["{contact_id}", "{other_id}"], "reason": "Mallory"},
    ("POST", "/me/calendars"): {"url": "https://calendar.example.com/ical/mallory/basic.ics"},
}
RAW_BODIES = {("POST", "/imports/linkedin"): ("text/csv", CSV.encode())}


class Networker:
    def __init__(self, local, email: str) -> None:
        self.url = local.runtime.url
        reply = http_request(self.url, "POST", "/_local/token", json.dumps({"email": email}).encode())
        assert reply.status == 200, reply.body
        self.token = reply.json["token"]

    def call(self, method: str, path: str, body: object = None, raw: tuple[str, bytes] | None = None, token=None):
        headers = {"Authorization": f"Bearer {token or self.token}"}
        data = None
        if raw is not None:
            headers["Content-Type"], data = raw
        elif body is not None:
            headers["Content-Type"], data = "application/json", json.dumps(body).encode()
        return http_request(self.url, method, path, data, headers)

    def json(self, method: str, path: str, body: object = None, **options):
        reply = self.call(method, path, body, **options)
        assert 200 <= reply.status < 300, (method, path, reply.status, reply.body)
        return reply.json if reply.body else None


def _mail(local, sender: str, to: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, "Hello from Nora"
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    message.set_content("Nice to meet you at the conference.")
    with smtplib.SMTP("127.0.0.1", local.runtime.smtp_port) as smtp:
        smtp.send_message(message, to_addrs=[to])


@pytest.fixture
def world(local):
    """Alice's data, one of everything the API has an id for."""
    alice = Networker(local, ALICE)
    bob = Networker(local, BOB)
    alice.json("PATCH", "/me", {"emails": [ALICE, "alice.perso@example.com"]})
    claire = alice.json(
        "POST", "/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"], "needs": ["fundraising"]}
    )
    paul = alice.json("POST", "/contacts", {"name": "Paul Durand", "offers": ["fundraising"]})
    touch = alice.json(
        "POST",
        "/interactions",
        {
            "kind": "call",
            "occurred_at": "2026-01-05T10:00:00Z",
            "contact_ids": [claire["contact_id"]],
            "summary": "Secret plans",
        },
    )
    meeting = alice.json(
        "POST", "/meetings", {"contact_ids": [claire["contact_id"]], "starts_at": "2030-01-05T10:00:00Z"}
    )
    intro = alice.json(
        "POST",
        "/introductions",
        {"contact_ids": [claire["contact_id"], paul["contact_id"]], "reason": "Claire raises a fund"},
    )
    alice.json(
        "POST", f"/contacts/{paul['contact_id']}/knows", {"contact_id": claire["contact_id"], "closeness": "close"}
    )
    started = alice.json("POST", "/imports/linkedin", raw=("text/csv", CSV.encode()))
    exported = alice.json("POST", "/me/export")
    calendar = alice.json("POST", "/me/calendars", {"url": "https://calendar.example.com/ical/alice-9c1f/basic.ics"})
    inbox = alice.json("GET", "/me")["inbound_address"]
    _mail(local, "Nora Stranger <nora@example.com>", inbox)  # quarantined, Nora suggested
    local.drain()
    quarantined = alice.json("GET", "/inbound/quarantine")["items"]
    opportunities = alice.json("GET", "/opportunities")["items"]
    reminders = alice.json("GET", "/reminders")["items"]
    campaigns = alice.json("GET", "/greetings")["items"]
    ids = {
        "contact_id": claire["contact_id"],
        "other_id": paul["contact_id"],
        "interaction_id": touch["interaction_id"],
        "meeting_id": meeting["meeting_id"],
        "introduction_id": intro["introduction_id"],
        "import_id": started["import_id"],
        "export_id": exported["export_id"],
        "calendar_id": calendar["calendar_id"],
        "quarantine_id": quarantined[0]["quarantine_id"],
        "email": "nora@example.com",
        "opportunity_id": opportunities[0]["opportunity_id"] if opportunities else "none",
        "reminder_id": reminders[0]["reminder_id"] if reminders else "none",
        "campaign_id": campaigns[0]["campaign_id"] if campaigns else "none",
    }
    return alice, bob, ids


def _operations(local) -> list[tuple[str, str, dict]]:
    document = http_request(local.runtime.url, "GET", "/openapi.json").json
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def _fill(value, ids):
    text = json.dumps(value)
    for name, real in ids.items():
        text = text.replace("{" + name + "}", real)
    return json.loads(text)


def _snapshot(alice: Networker, ids: dict) -> list:
    return [
        alice.json("GET", path)
        for path in (
            "/me",
            "/contacts",
            f"/contacts/{ids['contact_id']}",
            f"/contacts/{ids['contact_id']}/interactions",
            "/meetings",
            "/introductions",
            f"/imports/{ids['import_id']}",
            "/inbound/quarantine",
            "/inbound/suggestions",
            f"/contacts/{ids['other_id']}/knows",
            "/me/calendars",
        )
    ]


def test_every_operation_that_takes_a_body_has_one_here(local):
    missing = [
        (method, path)
        for method, path, operation in _operations(local)
        if "requestBody" in operation and (method, path) not in BODIES and (method, path) not in RAW_BODIES
    ]
    assert not missing


def test_the_second_networker_gets_nothing_of_the_first(local, world):
    alice, bob, ids = world
    before = _snapshot(alice, ids)
    secrets = [
        ids[name]
        for name in (
            "contact_id",
            "other_id",
            "interaction_id",
            "meeting_id",
            "introduction_id",
            "import_id",
            "export_id",
            "calendar_id",
            "quarantine_id",
        )
    ]
    secrets += ["Secret plans", "Claire raises a fund", "nora@example.com", ALICE, "alice.perso@example.com"]
    secrets += ["alice-9c1f"]  # her calendar's secret address
    tried = 0
    for method, path, _ in _operations(local):
        if (method, path) == ("GET", "/health") or "{token}" in path:
            continue  # public: a link's secret or signature itself, nothing of anyone's to try
        concrete = _fill(path, ids)
        body = _fill(BODIES.get((method, path)), ids)
        reply = bob.call(method, concrete, body, raw=RAW_BODIES.get((method, path)))
        tried += 1
        text = reply.body.decode("utf-8", "replace")
        sent = concrete + json.dumps(body)  # an id Bob sent may come back in the answer: nothing learned
        leaked = [secret for secret in secrets if secret in text and secret not in sent]
        assert not leaked, (method, concrete, reply.status, leaked)
        if "{" in path:
            assert not 200 <= reply.status < 300, (method, concrete, reply.status, text[:300])
        assert reply.status < 500, (method, concrete, reply.status, text[:300])
    assert tried >= 50
    local.drain()
    assert _snapshot(alice, ids) == before


def _forged(local, **changes) -> str:
    now = int(clock.now().timestamp())
    claims = {
        "sub": local.runtime.identity.sub_for(ALICE),
        "email": ALICE,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 3600,
        **changes.pop("claims", {}),
    }
    key = changes.pop("key", None)
    if key == "none":
        header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return f"{header}.{payload}."
    signer = key or local.runtime.identity._private_key
    return jwt.encode(claims, signer, algorithm="RS256", headers={"kid": local.runtime.identity.key_id})


@pytest.mark.parametrize(
    "forgery",
    [
        {"claims": {"exp": 1}},
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
        {"key": "none"},
        {"claims": {"aud": "another-client"}},
        {"claims": {"iss": "https://cognito-idp.example/another-pool"}},
    ],
    ids=["expired", "another key", "alg none", "another audience", "another issuer"],
)
def test_forged_tokens_are_401(local, forgery):
    alice = Networker(local, ALICE)
    alice.json("POST", "/contacts", {"name": "Claire"})
    reply = alice.call("GET", "/contacts", token=_forged(local, **dict(forgery)))
    assert (reply.status, reply.json) == (401, {"message": "Unauthorized"})


def test_a_token_from_the_local_sign_in_is_the_email_s_own_account(local):
    assert (
        Networker(local, ALICE).json("GET", "/me")["networker_id"]
        != Networker(local, BOB).json("GET", "/me")["networker_id"]
    )
    again = Networker(local, "ALICE@example.com").json("GET", "/me")["networker_id"]
    assert again == Networker(local, ALICE).json("GET", "/me")["networker_id"]
