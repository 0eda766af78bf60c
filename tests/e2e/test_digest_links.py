"""One click from the digest, on the local runtime over HTTP: the digest arrives in the outbox, its "done"
link is opened and its page's POST sent without any token, the reminder is done and the second use says
so; the one-click unsubscribe turns the digest email off and the next days send none."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from rapport import clock
from tests.e2e.conftest import http_request

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # after that day's digest (08:00 UTC)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ONE_CLICK = b"List-Unsubscribe=One-Click"


def advance(local, **delta) -> None:
    reply = local.post("/_local/clock", {"advance_seconds": timedelta(**delta).total_seconds()}, token=None)
    assert reply.status == 200, reply.body


def digests(local) -> list[dict]:
    items = local.get("/_local/outbox", token=None).json["items"]
    return [item for item in items if item["channel"] == "email" and "qui recontacter" in item["subject"]]


def link(text: str, label: str) -> str:
    """The path of the link after `label` (its colon after a no-break space in French)."""
    return urlsplit(re.search(rf"{label}\s:\s(\S+)", text)[1]).path


def test_done_from_the_email_without_signing_in_then_unsubscribe_in_one_click(local):
    clock.freeze(START)
    identity = local.runtime.identity  # a token issued in this (past) month
    local.token = identity.issue_token(identity.networker_sub, "marie@example.com", "Marie", timedelta(days=365))
    assert local.request("PATCH", "/me", {"locale": "fr"}).status == 200
    claire = local.post("/contacts", {"name": "Claire Martin", "circle": "inner"}).json["contact_id"]
    assert local.post("/contacts", {"name": "Paul Durand", "circle": "inner"}).status == 201
    local.drain()
    advance(local, days=14)  # 19 October, 09:00: both fell due, that morning's digest went out

    (digest,) = digests(local)
    line = digest["text"].split("Claire Martin", 1)[1]
    done, unsubscribe = link(line, "Fait"), link(digest["text"], "Ne plus recevoir ces e-mails")
    assert f"/app/contacts/{claire}" in line and "/app/settings" in digest["text"]

    page = http_request(local.base_url, "GET", done)  # a browser, or a mail scanner: no token
    assert page.status == 200 and b'<form method="post">' in page.body and b"Claire Martin" in page.body
    assert [r for r in local.get("/reminders").json["items"] if r["contact"]["contact_id"] == claire]

    taken = http_request(local.base_url, "POST", done, ONE_CLICK, FORM)  # what the page's form sends
    assert taken.status == 200 and "Fait\u202f: Claire Martin" in taken.body.decode()
    local.drain()
    assert not [r for r in local.get("/reminders").json["items"] if r["contact"]["contact_id"] == claire]
    again = http_request(local.base_url, "POST", done, ONE_CLICK, FORM)
    assert again.status == 409 and "Déjà fait" in again.body.decode()

    assert http_request(local.base_url, "GET", unsubscribe).status == 200  # a page with a button: nothing done
    assert local.get("/me").json["channels"]["email"] is True
    assert http_request(local.base_url, "POST", unsubscribe, ONE_CLICK, FORM).status == 200  # the mail client's
    assert local.get("/me").json["channels"]["email"] is False
    local.drain()
    advance(local, days=3)  # Paul is still due: no digest email all the same
    assert len(digests(local)) == 1


def test_a_token_longer_than_a_file_name_is_refused_not_dropped(local):
    """The gateway looks for a web app file first: a path segment past the file system's limit is no file."""
    for method in ("GET", "POST"):
        reply = http_request(local.base_url, method, "/email-actions/" + "%3A" * 700, b"", FORM)
        assert reply.status == 422, (method, reply.status)
        reply = http_request(local.base_url, method, "/email-actions/" + "a" * 300 + ".b", b"", FORM)
        assert reply.status == 404 and b"Ce lien ne fonctionne pas" in reply.body
